"""Isolation drills: two sessions' statements interleaved step by step under their isolation
levels, and the candidate predicts what chosen steps return, whether they wait on a lock, or
how they fail. Every outcome was recorded from PostgreSQL 15 on two real connections."""
