"""Jinja2 templates for the pages: Markdown content, static URLs that change with their files,
and the small formatting filters the templates share."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
BUNDLE = STATIC_DIR / "dist" / "drill.js"

# Content is ours, but HTML in it is still not trusted: markdown-it escapes raw HTML. The browser
# renders hints and explanations with the same configuration (frontend/src/markdown.js), so a
# hint reads the same when revealed and after a reload; tests/web/test_markdown_parity.py holds
# the two to the same HTML. Links get no target or rel: they open in the same tab, and both
# sides refuse javascript:, vbscript:, file: and data: URLs.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(text: str) -> Markup:
    """Question prompts, hints and explanations are Markdown."""
    return Markup(_markdown.render(text))


def markdown_inline(text: str) -> Markup:
    """One line of Markdown, without a paragraph around it: a pull's reason names `terms`."""
    return Markup(_markdown.renderInline(text))


def clock(seconds: float | None) -> str:
    """Seconds as m:ss (or h:mm:ss), as the countdown shows them."""
    if seconds is None:
        return "\N{EN DASH}"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    """A round's length in words: 45 min, 1 min 10 s."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


@cache
def static_version(name: str) -> str:
    """A short hash of a static file, so browsers fetch it again when it changes."""
    path = STATIC_DIR / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "missing"


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


def bundle_built() -> bool:
    return BUNDLE.exists()


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page. Never cached: a page restored from the cache would show an old clock or state."""
    response = templates.TemplateResponse(request, name, context, status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.filters["markdown"] = markdown
templates.env.filters["markdown_inline"] = markdown_inline
templates.env.filters["clock"] = clock
templates.env.filters["duration"] = duration
templates.env.globals["static_url"] = static_url
templates.env.globals["bundle_built"] = bundle_built
