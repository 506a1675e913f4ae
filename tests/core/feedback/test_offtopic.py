"""offtopic.check: an answer that fits another question of the bank clearly better than its own."""

from __future__ import annotations

import time

import pytest

from mockview.core.bank.model import Question
from mockview.core.feedback import coverage, offtopic
from mockview.core.feedback.tokens import Token, tokenize
from tests.core.feedback.helpers import transcript


@pytest.fixture(scope="module")
def bank():
    from mockview.core.bank.discovery import find_banks

    return next(b for b in find_banks().banks if b.id == "ai-cto")


def _answer(text: str) -> tuple[coverage.ConceptIndex, list[Token]]:
    tokens = tokenize(transcript(" ".join(text.split())))
    return coverage.ConceptIndex.build(tokens), tokens


def test_model_answers_fit_their_own_question_and_are_caught_under_the_next(bank):
    questions = list(bank.questions)
    idf = coverage.idf_for_bank(bank)
    for k, q in enumerate(questions):
        index, tokens = _answer(q.model_answer)
        assert offtopic.check(index, tokens, q, questions, idf) is None, q.id
        wrong = questions[(k + 1) % len(questions)]
        found = offtopic.check(index, tokens, wrong, questions, idf)
        assert found is not None, q.id
        assert (found.question_id, found.question_number, found.question_text) == (
            q.id,
            q.number,
            q.text,
        )
        assert 0.0 <= found.own_score < found.other_score <= 1.0


def test_too_short_an_answer_is_not_judged(bank):
    questions = list(bank.questions)
    index, tokens = _answer("Retrieval with pgvector and chunking.")
    assert (
        offtopic.check(index, tokens, questions[0], questions, coverage.idf_for_bank(bank)) is None
    )


def test_no_other_question_means_no_flag(bank):
    q = bank.questions[0]
    index, tokens = _answer(bank.questions[10].model_answer)
    assert offtopic.check(index, tokens, q, [q], coverage.idf_for_bank(bank)) is None


def test_an_answer_fitting_no_question_is_not_flagged(bank):
    questions = list(bank.questions)
    text = (
        "My favourite holiday was a walking trip in the mountains with my family. We cooked "
        "over a fire every night, slept in small huts and watched the stars, and my daughter "
        "learned to swim in a cold lake."
    )
    index, tokens = _answer(text)
    for q in questions[:5]:
        assert offtopic.check(index, tokens, q, questions, coverage.idf_for_bank(bank)) is None


def test_questions_without_key_points_are_not_flagged():
    """The flag shows key-point scores; with no points on either side there is nothing to show."""
    own = Question("a", "s", "How do you fund projects?", "We fund in stages with gates.", ())
    other = Question(
        "b", "s", "How do you hire?", "We hire engineers through referrals and pairing.", ()
    )
    index, tokens = _answer(
        "We hire engineers mostly through referrals, then a pairing day with the team decides, "
        "and referrals bring most hires."
    )
    said = offtopic.answer_vector(index, {})
    assert offtopic.fit(said, other, {}) - offtopic.fit(said, own, {}) > offtopic.MARGIN
    assert offtopic.check(index, tokens, own, [own, other], {}) is None


def test_thirty_questions_take_well_under_50_ms(bank):
    questions = list(bank.questions)
    idf = coverage.idf_for_bank(bank)
    index, tokens = _answer(questions[4].model_answer)
    offtopic.check(index, tokens, questions[5], questions, idf)  # fills the documents' cache
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        offtopic.check(index, tokens, questions[5], questions, idf)
        best = min(best, time.perf_counter() - started)
    assert best < 0.05, f"{best * 1000:.1f} ms"
