"""A text cut into pieces to read aloud: offsets into the text, a short first piece, bounds."""

from __future__ import annotations

import pytest

from mockview.session import reading_plan as rp

ANSWER = (
    "I think of the job as resting on three pillars. The first is strategic alignment, "
    "which means the board's growth goals become a roadmap that balances quick, practical "
    "wins, things like automating reports or triaging tickets, with the longer bets that "
    "need a year of data work and a team that knows the domain well enough to see them "
    "through. Second: stewardship!\n\nThird, value governance."
)


def test_pieces_are_sentences_with_their_place_in_the_text():
    plan = rp.plan_reading(ANSWER)
    texts = [p.text for p in plan.pieces]
    assert texts[0] == "I think of the job as resting on three pillars."
    assert texts[-2:] == ["Second: stewardship!", "Third, value governance."]
    for piece in plan.pieces:
        assert ANSWER[piece.start : piece.end] == piece.text
        assert [ANSWER[w.start : w.end] for w in piece.words] == piece.text.split()
    said = [ANSWER[w.start : w.end] for p in plan.pieces for w in p.words]
    assert said == ANSWER.split()  # every word read once, in order


def test_a_long_sentence_is_cut_at_a_clause_and_the_first_piece_is_short():
    long_first = "Well, " + ANSWER.split(". ", 1)[1]
    plan = rp.plan_reading(long_first)
    assert len(plan.pieces[0].text) <= rp.FIRST_PIECE_CHARS
    assert all(len(p.text) <= rp.MAX_PIECE_CHARS for p in plan.pieces)
    assert plan.pieces[0].text.endswith(",")  # cut after a comma, not inside a word


@pytest.mark.parametrize("text", ["", "   \n ", "🚀 🎉", "— … ——"])
def test_nothing_to_read_gives_no_piece(text):
    assert rp.plan_reading(text).pieces == ()


def test_a_very_long_text_is_read_to_its_bound():
    text = ("Words go on and on, like this. " * 700)[:20_000]
    plan = rp.plan_reading(text)
    assert not plan.truncated and plan.pieces[-1].end >= len(text.rstrip()) - 1
    huge = rp.plan_reading("x " * (rp.MAX_TEXT_CHARS))
    assert huge.truncated and huge.pieces[-1].end <= rp.MAX_TEXT_CHARS


def test_an_unbroken_token_longer_than_a_piece_is_still_cut():
    text = "See " + "a" * 600 + " now."
    plan = rp.plan_reading(text)
    assert all(len(p.text) <= rp.MAX_PIECE_CHARS for p in plan.pieces)


def test_word_weights_follow_what_is_said():
    assert rp.word_weight("the") < rp.word_weight("pillars,") < rp.word_weight("OKRs")
    assert rp.word_weight("RAG") < rp.word_weight("KPI")  # said as a word vs spelt
    assert rp.word_weight("—") == 0.0
    assert rp.word_weight("https://example.com/a/very/long/path") < rp.word_weight("pillars")
