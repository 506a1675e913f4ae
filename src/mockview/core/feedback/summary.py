"""Three to five plain-language observations, most important first, each tied to its figure
and to the threshold it was judged by (thresholds from the product brief's coaching sources)."""

from __future__ import annotations

from collections import Counter

from mockview.core.feedback.model import SEVERITY_RANK, Feedback, Observation
from mockview.core.feedback.verdict import MIN_SPEECH_S, MIN_WORDS

PACE_GOOD = (130.0, 160.0)  # common interview advice
PACE_FLAG = (100.0, 165.0)  # PowerPoint Speaker Coach flags outside this
FILLERS_FLUENT = 1.0  # per minute: reads as fluent (Götz 2013)
FILLERS_HESITANT = 5.0  # per minute: reads as hesitant (Corley & Stewart 2008)
FILLERS_NOTICEABLE = 2.5
COVERAGE_GOOD = 0.8
COVERAGE_POOR = 0.5
RESPONSE_DELAY_SLOW_S = 5.0
HEDGES_PER_MINUTE = 4.0
MAX_OBSERVATIONS = 5
MIN_OBSERVATIONS = 3


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _quote(items: list[str], limit: int = 2) -> str:
    shown = ", ".join(f"'{i}'" for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _coverage(fb: Feedback) -> Observation | None:
    if not fb.key_points:
        return None
    said = sum(1 for k in fb.key_points if k.covered)
    total = len(fb.key_points)
    missing = [k.text for k in fb.key_points if not k.covered]
    threshold = f"good at {COVERAGE_GOOD:.0%} of key points or more"
    if not missing:
        return Observation(
            "coverage",
            "good",
            f"You covered all {total} key points.",
            "coverage",
            fb.coverage,
            threshold,
        )
    severity = "high" if fb.coverage < COVERAGE_POOR else "medium"
    if fb.coverage >= COVERAGE_GOOD:
        severity = "low"
    text = f"You covered {said} of {total} key points: missing {_quote(missing)}."
    return Observation("coverage", severity, text, "coverage", fb.coverage, threshold)


def _fillers(fb: Feedback) -> Observation | None:
    if fb.speaking_s <= 0:
        return None
    per_min = len(fb.fillers) * 60.0 / fb.speaking_s
    threshold = (
        f"about {FILLERS_FLUENT:.0f} a minute reads as fluent, {FILLERS_HESITANT:.0f} as hesitant"
    )
    if not fb.fillers:
        return Observation(
            "fillers", "good", "No filler words.", "fillers_per_minute", 0.0, threshold
        )
    top, top_n = Counter(h.filler for h in fb.fillers).most_common(1)[0]
    starts = sum(1 for h in fb.fillers if h.filler == top and _at_sentence_start(fb, h.word_index))
    where = " at the start of sentences" if starts * 2 > top_n else ""
    text = (
        f"{len(fb.fillers)} filler{'s' if len(fb.fillers) != 1 else ''} in "
        f"{fb.speaking_s:.0f} s ({per_min:.1f} a minute) - mostly '{top}'{where}."
    )
    if per_min >= FILLERS_HESITANT:
        severity = "high"
    elif per_min >= FILLERS_NOTICEABLE:
        severity = "medium"
    elif per_min > FILLERS_FLUENT:
        severity = "low"
    else:
        severity = "good"
    return Observation("fillers", severity, text, "fillers_per_minute", per_min, threshold)


def _at_sentence_start(fb: Feedback, index: int) -> bool:
    return index == 0 or any(s.start_index == index for s in fb.transcript_sentences)


def _pace(fb: Feedback) -> Observation | None:
    wpm = fb.words_per_minute
    if wpm <= 0 or fb.word_count < 10:
        return None
    threshold = f"aim for {PACE_GOOD[0]:.0f}-{PACE_GOOD[1]:.0f} WPM"
    if PACE_GOOD[0] <= wpm <= PACE_GOOD[1]:
        return Observation(
            "pace",
            "good",
            f"Pace {wpm:.0f} WPM is in the comfortable range.",
            "words_per_minute",
            wpm,
            threshold,
        )
    fast = wpm > PACE_GOOD[1]
    flagged = wpm > PACE_FLAG[1] or wpm < PACE_FLAG[0]
    text = f"Pace {wpm:.0f} WPM is {'fast' if fast else 'slow'}; {threshold}."
    return Observation(
        "pace", "high" if flagged else "low", text, "words_per_minute", wpm, threshold
    )


def _pauses(fb: Feedback) -> Observation | None:
    inside = [p for p in fb.long_pauses if not p.at_sentence_boundary]
    very = [p for p in fb.pauses if p.is_very_long]
    threshold = "pauses over 1 s inside a sentence hurt fluency most"
    if not inside and not very:
        return None
    if inside:
        n = len(inside)
        text = f"{n} long pause{'s' if n != 1 else ''} inside sentences"
        text += f" (longest {max(p.duration_s for p in inside):.1f} s)."
        severity = "medium" if n >= 3 or any(p.is_very_long for p in inside) else "low"
    else:
        s = "s" if len(very) != 1 else ""
        text = f"{len(very)} very long pause{s} (over 3 s) between sentences."
        severity = "low"
    return Observation(
        "pauses", severity, text, "long_pause_count", float(len(fb.long_pauses)), threshold
    )


def _length(fb: Feedback) -> Observation | None:
    if not fb.target_verdict:
        return None
    threshold = f"target {_clock(fb.target_s)}"
    text = f"Answer ran {_clock(fb.answer_s)} against a {_clock(fb.target_s)} target."
    if fb.target_verdict == "within":
        return Observation("length", "good", text, "duration_s", fb.answer_s, threshold)
    far = fb.answer_s > fb.target_s * 2 or fb.answer_s < fb.target_s / 3
    return Observation(
        "length", "high" if far else "medium", text, "duration_s", fb.answer_s, threshold
    )


def _delay(fb: Feedback) -> Observation | None:
    if fb.response_delay_s <= RESPONSE_DELAY_SLOW_S or not fb.word_count:
        return None
    return Observation(
        "delay",
        "low",
        f"You took {fb.response_delay_s:.0f} s to start.",
        "response_delay_s",
        fb.response_delay_s,
        f"under {RESPONSE_DELAY_SLOW_S:.0f} s reads as composed",
    )


def _hedges(fb: Feedback) -> Observation | None:
    if fb.speaking_s <= 0 or not fb.hedges:
        return None
    per_min = len(fb.hedges) * 60.0 / fb.speaking_s
    if per_min < HEDGES_PER_MINUTE:
        return None
    top = Counter(h.filler for h in fb.hedges).most_common(1)[0][0]
    return Observation(
        "hedges",
        "low",
        f"{len(fb.hedges)} hedges ({per_min:.1f} a minute), mostly '{top}': say it plainly.",
        "hedge_count",
        float(len(fb.hedges)),
        f"under {HEDGES_PER_MINUTE:.0f} a minute",
    )


def _repetition(fb: Feedback) -> Observation | None:
    if len(fb.repeats) < 3 and not fb.overused:
        return None
    parts = []
    if len(fb.repeats) >= 3:
        parts.append(f"{len(fb.repeats)} words repeated back to back")
    if fb.overused:
        parts.append(f"leaning on {_quote([f'{o.text} ({o.count}x)' for o in fb.overused])}")
    return Observation(
        "repetition",
        "low",
        "; ".join(parts).capitalize() + ".",
        "word_count",
        float(fb.word_count),
        "a word over 3% of the answer stands out",
    )


RULES = [_coverage, _fillers, _pace, _pauses, _length, _delay, _hedges, _repetition]


def observations(fb: Feedback) -> list[Observation]:
    """Problems first by severity (rule order breaks ties: content before delivery), then
    strengths to make up at least three."""
    found = [o for rule in RULES if (o := rule(fb)) is not None]
    problems = [o for o in found if o.severity != "good"]
    problems.sort(key=lambda o: -SEVERITY_RANK[o.severity])
    good = [o for o in found if o.severity == "good"]
    out = problems[:MAX_OBSERVATIONS]
    for o in good:
        if len(out) >= MIN_OBSERVATIONS:
            break
        out.append(o)
    return out


def verdict_observation(fb: Feedback) -> Observation:
    """The one observation of a take too short to judge: its verdict (verdict.py)."""
    return Observation(
        kind="verdict",
        severity="high",
        text=fb.verdict_text,
        figure="speaking_s",
        value=fb.speaking_s,
        threshold=f"at least {MIN_SPEECH_S:.0f} s and {MIN_WORDS} words of speech",
    )
