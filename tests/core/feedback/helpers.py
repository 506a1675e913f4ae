"""Hand-made transcripts and questions for the feedback tests."""

from __future__ import annotations

from mockview.core.bank.model import Question
from mockview.core.transcript import Segment, Transcript, Word

STEP_S = 0.4  # one word every 0.4 s: 150 WPM
WORD_S = 0.3


def transcript(
    text: str, start_s: float = 0.5, gaps: dict[int, float] | None = None, tail_s: float = 1.0
) -> Transcript:
    """Words of `text` at STEP_S apart; gaps[i] adds silence after word i."""
    gaps = gaps or {}
    words, t = [], start_s
    for i, w in enumerate(text.split()):
        words.append(Word(w, round(t, 3), round(t + WORD_S, 3)))
        t += STEP_S + gaps.get(i, 0.0)
    end = words[-1].end_s if words else start_s
    seg = Segment(text, words[0].start_s if words else 0.0, end, tuple(words))
    return Transcript(text, (seg,) if words else (), duration_s=end + tail_s)


def question(key_points=(), terms=(), model_answer="", target_s=90) -> Question:
    return Question(
        id="q-test",
        section="s",
        text="How do you fund AI projects?",
        model_answer=model_answer,
        key_points=tuple(key_points),
        terms=tuple(terms),
        target_s=target_s,
    )
