"""Analysis of a spoken answer against a question: fillers, pace, pauses, repetition, coverage."""

from mockview.core.feedback.analyze import analyze
from mockview.core.feedback.figures import FIGURES, FigureInfo
from mockview.core.feedback.model import Feedback

__all__ = ["FIGURES", "Feedback", "FigureInfo", "analyze"]
