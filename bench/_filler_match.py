"""Position matching for bench/feedback_eval.py: labelled fillers in the script against fillers the
analysis finds in a transcript, WER of the other words and sentences lost by the recogniser.

The transcript's words are aligned to the script's words (difflib on normalised words); every
transcript word then has a script position (the aligned word, or the one after the last aligned
word before it). A found filler matches a labelled one when their positions differ by at most
MATCH_WORDS words; each labelled filler matches at most one found one (nearest first). "Any kind"
matching lets "Hmm" heard as "Um" count as a filler found; per-kind matching needs the same kind.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from mockview.core.feedback.model import Feedback
from mockview.core.feedback.tokens import normalise, spoken, tokenize
from mockview.core.transcript import Transcript

MATCH_WORDS = 1
VOCAL = {"um", "uh", "er", "ah", "hmm", "mm"}
DROPPED_BELOW = 0.5  # a sentence with fewer of its words heard than this counts as dropped
_MARK_RE = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


def _words(text: str) -> list[str]:
    return [w for w in (normalise(x) for x in text.split()) if w]


@dataclass
class Script:
    words: list[str] = field(default_factory=list)
    fillers: list[tuple[int, str]] = field(default_factory=list)  # (word position, label)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # word spans


def parse_script(parts: list, label) -> Script:
    s = Script()
    for part in parts:
        if not isinstance(part, str):
            continue
        start, pos = len(s.words), 0
        for m in _MARK_RE.finditer(part):
            s.words += _words(part[pos : m.start()])
            mark = m.group(1) or m.group(2)
            if m.group(1):
                s.fillers.append((len(s.words), label(mark)))
            s.words += _words(mark)
            pos = m.end()
        s.words += _words(part[pos:])
        s.sentences.append((start, len(s.words)))
    return s


def _positions(script_words: list[str], heard: list[str]) -> tuple[list[int], set[int]]:
    """Script position of every heard word, and the script words that were heard."""
    sm = difflib.SequenceMatcher(None, script_words, heard, autojunk=False)
    pos, matched = [None] * len(heard), set()
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            pos[b + k] = a + k
            matched.add(a + k)
    last = -1
    for i, p in enumerate(pos):
        if p is None:
            pos[i] = last + 1
        else:
            last = p
    return pos, matched


def _match(truth: list[tuple[int, str]], found: list[tuple[int, str]], same_kind: bool):
    """Greedy nearest-first one-to-one matching: list of (truth index, found index)."""
    pairs = sorted(
        (abs(tp - fp), i, j)
        for i, (tp, tl) in enumerate(truth)
        for j, (fp, fl) in enumerate(found)
        if abs(tp - fp) <= MATCH_WORDS and (not same_kind or tl == fl)
    )
    used_t, used_f, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
            out.append((i, j))
    return out


@dataclass
class Scored:
    any_kind: tuple[int, int, int]  # tp, fp, fn
    per_kind: dict  # label -> [tp, fp, fn]
    ref: list[str]  # script words without vocal fillers
    hyp: list[str]  # heard words without vocal fillers
    dropped: list[str]  # first words of sentences lost


def score(script: Script, transcript: Transcript, fb: Feedback) -> Scored:
    tokens = spoken(tokenize(transcript))
    heard = [t.norm for t in tokens]
    where = {t.index: i for i, t in enumerate(tokens)}
    pos, matched = _positions(script.words, heard)
    # A filler heard in the audio (FillerHit.from_audio) sits before the word at word_index,
    # or after the last word (word_index == len(transcript.words)).
    after_last = pos[-1] + 1 if pos else 0
    found = [
        (pos[where[h.word_index]] if h.word_index in where else after_last, h.filler)
        for h in fb.fillers
    ]
    pairs = _match(script.fillers, found, same_kind=False)
    any_kind = (len(pairs), len(found) - len(pairs), len(script.fillers) - len(pairs))
    per_kind: dict = {}
    same = _match(script.fillers, found, same_kind=True)
    for lab in {lab for _, lab in script.fillers} | {lab for _, lab in found}:
        tp = sum(1 for i, _ in same if script.fillers[i][1] == lab)
        per_kind[lab] = [
            tp,
            sum(1 for _, fl in found if fl == lab) - tp,
            sum(1 for _, tl in script.fillers if tl == lab) - tp,
        ]
    vocal_truth = {p for p, lab in script.fillers if lab in VOCAL}
    vocal_found = {where[h.word_index] for h in fb.fillers if h.filler in VOCAL and h.word_count}
    ref = [w for i, w in enumerate(script.words) if i not in vocal_truth]
    hyp = [w for i, w in enumerate(heard) if i not in vocal_found]
    dropped = []
    for a, b in script.sentences:
        idx = [i for i in range(a, b) if i not in vocal_truth]
        if idx and sum(i in matched for i in idx) < DROPPED_BELOW * len(idx):
            dropped.append(" ".join(script.words[a : a + 4]) + "...")
    return Scored(any_kind, per_kind, ref, hyp, dropped)


def wer_total(refs: list[list[str]], hyps: list[list[str]]) -> float:
    """Pooled WER: all edits over all reference words."""
    from _speech import wer

    edits = sum(wer(r, h) * len(r) for r, h in zip(refs, hyps, strict=True))
    return edits / max(1, sum(len(r) for r in refs))
