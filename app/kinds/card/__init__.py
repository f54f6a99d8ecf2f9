"""Flashcards: the questions interviewers ask every time and the concepts behind the drills,
answered out loud in 30-90 seconds and scheduled for review with FSRS (app/review)."""
