"""Which question an attempt answered, and the target length the user practises against."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from mockview.core.bank.model import Bank, Question

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt, QuestionSnapshot


def from_snapshot(snap: QuestionSnapshot) -> Question:
    """A Question built from the snapshot stored with an attempt (the bank may have changed)."""
    return Question(
        id=snap.id,
        section="",
        text=snap.text,
        model_answer=snap.model_answer,
        key_points=snap.key_points,
        terms=snap.terms,
        target_s=snap.target_s,
    )


def question_of(bank: Bank | None, attempt: Attempt) -> Question:
    """The bank's question for an attempt, or the snapshot stored with it when the bank changed."""
    if bank is not None and attempt.bank_id == bank.id:
        try:
            return bank.question(attempt.question.id)
        except KeyError:
            pass
    return from_snapshot(attempt.question)


def with_target(question: Question, default_target_s: int) -> Question:
    """The question with the user's default target when it sets none (missing or 0)."""
    if question.target_s or not default_target_s:
        return question
    return dataclasses.replace(question, target_s=int(default_target_s))
