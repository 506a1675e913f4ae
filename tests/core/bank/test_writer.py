"""The YAML writer: documented layout, exact round trip through the loader, safe writing."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from mockview.core.bank.loader import BankError, load_bank, parse_bank
from mockview.core.bank.model import Bank, Question, Section
from mockview.core.bank.writer import dump_bank, write_bank
from tests.core.bank.sample import VALID_BANK, write


def _tricky_bank() -> Bank:
    answer = (
        "First line: with a colon, #hash and 'quotes' and \"doubles\".\n"
        "  An indented second line — with unicode ✓.\n\nA last paragraph."
    )
    q1 = Question(
        id="q01-tricky",
        section="odd",
        text="yes",
        model_answer=answer,
        key_points=("- starts with a dash", "null", "key: value"),
        terms=("C++", "[brackets]", "a, b", "ZeRO-3"),
        target_s=60,
        number=1,
    )
    q2 = Question(
        id="q02-spaces",
        section="odd",
        text="What about 'trailing spaces'?  x",
        model_answer="line with trailing blanks   \nand a tab\there",
        key_points=("one", "two", "three"),
        number=2,
        auto_extracted=True,
    )
    return Bank(
        id="tricky",
        title="Title: with colon",
        description="@at start",
        sections=(Section("odd", "Odd # section"),),
        questions=(q1, q2),
    )


def test_round_trip_of_a_loaded_bank(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    again = parse_bank(dump_bank(bank))
    assert again == bank


def test_round_trip_of_awkward_strings():
    bank = _tricky_bank()
    assert parse_bank(dump_bank(bank)) == bank


def test_layout_uses_block_scalars_for_answers():
    text = dump_bank(_tricky_bank())
    assert "    model_answer: |\n      First line: with a colon" in text
    assert "auto_extracted: true" in text
    data = yaml.safe_load(text)
    assert list(data) == ["id", "title", "description", "sections", "questions"]
    assert list(data["questions"][0]) == [
        "id",
        "section",
        "question",
        "model_answer",
        "key_points",
        "terms",
        "target_s",
    ]


def test_write_refuses_to_overwrite_without_force(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    target = write(tmp_path, "out.yaml", "keep me")
    with pytest.raises(BankError, match="already exists"):
        write_bank(bank, target)
    assert target.read_text() == "keep me"
    write_bank(bank, target, force=True)
    assert load_bank(target) == bank
    assert sorted(p.name for p in tmp_path.glob("*.*")) == ["out.yaml", "sample.yaml"]


def test_invalid_bank_is_never_written(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    broken = replace(bank, questions=(replace(bank.questions[0], key_points=("only one",)),))
    target = tmp_path / "broken.yaml"
    with pytest.raises(BankError, match="expected 3-6 items"):
        write_bank(broken, target)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.glob("*.*")) == ["sample.yaml"]  # no temp file


def test_write_into_missing_folder_fails_cleanly(tmp_path):
    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    with pytest.raises(BankError, match="does not exist"):
        write_bank(bank, tmp_path / "nope" / "out.yaml")


def test_a_bank_over_the_size_limit_is_never_written(tmp_path):
    # The loader refuses a file over MAX_BANK_BYTES, so the writer must not make one.
    from mockview.core.bank.loader import MAX_BANK_BYTES

    bank = load_bank(write(tmp_path, "sample.yaml", VALID_BANK))
    long_answer = "A cache keeps hot data close.\n" * (MAX_BANK_BYTES // 30)
    big = replace(bank, questions=(replace(bank.questions[0], model_answer=long_answer),))
    target = tmp_path / "big.yaml"
    with pytest.raises(
        BankError, match=r"2\.2 MB is too large for a bank \(limit 2 MB\); a bank is"
    ):
        write_bank(big, target)
    assert not target.exists()
