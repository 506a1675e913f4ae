"""Key point status ("said" / "partly" / "missed") and the words of a point that were not said."""

from __future__ import annotations

from mockview.core.feedback import analyze, coverage
from mockview.core.feedback.tokens import tokenize
from tests.core.feedback.helpers import question, transcript

POINT = "Drift monitored with PSI triggers retraining"  # five concepts, equal built-in weights


def _point(text: str, point: str = POINT):
    tokens = tokenize(transcript(text))
    index = coverage.ConceptIndex.build(tokens)
    (result,) = coverage.key_points(index, tokens, [point], {})
    return result


def test_a_covered_point_is_said_with_nothing_missing():
    kp = _point("We monitor drift with PSI, and a shift triggers retraining.")
    assert kp.covered and kp.status == "said"
    assert kp.missing == ()


def test_some_of_a_point_is_partly_said_and_names_what_was_left_out():
    kp = _point("We watch for drift using PSI on every feature.")
    assert not kp.covered
    assert coverage.PARTLY_AT <= kp.strength < coverage.COVERED_AT
    assert kp.status == "partly"
    assert kp.missing == ("monitored", "triggers", "retraining")
    assert set(kp.matched) == {coverage.text_concepts("drift")[0], "psi"}


def test_one_word_of_five_is_missed():
    kp = _point("Our drift was mostly seasonal.")
    assert kp.strength < coverage.PARTLY_AT
    assert kp.status == "missed" and not kp.covered
    assert "PSI" in kp.missing and "Drift" not in kp.missing


def test_nothing_said_is_missed_with_every_content_word_missing():
    kp = _point("We hired two engineers last spring.")
    assert kp.status == "missed" and kp.start_index == -1
    assert kp.missing == ("Drift", "monitored", "PSI", "triggers", "retraining")


def test_missing_words_are_as_written_and_each_idea_once():
    kp = _point("Nothing related.", "Stage-gate funding, stage by stage, with a KPI")
    assert kp.missing == ("Stage-gate", "funding", "KPI")
    assert coverage.point_words("A KPI for each quarter", exclude=["quarter"]) == ("KPI",)


def test_status_agrees_with_covered_through_analyze():
    points = [POINT, "Stage-gate funding", "Quarterly ROI review with the board"]
    fb = analyze(
        transcript("We gate funding in stages and watch drift with PSI."), question(points)
    )
    for kp in fb.key_points:
        assert (kp.status == "said") == kp.covered
        assert kp.status in {"said", "partly", "missed"}
    assert fb.key_points[1].status == "said"
    assert fb.key_points[2].status == "missed"
