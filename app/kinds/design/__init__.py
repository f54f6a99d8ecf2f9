"""System design walkthroughs: one prompt answered in six timed stages (requirements, API,
data model, architecture with a Mermaid diagram, scaling, trade-offs), each graded offline
against its rubric into the feedback model (app/feedback)."""
