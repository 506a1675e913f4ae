"""Checks of what Whisper wrote against the speech in the signal: nothing dropped, nothing invented.

Measured on the real clips in ../shared/speech (bench/real_speech.py):
- Dropped speech. On read clips joined with quiet gaps, tiny.en wrote "by a similar process..." and
  its next timestamp jumped over the following 3.3 s sentence, which never came back: Whisper
  often skips ahead after an ellipsis. The ellipsis tokens are suppressed (`ellipsis_tokens`), and
  any stretch of speech the words leave bare is decoded again on its own (`holes`).
- Repetition loops. A 7.7 s read clip, through the 48 kHz file a retry reads, came back as its
  sentence then "see you in the next video," some 40 times. faster-whisper falls back to
  sampling for such a decode, which made the same audio give different text run after run; at
  temperature 0 only, a segment whose text compresses more than 2.4 times (`looping`) is decoded
  again without the prompt, and dropped if it still loops.
- Invented words. On a 2.8 s clip ("Go forward ten meters") tiny.en went on "Thanks for watching
  guys, see you in the next one.": ten words in the last 0.56 s, six lasting no time. Against
  the speech Silero VAD finds with a tight setting (300 ms minimum silence, 30 ms pad), 9 of its 10
  words lie outside it. Of 81 real sentences (every clip, three joinings, nine with a noisy tail)
  none had more than a quarter of its words outside, though long segments stretch word times
  over silences ("10" over 3.8 s). A sentence with more than half its words outside the speech
  is left out (`plausible`).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from mockview.core.transcript import Segment, Word

RATE = 16000
# Tight enough that a sentence's span is mostly speech; loose enough not to split syllables.
VAD_MIN_SILENCE_MS = 300
VAD_PAD_MS = 30
MAX_OUTSIDE_SHARE = 0.5
WORD_SLACK_S = 0.05
# Real sentences came at up to 6.5 words a second; the endings Whisper invents at the end of a
# stretch at 14 to 28.
MAX_WORDS_PER_S = 10.0
MIN_WORD_S = 0.02
# A sentence of one word: "Okay." for 0.06 s at p=0.008 (2.1) was invented; a word lasting no
# time scores 2.0, and a short real "So." (p 0.5, 0.05 s) 1.25.
MAX_LONE_WORD_ANOMALY = 1.5
VOCAL_FILLERS = frozenset({"um", "umm", "uh", "hmm", "hm", "mm", "er", "erm", "ah"})
# A stretch of speech this long with fewer than HOLE_WORDS_PER_S words in it was skipped.
HOLE_MIN_S = 1.0
HOLE_WORDS_PER_S = 0.5
HOLE_PAD_S = 0.25
SENTENCE_END = ".?!"
# faster-whisper's own threshold: above it a decode counts as failed (and it falls back to
# sampling, which is not reproducible; here the span is decoded again without the prompt).
MAX_COMPRESSION_RATIO = 2.4

Span = tuple[float, float]


def speech_spans(audio: np.ndarray) -> list[Span]:
    """(start_s, end_s) of the speech Silero VAD finds, with the tight setting above."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=VAD_MIN_SILENCE_MS, speech_pad_ms=VAD_PAD_MS)
    return [(d["start"] / RATE, d["end"] / RATE) for d in get_speech_timestamps(audio, options)]


def sentences(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into sentences at . ? ! (the last group may be unfinished)."""
    out: list[list[Word]] = [[]]
    for w in words:
        out[-1].append(w)
        if w.text.rstrip("\"')]").endswith(tuple(SENTENCE_END)):
            out.append([])
    return [s for s in out if s]


def touches_speech(word: Word, spans: Sequence[Span]) -> bool:
    """True when the word's time, widened by WORD_SLACK_S, overlaps speech found in the signal."""
    a, b = word.start_s - WORD_SLACK_S, word.end_s + WORD_SLACK_S
    return any(a < end and start < b for start, end in spans)


def anomaly(word: Word) -> float:
    """faster-whisper's word anomaly score: improbable (p < 0.15) and short (< 0.133 s) add up."""
    score = 1.0 if word.probability < 0.15 else 0.0
    return score + max(0.0, 0.133 - (word.end_s - word.start_s)) * 15.0


def too_fast(sentence: Sequence[Word]) -> bool:
    """Words faster than anyone speaks: a sentence piled into a moment, or one word of no length."""
    span = sentence[-1].end_s - sentence[0].start_s
    if len(sentence) == 1:
        word = sentence[0]
        if word.text.strip(".,!?").lower() in VOCAL_FILLERS:
            # A lone "Um." is short and unsure by nature; only one lasting no time is dropped.
            return span < MIN_WORD_S
        return anomaly(word) >= MAX_LONE_WORD_ANOMALY
    return len(sentence) / max(span, MIN_WORD_S) > MAX_WORDS_PER_S


def implausible(words: Sequence[Word], spans: Sequence[Span]) -> set[int]:
    """Indexes of the words in sentences outside the speech found, or spoken impossibly fast."""
    dropped: set[int] = set()
    k = 0
    for sentence in sentences(words):
        outside = sum(1 for w in sentence if not touches_speech(w, spans))
        if outside > MAX_OUTSIDE_SHARE * len(sentence) or too_fast(sentence):
            dropped.update(range(k, k + len(sentence)))
        k += len(sentence)
    return dropped


def plausible(segments: Sequence[Segment], spans: Sequence[Span]) -> tuple[list[Segment], int]:
    """The segments without implausible words (their text rebuilt), and how many were dropped."""
    words = [w for s in segments for w in s.words]
    drop = implausible(words, spans)
    if not drop:
        return list(segments), 0
    out: list[Segment] = []
    k = 0
    for seg in segments:
        kept = [w for i, w in enumerate(seg.words, start=k) if i not in drop]
        k += len(seg.words)
        if kept:
            text = " ".join(w.text for w in kept)
            out.append(replace(seg, text=text, words=tuple(kept)))
        elif not seg.words:
            out.append(seg)
    return out, len(drop)


def holes(spans: Sequence[Span], words: Sequence[Word], duration_s: float) -> list[Span]:
    """Stretches of speech the transcript left bare, padded: to be decoded again.

    A speech span with fewer than HOLE_WORDS_PER_S words in it, or a part of one of
    HOLE_MIN_S or more that no word's time covers: Whisper ended a segment at "the frosty air"
    and went on past "passed through the coat" (1.2 s of speech after the last word, in a span
    with words enough; the file route of 2 minutes of joined real clips).
    """
    out: list[Span] = []
    for a, b in spans:
        if b - a < HOLE_MIN_S:
            continue
        inside = sum(1 for w in words if a <= (w.start_s + w.end_s) / 2 <= b)
        if inside < HOLE_WORDS_PER_S * (b - a):
            bare = [(a, b)]
        else:
            bare = [(x, y) for x, y in uncovered(a, b, words) if y - x >= HOLE_MIN_S]
        # Padded where the hole meets the span's edge, never into a word heard beside it (the
        # end of "air" decoded on its own came back as "They're").
        out += [
            (
                max(0.0, x - HOLE_PAD_S) if x == a else x,
                min(duration_s, y + HOLE_PAD_S) if y == b else y,
            )
            for x, y in bare
        ]
    return out


def uncovered(a: float, b: float, words: Sequence[Word]) -> list[Span]:
    """The parts of [a, b] that no word's [start, end] covers."""
    out, at = [], a
    for w in sorted(words, key=lambda w: w.start_s):
        if w.end_s <= at or w.start_s >= b:
            if w.start_s >= b:
                break
            continue
        if w.start_s > at:
            out.append((at, w.start_s))
        at = max(at, w.end_s)
    if at < b:
        out.append((at, b))
    return out


def clip_to_hole(words: Sequence[Word], hole: Span) -> list[Word]:
    """Words that ran on into a hole (a stretched "process...") end where the hole starts."""
    a, b = hole
    out = []
    for w in words:
        if w.start_s < a < w.end_s <= b + HOLE_PAD_S:
            w = replace(w, end_s=a)
        out.append(w)
    return out


def compression_ratio(text: str) -> float:
    """Whisper's measure of a repetition loop: text length over its zlib-compressed length."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def looping(segment: Segment) -> bool:
    """True for a segment Whisper filled with a phrase repeated over and over."""
    return compression_ratio(segment.text) > MAX_COMPRESSION_RATIO


def ellipsis_tokens(tokenizer) -> list[int]:
    """Token ids of "..", "...", "…" and the like, for faster-whisper's suppress_tokens."""
    ids = []
    for i in range(tokenizer.get_vocab_size()):
        text = tokenizer.decode([i]) or ""
        if ".." in text or "…" in text:
            ids.append(i)
    return ids


def shifted(seg: Segment, offset_s: float) -> Segment:
    """`seg` with its times moved on by `offset_s` (a piece decoded on its own, put back)."""
    if not offset_s:
        return seg
    words = tuple(
        replace(w, start_s=round(w.start_s + offset_s, 3), end_s=round(w.end_s + offset_s, 3))
        for w in seg.words
    )
    return Segment(
        seg.text, round(seg.start_s + offset_s, 3), round(seg.end_s + offset_s, 3), words
    )


def around(seg: Segment, hole: tuple[float, float]) -> list[Segment]:
    """`seg` less its words inside `hole` (decoded again), split where the hole falls.

    A word running into the hole is cut at its edge. A segment with words on both sides of the
    hole becomes two, so that the words decoded in the hole go between them: the first pass
    timed one segment over a sentence it skipped, and sorting whole segments put the refilled
    sentence after the words that followed it (a 7-word sentence moved, 14 errors, on 6 minutes
    of joined real clips).
    """
    a, b = hole
    words = [w for w in clip_to_hole(seg.words, hole) if not a <= (w.start_s + w.end_s) / 2 <= b]
    before = tuple(w for w in words if (w.start_s + w.end_s) / 2 < a)
    after = tuple(w for w in words if (w.start_s + w.end_s) / 2 > b)
    if len(words) == len(seg.words) and not (before and after):
        return [replace(seg, words=tuple(words))]
    parts = []
    if before:
        parts.append(_part(before, seg.start_s, before[-1].end_s))
    if after:
        parts.append(_part(after, after[0].start_s, seg.end_s))
    return parts


def _part(words: tuple[Word, ...], start_s: float, end_s: float) -> Segment:
    return Segment(" ".join(w.text for w in words), start_s, max(start_s, end_s), words)


# Below this peak frame RMS the audio is treated as silence and never reaches the model,
# which otherwise may invent a sentence from nothing.
SILENCE_RMS = 0.004


def is_silent(audio: np.ndarray, threshold: float = SILENCE_RMS) -> bool:
    """True when no 30 ms frame rises above `threshold` RMS."""
    frame = int(0.03 * RATE)
    n = len(audio) // frame
    if n == 0:
        return True
    frames = audio[: n * frame].reshape(n, frame)
    return float(np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)).max()) < threshold
