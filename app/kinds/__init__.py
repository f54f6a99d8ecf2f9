"""Kinds of question: each kind (sql, and later design, cards...) is a plug-in to one practice
core. `registry.py` says what a kind provides; `defaults.py` lists the built-in kinds; each
kind lives in a package of its own (`sql/`). See docs/kinds.md."""
