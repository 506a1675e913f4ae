"""A small bank and one scripted answer to its first question, shared by session and UI tests."""

from __future__ import annotations

from mockview.core.bank.model import Bank, Question, Section

ANSWER = [
    ("Um,", 0.6, 0.9),
    ("so", 1.0, 1.2),
    ("we", 1.3, 1.4),
    ("chunk", 1.5, 1.8),
    ("the", 1.9, 2.0),
    ("documents", 2.1, 2.6),
    ("and", 2.7, 2.8),
    ("embed", 2.9, 3.2),
    ("them.", 3.3, 3.6),
    ("Then,", 3.8, 4.1),
    ("uh,", 4.3, 4.5),
    ("we", 4.6, 4.7),
    ("store", 4.8, 5.1),
    ("the", 5.2, 5.3),
    ("vectors", 5.4, 5.8),
    ("in", 5.9, 6.0),
    ("FAISS", 6.1, 6.5),
    ("or", 6.6, 6.7),
    ("pgvector.", 6.8, 7.4),
    ("You", 9.2, 9.3),
    ("know,", 9.4, 9.6),
    ("we", 9.7, 9.8),
    ("evaluate", 9.9, 10.4),
    ("retrieval", 10.5, 11.0),
    ("with", 11.1, 11.2),
    ("recall.", 11.3, 11.8),
]


def make_bank() -> Bank:
    q1 = Question(
        id="q01-rag",
        section="tech",
        number=1,
        text="How would you build retrieval for a RAG system?",
        model_answer="We chunk the documents and embed each chunk. The vectors go into FAISS or "
        "pgvector. We evaluate retrieval with recall at k on a labelled set.",
        key_points=(
            "chunk the documents and embed them",
            "store vectors in FAISS or pgvector",
            "evaluate retrieval with recall",
            "rerank the top results",
        ),
        terms=("FAISS", "pgvector"),
        target_s=60,
    )
    q2 = Question(
        id="q02-team",
        section="people",
        number=2,
        text="How do you grow a team?",
        model_answer="Hire for slope, coach weekly, give ownership.",
        key_points=("hire for slope", "coach weekly"),
        target_s=90,
    )
    q3 = Question(
        id="q03-risk",
        section="people",
        number=3,
        text="Tell me about a risk you took.",
        model_answer="Situation, task, action, result.",
        key_points=("situation", "result"),
        target_s=120,
    )
    return Bank(
        id="test-bank",
        title="Test bank",
        sections=(Section("tech", "Technical"), Section("people", "People")),
        questions=(q1, q2, q3),
    )
