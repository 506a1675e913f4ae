"""Turns a Feedback into per-word marks the results widgets draw.

Fresh attempts and attempts opened from history arrive the same way: as a typed `Feedback`
(history's stored dict goes through `Feedback.from_dict`, which tolerates older records).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mockview.core.feedback.model import Feedback, FillerHit, OffTopic, Structure, Tip, Voice
from mockview.core.transcript import Word


@dataclass
class KeyPointMark:
    text: str
    covered: bool
    start_s: float | None = None  # where in the recording it was said (or partly said)
    status: str = ""  # "said" | "partly" | "missed" ("" from records older than the field)
    matched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass
class Annotations:
    filler_words: set[int] = field(default_factory=set)  # indexes into transcript.words
    hedge_words: set[int] = field(default_factory=set)
    filler_kinds: dict[str, int] = field(default_factory=dict)
    long_pauses: dict[int, float] = field(default_factory=dict)  # word index -> pause before it, s
    # Fillers heard in the audio but not transcribed: index of the word they precede (or
    # len(words) after the last) -> the fillers there.
    heard_fillers: dict[int, list[FillerHit]] = field(default_factory=dict)
    key_points: list[KeyPointMark] = field(default_factory=list)
    terms_said: set[str] = field(default_factory=set)  # lower case
    observations: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    target_verdict: str = ""  # "under" | "within" | "over" | ""
    answer_s: float | None = None  # first word to last: what is compared with the target
    disfluent_words: set[int] = field(default_factory=set)  # repeated or abandoned words
    tips: list[Tip] = field(default_factory=list)
    verdict: str = ""  # "" judged | "no_speech" | "too_short"
    verdict_text: str = ""
    voice: Voice = field(default_factory=Voice)
    structure: Structure = field(default_factory=Structure)
    off_topic: OffTopic | None = None


def _word_indexes(hits: list[FillerHit], words: list[Word]) -> set[int]:
    """Every word a filler or hedge covers ("you know" marks two; one heard only in the audio
    covers none)."""
    found: set[int] = set()
    for hit in hits:
        for i in range(hit.word_index, hit.word_index + hit.word_count):
            if 0 <= i < len(words):
                found.add(i)
    return found


def annotate(feedback: Feedback | None, words: list[Word]) -> Annotations:
    if feedback is None:
        return Annotations()
    out = Annotations()
    out.filler_words = _word_indexes(feedback.fillers, words)
    out.filler_kinds = {k: n for k, n in feedback.filler_counts.items() if n}
    out.hedge_words = _word_indexes(feedback.hedges, words)
    for hit in feedback.fillers:
        if hit.from_audio:
            out.heard_fillers.setdefault(hit.word_index, []).append(hit)
    for pause in feedback.long_pauses:
        index = pause.after_index + 1  # the mark stands before the word that follows the pause
        if 0 <= index < len(words):
            out.long_pauses[index] = max(pause.duration_s, out.long_pauses.get(index, 0.0))
    out.key_points = [
        KeyPointMark(
            k.text,
            k.covered,
            k.start_s if k.covered or k.status == "partly" else None,
            k.status or ("said" if k.covered else "missed"),
            tuple(k.matched),
            tuple(k.missing),
        )
        for k in feedback.key_points
    ]
    # The words said in vain: a repeat's copies before the last one, a restart's abandoned words.
    spans = [(r.word_index, len(r.text.split()) - r.word_count) for r in feedback.repeats]
    spans += [(r.word_index, r.word_count) for r in feedback.restarts]
    for first, count in spans:
        out.disfluent_words.update(i for i in range(first, first + count) if 0 <= i < len(words))
    out.tips = list(feedback.tips)
    out.verdict, out.verdict_text = feedback.verdict, feedback.verdict_text
    out.voice, out.structure, out.off_topic = feedback.voice, feedback.structure, feedback.off_topic
    out.terms_said = {t.term.lower() for t in feedback.terms if t.said}
    out.observations = [o.text for o in feedback.observations if o.text]
    out.target_verdict = feedback.target_verdict
    out.answer_s = feedback.answer_s if feedback.word_count else None
    out.figures = feedback.figures
    return out
