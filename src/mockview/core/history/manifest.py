"""The list of attempts in a history zip (attempts.json), checked value by value.

The file is untrusted: every value is checked for its type and range before an Attempt is built,
and any bad value refuses the whole file with a message naming the row and the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import typing
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from mockview.core.feedback.model import Feedback
from mockview.core.history.records import STATES, Attempt, HistoryError, QuestionSnapshot, short
from mockview.core.history.service import check_id
from mockview.core.transcript import Transcript

ZIP_FORMAT = "mockview-history"
ZIP_VERSION = 1
AUDIO_SUFFIXES = {".wav", ".flac", ".ogg"}
# Measured: a 90-second answer (225 words with times, its feedback) is 45 KB of attempts.json, so
# 200 MB holds some 4,400 attempts, more than a bank is practised; parsing it takes 3.5 bytes of
# memory per byte.
MAX_MANIFEST_BYTES = 200 * 1024 * 1024
# The feedback nests 3 levels below a row, a transcript 4: 32 is room for later additions, and far
# below the recursion limit that nested JSON would otherwise hit when stored again.
MAX_DEPTH = 32
# Longer than any answer: the longest target a bank may set is 10 minutes.
MAX_DURATION_S = 2 * 3600.0
MAX_INT = 2**53  # past this a JSON number no longer round-trips through a float
_WORD_KEYS = {"text", "start_s", "end_s", "probability"}

AudioPath = Callable[[str, str, str], Path]  # (bank id, attempt id, suffix) -> where it goes


def parse(data: bytes, source: Path) -> list[dict[str, Any]]:
    """The rows of attempts.json (format and version checked); a HistoryError names the zip."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise HistoryError(
            f"{source}: attempts.json is nested too deeply to be a history export"
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise HistoryError(
            f"{source}: attempts.json is not valid JSON ({str(error)[:80]})"
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != ZIP_FORMAT:
        raise HistoryError(f"{source} is not a MockView history export (wrong format)")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise HistoryError(
            f"{source}: attempts.json has format version {short(version)}; expected a whole "
            f"number from 1 to {ZIP_VERSION}"
        )
    if version > ZIP_VERSION:
        raise HistoryError(
            f"{source} was made by a newer MockView (format version {version}); update "
            "MockView to import it"
        )
    rows = manifest.get("attempts")
    if not isinstance(rows, list):
        raise HistoryError(f"{source}: attempts.json has no list of attempts")
    return rows


class _Row:
    """One row of attempts.json, read field by field; a bad field is a HistoryError naming it."""

    def __init__(self, row: object, number: int, source: Path) -> None:
        ident = short(row.get("id")) if isinstance(row, dict) else "?"
        self.where = f"{source}: attempts.json has a malformed attempt (row {number}, id {ident})"
        if not isinstance(row, dict):
            raise self.fail(f"the row is a {type(row).__name__}, not an object")
        self.row: dict[str, Any] = row

    def fail(self, reason: str) -> HistoryError:
        return HistoryError(f"{self.where}: {reason}")

    def text(self, key: str, *, required: bool = False, within: str = "") -> str:
        """A text field of the row, or of its object `within` (e.g. "question")."""
        fields = self.row.get(within) if within else self.row
        value = fields.get(key) if isinstance(fields, dict) else None
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{within} {key}".strip() + f" must be text, found {short(value)}")
        return value

    def number(self, value: object, key: str, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{key} must be a number, found {short(value)}")
        if not math.isfinite(value) or not 0 <= value <= high:
            raise self.fail(f"{key} must be a number from 0 to {high:g}, found {short(value)}")
        return float(value)


Trail = tuple["Trail", str] | None  # where a value sits in a row: (parent's trail, key)


def _where(trail: Trail) -> str:
    keys = []
    while trail is not None:
        trail, key = trail
        keys.append(key)
    return "".join(reversed(keys)).lstrip(".")[:60]


def _walk(row: _Row) -> None:
    """Refuses nesting deeper than MAX_DEPTH and numbers that are not finite (NaN, 1e999)."""
    stack: list[tuple[object, int, Trail]] = [(row.row, 0, None)]
    while stack:
        value, depth, trail = stack.pop()
        if depth > MAX_DEPTH:
            raise row.fail(f"{_where(trail)} is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, float) and not math.isfinite(value):
            raise row.fail(f"{_where(trail)} is {value}, not a finite number")
        if isinstance(value, int) and abs(value) > MAX_INT:
            raise row.fail(f"{_where(trail)} is {short(value)}, too large a number")
        if isinstance(value, dict):
            stack.extend((v, depth + 1, (trail, f".{str(k)[:20]}")) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, (trail, f"[{i}]")) for i, v in enumerate(value))


def _started_at(row: _Row) -> str:
    text = row.text("started_at", required=True)
    try:
        when = dt.datetime.fromisoformat(text)
        if when.tzinfo is None:
            raise ValueError("no time zone")
        # Lists sort by this text: store it in the form the store writes (UTC, microseconds).
        return when.astimezone(dt.UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):
        raise row.fail(
            f"started_at must be a date and time with its zone, found {short(text)}"
        ) from None


def _strings(row: _Row, value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise row.fail(f"{key} must be a list of text")
    return tuple(value)


def _question(row: _Row) -> QuestionSnapshot:
    q = row.row.get("question")
    if not isinstance(q, dict):
        raise row.fail(f"question must be an object, found {short(q)}")
    target = q.get("target_s", 90)
    if isinstance(target, float) and target.is_integer():
        target = int(target)
    if isinstance(target, bool) or not isinstance(target, int) or not 1 <= target <= 3600:
        raise row.fail(f"question target_s must be whole seconds from 1 to 3600: {short(target)}")
    question_id = row.text("id", required=True, within="question")
    if not question_id or len(question_id) > 200:
        raise row.fail(f"question id must be 1 to 200 characters, found {short(question_id)}")
    return QuestionSnapshot(
        id=question_id,
        text=row.text("text", within="question"),
        model_answer=row.text("model_answer", within="question"),
        key_points=_strings(row, q.get("key_points"), "question key_points"),
        terms=_strings(row, q.get("terms"), "question terms"),
        target_s=target,
    )


def _transcript(row: _Row) -> Transcript | None:
    data = row.row.get("transcript")
    if data is None:
        return None
    if not isinstance(data, dict):
        raise row.fail(f"transcript must be an object, found {short(data)}")
    segments = data.get("segments", [])
    if not isinstance(segments, list):
        raise row.fail("transcript segments must be a list")
    for segment in segments:
        if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
            raise row.fail("a transcript segment must be an object with text")
        for key in ("start_s", "end_s"):
            row.number(segment.get(key), f"a transcript segment's {key}", MAX_DURATION_S)
        words = segment.get("words", [])
        if not isinstance(words, list):
            raise row.fail("a transcript segment's words must be a list")
        for word in words:
            if (
                not isinstance(word, dict)
                or not isinstance(word.get("text"), str)
                or not set(word) <= _WORD_KEYS
            ):
                raise row.fail(f"a transcript word must be text with times: {short(word)}")
            for key in ("start_s", "end_s"):
                row.number(word.get(key), f"a transcript word's {key}", MAX_DURATION_S)
            row.number(word.get("probability", 1.0), "a transcript word's probability", 1.0)
    for key in ("text", "model_name", "device"):
        if not isinstance(data.get(key, ""), str):
            raise row.fail(f"transcript {key} must be text")
    row.number(data.get("duration_s", 0.0), "transcript duration_s", MAX_DURATION_S)
    if not isinstance(data.get("extra", {}), dict):
        raise row.fail("transcript extra must be an object")
    return Transcript.from_dict(data)


def _figures(row: _Row) -> dict[str, float]:
    figures = row.row.get("figures") or {}
    if not isinstance(figures, dict):
        raise row.fail(f"figures must be an object, found {short(figures)}")
    out = {}
    for name, value in figures.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise row.fail(f"figure {short(name)} must be a number, found {short(value)}")
        out[name] = float(value)  # finite: _walk refused NaN and infinities
    return out


def _typed(row: _Row, tp: Any, value: object, where: str) -> None:
    """Checks `value` against a Feedback type hint, so that the results view gets what it
    expects: numbers where numbers go, lists of objects where lists go. Unknown keys are kept,
    as Feedback.from_dict ignores them (feedback from a newer MockView)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise row.fail(f"{where} must be an object, found {short(value)}")
        hints = typing.get_type_hints(tp)
        for f in dataclasses.fields(tp):
            if f.name in value:
                _typed(row, hints[f.name], value[f.name], f"{where}.{f.name}")
    elif origin in (list, tuple):
        if not isinstance(value, list):
            raise row.fail(f"{where} must be a list, found {short(value)}")
        fixed = origin is tuple and args and args[-1] is not Ellipsis
        if fixed and len(value) != len(args):
            raise row.fail(f"{where} must have {len(args)} items, found {len(value)}")
        for i, item in enumerate(value):
            _typed(row, args[i] if fixed else (args[0] if args else Any), item, f"{where}[{i}]")
    elif origin is dict:
        if not isinstance(value, dict):
            raise row.fail(f"{where} must be an object, found {short(value)}")
        for key, item in value.items():
            _typed(row, args[1] if args else Any, item, f"{where}.{str(key)[:20]}")
    elif tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise row.fail(f"{where} must be a number, found {short(value)}")
    elif tp in (str, bool) and not isinstance(value, tp):
        raise row.fail(f"{where} must be {'text' if tp is str else 'true or false'}")


def attempt_from_row(
    raw: object, number: int, source: Path, audio_path: AudioPath
) -> tuple[Attempt, str]:
    """The attempt a row describes and the zip member holding its audio ("" if none)."""
    row = _Row(raw, number, source)
    _walk(row)
    try:
        attempt_id = str(uuid.UUID(row.text("id", required=True)))
    except ValueError:
        raise row.fail("id must be an attempt id (a UUID)") from None
    try:
        bank_id = check_id(row.text("bank_id", required=True), "bank id")
    except HistoryError as error:
        raise row.fail(str(error)) from None
    state = row.text("state", required=True)
    if state not in STATES:
        raise row.fail(f"unknown state {short(state)}")
    member = row.text("audio_path")
    suffix = PurePosixPath(member).suffix.lower() if member else ".wav"
    if suffix not in AUDIO_SUFFIXES:
        raise row.fail(f"unsupported audio file {short(member)}")
    feedback = row.row.get("feedback")
    if feedback is not None:
        _typed(row, Feedback, feedback, "feedback")
    star = row.row.get("star", False)
    if star not in (True, False, None):  # 0 and 1 compare equal to False and True
        raise row.fail(f"star must be true or false, found {short(star)}")
    duration = row.row.get("duration_s")
    attempt = Attempt(
        id=attempt_id,
        bank_id=bank_id,
        question=_question(row),
        started_at=_started_at(row),
        audio_path=audio_path(bank_id, attempt_id, suffix),
        state=state,
        duration_s=0.0 if duration is None else row.number(duration, "duration_s", MAX_DURATION_S),
        transcript=_transcript(row),
        feedback=feedback,
        figures=_figures(row),
        model_name=row.text("model_name"),
        device=row.text("device"),
        error=row.text("error"),
        note=row.text("note"),
        star=bool(star),
    )
    return attempt, member
