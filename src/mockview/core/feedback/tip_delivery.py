"""Delivery tips: fillers, hedges, pace, pauses inside clauses, a slow start, length, repairs, a
monotone voice and sentences trailing off. docs/coaching.md has each rule's threshold, source
and gain; the thresholds are summary.py's constants, so tips and observations agree."""

from __future__ import annotations

from collections import Counter

from mockview.core.feedback.model import LONG_PAUSE_S, FillerHit, Tip
from mockview.core.feedback.pace import TARGET_HIGH, TARGET_LOW
from mockview.core.feedback.summary import (
    FILLERS_FLUENT,
    FILLERS_HESITANT,
    HEDGES_PER_MINUTE,
    PACE_FLAG,
    PACE_GOOD,
    RESPONSE_DELAY_SLOW_S,
)
from mockview.core.feedback.tip_base import Answer, quote, status, tip_at
from mockview.core.feedback.tokens import token_sentences

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

FILLER_RULE = (
    f"fillers: about {FILLERS_FLUENT:.0f} a minute reads as fluent, {FILLERS_HESITANT:.0f} as "
    "hesitant (Götz 2013; Corley & Stewart 2008)"
)


def fillers(a: Answer) -> Tip | None:
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


def hedges(a: Answer) -> Tip | None:
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


def pace(a: Answer) -> Tip | None:
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


def pauses(a: Answer) -> Tip | None:
    inside = [
        p for p in a.fb.pauses if p.is_long and not p.at_sentence_boundary and not p.after_comma
    ]
    if not inside:
        return None
    longest = max(inside, key=lambda p: (p.duration_s, -p.start_s))
    before = quote(a.tokens, max(0, longest.after_index - 2), longest.after_index)
    text = (
        f"You stopped {longest.duration_s:.1f} s mid-sentence after {before}: "
        "finish the clause, then pause at the full stop."
    )
    severity = min(1.0, sum(p.duration_s - LONG_PAUSE_S for p in inside) / PAUSE_SPAN_S)
    rule = f"pauses over {LONG_PAUSE_S:.0f} s inside a clause hurt perceived fluency most"
    return Tip("pauses", text, longest.start_s, longest.after_index, severity, rule)


def delay(a: Answer) -> Tip | None:
    delay = a.fb.response_delay_s
    if delay <= RESPONSE_DELAY_SLOW_S or not a.words:
        return None
    first = a.words[0]
    text = f"You took {delay:.0f} s to start: open with a one-line answer, then build on it."
    severity = min(1.0, (delay - RESPONSE_DELAY_SLOW_S) / DELAY_SPAN_S)
    rule = f"response delay: under {RESPONSE_DELAY_SLOW_S:.0f} s reads as composed"
    return tip_at("delay", text, first, severity, rule)


def length(a: Answer) -> Tip | None:
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
            said = quote(a.tokens, longest.start_index, longest.end_index)
            text = f"You spoke {spoken:.0f} s against a {target:.0f} s target: {cut}, from {said}."
            at_s, index = longest.start_s, longest.start_index
        severity = (spoken - target * TARGET_HIGH) / (target * (2.0 - TARGET_HIGH))
        return Tip("length", text, at_s, index, min(1.0, severity), rule)
    if fb.target_verdict == "under":
        # Missing key points make their own tip, which says what to add: no second one.
        if any(status(k) == "missed" for k in fb.key_points) or not a.words:
            return None
        last = a.words[-1]
        text = (
            f"You stopped at {spoken:.0f} s of a {target:.0f} s target: "
            f"add about {target - spoken:.0f} s, with an example from your own work."
        )
        severity = (target * TARGET_LOW - spoken) / (target * TARGET_LOW)
        return tip_at("length", text, last, min(1.0, severity), rule, at_end=True)
    return None


def repairs(a: Answer) -> Tip | None:
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


def monotone(a: Answer) -> Tip | None:
    if not (a.fb.voice.measured and a.fb.voice.monotone):
        return None
    said = [k for k in a.fb.key_points if status(k) == "said" and k.start_index >= 0]
    rule = "pitch: a narrow spread reads as monotone; listeners notice it first (prosody.py)"
    if not said:
        text = (
            "Your voice stayed on one note: lift your pitch on the sentence with your main point."
        )
        return Tip("monotone", text, -1.0, -1, MONOTONE_SEVERITY, rule)
    best = max(said, key=lambda k: k.strength)
    words = quote(a.tokens, best.start_index, best.end_index)
    text = f"Your voice stayed on one note: lift your pitch on your key point, {words}."
    return Tip("monotone", text, best.start_s, best.start_index, MONOTONE_SEVERITY, rule)


def trailing_off(a: Answer) -> Tip | None:
    v = a.fb.voice
    faded = sorted(v.trailing_off)
    if not v.measured or len(faded) < TRAILING_MIN or 2 * len(faded) < v.sentence_ends:
        return None
    index = _index_at(a, faded[0], end=True)
    after = f" after {quote(a.tokens, max(0, index - 2), index)}" if index >= 0 else ""
    text = f"Your voice faded{after}: finish each sentence at full voice."
    share = len(faded) / max(1, v.sentence_ends)
    rule = "sentence ends: half or more fading away reads as unsure (prosody.py)"
    return Tip("trailing_off", text, faded[0], index, share, rule)


# ---- helpers ---------------------------------------------------------------------------------


def _first_at(hits: list[FillerHit], label: str) -> float:
    return next(h.start_s for h in hits if h.filler == label)


def _index_at(a: Answer, at_s: float, end: bool = False) -> int:
    """The first word starting at `at_s` or later; with `end`, the word ending closest to it."""
    if at_s < 0 or not a.words:
        return -1
    if end:
        return min(a.words, key=lambda t: (abs(t.end_s - at_s), t.index)).index
    return next((t.index for t in a.words if t.start_s >= at_s - 1e-6), a.words[-1].index)


def _openers(a: Answer) -> list[FillerHit]:
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
