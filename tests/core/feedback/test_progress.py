"""Figures against the same question's earlier attempts: previous, best, change and trend."""

from __future__ import annotations

from mockview.core.feedback.progress import compare_values, trends


def test_a_second_attempt_has_previous_best_and_change():
    first = {"coverage": 2 / 6, "fillers_per_minute": 8.6, "words_per_minute": 190.0}
    second = {"coverage": 4 / 6, "fillers_per_minute": 3.1, "words_per_minute": 150.0}
    found = trends(second, [first])
    assert found["coverage"].previous == 2 / 6 and found["coverage"].change == "better"
    assert found["fillers_per_minute"].series == (8.6, 3.1)
    assert found["fillers_per_minute"].change == "better" and found["fillers_per_minute"].is_best
    # Pace has no direction, only a good range (130-160): nearer it is better.
    assert found["words_per_minute"].change == "better"
    assert "long_pause_count" not in found  # not measured now: nothing to compare


def test_best_is_the_best_earlier_attempt_not_the_previous():
    earlier = [{"fillers_per_minute": 1.0}, {"fillers_per_minute": 6.0}]
    found = trends({"fillers_per_minute": 4.0}, earlier)["fillers_per_minute"]
    assert (found.previous, found.best, found.change, found.is_best) == (6.0, 1.0, "better", False)


def test_small_changes_are_the_same_and_a_first_attempt_has_no_change():
    assert compare_values("words_per_minute", 143.0, 141.0) == "same"
    assert compare_values("coverage", 0.5, 0.5) == "same"
    assert compare_values("fillers_per_minute", 3.0, 2.0) == "worse"
    assert compare_values("word_count", 300.0, 200.0) == ""  # no direction: never judged
    first = trends({"coverage": 0.5}, [])["coverage"]
    assert (first.previous, first.best, first.change, first.series) == (None, None, "", (0.5,))


def test_figures_an_older_attempt_lacks_are_compared_with_those_that_have_them():
    earlier = [{"coverage": 0.5}, {"coverage": 0.6, "pitch_range_st": 3.0}]
    found = trends({"coverage": 0.6, "pitch_range_st": 5.0}, earlier)
    assert found["pitch_range_st"].series == (3.0, 5.0)
    assert found["pitch_range_st"].change == "better"
    assert found["coverage"].change == "same" and found["coverage"].best == 0.6
