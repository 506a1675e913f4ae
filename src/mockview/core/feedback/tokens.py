"""Transcript words as tokens: normalised text, punctuation context and sentence position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockview.core.transcript import Transcript, Word

_SENTENCE_END = (".", "?", "!")
_CLAUSE_END = (",", ";", ":", "—", "–")
# Letters, digits and apostrophes make a word; a hyphen inside it stays ("mm-hmm", "stage-gate").
_STRIP_RE = re.compile(r"^[^\w']+|[^\w']+$")
_INNER_RE = re.compile(r"[^\w'\-]+")


def normalise(text: str) -> str:
    """Lower case, outer punctuation stripped, curly apostrophes made straight."""
    text = text.strip().lower().replace("\u2019", "'").replace("\u2018", "'")
    return _INNER_RE.sub("", _STRIP_RE.sub("", text))


@dataclass(frozen=True)
class Token:
    index: int
    raw: str  # as transcribed, stripped of spaces
    norm: str  # normalise(raw)
    start_s: float
    end_s: float
    sentence_start: bool  # first word, or the word before ended a sentence
    sentence_end: bool  # ends with . ? !
    comma_after: bool  # ends with , ; : or a dash
    comma_before: bool  # the word before ended with , ; : or a dash

    @property
    def set_off_before(self) -> bool:
        return self.sentence_start or self.comma_before

    @property
    def mid_s(self) -> float:
        return (self.start_s + self.end_s) / 2.0


def _trailing(raw: str) -> str:
    stripped = raw.rstrip("\"')]\u201d\u2019")
    return stripped[-1:] if stripped else ""


def tokenize_words(words: list[Word]) -> list[Token]:
    tokens: list[Token] = []
    prev_sentence_end = True
    prev_comma = False
    for w in words:
        raw = w.text.strip()
        # A bare punctuation "word" stays a token (with an empty norm) so that token indices are
        # transcript.words indices; callers use spoken() where only real words count.
        norm = normalise(raw)
        last = _trailing(raw)
        ends_sentence = last in _SENTENCE_END or raw.endswith("...")
        tokens.append(
            Token(
                index=len(tokens),
                raw=raw,
                norm=norm,
                start_s=float(w.start_s),
                end_s=max(float(w.end_s), float(w.start_s)),
                sentence_start=prev_sentence_end,
                sentence_end=ends_sentence,
                comma_after=last in _CLAUSE_END,
                comma_before=prev_comma,
            )
        )
        if norm:
            prev_sentence_end = ends_sentence
            prev_comma = last in _CLAUSE_END
        else:
            prev_sentence_end = prev_sentence_end or ends_sentence
            prev_comma = prev_comma or last in _CLAUSE_END
    return tokens


def spoken(tokens: list[Token]) -> list[Token]:
    """Tokens that are words (not bare punctuation); their .index still points into all."""
    return [t for t in tokens if t.norm]


def tokenize(transcript: Transcript) -> list[Token]:
    """Tokens from the transcript's words; a transcript with text but no words gets even times."""
    words = transcript.words
    if not words and transcript.text.strip():
        parts = transcript.text.split()
        span = transcript.duration_s or 0.0
        step = span / len(parts) if span > 0 else 0.0
        words = [Word(p, i * step, (i + 1) * step) for i, p in enumerate(parts)]
    return tokenize_words(words)


def text_words(text: str) -> list[str]:
    """A plain text (model answer, key point) as normalised words, split on spaces and dashes."""
    out = []
    for chunk in text.split():
        for part in re.split(r"[\u2013\u2014/]", chunk):
            norm = normalise(part)
            if norm:
                out.append(norm)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain text, on . ? ! followed by space (decimals like 2.5 stay whole)."""
    parts = re.split(r"(?<=[.?!])\s+(?=[\"'(\[]?[A-Z0-9])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def token_sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) token index of each transcript sentence, inclusive."""
    spans = []
    start = 0
    for t in tokens:
        if t.sentence_end or t.index == len(tokens) - 1:
            spans.append((start, t.index))
            start = t.index + 1
    return spans
