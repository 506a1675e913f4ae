"""Practice history: every attempt with its audio, transcript and feedback, kept in SQLite."""

from mockview.core.history.records import (
    HIGHER_IS_BETTER,
    Attempt,
    FigurePoint,
    HistoryError,
    ImportResult,
    QuestionSnapshot,
    QuestionSummary,
)
from mockview.core.history.service import HistoryService

__all__ = [
    "HIGHER_IS_BETTER",
    "Attempt",
    "FigurePoint",
    "HistoryError",
    "HistoryService",
    "ImportResult",
    "QuestionSnapshot",
    "QuestionSummary",
]
