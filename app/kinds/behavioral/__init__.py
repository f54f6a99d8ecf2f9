"""The behavioral kind: a "tell me about a time..." prompt answered as a STAR story, graded on
the STAR rubric every prompt shares and on the prompt's own criteria (docs/behavioral-format.md)."""
