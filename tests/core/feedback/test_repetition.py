"""repetition.immediate: runs of repeated words, fillers stepped over, legitimate doubles kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core.feedback import fillers, repetition
from mockview.core.feedback.tokens import Token, spoken, tokenize, tokenize_words
from mockview.core.settings import DEFAULT_FILLERS
from mockview.core.transcript import Word
from tests.core.feedback.helpers import transcript

SPONTANEOUS = (
    Path(__file__).resolve().parents[3].parent / "shared/speech/spontaneous/batchalign_test.mp3"
)


def _words(text: str) -> tuple[list[Token], set[int]]:
    words = spoken(tokenize(transcript(text)))
    claimed: set[int] = set()
    fillers.find(words, list(DEFAULT_FILLERS), claimed)
    return words, claimed


def _repeats(text: str) -> list[tuple[str, int, int]]:
    words, claimed = _words(text)
    return [(r.text, r.word_index, r.word_count) for r in repetition.immediate(words, claimed)]


def test_a_run_of_three_is_one_repeat_covering_all_of_it():
    assert _repeats("I I I think it worked.") == [("I I I", 0, 1)]
    assert _repeats("Um, I like, I like, I like beans.") == [("I like, I like, I like", 1, 2)]


def test_the_run_spans_its_words_from_word_index():
    words, claimed = _words("So the the the model shipped.")
    (r,) = repetition.immediate(words, claimed)
    span = [t.raw for t in words if r.word_index <= t.index][: len(r.text.split())]
    assert " ".join(span) == r.text == "the the the"
    assert r.start_s == words[1].start_s


def test_fillers_inside_a_repeat_are_stepped_over():
    assert _repeats("I, um, I think so.") == [("I, um, I", 0, 1)]
    assert _repeats("Um um we shipped.") == []  # fillers are counted as fillers, not repeats


def test_grammatical_doubles_are_not_stumbles_unless_broken_off():
    assert _repeats("We had had enough of it.") == []
    assert _repeats("I knew that that was wrong.") == []
    assert _repeats("What the problem is is ownership.") == []
    assert _repeats("I knew that, that was wrong.") == [("that, that", 2, 1)]
    assert _repeats("We had, had no plan.") == [("had, had", 1, 1)]


def test_emphatic_doubles_and_a_noun_starting_a_new_clause_are_not_stumbles():
    assert _repeats("It is very very important.") == []
    assert _repeats("It is very, very important.") == []
    assert _repeats("I like beans, beans are fun.") == []
    assert _repeats("We use the, the model.") == [("the, the", 2, 1)]


def test_a_run_may_start_where_another_ends():
    assert _repeats("I I think I think so.") == [("I I", 0, 1), ("I think I think", 1, 2)]


def test_indices_point_into_transcript_words_with_bare_punctuation():
    texts = ["We", "-", "we", "moved", "to", ",", "to", "Postgres."]
    tokens = tokenize_words([Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(texts)])
    found = repetition.immediate(spoken(tokens))
    assert [(r.word_index, r.text) for r in found] == [(0, "We we"), (4, "to to")]


@pytest.mark.slow
@pytest.mark.skipif(not SPONTANEOUS.is_file(), reason="real speech clips not found")
def test_the_real_retrace_comes_out_as_one_repeat():
    """batchalign's author says "I like, I like, I like beans"; tiny.en with the app's prompt
    writes the retrace (../shared/speech/README.md)."""
    from mockview.engines.audio_files import load_audio_16k
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber(device="cpu")
    tokens = tokenize(engine.transcribe(load_audio_16k(SPONTANEOUS)))
    words = spoken(tokens)
    claimed: set[int] = set()
    fillers.find(words, list(DEFAULT_FILLERS), claimed)
    found = repetition.immediate(words, claimed)
    said = [" ".join(t.norm for t in words[i : i + 6]) for i in range(len(words))]
    if "i like i like i like" not in " ".join(said):
        pytest.skip("tiny.en left the retrace out this time")
    runs = [r for r in found if r.text.lower().replace(",", "") == "i like i like i like"]
    assert len(runs) == 1 and runs[0].word_count == 2
