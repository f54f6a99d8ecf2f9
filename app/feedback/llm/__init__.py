"""Feedback by a language model through any OpenAI-compatible endpoint: optional, grounded in
the candidate's answer, checked against the offline grader, and never in the way of recording."""
