"""Reads a feedback dict (Feedback.to_dict()) into per-word marks the results widgets draw.

The store keeps feedback as a dict, so attempts opened from history and fresh ones are drawn the
same way. Readers here accept small variations of key names so that older stored attempts
still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mockview.core.transcript import Word

LONG_PAUSE_S = 1.0


@dataclass
class KeyPointMark:
    text: str
    covered: bool
    start_s: float | None = None  # where in the recording it was said


@dataclass
class Annotations:
    filler_words: set[int] = field(default_factory=set)  # indexes into transcript.words
    hedge_words: set[int] = field(default_factory=set)
    filler_kinds: dict[str, int] = field(default_factory=dict)
    long_pauses: dict[int, float] = field(default_factory=dict)  # word index -> pause before it, s
    key_points: list[KeyPointMark] = field(default_factory=list)
    terms_said: set[str] = field(default_factory=set)  # lower case
    observations: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    target_verdict: str = ""  # "under" | "within" | "over" | ""
    answer_s: float | None = None  # first word to last: what is compared with the target


def _num(item: dict, *keys: str) -> float | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _text(item: object, *keys: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for key in keys:
            if isinstance(item.get(key), str):
                return item[key]
    return ""


def _word_at(words: list[Word], time_s: float) -> int | None:
    """The word that starts nearest to `time_s` (marks that carry a time but no index)."""
    if not words:
        return None
    return min(range(len(words)), key=lambda i: abs(words[i].start_s - time_s))


def _word_indexes(items: list, words: list[Word]) -> set[int]:
    found: set[int] = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        index = _num(item, "word_index", "index")
        if index is not None and 0 <= int(index) < len(words):
            found.add(int(index))
            count = _num(item, "word_count", "length")
            for extra in range(1, int(count or 1)):  # multi-word fillers: "you know"
                if int(index) + extra < len(words):
                    found.add(int(index) + extra)
            continue
        start = _num(item, "start_s", "time_s")
        nearest = _word_at(words, start) if start is not None else None
        if nearest is not None:
            found.add(nearest)
    return found


def _pauses(feedback: dict, words: list[Word]) -> dict[int, float]:
    marks: dict[int, float] = {}
    items = feedback.get("pauses")
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict):
                continue
            after = _num(item, "after_index")
            start, end = _num(item, "start_s"), _num(item, "end_s")
            length = _num(item, "duration_s", "length_s")
            if length is None and start is not None and end is not None:
                length = end - start
            is_long = item.get("long", item.get("is_long"))
            if length is None or (is_long is False) or (is_long is None and length <= LONG_PAUSE_S):
                continue
            if after is not None and 0 <= int(after) + 1 < len(words):
                marks[int(after) + 1] = max(length, marks.get(int(after) + 1, 0.0))
                continue
            anchor = end if end is not None else (start or 0.0) + length
            index = _word_at(words, anchor)
            if index is not None:
                marks[index] = max(length, marks.get(index, 0.0))
        return marks
    # Older feedback without a pause list: gaps between word timestamps.
    for i in range(1, len(words)):
        gap = words[i].start_s - words[i - 1].end_s
        if gap > LONG_PAUSE_S:
            marks[i] = gap
    return marks


def read_feedback(feedback: dict | None, words: list[Word]) -> Annotations:
    if not feedback:
        return Annotations()
    out = Annotations()
    fillers = feedback.get("fillers") or []
    out.filler_words = _word_indexes(fillers, words)
    for item in fillers:
        kind = _text(item, "kind", "filler", "text", "word").lower().strip(" ,.")
        if kind:
            out.filler_kinds[kind] = out.filler_kinds.get(kind, 0) + 1
    counts = feedback.get("filler_counts", feedback.get("fillers_by_kind"))
    if isinstance(counts, dict) and counts:
        out.filler_kinds = {str(k): int(v) for k, v in counts.items() if v}
    out.hedge_words = _word_indexes(feedback.get("hedges") or [], words)
    out.long_pauses = _pauses(feedback, words)
    for item in feedback.get("key_points") or []:
        text = _text(item, "text", "point")
        if isinstance(item, dict):
            covered = bool(item.get("covered", item.get("hit", False)))
            start = _num(item, "start_s", "said_at_s", "time_s")
        else:
            covered, start = False, None
        out.key_points.append(KeyPointMark(text, covered, start if covered else None))
    for item in feedback.get("terms") or []:
        said = item.get("said", True) if isinstance(item, dict) else False
        name = _text(item, "term", "text")
        if name and said:
            out.terms_said.add(name.lower())
    for name in feedback.get("terms_said") or []:
        if isinstance(name, str):
            out.terms_said.add(name.lower())
    out.observations = [
        t for t in (_text(o, "text", "message") for o in feedback.get("observations") or []) if t
    ]
    out.target_verdict = str(feedback.get("target_verdict") or "")
    out.answer_s = _num(feedback, "answer_s")
    figures = feedback.get("figures")
    if isinstance(figures, dict):
        out.figures = {k: float(v) for k, v in figures.items() if isinstance(v, int | float)}
    return out
