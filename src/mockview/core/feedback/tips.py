"""Next time: at most three tips for the next attempt, each tied to a moment in the recording and
ranked by how much it would improve the answer. The rules live in tip_content.py and
tip_delivery.py; this module weighs and ranks what they find. docs/coaching.md has every rule's
threshold, source and gain; the thresholds are summary.py's constants, so tips and observations
agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from mockview.core.bank.model import Question
from mockview.core.feedback import tip_content, tip_delivery
from mockview.core.feedback.model import Feedback, Tip
from mockview.core.feedback.summary import COVERAGE_POOR
from mockview.core.feedback.tip_base import Answer
from mockview.core.feedback.tokens import Token

MAX_TIPS = 3
# gain = NOTICE[kind] x severity (0..1: how far the figure is past its threshold). NOTICE is how
# much a listener notices the problem; no delivery weight reaches CONTENT_FIRST, so when coverage
# is poor every content tip (CONTENT_FIRST + the rest x severity) outranks every delivery tip.
NOTICE = {
    "key_point_missed": 0.8,
    "story": 0.7,
    "fillers": 0.7,
    "monotone": 0.6,  # the product brief: listeners notice a monotone first
    "pace": 0.6,
    "length": 0.5,
    "pauses": 0.5,
    "key_point_partly": 0.4,
    "hedges": 0.4,
    "trailing_off": 0.4,
    "repairs": 0.35,
    "delay": 0.3,
}
CONTENT_FIRST = 0.75
CONTENT_KINDS = frozenset({"key_point_missed", "key_point_partly", "story"})

# Rule order breaks ties in gain: content before delivery, the louder problem first.
RULES: list[Callable[[Answer], Tip | None]] = [
    tip_content.off_topic,
    tip_content.missed_point,
    tip_content.story,
    tip_content.partly_point,
    tip_delivery.fillers,
    tip_delivery.monotone,
    tip_delivery.pace,
    tip_delivery.length,
    tip_delivery.pauses,
    tip_delivery.hedges,
    tip_delivery.trailing_off,
    tip_delivery.repairs,
    tip_delivery.delay,
]


def next_time(fb: Feedback, tokens: Sequence[Token], question: Question | None) -> list[Tip]:
    """Up to MAX_TIPS tips, best first; [] for a take with a verdict or with nothing to fix."""
    if fb.verdict:
        return []
    answer = Answer(fb, list(tokens), question)
    end_s = max([fb.lead_in_s + fb.duration_s] + [t.end_s for t in answer.tokens])
    ranked = []
    for order, rule in enumerate(RULES):
        tip = rule(answer)
        if tip is None:
            continue
        # A rule returns its severity in `gain`; the weighting happens here, in one place.
        gain = NOTICE.get(tip.kind, 1.0) * tip.gain
        if tip.kind in CONTENT_KINDS and fb.key_points and fb.coverage < COVERAGE_POOR:
            gain = CONTENT_FIRST + (1.0 - CONTENT_FIRST) * tip.gain
        at_s = tip.at_s if 0.0 <= tip.at_s <= end_s else -1.0
        gain = round(min(1.0, max(0.0, gain)), 3)
        ranked.append((-gain, order, replace(tip, at_s=at_s, gain=gain)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [tip for _, _, tip in ranked[:MAX_TIPS]]
