"""Question bank records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Question:
    id: str  # stable within its bank, e.g. "q11-rag"
    section: str  # a Section.id
    text: str
    model_answer: str
    key_points: tuple[str, ...]
    terms: tuple[str, ...] = ()  # domain terms a recogniser may mishear: "FAISS", "pgvector"
    target_s: int = 90  # target answer length
    number: int = 0  # position in the bank, 1-based
    auto_extracted: bool = False  # key points and terms made by the importer, not by a person
    behavioural: bool = False  # "tell me about a time...": the answer is a story (STAR)


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    description: str = ""
    path: Path | None = field(default=None, compare=False)

    def question(self, ref: str) -> Question:
        """A question by id or by its 1-based number."""
        for q in self.questions:
            if q.id == ref:
                return q
        if ref.isdigit():
            for q in self.questions:
                if q.number == int(ref):
                    return q
        raise KeyError(f"bank {self.id!r} has no question {ref!r}")

    def section_questions(self, section_id: str) -> list[Question]:
        return [q for q in self.questions if q.section == section_id]
