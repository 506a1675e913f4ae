"""A text cut into pieces to read aloud one after another: sentences, long ones at a clause.

Read-aloud synthesizes and plays a text piece by piece, so the first sentence plays while the
rest is synthesized, and knows which word is being said from each piece's timing. A piece
keeps where it lies in the text (character offsets) and its words, each weighted by how long it
takes to say (syllables, a spelt acronym by its letters), to light the word being spoken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockview.engines.speech_text import SAID_AS_WORDS, URL

MAX_PIECE_CHARS = 240  # ~15 s of speech; a longer sentence is cut at a clause
FIRST_PIECE_CHARS = 110  # the first piece short: its synthesis is the wait before any sound
MAX_TEXT_CHARS = 50_000  # about an hour of speech at 150 words a minute
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n\s*")
_CLAUSE_BREAK = re.compile(r"[,;:–—](?=\s)|\s[-–—]\s")
_WORD = re.compile(r"\S+")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Word:
    start: int  # character offsets in the whole text
    end: int
    weight: float  # relative time to say it


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str  # text[start:end] of the whole text
    words: tuple[Word, ...]


@dataclass(frozen=True)
class ReadingPlan:
    text: str
    pieces: tuple[Piece, ...]
    truncated: bool = False  # the text was longer than MAX_TEXT_CHARS; the rest is not read


def plan_reading(text: str) -> ReadingPlan:
    """`text` cut into pieces to synthesize one by one (no piece without a word)."""
    truncated = len(text) > MAX_TEXT_CHARS
    body = text[:MAX_TEXT_CHARS] if truncated else text
    pieces: list[Piece] = []
    for a, b in _sentences(body):
        for pa, pb in _cut(body, a, b, FIRST_PIECE_CHARS if not pieces else MAX_PIECE_CHARS):
            words = tuple(
                Word(pa + m.start(), pa + m.end(), word_weight(m.group()))
                for m in _WORD.finditer(body[pa:pb])
            )
            if any(w.weight > 0 for w in words):
                pieces.append(Piece(pa, pb, body[pa:pb], words))
    return ReadingPlan(text, tuple(pieces), truncated)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            out.append(_trimmed(text, start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append(_trimmed(text, start, len(text)))
    return out


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _cut(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """[a, b) in pieces of at most `limit` characters, cut after a clause mark or at a space."""
    out = []
    while b - a > limit:
        window = text[a : a + limit]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window) if m.end() > limit // 3]
        cut = breaks[-1] if breaks else window.rfind(" ")
        if cut <= 0:
            cut = limit  # one unbroken token longer than a piece (a URL): cut it anyway
        out.append(_trimmed(text, a, a + cut))
        a = _trimmed(text, a + cut, b)[0]
        limit = MAX_PIECE_CHARS
    if b > a:
        out.append((a, b))
    return out


def word_weight(token: str) -> float:
    """Roughly the syllables it takes to say `token`: 0 for punctuation or symbols alone."""
    if URL.match(token):
        return 1.3  # read as "link"
    core = re.sub(r"[^\w$%&+@#/'-]", "", token)
    if not core or not any(ch.isalnum() for ch in core):
        return 0.0
    weight = 0.0
    for part in re.split(r"[-/]", core):
        letters = re.sub(r"[^A-Za-z]", "", part)
        digits = sum(ch.isdigit() for ch in part)
        if re.fullmatch(r"[A-Z]{2,5}s?", part) and part.rstrip("s") not in SAID_AS_WORDS:
            weight += len(letters)  # spelt: a syllable a letter
        elif letters:
            weight += max(1, len(_VOWELS.findall(letters.lower())))
        weight += 1.5 * digits  # "1455": "fourteen fifty-five"
    return weight + 0.3  # the start and end of every word take time too
