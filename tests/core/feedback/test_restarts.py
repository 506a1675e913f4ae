"""restarts.find: phrases broken off and begun again, cut-off words, and what is not a restart."""

from __future__ import annotations

from mockview.core.feedback import fillers, repetition, restarts
from mockview.core.feedback.tokens import Token, spoken, tokenize, tokenize_words
from mockview.core.settings import DEFAULT_FILLERS
from mockview.core.transcript import Word
from tests.core.feedback.helpers import transcript


def _words(text: str) -> tuple[list[Token], set[int]]:
    words = spoken(tokenize(transcript(text)))
    claimed: set[int] = set()
    fillers.find(words, list(DEFAULT_FILLERS), claimed)
    return words, claimed


def _restarts(text: str) -> list[str]:
    words, claimed = _words(text)
    return [r.text for r in restarts.find(words, claimed)]


def test_whisper_spellings_of_a_restart():
    assert _restarts("So we did- we decided to move.") == ["we did-"]
    assert _restarts("So we did, we decided to move.") == ["we did,"]
    assert _restarts("We did. We decided to move.") == ["We did."]
    assert _restarts("I think the, I think we should wait.") == ["I think the,"]
    assert _restarts("And then we- and then the vendor left.") == ["And then we-"]


def test_place_and_times_of_the_abandoned_words():
    words, claimed = _words("Well, so we did- we decided to move.")
    (r,) = restarts.find(words, claimed)
    assert (r.word_index, r.word_count) == (2, 2)
    assert (r.start_s, r.end_s) == (words[2].start_s, words[3].end_s)


def test_a_filler_between_counts_as_the_break():
    assert _restarts("We did um we decided to move.") == ["We did"]
    words, claimed = _words("We were, um, you know, we had no budget.")
    (r,) = restarts.find(words, claimed)
    assert r.text == "We were," and r.word_count == 2


def test_a_cut_off_word_is_a_restart():
    assert _restarts("We deci- we decided to go.") == ["We deci-"]
    assert _restarts("To reduce la- latency we cached it.") == ["la-"]
    assert _restarts("I was going to- what we did was wait.") == ["I was going to-"]
    assert _restarts("I was going to... what we did was wait.") == ["I was going to..."]


def test_a_hyphen_that_suspends_a_compound_is_no_cut():
    assert _restarts("We did pre- and post-training checks.") == []
    assert _restarts("It is a short- to long-term plan.") == []


def test_lists_and_parallel_clauses_are_not_restarts():
    assert _restarts("We hired, we trained, we shipped.") == []
    assert _restarts("We hired, we trained, and we shipped.") == []
    assert _restarts("It was hard. It was also rewarding for everyone.") == []
    assert _restarts("I fixed the bug, the team was happy.") == []
    assert _restarts("The first model failed, the second one worked.") == []


def test_elliptical_answers_are_not_restarts():
    assert _restarts("Yes, we did. We also added a review step.") == []
    assert _restarts("Did it work? It did. It cut the cost by a third.") == []


def test_a_word_for_word_repeat_is_left_to_repetition():
    for text in ("So we, we moved.", "We- we moved.", "Um, I like, I like, I like beans."):
        words, claimed = _words(text)
        assert restarts.find(words, claimed) == []
        assert len(repetition.immediate(words, claimed)) == 1


def test_indices_point_into_transcript_words_with_bare_punctuation():
    texts = ["Um,", "-", "we", "did-", "we", "decided."]
    tokens = tokenize_words([Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(texts)])
    words = spoken(tokens)
    claimed: set[int] = set()
    fillers.find(words, list(DEFAULT_FILLERS), claimed)
    (r,) = restarts.find(words, claimed)
    assert (r.word_index, r.word_count, r.text) == (2, 2, "we did-")
    # A dash Whisper wrote as a word of its own is a break too.
    texts = ["So", "we", "did", "\u2014", "we", "decided."]
    tokens = tokenize_words([Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(texts)])
    assert [(r.word_index, r.text) for r in restarts.find(spoken(tokens))] == [(1, "we did")]
