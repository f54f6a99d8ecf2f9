"""Cards for use elsewhere: the deck as an Anki package."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from app.kinds.card.anki import apkg_bytes, cards_to_export
from app.web.deps import WorkspaceDep
from app.web.errors import ApiError
from app.web.schemas import problem_responses

APKG = "application/apkg"
PACKAGE = {"content": {APKG: {"schema": {"type": "string", "format": "binary"}}}}

router = APIRouter(prefix="/api/cards", tags=["cards"], responses=problem_responses())


@router.get(
    "/export.apkg",
    response_class=Response,
    responses={200: {"description": "An Anki package of the cards", **PACKAGE}},
    summary="The cards as an Anki package",
)
async def export_apkg(
    workspace: WorkspaceDep, tag: str | None = Query(default=None, max_length=60)
) -> Response:
    """One deck of every card (or of those tagged `tag`); each note's GUID comes from its
    card's id, so importing a newer export into Anki updates the notes it has."""
    cards = cards_to_export(workspace.bank.questions.values(), tag)
    if not cards:
        which = f" tagged {tag!r}" if tag else ""
        raise ApiError(404, "not_found", f"There is no card{which} to export.")
    body = await run_in_threadpool(apkg_bytes, cards)
    name = f"drill-cards{'-' + tag if tag else ''}.apkg"
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=APKG, headers={"Content-Disposition": disposition})
