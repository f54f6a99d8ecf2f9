"""What a candidate sends for an explain question: an answer per ask, by the ask's id."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

MAX_ASKS = 3
# A number, a node id ("0.1") or one of the ask's options; strict, so true is not 1:
AskAnswer = StrictInt | StrictFloat | StrictStr


class ExplainAnswer(BaseModel):
    """`{"asks": {"hot": "0.0", "rows": 16094, "pushed": "yes, inside the scan"}}`; an ask left
    out is not answered (and so not right)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    asks: dict[str, AskAnswer] = Field(max_length=MAX_ASKS)
