"""Cards exported as an Anki package (.apkg): one deck, one note model (front: the prompt;
back: the model answer and its key points). Ids never change: a note's GUID comes from its
card's id, so importing a newer export updates the notes instead of adding copies."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable

import genanki

from app.bank.models import QuestionBase
from app.kinds.card.models import CardQuestion

# Fixed for good: Anki matches a re-imported model and deck by these ids.
MODEL_ID = 1427083179
DECK_ID = 1367011712
DECK_NAME = "Drill: interview cards"
GUID_NAMESPACE = "drill-card"
FIELDS = ("Prompt", "ModelAnswer", "KeyPoints", "CardId")
BACK = "{{FrontSide}}<hr id=answer>{{ModelAnswer}}<h4>Key points</h4>{{KeyPoints}}"
CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; }"


def note_model() -> genanki.Model:
    template = {"name": "Prompt, then answer", "qfmt": "{{Prompt}}", "afmt": BACK}
    fields = [{"name": name} for name in FIELDS]
    return genanki.Model(MODEL_ID, "Drill card", fields=fields, templates=[template], css=CSS)


def note_guid(card_id: str) -> str:
    return str(genanki.guid_for(GUID_NAMESPACE, card_id))


def note_fields(card: CardQuestion) -> list[str]:
    paragraphs = [p.strip() for p in card.model_answer.strip().split("\n\n") if p.strip()]
    answer = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
    points = "".join(f"<li>{html.escape(point.text)}</li>" for point in card.key_points)
    return [html.escape(card.prompt.strip()), answer, f"<ul>{points}</ul>", card.id]


def apkg_bytes(cards: Iterable[CardQuestion], timestamp: float | None = None) -> bytes:
    """The package of `cards`, in id order; `timestamp` marks the notes as modified then
    (now by default), which is how Anki knows an import brings newer notes."""
    model, deck = note_model(), genanki.Deck(DECK_ID, DECK_NAME)
    for card in sorted(cards, key=lambda c: c.id):
        guid = note_guid(card.id)
        deck.add_note(genanki.Note(model, note_fields(card), tags=card.tags, guid=guid))
    out = io.BytesIO()
    genanki.Package(deck).write_to_file(out, timestamp=timestamp)
    return out.getvalue()


def cards_to_export(questions: Iterable[QuestionBase], tag: str | None) -> list[CardQuestion]:
    """The cards among `questions`, only those tagged `tag` when one is given."""
    cards = [q for q in questions if isinstance(q, CardQuestion)]
    return [card for card in cards if tag is None or tag in card.tags]
