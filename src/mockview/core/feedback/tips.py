"""Next time: at most three tips for the next attempt, each tied to a moment in the recording and
ranked by how much it would improve the answer. docs/coaching.md has every rule's threshold,
source and gain; the thresholds are summary.py's constants, so tips and observations agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from mockview.core.bank.model import Question
from mockview.core.feedback.model import LONG_PAUSE_S, Feedback, FillerHit, KeyPointResult, Tip
from mockview.core.feedback.pace import TARGET_HIGH, TARGET_LOW
from mockview.core.feedback.summary import (
    COVERAGE_POOR,
    FILLERS_FLUENT,
    FILLERS_HESITANT,
    HEDGES_PER_MINUTE,
    PACE_FLAG,
    PACE_GOOD,
    RESPONSE_DELAY_SLOW_S,
)
from mockview.core.feedback.tokens import Token, token_sentences

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
# Fillers opening more than this many sentences are a habit worth a tip of their own.
OPENERS_MAX = 2
OPENERS_FULL = 6  # sentences opened by one filler at which that habit counts in full
HEDGES_MIN = 3  # fewer hedges than this never make a tip, whatever the rate of a short answer
HEDGES_HEAVY = 2 * HEDGES_PER_MINUTE  # per minute: counts in full
PACE_SPAN_WPM = 40.0  # WPM beyond the comfortable range at which pace counts in full
PACE_FLAGGED = 0.5  # least severity of a pace Speaker Coach would flag
PAUSE_SPAN_S = 3.0  # summed seconds over 1 s, of long pauses inside clauses, that count in full
REPAIRS_MAX = 2  # restarts + repeats; summary.py notes repeats from 3 on
REPAIRS_FULL = 6
TRAILING_MIN = 2  # fading sentence ends needed, and at least half of those checked (prosody.py)
DELAY_SPAN_S = 5.0  # seconds past RESPONSE_DELAY_SLOW_S at which a slow start counts in full
MONOTONE_SEVERITY = 0.7  # the flag is a yes/no: prosody.py has decided it is plain to hear
SHORT_WORDS = 6  # a key point or question is quoted up to this many words

FILLER_RULE = (
    f"fillers: about {FILLERS_FLUENT:.0f} a minute reads as fluent, {FILLERS_HESITANT:.0f} as "
    "hesitant (Götz 2013; Corley & Stewart 2008)"
)


@dataclass(frozen=True)
class _Answer:
    fb: Feedback
    tokens: list[Token]
    question: Question | None

    @property
    def minutes(self) -> float:
        return self.fb.speaking_s / 60.0

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.norm]


def next_time(fb: Feedback, tokens: Sequence[Token], question: Question | None) -> list[Tip]:
    """Up to MAX_TIPS tips, best first; [] for a take with a verdict or with nothing to fix."""
    if fb.verdict:
        return []
    answer = _Answer(fb, list(tokens), question)
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


# ---- content ---------------------------------------------------------------------------------


def _off_topic(a: _Answer) -> Tip | None:
    o = a.fb.off_topic
    if o is None:
        return None
    first = _first_missed(a.fb.key_points)
    start = ""
    if first >= 0:
        start = f", starting with {_point(a.fb.key_points, first)}"
    elif a.question is not None:
        start = f' ("{_short(a.question.text)}")'
    text = (
        f'This answer fits question {o.question_number} ("{_short(o.question_text)}") better: '
        f"answer the question asked{start}."
    )
    first_word = a.words[0] if a.words else None
    rule = "another question's key points are covered better than this one's"
    # Gain 1 / NOTICE default: every other content tip follows from answering the right question.
    return _tip("off_topic", text, first_word, 1.0, rule)


def _missed_point(a: _Answer) -> Tip | None:
    kps = a.fb.key_points
    missed = [i for i, k in enumerate(kps) if _status(k) == "missed"]
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


def _partly_point(a: _Answer) -> Tip | None:
    kps = a.fb.key_points
    partly = [i for i, k in enumerate(kps) if _status(k) == "partly" and k.missing]
    if not partly:
        return None
    i = partly[0]
    text = f"{_point(kps, i, first=True)} was only partly there: add {_quote_list(kps[i].missing)}."
    severity = min(1.0, len(partly) / len(kps) / (1.0 - COVERAGE_POOR))
    rule = "a key point counts once its main words are said close together (coverage.py)"
    return Tip("key_point_partly", text, kps[i].start_s, kps[i].start_index, severity, rule)


def _story(a: _Answer) -> Tip | None:
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
        said = _quote(a.tokens, result.start_index, result.end_index)
        text = f"Your result ({said}) has no number: say by how much it changed."
        return Tip("story", text, result.start_s, result.start_index, 0.4, rule)
    return None


# ---- delivery --------------------------------------------------------------------------------


def _fillers(a: _Answer) -> Tip | None:
    hits = a.fb.fillers
    if not hits or a.minutes <= 0:
        return None
    per_min = len(hits) / a.minutes
    openers = _openers(a)
    label, opened = Counter(h.filler for h in openers).most_common(1)[0] if openers else ("", 0)
    if per_min <= FILLERS_FLUENT and opened <= OPENERS_MAX:
        return None
    # Pausing in place of a filler slows a slow answer further: then leave it out instead.
    instead = "leave it out" if 0 < a.fb.words_per_minute < PACE_GOOD[0] else "pause instead"
    rate_sev = (per_min - FILLERS_FLUENT) / (FILLERS_HESITANT - FILLERS_FLUENT)
    if opened > OPENERS_MAX:
        first = next(h for h in openers if h.filler == label)
        text = f"You said '{label}' to open {opened} sentences: {instead}."
        severity = max(rate_sev, opened / OPENERS_FULL)
    else:
        counts = Counter(h.filler for h in hits)
        label = max(counts, key=lambda f: (counts[f], -_first_at(hits, f)))
        first = next(h for h in hits if h.filler == label)
        text = (
            f"You said '{label}' {counts[label]} times ({len(hits)} fillers, "
            f"{per_min:.0f} a minute): {instead}; aim for one a minute."
        )
        severity = rate_sev
    return Tip("fillers", text, first.start_s, first.word_index, min(1.0, severity), FILLER_RULE)


def _hedges(a: _Answer) -> Tip | None:
    hits = a.fb.hedges
    if len(hits) < HEDGES_MIN or a.minutes <= 0:
        return None
    per_min = len(hits) / a.minutes
    if per_min <= HEDGES_PER_MINUTE:
        return None
    counts = Counter(h.filler for h in hits)
    label = max(counts, key=lambda f: (counts[f], -_first_at(hits, f)))
    first = next(h for h in hits if h.filler == label)
    shown = " ".join("I" if w == "i" else w for w in label.split())
    text = f"You said '{shown}' {counts[label]} times: drop it and state the point."
    severity = min(1.0, (per_min - HEDGES_PER_MINUTE) / (HEDGES_HEAVY - HEDGES_PER_MINUTE))
    rule = f"hedges: under {HEDGES_PER_MINUTE:.0f} a minute (summary.py)"
    return Tip("hedges", text, first.start_s, first.word_index, severity, rule)


def _pace(a: _Answer) -> Tip | None:
    wpm = a.fb.words_per_minute
    low, high = PACE_GOOD
    if wpm <= 0 or low <= wpm <= high:
        return None
    fast = wpm > high
    severity = min(1.0, (wpm - high if fast else low - wpm) / PACE_SPAN_WPM)
    if not PACE_FLAG[0] <= wpm <= PACE_FLAG[1]:
        severity = max(severity, PACE_FLAGGED)
    if fast:
        action = f"slow to {low:.0f}-{high:.0f}, with a breath at each full stop"
    else:
        action = f"speed up to {low:.0f}-{high:.0f}"
    text = f"You spoke at {wpm:.0f} words a minute: {action}."
    windows = a.fb.pace_windows
    at_s = -1.0
    if windows:
        # The fastest (or slowest) stretch, the earliest of equals.
        extreme = max(windows, key=lambda w: (w[1] if fast else -w[1], -w[0]))
        at_s = extreme[0]
    rule = (
        f"pace: {low:.0f}-{high:.0f} WPM (interview advice); PowerPoint Speaker Coach flags "
        f"outside {PACE_FLAG[0]:.0f}-{PACE_FLAG[1]:.0f}"
    )
    return Tip("pace", text, at_s, _index_at(a, at_s), severity, rule)


def _pauses(a: _Answer) -> Tip | None:
    inside = [
        p for p in a.fb.pauses if p.is_long and not p.at_sentence_boundary and not p.after_comma
    ]
    if not inside:
        return None
    longest = max(inside, key=lambda p: (p.duration_s, -p.start_s))
    before = _quote(a.tokens, max(0, longest.after_index - 2), longest.after_index)
    text = (
        f"You stopped {longest.duration_s:.1f} s mid-sentence after {before}: "
        "finish the clause, then pause at the full stop."
    )
    severity = min(1.0, sum(p.duration_s - LONG_PAUSE_S for p in inside) / PAUSE_SPAN_S)
    rule = f"pauses over {LONG_PAUSE_S:.0f} s inside a clause hurt perceived fluency most"
    return Tip("pauses", text, longest.start_s, longest.after_index, severity, rule)


def _delay(a: _Answer) -> Tip | None:
    delay = a.fb.response_delay_s
    if delay <= RESPONSE_DELAY_SLOW_S or not a.words:
        return None
    first = a.words[0]
    text = f"You took {delay:.0f} s to start: open with a one-line answer, then build on it."
    severity = min(1.0, (delay - RESPONSE_DELAY_SLOW_S) / DELAY_SPAN_S)
    rule = f"response delay: under {RESPONSE_DELAY_SLOW_S:.0f} s reads as composed"
    return _tip("delay", text, first, severity, rule)


def _length(a: _Answer) -> Tip | None:
    fb = a.fb
    target, spoken = fb.target_s, fb.answer_s
    rule = (
        f"length: {TARGET_LOW * target:.0f}-{TARGET_HIGH * target:.0f} s for a {target:.0f} s "
        "target (brief: most answers 60-120 s, story answers up to about 2 min)"
    )
    if fb.target_verdict == "over":
        extra = [s for s in fb.transcript_sentences if s.status == "extra" and s.start_index >= 0]
        cut = f"cut about {spoken - target:.0f} s"
        text = f"You spoke {spoken:.0f} s against a {target:.0f} s target: {cut}."
        at_s, index = -1.0, -1
        if extra:
            longest = max(extra, key=lambda s: (s.end_index - s.start_index, -s.start_index))
            said = _quote(a.tokens, longest.start_index, longest.end_index)
            text = f"You spoke {spoken:.0f} s against a {target:.0f} s target: {cut}, from {said}."
            at_s, index = longest.start_s, longest.start_index
        severity = (spoken - target * TARGET_HIGH) / (target * (2.0 - TARGET_HIGH))
        return Tip("length", text, at_s, index, min(1.0, severity), rule)
    if fb.target_verdict == "under":
        # Missing key points make their own tip, which says what to add: no second one.
        if any(_status(k) == "missed" for k in fb.key_points) or not a.words:
            return None
        last = a.words[-1]
        text = (
            f"You stopped at {spoken:.0f} s of a {target:.0f} s target: "
            f"add about {target - spoken:.0f} s, with an example from your own work."
        )
        severity = (target * TARGET_LOW - spoken) / (target * TARGET_LOW)
        return _tip("length", text, last, min(1.0, severity), rule, at_end=True)
    return None


def _repairs(a: _Answer) -> Tip | None:
    found = [(r.start_s, r.word_index, r.text) for r in a.fb.restarts]
    found += [(r.start_s, r.word_index, r.text) for r in a.fb.repeats]
    if len(found) <= REPAIRS_MAX:
        return None
    start_s, index, said = min(found)
    text = (
        f"You broke off or repeated words {len(found)} times, first '{said}': "
        "pause, then say the sentence once."
    )
    severity = min(1.0, (len(found) - REPAIRS_MAX) / (REPAIRS_FULL - REPAIRS_MAX))
    rule = f"restarts and repeats: more than {REPAIRS_MAX} stand out"
    return Tip("repairs", text, start_s, index, severity, rule)


def _monotone(a: _Answer) -> Tip | None:
    if not (a.fb.voice.measured and a.fb.voice.monotone):
        return None
    said = [k for k in a.fb.key_points if _status(k) == "said" and k.start_index >= 0]
    rule = "pitch: a narrow spread reads as monotone; listeners notice it first (prosody.py)"
    if not said:
        text = (
            "Your voice stayed on one note: lift your pitch on the sentence with your main point."
        )
        return Tip("monotone", text, -1.0, -1, MONOTONE_SEVERITY, rule)
    best = max(said, key=lambda k: k.strength)
    words = _quote(a.tokens, best.start_index, best.end_index)
    text = f"Your voice stayed on one note: lift your pitch on your key point, {words}."
    return Tip("monotone", text, best.start_s, best.start_index, MONOTONE_SEVERITY, rule)


def _trailing_off(a: _Answer) -> Tip | None:
    v = a.fb.voice
    faded = sorted(v.trailing_off)
    if not v.measured or len(faded) < TRAILING_MIN or 2 * len(faded) < v.sentence_ends:
        return None
    index = _index_at(a, faded[0], end=True)
    after = f" after {_quote(a.tokens, max(0, index - 2), index)}" if index >= 0 else ""
    text = f"Your voice faded{after}: finish each sentence at full voice."
    share = len(faded) / max(1, v.sentence_ends)
    rule = "sentence ends: half or more fading away reads as unsure (prosody.py)"
    return Tip("trailing_off", text, faded[0], index, share, rule)


# Rule order breaks ties in gain: content before delivery, the louder problem first.
RULES: list[Callable[[_Answer], Tip | None]] = [
    _off_topic,
    _missed_point,
    _story,
    _partly_point,
    _fillers,
    _monotone,
    _pace,
    _length,
    _pauses,
    _hedges,
    _trailing_off,
    _repairs,
    _delay,
]


# ---- helpers ---------------------------------------------------------------------------------


def _tip(
    kind: str, text: str, token: Token | None, severity: float, rule: str, at_end: bool = False
) -> Tip:
    if token is None:
        return Tip(kind, text, -1.0, -1, severity, rule)
    return Tip(kind, text, token.end_s if at_end else token.start_s, token.index, severity, rule)


def _status(k: KeyPointResult) -> str:
    """Records older than KeyPointResult.status only say covered or not."""
    return k.status or ("said" if k.covered else "missed")


def _first_missed(kps: list[KeyPointResult]) -> int:
    return next((i for i, k in enumerate(kps) if _status(k) == "missed"), -1)


def _point(kps: list[KeyPointResult], i: int, first: bool = False) -> str:
    return f"{'Key' if first else 'key'} point {i + 1} ({_short(kps[i].text)})"


def _short(text: str, limit: int = SHORT_WORDS) -> str:
    words = text.strip().rstrip(".?!").split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def _quote(tokens: list[Token], first: int, last: int, limit: int = SHORT_WORDS) -> str:
    """The user's own words from `first` to `last` (token indices), cut to `limit` words."""
    words = [t.raw for t in tokens[max(0, first) : last + 1] if t.norm]
    if not words:
        return "''"
    cut = len(words) > limit
    shown = " ".join(words[:limit]).rstrip(".,;:!?")
    return f"'{shown}...'" if cut else f"'{shown}'"


def _quote_list(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"'{w}'" for w in items[:limit]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _first_at(hits: list[FillerHit], label: str) -> float:
    return next(h.start_s for h in hits if h.filler == label)


def _best_place(a: _Answer, i: int) -> tuple[float, int]:
    """Where missed key point i belongs: after the nearest earlier point said, else before the
    nearest later one, else at the first word (the bank lists points in the answer's order)."""
    kps = a.fb.key_points
    placed = [j for j, k in enumerate(kps) if _status(k) != "missed" and k.start_index >= 0]
    before = [j for j in placed if j < i]
    if before:
        k = kps[before[-1]]
        return k.end_s, k.end_index
    after = [j for j in placed if j > i]
    if after:
        k = kps[after[0]]
        return k.start_s, k.start_index
    return (a.words[0].start_s, a.words[0].index) if a.words else (-1.0, -1)


def _index_at(a: _Answer, at_s: float, end: bool = False) -> int:
    """The first word starting at `at_s` or later; with `end`, the word ending closest to it."""
    if at_s < 0 or not a.words:
        return -1
    if end:
        return min(a.words, key=lambda t: (abs(t.end_s - at_s), t.index)).index
    return next((t.index for t in a.words if t.start_s >= at_s - 1e-6), a.words[-1].index)


def _openers(a: _Answer) -> list[FillerHit]:
    """Fillers that open a sentence: its first words, or an audio filler just before them."""
    at_word = {h.word_index: h for h in a.fb.fillers if not h.from_audio}
    heard = {h.word_index: h for h in a.fb.fillers if h.from_audio}
    out = []
    for first, last in token_sentences(a.tokens):
        i = first
        while i <= last and not a.tokens[i].norm:
            i += 1
        if i in heard:
            out.append(heard[i])
        while i <= last and (i in at_word or not a.tokens[i].norm):
            if i in at_word:
                out.append(at_word[i])
                i += max(1, at_word[i].word_count)
            else:
                i += 1
    return out
