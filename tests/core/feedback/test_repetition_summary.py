"""Repetition, the ranked summary, and the Feedback record's round trip and figures."""

from __future__ import annotations

import json

from mockview.core.feedback import FIGURES, Feedback, analyze
from tests.core.feedback.helpers import question, transcript

CONTRACT_KEYS = {
    "duration_s",
    "speaking_s",
    "word_count",
    "words_per_minute",
    "articulation_wpm",
    "filler_count",
    "fillers_per_minute",
    "hedge_count",
    "pause_count",
    "long_pause_count",
    "response_delay_s",
    "coverage",
    "content_score",
    "terms_said",
    "terms_total",
    "disfluency_count",
}
VOICE_KEYS = {"pitch_range_st", "loudness_sd_db"}  # only when the voice was measured


def test_immediate_repeats_ignore_case_and_punctuation():
    fb = analyze(transcript("The the model, I think I think, works. Works fine."), None)
    assert [(r.word_index, r.word_count) for r in fb.repeats] == [(0, 1), (3, 2), (7, 1)]


def test_overused_content_words_but_not_stopwords_or_the_topic():
    text = (
        "We leverage data. We leverage people. We leverage tools. We leverage money. "
        "The the end of the story is the end."
    )
    fb = analyze(transcript(text), question(model_answer="We use data."))
    assert [(o.text, o.count) for o in fb.overused] == [("leverage", 4)]
    topical = analyze(transcript(text), question(model_answer="leverage leverage leverage"))
    assert topical.overused == []


def test_summary_ranks_worst_first_and_names_figures():
    text = "Um, uh, we, um, ship. Uh, um, it, uh, works. Um, so, like, yes. " * 2
    fb = analyze(
        transcript(text, gaps={4: 1.5}),
        question(["Stage-gate funding", "Quarterly ROI review"], target_s=90),
    )
    kinds = [o.kind for o in fb.observations]
    assert 3 <= len(fb.observations) <= 5
    assert fb.observations[0].severity == "high"
    assert "fillers" in kinds and "coverage" in kinds and "length" in kinds
    severities = [o.severity for o in fb.observations]
    rank = {"high": 3, "medium": 2, "low": 1, "good": 0}
    assert severities == sorted(severities, key=lambda s: -rank[s])
    for o in fb.observations:
        assert o.figure in CONTRACT_KEYS and o.threshold
    filler_note = next(o for o in fb.observations if o.kind == "fillers")
    assert "mostly 'um'" in filler_note.text


def test_a_good_answer_gets_positive_observations():
    model = "We use stage gate funding and review ROI every quarter."
    text = " ".join([model] * 20)  # 200 words at 150 WPM: 80 s against 90
    fb = analyze(
        transcript(text),
        question(["Stage-gate funding", "Quarterly ROI review"], model_answer=model),
    )
    assert {o.severity for o in fb.observations} == {"good"}
    assert {o.kind for o in fb.observations} == {"coverage", "fillers", "pace"}


def test_round_trip_through_json_and_figures_contract():
    fb = analyze(
        transcript("Um, we gate funding in stages, you know.", gaps={2: 1.2}),
        question(["Stage-gate funding"], terms=["PSI"], model_answer="Stage gate."),
    )
    data = json.loads(json.dumps(fb.to_dict()))
    back = Feedback.from_dict(data)
    assert back == fb
    assert set(fb.figures) == CONTRACT_KEYS == set(FIGURES) - VOICE_KEYS
    assert data["figures"] == fb.figures
    assert all(isinstance(v, float) for v in fb.figures.values())
    assert FIGURES["coverage"].higher_is_better and FIGURES["coverage"]["label"]
    assert FIGURES["words_per_minute"].render(142.4) == "142 WPM"


def test_from_dict_tolerates_missing_and_unknown_keys():
    fb = Feedback.from_dict(
        {"word_count": 3, "future_field": 1, "fillers": [{"filler": "um", "text": "Um"}]}
    )
    assert fb.word_count == 3 and fb.fillers[0].filler == "um"
