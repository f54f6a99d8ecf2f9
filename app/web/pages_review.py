"""The review pages: a session of flashcards (/review), the statistics (/review/stats), and the
review panel of the home page. The review script rates through the JSON API
(app/web/api_review.py); these pages only read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.review.reading import Reading
from app.web.charts import bar_chart
from app.web.deps import ClockDep, ReadingDep, UserDep
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
QUEUE_PAGE = 100  # the most the queue API gives at once: the page asks again after each rating
PULLS_READ = 50
PULLS_RECENT_DAYS = 7  # older pulls are history, not news for the home page
PULLS_SHOWN = 5


@router.get("/review")
def review_page(
    request: Request, reading: ReadingDep, user: UserDep, now: ClockDep
) -> HTMLResponse:
    """The day's cards, one at a time: the script starts from the queue read here."""
    queue = reading.queue(user_id=user, now=now, limit=QUEUE_PAGE, cursor=None, ahead_days=0)
    reviewed = reading.stats(user_id=user, now=now)["reviews_per_day"][-1]["reviews"]
    page = {"queue": queue, "reviewed_today": reviewed, "page_size": QUEUE_PAGE}
    limits = reading.deck.limits
    context = {"page": page, "queue": queue, "deck_size": len(reading.deck.cards), "limits": limits}
    return render(request, "review.html", context)


@router.get("/review/stats")
def stats_page(request: Request, reading: ReadingDep, user: UserDep, now: ClockDep) -> HTMLResponse:
    """Reviews per day, true retention, the forecast, cards by state and the weakest topics."""
    stats = reading.stats(user_id=user, now=now)
    context = {
        "stats": stats,
        "per_day": bar_chart(stats["reviews_per_day"], "reviews", today_last=True),
        "forecast": bar_chart(stats["forecast"], "due"),
        "deck_size": len(reading.deck.cards),
    }
    return render(request, "review_stats.html", context)


def review_panel(reading: Reading, user: int, now: datetime) -> dict[str, Any] | None:
    """What the home page says of the review queue: due counts and why drills pulled cards
    forward. None when the bank holds no cards."""
    if not reading.deck.cards:
        return None
    queue = reading.queue(user_id=user, now=now, limit=1, cursor=None, ahead_days=0)
    pulls = reading.pulled(user_id=user, limit=PULLS_READ)["pulls"]
    counts = queue["counts"]
    return {
        "due": counts["learning"] + counts["review"],
        "new": counts["new"],
        "done": queue["done"],
        "pulls": pull_groups(pulls, now)[:PULLS_SHOWN],
    }


def pull_groups(pulls: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Recent pulls, one line per reason (one missed answer pulls several cards), newest first."""
    groups: dict[str, dict[str, Any]] = {}
    for pull in pulls:
        days = (now.date() - datetime.fromisoformat(pull["at"]).date()).days
        if days > PULLS_RECENT_DAYS:
            continue
        group = groups.setdefault(pull["reason"], {"reason": pull["reason"], "titles": []})
        group.setdefault("when", days_ago(days))
        if pull["title"] not in group["titles"]:
            group["titles"].append(pull["title"])
    return list(groups.values())


def days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
