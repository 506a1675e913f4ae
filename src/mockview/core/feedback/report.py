"""Feedback as a plain-text report for a terminal: figures, fillers, pauses, key points, notes."""

from __future__ import annotations

from mockview.core.bank.model import Question
from mockview.core.feedback.figures import FIGURES
from mockview.core.feedback.model import Feedback
from mockview.core.feedback.verdict import RATE_FIGURES
from mockview.core.transcript import Transcript

_MARK = {"high": "!! ", "medium": "!  ", "low": "-  ", "good": "+  "}


def _clock(seconds: float) -> str:
    s = max(0.0, seconds)
    return f"{int(s // 60)}:{s % 60:04.1f}"


def report(question: Question | None, transcript: Transcript, fb: Feedback) -> str:
    lines: list[str] = []
    if question is not None:
        lines += [f"Question: {question.text}", ""]
    lines += ["Transcript:", f"  {transcript.text.strip() or '(no speech recognised)'}", ""]
    if fb.verdict:
        lines += [fb.verdict_text, ""]
    lines.append("Figures:")
    for key, value in fb.figures.items():
        if fb.verdict and key in RATE_FIGURES:
            continue  # withheld: too short to judge
        info = FIGURES[key]
        lines.append(f"  {info.label:<22} {info.render(value)}")
    if fb.target_verdict:
        lines.append(f"  {'Against target':<22} {fb.target_verdict} ({fb.target_s:.0f} s)")
    lines.append("")
    if fb.fillers:
        counts = ", ".join(f"{k} x{v}" for k, v in fb.filler_counts.items())
        lines.append(f"Fillers ({len(fb.fillers)}): {counts}")
        for h in fb.fillers:
            lines.append(f"  {_clock(h.start_s)}  {h.text}")
    else:
        lines.append("Fillers: none")
    if fb.hedges:
        counts = ", ".join(f"{k} x{v}" for k, v in fb.hedge_counts.items())
        lines.append(f"Hedges ({len(fb.hedges)}): {counts}")
    long = fb.long_pauses
    lines.append(f"Pauses: {len(fb.pauses)}, long (> 1 s): {len(long)}")
    for p in long:
        where = "between sentences" if p.at_sentence_boundary else "inside a sentence"
        lines.append(f"  {_clock(p.start_s)}  {p.duration_s:.1f} s {where}")
    if fb.repeats:
        lines.append("Repeated: " + ", ".join(f"'{r.text}'" for r in fb.repeats[:8]))
    if fb.restarts:
        lines.append("Restarted: " + ", ".join(f"'{r.text}-'" for r in fb.restarts[:8]))
    if fb.voice.measured:
        v = fb.voice
        lines.append(
            f"Voice: pitch range {v.pitch_range_st:.1f} semitones"
            + (" (monotone)" if v.monotone else "")
            + f", loudness varies {v.loudness_sd_db:.1f} dB, "
            f"{len(v.trailing_off)} of {v.sentence_ends} sentence ends trail off"
        )
        if v.observation:
            lines.append(f"  {v.observation}")
    if fb.structure.checked:
        found = {p.part: p for p in fb.structure.parts}
        parts = []
        for name in ("situation", "task", "action", "result"):
            part = found.get(name)
            thin = " (thin)" if name in fb.structure.thin else ""
            parts.append(f"{name} at {_clock(part.start_s)}{thin}" if part else f"{name} missing")
        lines.append("Story: " + ", ".join(parts))
    if fb.off_topic is not None:
        other = fb.off_topic
        lines.append(
            f"Off topic: fits question {other.question_number} better ({other.question_text})"
        )
    if fb.overused:
        lines.append("Overused: " + ", ".join(f"'{o.text}' x{o.count}" for o in fb.overused))
    if fb.key_points:
        lines += ["", "Key points:"]
        for k in fb.key_points:
            partly = not k.covered and k.status == "partly"
            tick = "[x]" if k.covered else "[~]" if partly else "[ ]"
            at = f" at {_clock(k.start_s)}" if k.covered or partly else ""
            missing = f"; not said: {', '.join(k.missing)}" if partly and k.missing else ""
            lines.append(f"  {tick} {k.text} ({k.strength:.0%}){at}{missing}")
    if fb.terms:
        said = ", ".join(t.term for t in fb.terms if t.said) or "none"
        missed = ", ".join(t.term for t in fb.terms if not t.said) or "none"
        lines.append(f"Terms said: {said}; not said: {missed}")
    if fb.tips:
        lines += ["", "Next time:"]
        for i, tip in enumerate(fb.tips, start=1):
            at = f" (at {_clock(tip.at_s)})" if tip.at_s >= 0 else ""
            lines.append(f"  {i}. {tip.text}{at}")
    if fb.observations:
        lines += ["", "Observations:"]
        for o in fb.observations:
            lines.append(f"  {_MARK.get(o.severity, '-  ')}{o.text}")
    return "\n".join(lines)
