"""The article importer on fixture articles in several layouts: questions, sections, answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core.bank.importer import ArticleError, import_article
from mockview.core.bank.loader import ID_PATTERN, BankError, parse_bank
from mockview.core.bank.writer import dump_bank

ARTICLES = Path(__file__).parents[2] / "fixtures" / "articles"

# Text from intros, "Related" lines, conclusions and footers of the fixtures: never in an answer.
NOISE = [
    "Hiring managers we surveyed",
    "This guide collects",
    "How Is This Guide Organised",
    "Part 1",
    "Related",
    "Internal Developer Portals",
    "Cost Dashboards",
    "Conclusion",
    "These eight questions",
    "masterclass",
    "Team Quillby",
    "Welcome!",
    "Bookmark",
    "Good luck",
    "Share this page",
    "Prep Club",
    "sample answers",
    "Fundamentals",
    "Systems",
    "Technical Deep Dives",
    "Behavioural Questions",
    "Core Platform",
    "Here are common questions",
    "Screening Questions",
    "Q5",
    "biggest weakness",
    "Question:",
    "Answer:",
    "A:",
    "**",
    "###",
    "](",
    "24 Platform Engineering",
]


def _import(name: str, **kwargs):
    path = ARTICLES / name
    return import_article(path.read_text(encoding="utf-8"), str(path), **kwargs)


def _assert_clean(bank) -> None:
    for q in bank.questions:
        for noise in NOISE:
            assert noise not in q.model_answer, (q.id, noise)
            assert noise not in q.text, (q.id, noise)


def _assert_well_formed(bank) -> None:
    assert parse_bank(dump_bank(bank)) == bank  # the bank survives the file format
    for q in bank.questions:
        assert ID_PATTERN.match(q.id) and q.id.startswith(f"q{q.number:02d}-")
        assert 3 <= len(q.key_points) <= 6 and q.auto_extracted
        assert all(len(p.split()) <= 14 for p in q.key_points)
        assert 60 <= q.target_s <= 120


def test_article_with_intro_parts_related_conclusion_and_footer():
    result = _import("platform-lead-article.txt")
    bank = result.bank
    assert result.summary == "8 questions in 3 sections" and result.warnings == []
    assert bank.title == "24 Platform Engineering Lead Interview Questions [2026 Guide]"
    assert [s.title for s in bank.sections] == [
        "Core Platform Questions",
        "Technical Deep Dives",
        "Behavioural Questions",
    ]
    assert [len(bank.section_questions(s.id)) for s in bank.sections] == [3, 3, 2]
    assert bank.questions[0].id == "q01-platform-engineering-lead"
    assert bank.questions[7].text == (
        "Give an example of winning over a team that resisted the platform."
    )
    # Each answer is exactly its own paragraph: starts and ends where the article's does.
    assert bank.questions[1].model_answer.startswith("I keep a single backlog")
    assert bank.questions[1].model_answer.endswith("not only the loudest voices.")
    assert bank.questions[7].model_answer.endswith("presents the platform at onboarding sessions.")
    _assert_clean(bank)
    _assert_well_formed(bank)
    # Behavioural questions get two minutes; the others follow answer length, within 60-120 s.
    assert [q.target_s for q in bank.section_questions(bank.sections[2].id)] == [120, 120]
    assert "OpenTelemetry" in bank.questions[5].terms
    assert "Terraform" in bank.questions[3].terms


def test_q_colon_layout_with_gap_and_missing_answer():
    result = _import("q-colon.txt")
    bank = result.bank
    assert result.summary == "4 questions in 1 section"
    assert bank.title == "Data Analyst Screening Questions"
    assert [q.text for q in bank.questions][2] == "Which tools do you use for reporting?"
    assert any("jumps from 2 to 4" in w for w in result.warnings)
    assert any("question 5 has no answer" in w for w in result.warnings)
    assert {"dbt", "Looker", "Metabase", "SQL"} <= set(bank.questions[2].terms)
    _assert_clean(bank)
    _assert_well_formed(bank)


def test_parenthesis_numbers():
    result = _import("paren-numbers.txt")
    assert result.summary == "3 questions in 1 section" and result.warnings == []
    q = result.bank.questions[1]
    assert q.text == "How do you handle a sudden spike in tickets?"
    assert q.model_answer.startswith("First, I tag the spike")
    _assert_clean(result.bank)
    _assert_well_formed(result.bank)


def test_markdown_headings():
    result = _import("markdown-headings.md")
    bank = result.bank
    assert result.summary == "4 questions in 2 sections"
    assert bank.title == "Machine Learning Engineer Interview Prep"
    assert [s.title for s in bank.sections] == ["Fundamentals", "Systems"]
    first = bank.questions[0].model_answer
    assert first.startswith("Precision is the share")  # bold markers removed
    assert "scikit-learn guide for the details" in bank.questions[1].model_answer  # link text
    assert "- quantise to int8" in bank.questions[2].model_answer  # list items kept
    assert "int8" in bank.questions[2].terms and "ONNX" in bank.questions[2].terms
    _assert_clean(bank)
    _assert_well_formed(bank)


def test_question_answer_pairs():
    result = _import("question-answer.txt")
    assert result.summary == "3 questions in 1 section" and result.warnings == []
    q = result.bank.questions[1]
    assert q.text == "Tell me about a feature you decided to remove."
    assert q.model_answer.startswith("Our reporting page")
    _assert_clean(result.bank)
    _assert_well_formed(result.bank)


def test_bold_numbers_and_repeated_number():
    result = _import("bold-numbers.md")
    assert result.summary == "3 questions in 1 section"
    assert any("number 2 appears twice" in w for w in result.warnings)
    assert [q.number for q in result.bank.questions] == [1, 2, 3]
    assert result.bank.questions[2].id.startswith("q03-")
    _assert_clean(result.bank)
    _assert_well_formed(result.bank)


def test_bank_id_and_title_can_be_given():
    result = _import("paren-numbers.txt", bank_id="support-lead", title="Support lead")
    assert (result.bank.id, result.bank.title) == ("support-lead", "Support lead")
    assert _import("paren-numbers.txt").bank.id == "paren-numbers"  # from the file name


def test_invalid_bank_id_is_refused():
    with pytest.raises(ArticleError, match="not a valid bank id"):
        _import("paren-numbers.txt", bank_id="Support Lead")


def test_short_and_long_answers_are_warned_about():
    long_answer = " ".join(f"Caching point {i} keeps hot data near readers." for i in range(60))
    text = (
        f"1. Why cache?\n\n{long_answer}\n\n2. Why index?\n\nIndexes speed reads. They slow "
        "writes. They need upkeep.\n"
    )
    result = import_article(text, "short-long.txt")
    assert any("long answer (480 words" in w for w in result.warnings)
    assert any("short answer (9 words)" in w for w in result.warnings)
    assert result.bank.questions[0].target_s == 120  # clamped
    assert result.bank.questions[1].target_s == 60


def test_no_questions_is_an_error_naming_the_source():
    with pytest.raises(BankError, match=r"^notes\.txt: no questions found"):
        import_article("Just some notes.\n\nNothing numbered here.\n", "notes.txt")


def test_questions_without_any_answer_is_an_error():
    with pytest.raises(ArticleError, match="none has an answer"):
        import_article("1. What is a cache?\n2. What is an index?\n", "bare.txt")


def test_numbered_list_inside_an_answer_is_not_a_question():
    text = (
        "1. How do you roll out a change?\n\nI follow three steps every time.\n"
        "1. Test the change in staging.\n2. Release to a canary.\n"
        "3. Watch the error rate before going wide.\n\n"
        "2. How do you roll back?\n\nI keep the previous build ready, flip traffic back "
        "and then investigate the cause calmly.\n"
    )
    result = import_article(text, "steps.txt")
    assert result.summary == "2 questions in 1 section"
    assert "2. Release to a canary." in result.bank.questions[0].model_answer


def test_part_ranges_in_the_intro_give_sections_when_the_body_has_no_headings():
    text = (ARTICLES / "platform-lead-article.txt").read_text(encoding="utf-8")
    headings = ["Core Platform Questions\n", "Technical Deep Dives\n", "Behavioural Questions\n"]
    for heading in headings:
        assert heading in text
        text = text.replace(heading, "")
    text = text.replace("(1-3)", "(13)")  # a range that lost its dash still reads as 1-3
    result = import_article(text, "no-headings.txt")
    bank = result.bank
    assert [s.title for s in bank.sections] == [
        "Core Questions",
        "Technical Deep Dives",
        "Behavioural Questions",
    ]
    assert [len(bank.section_questions(s.id)) for s in bank.sections] == [3, 3, 2]
    _assert_clean(bank)


def test_windows_line_ends_byte_order_mark_and_wrapped_paragraphs():
    text = (
        "\ufeff# Wrapped notes\r\n\r\n### 1. How do you review code?\r\n\r\n"
        "I read the description first, then the tests, and only then\r\n"
        "the change itself. I comment on behaviour before style, and I\r\n"
        "approve with suggestions when nothing blocks the release.\r\n"
    )
    bank = import_article(text, "wrapped.md").bank
    assert bank.title == "Wrapped notes"
    (q,) = bank.questions
    assert q.model_answer == (
        "I read the description first, then the tests, and only then the "
        "change itself. I comment on behaviour before style, and I approve "
        "with suggestions when nothing blocks the release."
    )


_ANSWER = (
    "I keep hot data in memory close to the service that reads it, which cuts latency. "
    "Every entry gets a time to live so that stale values expire on their own. "
    "Writes go to the database first and then invalidate the cached copy, "
    "so a reader never sees a value the database does not hold."
)


def test_question_numbers_past_999_are_questions():
    text = "".join(
        f"{n}. What is cache number {n}?\n\n{_ANSWER}\n\n" for n in (998, 999, 1000, 1001)
    )
    result = import_article(text, "long-list.txt")
    bank = result.bank
    assert [q.text for q in bank.questions] == [
        f"What is cache number {n}?" for n in (998, 999, 1000, 1001)
    ]
    assert all(q.model_answer == _ANSWER for q in bank.questions)  # nothing joined 999's answer
    assert result.warnings == ["line 1: numbering starts at 998, not 1"]


@pytest.mark.parametrize(
    "line, number",
    [("Q1000: What is a cache?", 1000), ("**123456. What is a cache?**", 123456)],
)
def test_long_question_numbers_in_other_layouts(line, number):
    result = import_article(f"{line}\n\n{_ANSWER}\n", "q.txt")
    (q,) = result.bank.questions
    assert q.text == "What is a cache?"
    assert result.warnings == [f"line 1: numbering starts at {number}, not 1"]


def test_a_figure_of_many_digits_is_not_a_question_number():
    # More digits than an article can number (and past Python's int limit): answer text.
    figure = "9" * 5000
    text = f"1. What is a cache?\n\n{_ANSWER}\n{figure}. What a number?\n"
    (q,) = import_article(text, "q.txt").bank.questions
    assert q.model_answer.endswith(f"{figure}. What a number?")


def test_a_bank_the_loader_would_refuse_is_refused_with_advice(monkeypatch):
    from mockview.core.bank import importer

    # The platform-lead article makes a bank of about 9 kB; with a 4 kB limit it is too large.
    monkeypatch.setattr(importer, "MAX_BANK_BYTES", 4_000)
    with pytest.raises(ArticleError) as info:
        _import("platform-lead-article.txt")
    message = str(info.value)
    assert "platform-lead-article.txt: the bank made from this article would be" in message
    assert "(8 questions)" in message and "split the article into parts of at most" in message
