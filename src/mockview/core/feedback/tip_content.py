"""Content tips: the answer fits another question, a key point missed or only partly said, a
story without its situation, action or result. docs/coaching.md has each rule's threshold,
source and gain; tips.py ranks them."""

from __future__ import annotations

from collections.abc import Sequence

from mockview.core.feedback.model import KeyPointResult, Tip
from mockview.core.feedback.summary import COVERAGE_POOR
from mockview.core.feedback.tip_base import Answer, quote, short, status, tip_at


def off_topic(a: Answer) -> Tip | None:
    o = a.fb.off_topic
    if o is None:
        return None
    first = _first_missed(a.fb.key_points)
    start = ""
    if first >= 0:
        start = f", starting with {_point(a.fb.key_points, first)}"
    elif a.question is not None:
        start = f' ("{short(a.question.text)}")'
    text = (
        f'This answer fits question {o.question_number} ("{short(o.question_text)}") better: '
        f"answer the question asked{start}."
    )
    first_word = a.words[0] if a.words else None
    rule = "another question's key points are covered better than this one's"
    # Gain 1 / NOTICE default: every other content tip follows from answering the right question.
    return tip_at("off_topic", text, first_word, 1.0, rule)


def missed_point(a: Answer) -> Tip | None:
    kps = a.fb.key_points
    missed = [i for i, k in enumerate(kps) if status(k) == "missed"]
    if not missed or a.fb.off_topic is not None:
        return None
    i, more = missed[0], len(missed) - 1
    name = _point(kps, i, first=True)
    if more:
        text = f"{name} and {more} more were missing: one sentence on each."
    else:
        text = f"{name} was missing: one sentence on it."
    at_s, index = _best_place(a, i)
    severity = min(1.0, len(missed) / len(kps) / (1.0 - COVERAGE_POOR))
    rule = f"any key point not said; under {COVERAGE_POOR:.0%} covered, content comes first"
    return Tip("key_point_missed", text, at_s, index, severity, rule)


def partly_point(a: Answer) -> Tip | None:
    kps = a.fb.key_points
    partly = [i for i, k in enumerate(kps) if status(k) == "partly" and k.missing]
    if not partly:
        return None
    i = partly[0]
    text = f"{_point(kps, i, first=True)} was only partly there: add {_quote_list(kps[i].missing)}."
    severity = min(1.0, len(partly) / len(kps) / (1.0 - COVERAGE_POOR))
    rule = "a key point counts once its main words are said close together (coverage.py)"
    return Tip("key_point_partly", text, kps[i].start_s, kps[i].start_index, severity, rule)


def story(a: Answer) -> Tip | None:
    s = a.fb.structure
    if not s.checked or not a.words or a.fb.off_topic is not None:
        return None
    rule = "a story answer has a situation, your action and a result with numbers (STAR)"
    first, last = a.words[0], a.words[-1]
    if "result" in s.missing:
        text = "Your story has no result: end with what changed, and by how much."
        return Tip("story", text, last.end_s, last.index, 1.0, rule)
    if "action" in s.missing:
        text = "Your story has no action: say what you did yourself ('I decided...')."
        return Tip("story", text, first.start_s, first.index, 0.8, rule)
    if "situation" in s.missing:
        text = "Your story starts without a situation: open with one sentence on where and when."
        return Tip("story", text, first.start_s, first.index, 0.5, rule)
    result = next((p for p in s.parts if p.part == "result" and p.start_index >= 0), None)
    if result is not None and not s.result_has_numbers:
        said = quote(a.tokens, result.start_index, result.end_index)
        text = f"Your result ({said}) has no number: say by how much it changed."
        return Tip("story", text, result.start_s, result.start_index, 0.4, rule)
    return None


# ---- helpers ---------------------------------------------------------------------------------


def _first_missed(kps: list[KeyPointResult]) -> int:
    return next((i for i, k in enumerate(kps) if status(k) == "missed"), -1)


def _point(kps: list[KeyPointResult], i: int, first: bool = False) -> str:
    return f"{'Key' if first else 'key'} point {i + 1} ({short(kps[i].text)})"


def _quote_list(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"'{w}'" for w in items[:limit]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _best_place(a: Answer, i: int) -> tuple[float, int]:
    """Where missed key point i belongs: after the nearest earlier point said, else before the
    nearest later one, else at the first word (the bank lists points in the answer's order)."""
    kps = a.fb.key_points
    placed = [j for j, k in enumerate(kps) if status(k) != "missed" and k.start_index >= 0]
    before = [j for j in placed if j < i]
    if before:
        k = kps[before[-1]]
        return k.end_s, k.end_index
    after = [j for j in placed if j > i]
    if after:
        k = kps[after[0]]
        return k.start_s, k.start_index
    return (a.words[0].start_s, a.words[0].index) if a.words else (-1.0, -1)
