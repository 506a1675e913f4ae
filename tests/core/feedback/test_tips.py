"""Next-time tips: which rule fires, what it says, where it points, and how tips are ranked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockview.core.feedback import fillers as filler_rules
from mockview.core.feedback import pace, pauses
from mockview.core.feedback.model import (
    Feedback,
    KeyPointResult,
    OffTopic,
    Pause,
    Restart,
    SentenceMatch,
    StoryPart,
    Structure,
    Tip,
    Voice,
)
from mockview.core.feedback.tips import CONTENT_FIRST, MAX_TIPS, next_time
from mockview.core.feedback.tokens import Token, spoken, tokenize
from mockview.core.settings import DEFAULT_FILLERS, DEFAULT_HEDGES
from tests.core.feedback.helpers import question, transcript

CLEAN = (
    "We fund AI work in stages. Each stage has a gate with a clear test. "
    "The board reviews the return every quarter and stops what does not pay. "
)


def answer(
    text: str, gaps: dict[int, float] | None = None, target_s: float = 0.0, **changes: object
) -> tuple[Feedback, list[Token]]:
    """A Feedback measured from `text` the way analyze() measures it (real filler, hedge, pause
    and pace rules), with `changes` laid over it."""
    tokens = tokenize(transcript(text, gaps=gaps))
    words = spoken(tokens)
    claimed: set[int] = set()
    fillers = filler_rules.find(words, DEFAULT_FILLERS, claimed)
    hedges = filler_rules.find(words, DEFAULT_HEDGES, claimed)
    found = pauses.from_timestamps(words)
    timing = pace.measure(words, found, words[-1].end_s + 1.0, 0.0, target_s)
    fb = replace(
        Feedback(),
        duration_s=timing.duration_s,
        response_delay_s=timing.response_delay_s,
        speaking_s=timing.speaking_s,
        answer_s=timing.answer_s,
        target_s=target_s,
        target_verdict=timing.target_verdict,
        word_count=len(words),
        words_per_minute=timing.words_per_minute,
        pace_windows=timing.pace_windows,
        fillers=fillers,
        filler_counts=filler_rules.counts(fillers),
        hedges=hedges,
        pauses=found,
    )
    return replace(fb, **changes), tokens  # type: ignore[arg-type]


def point(text: str, status: str, tokens: list[Token], span: tuple[int, int] = (-1, -1)):
    a, b = span
    return KeyPointResult(
        text=text,
        covered=status == "said",
        strength=1.0 if status == "said" else 0.3 if status == "partly" else 0.0,
        start_index=a,
        end_index=b,
        start_s=tokens[a].start_s if a >= 0 else 0.0,
        end_s=tokens[b].end_s if b >= 0 else 0.0,
        status=status,
    )


def kinds(tips: list[Tip]) -> list[str]:
    return [t.kind for t in tips]


def one(tips: list[Tip], kind: str) -> Tip:
    found = [t for t in tips if t.kind == kind]
    assert len(found) == 1, kinds(tips)
    return found[0]


def test_a_filler_opening_several_sentences_says_pause_instead_at_the_first():
    text = CLEAN + "So we ship small. So we learn fast. So the team trusts it. So we keep going."
    fb, tokens = answer(text)
    tip = one(next_time(fb, tokens, None), "fillers")
    first_so = next(t for t in tokens if t.norm == "so")
    assert tip.text == "You said 'so' to open 4 sentences: pause instead."
    assert tip.word_index == first_so.index and tip.at_s == first_so.start_s
    assert "Götz 2013" in tip.rule


def test_fillers_spread_through_name_the_most_used_and_its_first_moment():
    text = "We um fund AI, uh, in stages, um, and the board, um, reviews the return, like, yearly."
    fb, tokens = answer(text * 2)
    tip = one(next_time(fb, tokens, None), "fillers")
    assert tip.text.startswith("You said 'um' 6 times (")
    assert tip.at_s == tokens[1].start_s and tip.word_index == 1


def test_a_missing_key_point_is_named_with_its_number_and_placed_after_the_point_before():
    fb, tokens = answer(CLEAN * 3)
    kps = [
        point("Stage-gate funding", "said", tokens, (0, 5)),
        point("Row-level ACLs on every index.", "missed", tokens),
        point("Quarterly ROI review", "missed", tokens),
    ]
    tips = next_time(replace(fb, key_points=kps, coverage=1 / 3), tokens, question())
    tip = tips[0]
    assert tip.kind == "key_point_missed"
    assert tip.text == "Key point 2 (Row-level ACLs on every index) and 1 more were missing: " + (
        "one sentence on each."
    )
    assert tip.at_s == tokens[5].end_s and tip.word_index == 5
    assert tip.gain >= CONTENT_FIRST


def test_a_long_key_point_is_shortened_and_a_single_one_has_no_more():
    fb, tokens = answer(CLEAN * 3)
    kps = [
        point("Stage-gate funding", "said", tokens, (0, 5)),
        point("Keep a reserve of ten percent for experiments nobody asked for", "missed", tokens),
    ]
    tip = next_time(replace(fb, key_points=kps, coverage=0.5), tokens, None)[0]
    assert (
        tip.text
        == "Key point 2 (Keep a reserve of ten percent...) was missing: one sentence on it."
    )


def test_a_partly_said_point_names_the_words_left_out():
    fb, tokens = answer(CLEAN * 3)
    partly = replace(point("Quarterly ROI review", "partly", tokens, (20, 24)), missing=("roi",))
    kps = [point("Stage-gate funding", "said", tokens, (0, 5)), partly]
    tip = one(
        next_time(replace(fb, key_points=kps, coverage=0.5), tokens, None), "key_point_partly"
    )
    assert tip.text == "Key point 2 (Quarterly ROI review) was only partly there: add 'roi'."
    assert tip.at_s == tokens[20].start_s


def test_off_topic_names_the_other_question_and_replaces_the_missing_point_tip():
    fb, tokens = answer(CLEAN * 3)
    kps = [point("Stage-gate funding", "missed", tokens), point("ROI review", "missed", tokens)]
    other = OffTopic("q7", 7, "How do you monitor drift in production models?", 0.0, 0.8)
    tips = next_time(replace(fb, key_points=kps, off_topic=other), tokens, question())
    assert tips[0].kind == "off_topic" and "key_point_missed" not in kinds(tips)
    assert tips[0].text == (
        'This answer fits question 7 ("How do you monitor drift in...") better: '
        "answer the question asked, starting with key point 1 (Stage-gate funding)."
    )
    assert tips[0].at_s == tokens[0].start_s


def test_a_story_without_a_result_asks_for_one_at_the_end():
    fb, tokens = answer(CLEAN * 3)
    story = Structure(checked=True, missing=("result",))
    tip = one(next_time(replace(fb, structure=story), tokens, None), "story")
    assert tip.text == "Your story has no result: end with what changed, and by how much."
    assert tip.at_s == tokens[-1].end_s


def test_a_result_without_numbers_quotes_the_users_result():
    fb, tokens = answer(CLEAN + "In the end the board was much happier with it.")
    start = next(t.index for t in tokens if t.norm == "end")
    result = StoryPart("result", start, len(tokens) - 1, tokens[start].start_s, 0.0, 8)
    story = Structure(checked=True, parts=[result], result_has_numbers=False)
    tip = one(next_time(replace(fb, structure=story), tokens, None), "story")
    assert tip.text == "Your result ('end the board was much happier...') has no number: " + (
        "say by how much it changed."
    )
    unchecked = replace(story, checked=False)
    assert "story" not in kinds(next_time(replace(fb, structure=unchecked), tokens, None))


def test_hedges_name_the_phrase_and_say_state_it():
    text = "I think we fund in stages. I think the gate helps. I think the board agrees. " * 2
    fb, tokens = answer(text)
    tip = one(next_time(fb, tokens, None), "hedges")
    assert tip.text == "You said 'I think' 6 times: drop it and state the point."
    assert tip.at_s == tokens[0].start_s


def test_the_longest_pause_inside_a_clause_is_the_moment_not_one_at_a_full_stop():
    # gaps after "stages." (sentence end, longest), "has" and "with" (inside clauses)
    fb, tokens = answer(CLEAN * 2, gaps={5: 4.0, 8: 1.5, 11: 2.5})
    tip = one(next_time(fb, tokens, None), "pauses")
    assert tip.word_index == 11 and tip.at_s == pytest.approx(tokens[11].end_s)
    assert "after 'a gate with'" in tip.text


def test_over_the_target_points_at_the_longest_part_not_in_the_model_answer():
    fb, tokens = answer(CLEAN * 30, target_s=90.0)
    extra = [
        SentenceMatch("Each stage...", "extra", 0.1, 6, 14, tokens[6].start_s),
        SentenceMatch("The board...", "extra", 0.1, 15, 27, tokens[15].start_s),
    ]
    assert fb.target_verdict == "over"
    tip = one(next_time(replace(fb, transcript_sentences=extra), tokens, None), "length")
    assert f"cut about {fb.answer_s - 90:.0f} s, from 'The board reviews the return every...'" in (
        tip.text
    )
    assert tip.at_s == tokens[15].start_s


def test_under_the_target_with_missing_points_leaves_the_adding_to_the_point_tip():
    fb, tokens = answer(CLEAN * 3, target_s=90.0)
    assert fb.target_verdict == "under"
    assert "add about" in one(next_time(fb, tokens, None), "length").text
    kps = [point("Stage-gate funding", "said", tokens, (0, 5)), point("ROI", "missed", tokens)]
    tips = next_time(replace(fb, key_points=kps, coverage=0.5), tokens, None)
    assert "length" not in kinds(tips) and "key_point_missed" in kinds(tips)


def test_a_slow_answer_is_told_to_leave_fillers_out_not_to_pause():
    text = CLEAN + "So we ship small. So we learn fast. So the team trusts it."
    fb, tokens = answer(text, words_per_minute=110.0)
    tips = next_time(fb, tokens, None)
    assert one(tips, "fillers").text == "You said 'so' to open 3 sentences: leave it out."
    assert one(tips, "pace").text.startswith("You spoke at 110 words a minute: speed up to 130-160")


def test_voice_tips_point_at_the_key_point_and_the_first_fading_end():
    fb, tokens = answer(CLEAN * 3)
    kps = [point("Stage-gate funding", "said", tokens, (0, 5))]
    ends = (tokens[13].end_s, tokens[5].end_s)  # unsorted on purpose
    voice = Voice(measured=True, monotone=True, sentence_ends=4, trailing_off=ends)
    tips = next_time(replace(fb, key_points=kps, coverage=1.0, voice=voice), tokens, None)
    flat = one(tips, "monotone")
    assert flat.text.endswith("lift your pitch on your key point, 'We fund AI work in stages'.")
    assert flat.at_s == tokens[0].start_s
    fade = one(tips, "trailing_off")
    assert fade.at_s == tokens[5].end_s and fade.word_index == 5
    assert "after 'work in stages'" in fade.text


def test_restarts_and_repeats_together_quote_the_first():
    fb, tokens = answer(CLEAN * 2)
    restarts = [Restart("we did-", 3, 2, tokens[3].start_s), Restart("the", 15, 1, 9.0)]
    tips = next_time(replace(fb, restarts=restarts[:1]), tokens, None)
    assert "repairs" not in kinds(tips)
    more = replace(fb, restarts=restarts + [Restart("it", 20, 1, tokens[20].start_s)])
    tip = one(next_time(more, tokens, None), "repairs")
    assert "3 times, first 'we did-'" in tip.text and tip.at_s == tokens[3].start_s


def test_poor_coverage_beats_hesitant_fillers():
    text = "Um, we, uh, fund, um, in stages. Um, the, uh, board, um, reviews it. " * 3
    fb, tokens = answer(text)
    kps = [point("Stage-gate funding", "missed", tokens), point("ROI", "missed", tokens)]
    tips = next_time(replace(fb, key_points=kps, coverage=0.0), tokens, None)
    assert kinds(tips)[:2] == ["key_point_missed", "fillers"]


def test_hesitant_fillers_beat_a_missed_point_when_coverage_is_not_poor():
    text = "Um, we, uh, fund, um, in stages. Um, the, uh, board, um, reviews it. " * 3
    fb, tokens = answer(text)
    kps = [point(f"Point {n}", "said", tokens, (0, 3)) for n in range(3)]
    kps.append(point("Quarterly ROI review", "missed", tokens))
    tips = next_time(replace(fb, key_points=kps, coverage=0.75), tokens, None)
    assert kinds(tips)[:2] == ["fillers", "key_point_missed"]


def test_fillers_far_over_beat_a_slightly_fast_pace():
    text = "Um, we, uh, fund, um, in stages. Um, the, uh, board, um, reviews it. " * 3
    fb, tokens = answer(text, words_per_minute=163.0)
    tips = next_time(fb, tokens, None)
    assert kinds(tips).index("fillers") < kinds(tips).index("pace")
    assert one(tips, "fillers").gain > one(tips, "pace").gain > 0


def test_at_most_three_distinct_tips_best_first_all_inside_the_recording():
    text = "Um, I think, uh, we, um, fund, I think, in stages. " * 6
    fb, tokens = answer(text, gaps={3: 2.0}, target_s=90.0, response_delay_s=7.0)
    voice = Voice(measured=True, monotone=True, sentence_ends=3, trailing_off=(500.0, 600.0))
    kps = [point("Stage-gate funding", "missed", tokens)]
    fb = replace(fb, voice=voice, key_points=kps, words_per_minute=190.0)
    tips = next_time(fb, tokens, None)
    assert len(tips) == MAX_TIPS
    assert len(set(kinds(tips))) == len(tips)
    assert [t.gain for t in tips] == sorted((t.gain for t in tips), reverse=True)
    end_s = fb.lead_in_s + fb.duration_s
    for t in tips:
        assert t.at_s == -1.0 or 0.0 <= t.at_s <= end_s, t
        assert 0.0 < t.gain <= 1.0 and t.rule and t.text
    times = {t.kind: t.at_s for t in next_time(replace(fb, key_points=[]), tokens, None)}
    assert times.get("trailing_off", -1.0) == -1.0  # fading ends past the recording: no moment
    assert next_time(fb, tokens, None) == tips  # deterministic


def test_a_good_answer_gets_no_tips():
    fb, tokens = answer(CLEAN * 6, target_s=90.0)  # about 200 words at 150 WPM: 80 s of 90
    kps = [point("Stage-gate funding", "said", tokens, (0, 5))]
    voice = Voice(measured=True, monotone=False, sentence_ends=18, trailing_off=(3.0,))
    assert fb.target_verdict == "within" and 130 <= fb.words_per_minute <= 160
    assert next_time(replace(fb, key_points=kps, coverage=1.0, voice=voice), tokens, None) == []


def test_a_take_with_a_verdict_gets_no_tips():
    text = "Um, we, uh, fund, um, in stages."
    fb, tokens = answer(text, verdict="too_short", words_per_minute=300.0)
    assert next_time(fb, tokens, None) == []
    assert next_time(replace(fb, verdict=""), tokens, None) != []


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"words_per_minute": 160.0}, "pace"),
        ({"words_per_minute": 130.0}, "pace"),
        ({"response_delay_s": 5.0}, "delay"),
    ],
)
def test_exactly_at_a_threshold_does_not_fire(changes: dict[str, float], kind: str):
    fb, tokens = answer(CLEAN * 3)
    assert kind not in kinds(next_time(replace(fb, **changes), tokens, None))  # type: ignore[arg-type]
    nudged = {k: v + (0.5 if v != 130.0 else -0.5) for k, v in changes.items()}
    assert kind in kinds(next_time(replace(fb, **nudged), tokens, None))  # type: ignore[arg-type]


def test_filler_and_hedge_rates_exactly_at_threshold_do_not_fire():
    fb, tokens = answer("Um, " + CLEAN * 3 + "I think so, I think, I think.")
    assert len(fb.fillers) == 1 and len(fb.hedges) == 3
    at = replace(fb, speaking_s=60.0)  # 1 filler a minute; 3 hedges, 3 a minute: under 4
    assert not {"fillers", "hedges"} & set(kinds(next_time(at, tokens, None)))
    over = replace(fb, speaking_s=40.0)  # 1.5 fillers and 4.5 hedges a minute
    assert {"fillers", "hedges"} <= set(kinds(next_time(over, tokens, None)))
    exactly = replace(fb, speaking_s=45.0)  # hedges exactly 4 a minute
    assert "hedges" not in kinds(next_time(exactly, tokens, None))


def test_a_pause_of_exactly_one_second_inside_a_clause_does_not_fire():
    fb, tokens = answer(CLEAN * 2)
    assert fb.pauses == []  # the regular gaps are under 0.25 s
    exactly = [Pause(8, tokens[8].end_s, 1.0)]
    assert "pauses" not in kinds(next_time(replace(fb, pauses=exactly), tokens, None))
    longer = [Pause(8, tokens[8].end_s, 1.01)]
    assert "pauses" in kinds(next_time(replace(fb, pauses=longer), tokens, None))
