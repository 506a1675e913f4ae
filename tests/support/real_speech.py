"""The real recordings in ../shared/speech/ for tests and benchmarks, and variants made of them.

- `read_clips()`: the read clips with their references (numbers spelt as words).
- `joined(clips, seed)`: clips joined with 0.6-2.5 s quiet gaps, the length of an answer, with the
  gap times (the pauses a coach should find).
- `tailed(clip, kind)`: a clip with 3 s of near-silence or room noise after it (no words to gain).
Nothing is written to the repository; the audio is made in memory each run.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SPEECH = ROOT.parent / "shared" / "speech"
RATE = 16000
# batchalign's reference is its own ASR output; tiny.en disagrees with it here (see the README
# in ../shared/speech): these reference words are unknown and left out of the WER.
FLAGGED = ("test of wake-up", "just to test batch line", "mid and drum regions")
UNKNOWN = "*"  # stands for a flagged span in reference_words(..., unknown=True)

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()  # noqa: E501
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth"}
_ORDINAL.update({"nine": "ninth", "twelve": "twelfth"})


def _below_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")


def spell_number(n: int) -> str:
    """10 -> "ten", 42 -> "forty two", 1455 -> "fourteen fifty five" (years as spoken)."""
    if n < 100:
        return _below_100(n)
    if 1100 <= n <= 1999 and n % 100:
        return f"{_below_100(n // 100)} {_below_100(n % 100)}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {_below_100(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{spell_number(thousands)} thousand" + (f" {spell_number(rest)}" if rest else "")


def _ordinal(words: str) -> str:
    *head, last = words.split()
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join([*head, last])


def spell_numbers(text: str) -> str:
    """Digits as the words a speaker says: "15th" -> "fifteenth", "42-line" -> "forty two line"."""

    def one(m: re.Match) -> str:
        words = spell_number(int(m.group(1)))
        return _ordinal(words) if m.group(2) else words

    return re.sub(r"\b(\d+)(st|nd|rd|th)?\b", one, text)


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation, numbers spelt, hyphens split (as WER is scored)."""
    text = spell_numbers(text.lower()).replace("-", " ")
    return re.sub(r"[^a-z' ]+", " ", text).split()


@dataclass
class Clip:
    name: str
    kind: str  # read | spontaneous
    audio: np.ndarray  # 16 kHz mono float32
    reference: str
    filler_times: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return len(self.audio) / RATE


def available() -> bool:
    return (SPEECH / "manifest.tsv").is_file()


def clips() -> list[Clip]:
    """Every clip in the manifest, in its order ([] when ../shared/speech is absent)."""
    from mockview.engines.audio_files import load_audio_16k

    if not available():
        return []
    out = []
    with (SPEECH / "manifest.tsv").open(newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            times = []
            for part in (row.get("filler_times") or "").split(";"):
                if part.strip():
                    kind, span = part.split()
                    a, b = span.split("-")
                    times.append((kind, float(a), float(b)))
            audio = load_audio_16k(SPEECH / row["relpath"]).astype(np.float32)
            name = Path(row["relpath"]).stem
            out.append(Clip(name, row["kind"], audio, row["reference"], times))
    return out


def read_clips() -> list[Clip]:
    return [c for c in clips() if c.kind == "read"]


def reference_words(clip: Clip, unknown: bool = False) -> list[str]:
    """The reference's words; batchalign's flagged spans removed, or one UNKNOWN word each."""
    text = clip.reference.lower()
    for span in FLAGGED:
        text = text.replace(span, " xunknownx " if unknown else " ")
    return [UNKNOWN if w == "xunknownx" else w for w in words_of(text)]


def room_noise(seconds: float, level: float, seed: int) -> np.ndarray:
    """Low, brownish noise like a quiet room's (not white: rooms hum more than they hiss)."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(int(seconds * RATE))
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(400) / 400, mode="same")  # no drift
    brown /= np.abs(brown).max() or 1.0
    return (level * brown).astype(np.float32)


@dataclass
class Joined:
    audio: np.ndarray
    reference: list[str]
    gaps: list[tuple[float, float]]  # (start_s, end_s) of each inserted quiet gap
    clips: list[Clip]


def joined(parts: list[Clip], seed: int = 0, gap_range=(0.6, 2.5)) -> Joined:
    """The clips one after another with quiet gaps of 0.6-2.5 s (room noise at -60 dBFS)."""
    rng = np.random.default_rng(seed)
    pieces: list[np.ndarray] = []
    gaps = []
    at = 0
    reference: list[str] = []
    for k, clip in enumerate(parts):
        if k:
            gap = float(rng.uniform(*gap_range))
            noise = room_noise(gap, 0.001, seed * 1000 + k)
            gaps.append((at / RATE, (at + len(noise)) / RATE))
            pieces.append(noise)
            at += len(noise)
        pieces.append(clip.audio)
        at += len(clip.audio)
        reference += reference_words(clip)
    return Joined(np.concatenate(pieces), reference, gaps, list(parts))


TAILS = ("silence", "room")


def tailed(clip: Clip, kind: str, seconds: float = 3.0, seed: int = 0) -> np.ndarray:
    """`clip` with `seconds` of near-silence (-70 dBFS) or room noise (-45 dBFS) after it."""
    level = {"silence": 0.0003, "room": 0.006}[kind]
    return np.concatenate([clip.audio, room_noise(seconds, level, seed)]).astype(np.float32)


def edit_counts(reference: list[str], heard: list[str]) -> tuple[int, int, int]:
    """(insertions, deletions, substitutions) of a minimum edit alignment (Levenshtein).

    An UNKNOWN in the reference matches anything heard there, or nothing, at no cost. A true
    minimum matters: difflib's longest-block matching misaligns repeated text (the same clips
    read three times) and counted a third of it as inserted and a third as deleted.
    """
    n, m = len(reference), len(heard)
    free = [w == UNKNOWN for w in reference]
    # Inserting after reference word i (0: before the first) is free next to an unknown span.
    free_ins = [(i > 0 and free[i - 1]) or (i < n and free[i]) for i in range(n + 1)]
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0] = [0] * (m + 1) if free_ins[0] else list(range(m + 1))
    for i in range(1, n + 1):
        row, prev, r, unsure = cost[i], cost[i - 1], reference[i - 1], free[i - 1]
        gone, ins = (0 if unsure else 1), (0 if free_ins[i] else 1)
        row[0] = prev[0] + gone
        for j in range(1, m + 1):
            swap = prev[j - 1] + (0 if unsure or r == heard[j - 1] else 1)
            row[j] = min(prev[j] + gone, row[j - 1] + ins, swap)
    ins = dele = sub = 0
    i, j = n, m
    while i > 0 or j > 0:
        here = cost[i][j]
        if i > 0 and j > 0:
            same = free[i - 1] or reference[i - 1] == heard[j - 1]
            if here == cost[i - 1][j - 1] + (0 if same else 1):
                sub += 0 if same else 1
                i, j = i - 1, j - 1
                continue
        if i > 0 and here == cost[i - 1][j] + (0 if free[i - 1] else 1):
            dele += 0 if free[i - 1] else 1
            i -= 1
            continue
        ins += 0 if free_ins[i] else 1
        j -= 1
    return ins, dele, sub
