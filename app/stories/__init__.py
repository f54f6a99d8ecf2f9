"""The story bank: a candidate's behavioral stories in STAR form, which competencies they
cover, and which of them fit a prompt."""
