"""Test data for the history store: a question, a transcript and a stand-in Feedback."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import soundfile as sf

from mockview.core.bank.model import Question
from mockview.core.transcript import Segment, Transcript, Word

QUESTION = Question(
    id="q01-rag",
    section="technical",
    text="How would you build retrieval-augmented generation?",
    model_answer="Index the documents with embeddings in FAISS or pgvector, then retrieve.",
    key_points=("embeddings index", "retrieve top k", "evaluate answers"),
    terms=("FAISS", "pgvector"),
    target_s=90,
    number=1,
)


def question(qid: str = "q01-rag") -> Question:
    return Question(
        id=qid,
        section="s",
        text=f"Question {qid}?",
        model_answer="Answer.",
        key_points=("one", "two"),
        target_s=60,
    )


def transcript(text: str = "Um, so we use FAISS, uh, for retrieval.") -> Transcript:
    words = []
    t = 0.0
    for token in text.split():
        words.append(Word(token, t, t + 0.3))
        t += 0.4
    return Transcript(
        text=text,
        segments=(Segment(text, 0.0, t, tuple(words)),),
        duration_s=t + 0.5,
        model_name="tiny.en",
        device="cpu",
    )


@dataclass
class FakeFeedback:
    """Has what the store needs from Feedback: figures and to_dict()."""

    figures: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"figures": dict(self.figures), **self.extra}


def feedback(coverage=0.5, fillers_per_minute=2.0, **more) -> FakeFeedback:
    figures = {
        "coverage": coverage,
        "fillers_per_minute": fillers_per_minute,
        "words_per_minute": 140.0,
        **more,
    }
    return FakeFeedback(figures=figures)


def write_tone(path, seconds=1.0, rate=16000, fmt="WAV"):
    t = np.arange(int(seconds * rate)) / rate
    sf.write(
        str(path),
        (0.3 * np.sin(2 * np.pi * 440 * t)).astype("float32"),
        rate,
        format=fmt,
        subtype="PCM_16",
    )
    return path


def add_done(service, bank="ai-cto", q=None, coverage=0.5, fpm=2.0, audio_s=0.2, **more):
    """A finished attempt with a small real WAV."""
    attempt = service.start_attempt(bank, q or question(), "tiny.en", "cpu")
    write_tone(attempt.audio_path, audio_s)
    return service.complete_attempt(
        attempt.id, audio_s, transcript(), feedback(coverage, fpm, **more)
    )
