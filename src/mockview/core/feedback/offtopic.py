"""Off-topic: an answer that fits another question of the bank clearly better than its own.

How well an answer fits a question is the cosine between the answer's concepts and the
question's whole document (its text, model answer and key points), each concept weighted by the
bank's IDF, as coverage.similarity() weighs them. Measured on bench/coaching_eval.py (every
model answer of questions/ai-cto.yaml and its paraphrase, written and spoken through tiny.en,
scored against all 30 questions), the document cosine told answers apart better than the
key-point strengths: key-point windows find a few concepts of any question in a long answer.
An answer is flagged when another question's fit is at least MIN_FIT and beats its own by
MARGIN, and the other question's key points are covered more than its own (so the numbers
shown agree with the flag). The key points are scored only for those two questions, which
keeps the check to about 1 ms for a bank of 30 (15 ms the first time, while the documents'
concepts are cached).

Measured (bench/coaching_eval.py, 240 answers: 30 model answers, paraphrases, their first two
sentences and their first sentence, on text and spoken): no false flag at a margin of 0.05 to
0.20; an answer given to the next question was caught 203/240 times at 0.05 and 0.10, 199 at
0.15, 180 at 0.20 (the misses are one-sentence answers). Own-question answers came within 0.01
of their best other question at two sentences; one-sentence answers led by another question
by up to 0.10 were held back by MIN_CONCEPTS and MIN_FIT.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from mockview.core.bank.model import Question
from mockview.core.feedback import coverage
from mockview.core.feedback.lexicon import weight
from mockview.core.feedback.model import OffTopic
from mockview.core.feedback.tokens import Token

MARGIN = 0.10  # cosine by which the other question must fit better
MIN_FIT = 0.15  # cosine the other question must reach at least
MIN_CONCEPTS = 8  # an answer with fewer content concepts is too short to judge


def check(
    index: coverage.ConceptIndex,
    tokens: Sequence[Token],
    question: Question,
    others: Sequence[Question],
    idf: dict[str, float] | None,
) -> OffTopic | None:
    """The question of `others` this answer fits clearly better than `question`, or None.

    `index` is the answer's ConceptIndex (fillers left out), `tokens` its tokens (for the key
    point spans), `others` the bank's questions (`question` itself among them is skipped),
    `idf` the bank's concept weights (coverage.idf_for_bank; None or {}: the built-in
    weights). Questions without key points are never flagged. OffTopic's scores are key-point
    credit, 0..1: the mean over the points of min(1, strength / COVERED_AT), the key-point part
    of analyze.content_score.
    """
    if len(index.concept_at) < MIN_CONCEPTS:
        return None
    said = answer_vector(index, idf)
    own_fit = fit(said, question, idf)
    best: Question | None = None
    best_fit = 0.0
    for other in others:
        if other.id == question.id:
            continue
        f = fit(said, other, idf)
        if f > best_fit:
            best, best_fit = other, f
    if best is None or best_fit < MIN_FIT or best_fit - own_fit < MARGIN:
        return None
    own_score = key_point_credit(index, tokens, question, idf)
    other_score = key_point_credit(index, tokens, best, idf)
    if other_score <= own_score:
        return None
    return OffTopic(
        question_id=best.id,
        question_number=best.number,
        question_text=best.text,
        own_score=round(own_score, 3),
        other_score=round(other_score, 3),
    )


def answer_vector(index: coverage.ConceptIndex, idf: dict[str, float] | None) -> dict[str, float]:
    """The answer's concepts as a weighted vector, for fit()."""
    return _vector(Counter(index.concept_at), idf)


def fit(said: dict[str, float], question: Question, idf: dict[str, float] | None) -> float:
    """Cosine between an answer's vector (answer_vector) and the question's document."""
    doc = _vector(_document_concepts(coverage.question_document(question)), idf)
    dot = sum(v * said.get(c, 0.0) for c, v in doc.items())
    norm = _norm(doc) * _norm(said)
    return dot / norm if norm > 0 else 0.0


def key_point_credit(
    index: coverage.ConceptIndex,
    tokens: Sequence[Token],
    question: Question,
    idf: dict[str, float] | None,
) -> float:
    points = coverage.key_points(index, tokens, question.key_points, idf)
    if not points:
        return 0.0
    return sum(min(1.0, p.strength / coverage.COVERED_AT) for p in points) / len(points)


@lru_cache(maxsize=512)
def _document_concepts(document: str) -> Counter[str]:
    return Counter(coverage.text_concepts(document))


def _vector(counts: Counter[str], idf: dict[str, float] | None) -> dict[str, float]:
    """sqrt term frequency times concept weight, as coverage.similarity() builds them."""
    return {c: math.sqrt(n) * weight(c, idf) for c, n in counts.items()}


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values()))
