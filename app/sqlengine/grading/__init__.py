"""Grading: results compared under a policy, differences explained, verdicts for the candidate."""
