"""Loading and validating bank files: the format, and one clear message per kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core.bank.loader import MAX_BANK_BYTES, BankError, load_bank, parse_bank
from tests.core.bank.sample import VALID_BANK, line_of, variant, write


def _error(tmp_path: Path, text: str | bytes, name: str = "bank.yaml") -> BankError:
    path = write(tmp_path, name, text)
    with pytest.raises(BankError) as info:
        load_bank(path)
    error = info.value
    assert str(path) in str(error)  # every message names the file
    assert error.path == path
    return error


def test_valid_bank_loads_with_every_field(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    assert (bank.id, bank.title, bank.description) == (
        "sample",
        "Sample bank",
        "Two sections for tests.",
    )
    assert [(s.id, s.title) for s in bank.sections] == [
        ("basics", "Basics"),
        ("stories", "Stories"),
    ]
    first, second = bank.questions
    assert first.id == "q01-caching" and first.section == "basics"
    assert first.text == "Why would you add a cache?"
    assert first.model_answer.startswith("A cache keeps hot data")
    assert "\n\nIt also takes load" in first.model_answer  # paragraphs survive
    assert not first.model_answer.endswith("\n")
    assert first.key_points == (
        "keeps hot data close",
        "takes load off the database",
        "needs an invalidation plan",
    )
    assert first.terms == ("Redis", "TTL") and first.target_s == 75
    assert first.auto_extracted is False
    assert second.terms == () and second.target_s == 120 and second.auto_extracted is True
    assert bank.path == tmp_path / "sample.yaml"


def test_questions_are_numbered_from_one_in_file_order(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    assert [q.number for q in bank.questions] == [1, 2]
    assert bank.question("2").id == "q02-outage"
    assert bank.question("q01-caching").number == 1
    assert [q.id for q in bank.section_questions("stories")] == ["q02-outage"]


def test_target_defaults_to_90_seconds(tmp_path):
    bank = load_bank(write(tmp_path, "b.yaml", variant("    target_s: 75\n", "")))
    assert bank.questions[0].target_s == 90


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = variant("    section: basics", "    section: [basics")
    error = _error(tmp_path, text)
    assert "YAML syntax error" in str(error)
    assert error.line is not None and error.line >= line_of(text, "section: [basics")


def test_missing_field_names_question_and_field(tmp_path):
    text = variant("    question: Why would you add a cache?\n", "")
    error = _error(tmp_path, text)
    assert error.field == "question" and error.question == "q01-caching"
    assert error.line == line_of(text, "- id: q01-caching")
    assert 'question "q01-caching", field "question"' in str(error)
    assert "missing" in str(error)


def test_unknown_section(tmp_path):
    text = variant("    section: stories", "    section: nowhere")
    error = _error(tmp_path, text)
    assert error.field == "section" and error.line == line_of(text, "section: nowhere")
    assert 'unknown section "nowhere"' in str(error) and "basics, stories" in str(error)


def test_duplicate_question_id(tmp_path):
    text = variant("  - id: q02-outage", "  - id: q01-caching")
    error = _error(tmp_path, text)
    assert error.line == line_of(text, "- id: q01-caching", 2)
    assert "duplicate question id" in str(error)
    assert f"line {line_of(text, '- id: q01-caching')}" in str(error)  # points at the first


def test_empty_answer(tmp_path):
    text = variant(
        """    model_answer: |
      A bad deploy took checkout down; I rolled it back in eight minutes and we added a canary.
""",
        '    model_answer: ""\n',
    )
    error = _error(tmp_path, text)
    assert error.field == "model_answer" and error.question == "q02-outage"
    assert error.line == line_of(text, 'model_answer: ""') and "must not be empty" in str(error)


def test_key_points_as_a_string(tmp_path):
    text = variant(
        """    key_points:
      - keeps hot data close
      - takes load off the database
      - needs an invalidation plan
""",
        "    key_points: keeps hot data close\n",
    )
    error = _error(tmp_path, text)
    assert error.field == "key_points" and error.line == line_of(text, "key_points: keeps")
    assert 'expected a list, found text "keeps hot data close"' in str(error)


def test_target_as_a_string(tmp_path):
    text = variant("    target_s: 75", "    target_s: ninety")
    error = _error(tmp_path, text)
    assert error.field == "target_s" and error.line == line_of(text, "target_s: ninety")
    assert "whole number of seconds" in str(error) and '"ninety"' in str(error)


def test_target_out_of_range(tmp_path):
    error = _error(tmp_path, variant("    target_s: 75", "    target_s: 5000"))
    assert error.field == "target_s" and "found 5000" in str(error)


@pytest.mark.parametrize("count", [1, 7])
def test_three_to_six_key_points(tmp_path, count):
    points = "".join(f"      - point number {i}\n" for i in range(count))
    text = variant(
        """    key_points:
      - rolled back in eight minutes
      - found the root cause
      - added a canary stage
""",
        f"    key_points:\n{points}",
    )
    error = _error(tmp_path, text)
    kp_line = line_of(text, "key_points:", 2) + 1  # a block list starts on its first item
    assert error.line == kp_line and error.field == "key_points"
    assert str(error) == (
        f'{tmp_path / "bank.yaml"}, line {kp_line}, question "q02-outage", '
        f'field "key_points": expected 3-6 items, found {count}'
    )


def test_empty_key_point_item(tmp_path):
    error = _error(tmp_path, variant("      - found the root cause", "      - ''"))
    assert error.field == "key_points" and "item 2" in str(error)


@pytest.mark.parametrize("bad_id", ["Q01_Caching", "q01--caching", "-q01", "q01 caching"])
def test_question_id_pattern(tmp_path, bad_id):
    text = variant("  - id: q01-caching", f"  - id: '{bad_id}'")
    error = _error(tmp_path, text)
    assert error.field == "id" and error.line == line_of(text, bad_id)
    assert "not a valid id" in str(error)


def test_bank_id_pattern(tmp_path):
    error = _error(tmp_path, variant("id: sample", "id: My Bank"))
    assert error.field == "id" and error.line == 1


def test_unknown_field_is_reported(tmp_path):
    text = variant("    target_s: 75", "    target_s: 75\n    keypoints: [a, b, c]")
    error = _error(tmp_path, text)
    assert error.field == "keypoints" and error.line == line_of(text, "keypoints:")
    assert "unknown field" in str(error)


def test_terms_must_be_a_list(tmp_path):
    error = _error(tmp_path, variant("    terms: [Redis, TTL]", "    terms: 42"))
    assert error.field == "terms" and "the number 42" in str(error)


def test_not_a_mapping(tmp_path):
    error = _error(tmp_path, "- just\n- a list\n")
    assert "expected a mapping" in str(error) and error.line == 1


def test_non_utf8_file(tmp_path):
    data = VALID_BANK.replace("Sample bank", "Sample bank \xe9").encode("latin-1")
    error = _error(tmp_path, data)
    assert "not UTF-8" in str(error) and error.line == 2


def test_binary_file(tmp_path):
    error = _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="picture.yaml")
    assert "binary" in str(error)


@pytest.mark.parametrize("content", ["", "   \n\n  \n", "# only a comment\n"])
def test_empty_file(tmp_path, content):
    error = _error(tmp_path, content)
    assert "empty" in str(error)


def test_missing_file(tmp_path):
    with pytest.raises(BankError, match="no such file") as info:
        load_bank(tmp_path / "absent.yaml")
    assert str(tmp_path / "absent.yaml") in str(info.value)


def test_large_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(10 * 1024 * 1024)  # 10 MB, sparse
    assert path.stat().st_size > MAX_BANK_BYTES

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(BankError, match="too large") as info:
        load_bank(path)
    assert str(path) in str(info.value) and "10.5 MB" in str(info.value)


def test_parse_bank_without_a_path_still_reads_well():
    with pytest.raises(BankError, match=r"^<bank>, line 1, field \"id\""):
        parse_bank(variant("id: sample", "id: Bad Id"))
