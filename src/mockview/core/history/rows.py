"""Stored values back into records: damaged ones become stand-ins or a HistoryError naming the
attempt, so that one bad row cannot stop a list, a summary or an export of the rest."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from mockview.core.history.records import HistoryError, QuestionSnapshot
from mockview.core.transcript import Transcript

Row = tuple[Any, ...]  # a result row as sqlite3 gives it


def number(value: object) -> float:
    """A stored length; damage (text, NaN) reads as 0 so that the attempt still lists."""
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return 0.0


def figures(stored: object) -> dict[str, float]:
    """Stored figures; damaged ones read as none (the figures table still ranks the attempt)."""
    try:
        data = json.loads(stored) if isinstance(stored, str | bytes) and stored else {}
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items() if _finite(v)}


def _finite(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past the float range
        return False


def snapshot(rows: Sequence[Row]) -> QuestionSnapshot:
    """The stored question, or a stand-in when it is missing or damaged."""
    if not rows:
        return QuestionSnapshot(id="?", text="(question missing)")
    try:
        return QuestionSnapshot.from_dict(json.loads(rows[0][0]))
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return QuestionSnapshot(id="?", text="(question damaged in the history database)")


def stored_object(stored: object, attempt_id: str, column: str) -> dict[str, Any] | None:
    """A transcript or feedback column as a dict (None when empty); damage is a HistoryError."""
    if stored is None or stored in ("", b""):
        return None
    what = column.removesuffix("_json")
    try:
        if not isinstance(stored, str | bytes):
            raise TypeError(f"a {type(stored).__name__} where JSON text belongs")
        data = json.loads(stored)
    except (ValueError, TypeError, RecursionError) as error:
        raise HistoryError(
            f"Cannot read attempt {attempt_id}: its stored {what} is damaged ({str(error)[:80]})"
        ) from error
    if not isinstance(data, dict):
        raise HistoryError(
            f"Cannot read attempt {attempt_id}: its stored {what} is a "
            f"{type(data).__name__}, not an object"
        )
    return data


def stored_transcript(data: dict[str, Any], attempt_id: str) -> Transcript:
    try:
        return Transcript.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HistoryError(
            f"Cannot read attempt {attempt_id}: its stored transcript is damaged "
            f"({type(error).__name__}: {str(error)[:80]})"
        ) from error
