"""What every tip rule reads (the answer) and the small helpers they share to point at it and
quote it. Its own module so tips.py can import the rule modules without their importing back."""

from __future__ import annotations

from dataclasses import dataclass

from mockview.core.bank.model import Question
from mockview.core.feedback.model import Feedback, KeyPointResult, Tip
from mockview.core.feedback.tokens import Token

SHORT_WORDS = 6  # a key point or question is quoted up to this many words


@dataclass(frozen=True)
class Answer:
    """One take as the rules see it: its feedback, its tokens and the question asked."""

    fb: Feedback
    tokens: list[Token]
    question: Question | None

    @property
    def minutes(self) -> float:
        return self.fb.speaking_s / 60.0

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.norm]


def tip_at(
    kind: str, text: str, token: Token | None, severity: float, rule: str, at_end: bool = False
) -> Tip:
    """A tip pointing at `token` (its start, or its end with `at_end`); none: no moment."""
    if token is None:
        return Tip(kind, text, -1.0, -1, severity, rule)
    return Tip(kind, text, token.end_s if at_end else token.start_s, token.index, severity, rule)


def status(k: KeyPointResult) -> str:
    """Records older than KeyPointResult.status only say covered or not."""
    return k.status or ("said" if k.covered else "missed")


def short(text: str, limit: int = SHORT_WORDS) -> str:
    words = text.strip().rstrip(".?!").split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def quote(tokens: list[Token], first: int, last: int, limit: int = SHORT_WORDS) -> str:
    """The user's own words from `first` to `last` (token indices), cut to `limit` words."""
    words = [t.raw for t in tokens[max(0, first) : last + 1] if t.norm]
    if not words:
        return "''"
    cut = len(words) > limit
    shown = " ".join(words[:limit]).rstrip(".,;:!?")
    return f"'{shown}...'" if cut else f"'{shown}'"
