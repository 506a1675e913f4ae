"""Filler and hedge rules: variants, multi-word fillers and the context rules."""

from __future__ import annotations

import pytest

from mockview.core.feedback import analyze
from tests.core.feedback.helpers import transcript


def fillers_of(text: str, **kw) -> list[tuple[str, int]]:
    return [(h.filler, h.word_index) for h in analyze(transcript(text), None, **kw).fillers]


@pytest.mark.parametrize("word", ["Um,", "Umm", "um...", "Uh,", "Uhh", "Erm,", "Er,", "Ah,"])
def test_vocal_variants_count_under_their_list_entry(word):
    hits = analyze(transcript(f"{word} we ship weekly."), None).fillers
    assert len(hits) == 1 and hits[0].text == word
    assert hits[0].filler in {"um", "uh", "er", "ah"}


@pytest.mark.parametrize("word", ["Hmm.", "Mm-hmm.", "Mmm,", "hm,"])
def test_humming_variants_count_as_hmm(word):
    assert fillers_of(f"{word} we ship weekly.") == [("hmm", 0)]


def test_like_as_verb_is_not_a_filler():
    for text in [
        "I would like to explain the plan.",
        "I like it a lot.",
        "It looks like a good result.",
        "We felt like the team grew.",
    ]:
        assert fillers_of(text) == [], text


def test_like_set_off_or_before_a_number_is_a_filler():
    assert fillers_of("It took, like, three weeks.") == [("like", 2)]
    assert fillers_of("Like, we had no budget.") == [("like", 0)]
    assert fillers_of("It took like three weeks.") == [("like", 2)]


def test_so_only_sentence_initial_or_set_off():
    assert fillers_of("So, we shipped it.") == [("so", 0)]
    assert fillers_of("We cut costs. So we hired.") == [("so", 3)]
    assert fillers_of("Um, so we hired.") == [("um", 0), ("so", 1)]
    assert fillers_of("We built it so that it scales.") == []
    assert fillers_of("It costs so much money.") == []
    assert fillers_of("We lost data, so we retrained.") == []


def test_multi_word_fillers_and_their_exceptions():
    assert fillers_of("We, you know, ship fast.") == [("you know", 1)]
    assert fillers_of("I mean, it works.") == [("i mean", 0)]
    assert fillers_of("Do you know what it costs?") == []
    assert fillers_of("That is what I mean by scale.") == []


def test_kind_of_is_a_filler_but_not_after_an_article():
    assert fillers_of("It was kind of slow.") == [("kind of", 2)]
    assert fillers_of("It is a kind of model.") == []
    assert fillers_of("What kind of data do you need?") == []
    assert fillers_of("We sort of agreed.") == [("sort of", 1)]


def test_right_only_as_a_tag():
    assert fillers_of("We ship weekly, right?") == [("right", 3)]
    assert fillers_of("That is the right model.") == []
    assert fillers_of("We start right now.") == []


def test_hedges_are_counted_apart_from_fillers():
    fb = analyze(transcript("I think we should maybe just wait. Probably not, I guess."), None)
    assert fb.fillers == []
    assert fb.hedge_counts == {"i guess": 1, "i think": 1, "just": 1, "maybe": 1, "probably": 1}


def test_fillers_at_sentence_starts_have_positions_and_times():
    fb = analyze(transcript("Um, we ship. Uh, we test. Basically it works."), None)
    found = [(h.filler, h.word_index) for h in fb.fillers]
    assert found == [("um", 0), ("uh", 3), ("basically", 6)]
    assert fb.fillers[1].start_s == pytest.approx(0.5 + 3 * 0.4)
    assert fb.filler_counts == {"basically": 1, "uh": 1, "um": 1}


def test_the_list_is_a_parameter():
    text = "Well, um, we ship."
    assert fillers_of(text, fillers=["well"]) == [("well", 0)]
    assert fillers_of(text, fillers=["um"]) == [("um", 1)]


def test_fillers_count_in_wpm_but_not_in_content_words():
    fb = analyze(transcript("Um, uh, we ship weekly."), None)
    assert fb.word_count == 5 and fb.content_word_count == 3
