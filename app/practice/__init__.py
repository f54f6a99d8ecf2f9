"""Answering questions of any kind: the one path every submit takes (idempotency, round
membership and lateness, grading by kind, metrics, recording), and hints and giving up."""
