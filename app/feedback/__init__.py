"""Feedback on free-text answers: one model for every kind (system design, API design,
behavioral, typed flashcard answers), filled by the offline rubric grader or, later, an LLM."""
