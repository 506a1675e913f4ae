"""The `behavioural:` field: per question and as a section default, validated at its line,
written back, set by the importer on story questions, and set on ai-cto's behavioural part."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core import paths
from mockview.core.bank.discovery import scan_paths
from mockview.core.bank.importer import import_article
from mockview.core.bank.loader import BankError, parse_bank
from mockview.core.bank.writer import dump_bank
from tests.core.bank.sample import VALID_BANK, line_of, variant

ARTICLES = Path(__file__).parents[2] / "fixtures" / "articles"
SECOND_TARGET = "    target_s: 120\n"


def _parse(text: str):
    return parse_bank(text, "bank.yaml")


def _error(text: str) -> BankError:
    with pytest.raises(BankError) as info:
        _parse(text)
    return info.value


def test_questions_are_not_behavioural_unless_marked():
    bank = _parse(VALID_BANK)
    assert [q.behavioural for q in bank.questions] == [False, False]


@pytest.mark.parametrize("value, expected", [("true", True), ("false", False)])
def test_a_question_marked_behavioural(value, expected):
    bank = _parse(variant(SECOND_TARGET, SECOND_TARGET + f"    behavioural: {value}\n"))
    assert [q.behavioural for q in bank.questions] == [False, expected]


@pytest.mark.parametrize(
    "value, found",
    [
        ("1", "found the number 1"),
        ('"true"', 'found text "true"'),
        ("[true]", "found a list"),
        ("", "found nothing"),
    ],
)
def test_a_non_boolean_is_refused_at_its_line(value, found):
    text = variant(SECOND_TARGET, SECOND_TARGET + f"    behavioural: {value}\n")
    error = _error(text)
    assert error.line == line_of(text, "behavioural:")
    assert (error.question, error.field) == ("q02-outage", "behavioural")
    assert error.reason == f"expected true or false, {found}"
    assert str(error).startswith(f"bank.yaml, line {error.line}, question")


def test_a_section_sets_the_default_for_its_questions():
    text = variant("    title: Stories\n", "    title: Stories\n    behavioural: true\n")
    bank = _parse(text)
    assert [q.behavioural for q in bank.questions] == [False, True]
    # A question may still say otherwise.
    text = variant(SECOND_TARGET, SECOND_TARGET + "    behavioural: false\n", text)
    assert [q.behavioural for q in _parse(text).questions] == [False, False]


def test_a_non_boolean_section_default_is_refused_at_its_line():
    text = variant("    title: Stories\n", "    title: Stories\n    behavioural: yes please\n")
    error = _error(text)
    assert error.line == line_of(text, "behavioural:")
    assert error.field == "sections.behavioural" and error.question is None
    assert error.reason == 'expected true or false, found text "yes please"'


@pytest.mark.parametrize(
    "old, new",
    [
        (SECOND_TARGET, SECOND_TARGET + "    behavioural: true\n"),
        ("    title: Stories\n", "    title: Stories\n    behavioural: true\n"),
    ],
)
def test_written_back_and_read_again_unchanged(old, new):
    bank = _parse(variant(old, new))
    text = dump_bank(bank)
    assert text.count("behavioural: true") == 1  # on the question, also for a section default
    assert parse_bank(text) == bank


def test_no_behavioural_line_for_other_questions():
    assert "behavioural" not in dump_bank(_parse(VALID_BANK))


def test_importer_marks_story_questions():
    text = (ARTICLES / "platform-lead-article.txt").read_text(encoding="utf-8")
    bank = import_article(text, "platform-lead-article.txt").bank
    marked = {q.text.split()[0] for q in bank.questions if q.behavioural}
    assert marked == {"Describe", "Give"}  # questions 7 and 8, the behavioural part
    assert sum(q.behavioural for q in bank.questions) == 2
    assert parse_bank(dump_bank(bank)) == bank


@pytest.mark.parametrize(
    "question, story",
    [
        ("Tell me about a time you had to convince the board.", True),
        ("Tell me about a production outage you handled.", True),
        ("Describe a situation where you disagreed with your manager.", True),
        ("Give me an example of leading without authority.", True),
        ("Walk me through a time you failed.", True),
        ("Tell me about yourself.", False),
        ("Tell me about your experience with Kafka.", False),
        ("Describe your approach to testing.", False),
        ("How do you keep cloud spend under control?", False),
    ],
)
def test_importer_story_question_openings(question, story):
    answer = (
        "First, we measured the problem with the team. Second, we changed the process and "
        "wrote it down. Third, we checked the numbers every month. Fourth, we shared them."
    )
    bank = import_article(f"1. {question}\n\n{answer}\n", "one.txt").bank
    assert bank.questions[0].behavioural is story


def test_shipped_bank_marks_its_behavioural_part():
    bank = scan_paths([paths.builtin_banks_dir()]).get("ai-cto")
    assert bank is not None
    marked = [q.number for q in bank.questions if q.behavioural]
    assert marked == list(range(21, 31))
    assert {q.section for q in bank.questions if q.behavioural} == {"behavioural"}
