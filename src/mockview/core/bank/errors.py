"""The error a bad bank or article raises, and the rule that keeps its message short."""

from __future__ import annotations

from pathlib import Path

# A user's value is shown in a message so the user can find it, never in full: a field name or
# an id can be a megabyte long in a hostile file, and a message is read in one glance.
SHOWN_CHARS = 40


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` cut to `limit` characters (ending "..." when cut), on one printable line."""
    cut = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(ch if ch.isprintable() else " " for ch in cut)


class BankError(Exception):
    """A bank (or article) the user supplied is unusable; the message says where and why."""

    def __init__(
        self,
        path: str | Path | None,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        question: str | None = None,
    ):
        self.path = Path(path) if path is not None else None
        self.line = line  # 1-based, None when unknown
        self.field = field
        self.question = question
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        parts = [str(self.path) if self.path is not None else "<bank>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.question:
            parts.append(f'question "{shorten(self.question)}"')
        if self.field:
            parts.append(f'field "{shorten(self.field)}"')
        return ", ".join(parts) + f": {self.reason}"
