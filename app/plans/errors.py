"""What can go wrong reading a plan or asking it a question."""

from __future__ import annotations


class PlanError(Exception):
    """A plan could not be read or answered about; the message says why."""


class PlanFormatError(PlanError):
    """The document is not a plan of the engine it was given as."""


class ProbeError(PlanError):
    """A probe has no single well-defined answer on this plan (no node, several, a tie)."""
