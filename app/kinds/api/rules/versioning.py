"""Versioning: one style, used the same way everywhere: a /v1 path prefix (in the paths or
the servers' URLs), a version header, or a versioned media type."""

from __future__ import annotations

import re

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, operations
from app.kinds.api.rules.base import Judgement, judged

PATH_VERSION = re.compile(r"(^|/)v\d+(\.\d+)?(/|$)", re.IGNORECASE)
MEDIA_VERSION = re.compile(r"(\.v\d+\+|;\s*version=|version=)", re.IGNORECASE)
HEADERS = ("api-version", "x-api-version", "accept-version", "version", "x-version")


def _style_of(document: Document, op: Operation) -> tuple[str, Part] | None:
    """How this operation is versioned, and the line that says so."""
    servers = Part(document, ()).child("servers")
    for _, server in servers.items() if servers else []:
        if PATH_VERSION.search(server.text("url").split("//")[-1].partition("/")[2] or ""):
            return "path", server
    if PATH_VERSION.search(op.path):
        return "path", op.item
    for name in HEADERS:
        found = op.parameter("header", name)
        if found is not None:
            return "header", found
    return _media_style(op)


def _media_style(op: Operation) -> tuple[str, Part] | None:
    for _, response in op.responses():
        content = response.child("content")
        for kind, entry in content.items() if content else []:
            if MEDIA_VERSION.search(kind):
                return "media_type", entry
    return None


def versioning(document: Document, check: ApiCheck) -> Judgement:
    fix = "Version the API one way everywhere: a /v1 path prefix, or a version header."
    ops = operations(document)
    styles = [_style_of(document, op) for op in ops]
    found = [style for style in styles if style is not None]
    if not found:
        why = (
            "No version in the paths, servers, headers or media types (info.version "
            "versions the document, not the API)."
        )
        return judged("missing", [], why, fix)
    kinds = {kind for kind, _ in found}
    quotes = [part.quote("name") for _, part in found]
    if len(found) < len(ops) or len(kinds) > 1:
        unversioned = [op.name for op, style in zip(ops, styles, strict=True) if style is None]
        why = f"Versioning is not consistent: {', '.join(sorted(kinds))}" + (
            f"; unversioned: {', '.join(unversioned[:3])}." if unversioned else "."
        )
        return judged("partial", quotes, why, fix)
    (kind,) = kinds
    if check.versioning not in ("any", kind):
        why = f"Versioned by {kind}, but the prompt's contract asks for {check.versioning}."
        return judged("partial", quotes, why, fix)
    return judged("met", quotes, f"Every operation is versioned by {kind.replace('_', ' ')}.", fix)
