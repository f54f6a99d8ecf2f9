"""Errors raised by the dataset catalog."""

from __future__ import annotations

from pathlib import Path


class CatalogError(Exception):
    """Base class of every catalog error."""


class DatasetSourceError(CatalogError):
    """A dataset source (schema, generator, CSV file, dump) cannot be built."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None):
        self.reason = message
        self.path = path
        self.line = line
        super().__init__(self._located(message))

    def _located(self, message: str) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {message}" if where else message


class DatasetNotBuiltError(CatalogError):
    """A dataset was asked for but its built files are missing."""


class UnknownTableError(CatalogError, KeyError):
    """A table name that the dataset does not have."""

    def __str__(self) -> str:
        # KeyError would wrap the message in quotes; show it as written.
        return str(self.args[0]) if self.args else ""
