"""History records: the attempt as stored, its question snapshot, and per-question summaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from mockview.core.transcript import Transcript

# Attempt states. An attempt is created "recording" before the microphone opens, so a crash at
# any point leaves a row that pending_recovery() finds.
RECORDING = "recording"
TRANSCRIBING = "transcribing"
DONE = "done"
FAILED = "failed"
RECOVERED = "recovered"
# Transcribed, but too little speech to judge (core/feedback/verdict.py): kept with its feedback,
# never ranked, so it has no figure rows and no summary, best or chart counts it.
SHORT = "short"
STATES = (RECORDING, TRANSCRIBING, DONE, FAILED, RECOVERED, SHORT)
PENDING_STATES = (RECORDING, TRANSCRIBING)
FINISHED_STATES = (DONE, RECOVERED)  # attempts with feedback and figures

# Which way is better for each figure that "best" can rank by. Figures not named here have no
# best (pace, for one, is best near a target, not at an extreme).
HIGHER_IS_BETTER: dict[str, bool] = {
    "coverage": True,
    "content_score": True,
    "terms_said": True,
    "word_count": True,
    "filler_count": False,
    "fillers_per_minute": False,
    "hedge_count": False,
    "long_pause_count": False,
    "pause_count": False,
    "response_delay_s": False,
}


class HistoryError(Exception):
    """A history failure the user can act on; str(error) is the message shown to them."""


def short(value: object, limit: int = 40) -> str:
    """A value for a message: its repr, cut to `limit` characters (the value may be hostile)."""
    if isinstance(value, str | bytes) and len(value) > limit:
        value = value[: limit * 2]  # repr of a long string is cut anyway: do not build it whole
    if isinstance(value, dict | list) and len(value) > limit:
        return f"a {type(value).__name__} of {len(value)} items"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int past Python's 4,300-digit limit, deep nesting
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class QuestionLike(Protocol):
    """What the history reads of a question: a bank Question or a QuestionSnapshot."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


class Serializable(Protocol):
    """A result the history stores as JSON: a Transcript or a Feedback."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class QuestionSnapshot:
    """The question as it was asked: banks change, the record of an attempt must not."""

    id: str
    text: str
    model_answer: str = ""
    key_points: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    target_s: int = 90

    @classmethod
    def of(cls, question: QuestionLike) -> QuestionSnapshot:
        """From a bank Question (or anything with the same attributes)."""
        return cls(
            id=question.id,
            text=question.text,
            model_answer=getattr(question, "model_answer", ""),
            key_points=tuple(getattr(question, "key_points", ())),
            terms=tuple(getattr(question, "terms", ())),
            target_s=int(getattr(question, "target_s", 90)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "model_answer": self.model_answer,
            "key_points": list(self.key_points),
            "terms": list(self.terms),
            "target_s": self.target_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionSnapshot:
        return cls(
            id=str(data["id"]),
            text=str(data.get("text", "")),
            model_answer=str(data.get("model_answer", "")),
            key_points=tuple(str(p) for p in data.get("key_points", ())),
            terms=tuple(str(t) for t in data.get("terms", ())),
            target_s=int(data.get("target_s", 90)),
        )


T = TypeVar("T")


class Deferred(Generic[T]):
    """A value the store fetches on first use (large JSON that lists do not need)."""

    __slots__ = ("load",)

    def __init__(self, load: Callable[[], T]) -> None:
        self.load = load


class _Lazy(Generic[T]):
    """A dataclass field whose value may be a Deferred, resolved once on first read.

    Descriptor-typed dataclass fields keep the constructor, equality and repr as for a plain
    field; only the first read of `transcript` or `feedback` from a listed attempt costs a query.
    The constructor takes a T, None or a Deferred of either; reading gives a T or None.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_lazy_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> T | None:
        if obj is None:
            return None  # the field's default
        value: T | Deferred[T | None] | None = obj.__dict__.get(self.slot)
        if isinstance(value, Deferred):
            value = value.load()
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: object, value: T | Deferred[T | None] | None) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True)
class Attempt:
    id: str  # a UUID4 string, stable across export and import
    bank_id: str
    question: QuestionSnapshot
    started_at: str  # UTC ISO 8601, e.g. "2026-11-28T20:14:26.123456+00:00"
    audio_path: Path  # absolute; stored relative to the data dir
    state: str = RECORDING
    duration_s: float = 0.0
    transcript: _Lazy[Transcript] = _Lazy()
    feedback: _Lazy[dict[str, Any]] = _Lazy()  # what Feedback.to_dict() gave
    figures: dict[str, float] = field(default_factory=dict)  # Feedback.figures
    model_name: str = ""
    device: str = ""
    error: str = ""
    note: str = ""
    star: bool = False

    @property
    def question_id(self) -> str:
        return self.question.id

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES


@dataclass(frozen=True)
class FigurePoint:
    """One value of a figure over time, for charts."""

    attempt_id: str
    started_at: str
    value: float


@dataclass(frozen=True)
class QuestionSummary:
    """One question's practice record in a bank, for the bank overview and "weakest first"."""

    question_id: str
    attempt_count: int  # finished attempts (done or recovered)
    last_attempt_at: str | None  # UTC ISO, None when never practised
    last_figures: dict[str, float] = field(default_factory=dict)
    best_figures: dict[str, float] = field(default_factory=dict)  # HIGHER_IS_BETTER figures only
    starred_count: int = 0


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already present (same attempt id)
