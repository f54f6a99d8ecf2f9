"""Spaced repetition of cards on FSRS (the `fsrs` package): scheduling and interval previews,
the day's queue, undo, statistics, and the pulls by which the drills bring cards forward.
Pure where it can be: the store and the web come in only through app/review/service.py."""
