"""A question's terms kept in a transcript only where the audio supports them.

The terms in Whisper's prompt help it hear them (eSpeak answers: 18 of 19 spoken terms heard
with them, 10 without), but it also writes them for words that merely sound a little alike:
"server rack" became "server RAG", "LoRA adapters" became "RAG adapters", "face" became
"FAISS" (8 of 99 chances on sound-alike sentences, bench/term_bias.py). So a stretch of the
biased transcript that holds a term is decoded again without the terms; where the two
differ and nothing the unbiased decode heard there resembles the term in spelling or rough
sound, the unbiased words are kept. Measured with bench/term_bias.py (tiny.en; 10 eSpeak
answers, 12 sound-alike sentences in 2 voices, 9 real read clips; 2026-12-02):

  variant                 terms heard  sound-alike inserted  other question's  real speech
  filler prompt only          10/19           0/99                0/69         0/90, WER 0.041
  + terms                     18/19           8/99                0/69         0/90, WER 0.047
  + terms, checked (used)     18/19           3/99                0/69         0/90, WER 0.047

The check costs a second decode of the segments holding a term (decode time 1.26 -> 1.59 s a
clip). The 3 left are near-homophones ("Laura" -> "LoRA", "depot" -> "DPO", "quadrant" ->
"Qdrant"), which the audio supports as well as the word said.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from mockview.core.transcript import Segment, Word
from mockview.engines import decode_checks

THRESHOLD = 0.6  # `similar` a heard stretch must reach for a term to stand


def key(text: str) -> str:
    """Letters and digits, lower case: "PG vector" and "pgvector" give the same key."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def sound_key(text: str) -> str:
    """A rough key of how letters sound: ph->f, c/q->k, x->ks, z->s, vowels (and h, w, y) after
    the first letter dropped, doubled letters single ("faiss" and "phase" both give "fs")."""
    for a, b in (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "s")):
        text = text.replace(a, b)
    text = text[:1] + re.sub("[aeiouhwy]", "", text[1:])
    return re.sub(r"(.)\1+", r"\1", text)


def similar(a: str, b: str) -> float:
    """The higher difflib ratio of the two spellings and of their sound keys (the keys only
    when both have 2 letters or more: "go" -> "g" is not like "rag" -> "rg")."""
    ka, kb = sound_key(a), sound_key(b)
    keys = SequenceMatcher(None, ka, kb).ratio() if min(len(ka), len(kb)) >= 2 else 0.0
    return max(SequenceMatcher(None, a, b).ratio(), keys)


def occurrences(terms: Sequence[str], words: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, term key) of each place 1-4 consecutive word keys spell a term."""
    out = []
    for t in terms:
        k = key(t)
        if not k:
            continue
        for n in range(1, 5):
            out += [
                (i, i + n, k) for i in range(len(words) - n + 1) if "".join(words[i : i + n]) == k
            ]
    return out


def heard(term: str, n: int, context: Sequence[str], threshold: float = THRESHOLD) -> bool:
    """True when 1 to n + 2 consecutive `context` words join to something `similar` to `term`."""
    return any(
        similar(term, "".join(context[x : x + m])) >= threshold
        for m in range(1, n + 3)
        for x in range(len(context) - m + 1)
    )


def checked(
    biased: Sequence[str], plain: Sequence[str], terms: Sequence[str], threshold: float = THRESHOLD
) -> list[tuple[str, int]]:
    """Which words to keep: ("b", i) for biased[i], ("p", j) for plain[j] (word keys in).

    The two are aligned (difflib, autojunk off); equal stretches are kept from the biased
    decode. Where they differ, each term the biased stretch spells must be heard by the plain
    decode within that stretch widened by one word each side; if one is not, the plain
    stretch is taken instead.
    """
    found_at = occurrences(terms, biased)
    out: list[tuple[str, int]] = []
    sm = SequenceMatcher(None, list(biased), list(plain), autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        context = plain[max(0, j1 - 1) : j2 + 1]
        ok = tag == "equal" or all(
            heard(k, e - s, context, threshold) for s, e, k in found_at if s < i2 and e > i1
        )
        out += [("b", i) for i in range(i1, i2)] if ok else [("p", j) for j in range(j1, j2)]
    return out


def checked_words(
    biased: Sequence[Word], plain: Sequence[Word], terms: Sequence[str]
) -> list[Word]:
    """`checked` on timed words: the biased words, a stretch the audio does not support
    replaced by the unbiased decode's words (with their times)."""
    picks = checked([key(w.text) for w in biased], [key(w.text) for w in plain], terms)
    return [biased[i] if side == "b" else plain[i] for side, i in picks]


MARGIN_S = 0.2  # audio either side of a segment decoded again


def check_segments(
    segments: Sequence[Segment],
    terms: Sequence[str],
    unbiased: Callable[[tuple[float, float]], list[Segment]],
) -> tuple[list[Segment], int]:
    """Each segment holding a term decoded again by `unbiased(span)` (times absolute); a term
    the audio does not support gives way to the unbiased words. Returns (segments, terms
    dropped)."""
    out, dropped = [], 0
    for seg in segments:
        keys = [key(w.text) for w in seg.words]
        if not seg.words or not occurrences(terms, keys):
            out.append(seg)
            continue
        again = unbiased((seg.start_s - MARGIN_S, seg.end_s + MARGIN_S))
        plain = [w for s in again for w in s.words]
        # A failed decode judges nothing: the filler prompt alone made tiny.en loop
        # ("hmm, hmm, hmm...") on a clip where the biased decode was right.
        if any(decode_checks.looping(s) for s in again) or not (
            len(seg.words) / 2 <= len(plain) <= 2 * len(seg.words)
        ):
            out.append(seg)
            continue
        words = checked_words(seg.words, plain, terms)
        if words == list(seg.words):
            out.append(seg)
            continue
        dropped += len(occurrences(terms, keys)) - len(
            occurrences(terms, [key(w.text) for w in words])
        )
        out.append(Segment(" ".join(w.text for w in words), seg.start_s, seg.end_s, tuple(words)))
    return out, dropped
