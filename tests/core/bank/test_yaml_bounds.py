"""YAML bounds on a bank: nesting depth, alias expansion and long numbers, refused without building.

Every test runs with libyaml's parser and with pure Python's, which compose the same tree here.
"""

from __future__ import annotations

import re
import time

import pytest
import yaml

from mockview.core.bank.loader import BankError, load_bank, parse_bank
from mockview.core.bank.yaml_bounds import MAX_ALIAS_NODES, MAX_DEPTH
from tests.core.bank.sample import (
    HUGE_NUMBER,
    VALID_BANK,
    billion_laughs_as_key,
    line_of,
    variant,
    write,
)
from tests.support.bounded import bounded

assert hasattr(yaml, "CSafeLoader"), "PyYAML is built without libyaml here"
PARSERS = [
    pytest.param(yaml.CSafeLoader, id="libyaml"),
    pytest.param(yaml.SafeLoader, id="python"),
]


def _refused(text: str, parser: type, *, seconds: float = 2.0) -> BankError:
    outcome = bounded(
        lambda: parse_bank(text, "bank.yaml", parser=parser),
        errors=(BankError,),
        seconds=seconds,
        megabytes=50,
    )
    assert isinstance(outcome.error, BankError), "the bank was accepted"
    message = str(outcome.error)
    assert message.startswith("bank.yaml")
    assert len(message) < 400, message
    return outcome.error


@pytest.mark.parametrize("parser", PARSERS)
def test_billion_laughs_as_a_key_is_refused_before_anything_is_built(parser):
    text = billion_laughs_as_key()
    error = _refused(text, parser)
    # The fourth level's first alias passes the budget: 10 + 90 + 819 values, then 819 more.
    assert error.line == 7 and error.field is None
    assert "aliases" in error.reason and f"limit {MAX_ALIAS_NODES:,}" in error.reason
    assert "lol" not in str(error)


@pytest.mark.parametrize("parser", PARSERS)
def test_a_few_aliases_are_fine(parser):
    text = variant("    terms: [Redis, TTL]", "    terms: &cache [Redis, TTL]")
    text = variant("    target_s: 120", "    target_s: 120\n    terms: *cache", text)
    bank = parse_bank(text, "bank.yaml", parser=parser)
    assert bank.questions[1].terms == ("Redis", "TTL") == bank.questions[0].terms


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "text, message, where",
    [
        ("id: &a [*a]\n", "alias *a refers to a value that contains it", "id:"),
        ("id: &a x\ntitle: &a y\n", "anchor &a is defined twice (first on line 1)", "title:"),
        ("id: *nowhere\n", "alias *nowhere has no anchor", "id:"),
        ("id: x\n---\nid: y\n", "a bank is one YAML document", "---"),
        ("id: *" + "n" * 100_000 + "\n", "alias *nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...", "id:"),
    ],
    ids=["recursive", "anchor-twice", "no-anchor", "two-documents", "long-alias"],
)
def test_alias_and_document_mistakes(parser, text, message, where):
    error = _refused(text, parser)
    assert message in error.reason and error.line == line_of(text, where)


@pytest.mark.parametrize("parser", PARSERS)
def test_nesting_past_the_limit_names_the_line(parser):
    deep = "[" * (MAX_DEPTH - 3) + "x" + "]" * (MAX_DEPTH - 3)
    text = variant("    terms: [Redis, TTL]", f"    terms: {deep}")
    # The limit itself is fine: the validator then says what is wrong with the value.
    assert "found a list" in _refused(text, parser).reason
    deeper = "[" + deep + "]"
    error = _refused(variant("    terms: [Redis, TTL]", f"    terms: {deeper}"), parser)
    assert error.line == line_of(text, "terms:") and f"limit {MAX_DEPTH}" in error.reason


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,  # past libyaml's own 1,000 levels
        "a: " + "[" * 999,  # past pure Python's stack
        "".join(" " * i + "- \n" for i in range(500)),  # block nesting
        "".join(" " * i + f"k{i}:\n" for i in range(500)),
    ],
    ids=["flow-100k", "flow-999", "block-list-500", "block-map-500"],
)
def test_deep_nesting_is_refused_quickly_by_both_parsers(parser, text):
    error = _refused(text, parser)
    assert "nest more than" in error.reason and error.line is not None


def _digits_in(message: str) -> int:
    return max((len(run) for run in re.findall(r"\d+", message)), default=0)


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "old, new, field, question",
    [
        ("    target_s: 75", f"    target_s: {HUGE_NUMBER}", "target_s", "q01-caching"),
        ("  - id: q02-outage", f"  - id: {HUGE_NUMBER}", "id", "#2"),
        ("title: Sample bank", f"title: {HUGE_NUMBER}", "title", None),
        ("      - found the root cause", f"      - {HUGE_NUMBER}", "key_points", "q02-outage"),
        ("  - id: basics", f"  - id: {HUGE_NUMBER}", "sections.id", None),
        # A plain key is at most 1,024 characters in YAML; a longer one needs "? ".
        ("    target_s: 120", f"    ? {HUGE_NUMBER}\n    : 120", None, "q02-outage"),
    ],
    ids=["target_s", "question-id", "title", "key-point", "section-id", "field-name"],
)
def test_a_5000_digit_number_is_an_error_naming_the_field(parser, old, new, field, question):
    text = variant(old, new)
    error = _refused(text, parser)
    assert error.line == line_of(text, HUGE_NUMBER[:50])
    assert (error.field, error.question) == (field, question)
    assert "5,000 digits" in error.reason and _digits_in(str(error)) < 50


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("number", ["0x" + "f" * 5000, "1:" + "0:" * 2500 + "0"])
def test_long_hex_and_sexagesimal_numbers_are_refused_too(parser, number):
    # Both read as an int without Python's digit limit, but print past it.
    error = _refused(variant("title: Sample bank", f"title: {number}"), parser)
    assert error.field == "title" and "digits" in error.reason and len(str(error)) < 300


@pytest.mark.parametrize("parser", PARSERS)
def test_a_5000_digit_number_as_the_whole_file(parser):
    error = _refused(HUGE_NUMBER + "\n", parser)
    assert "expected a mapping" in error.reason and _digits_in(str(error)) < 50


@pytest.mark.parametrize("parser", PARSERS)
def test_an_impossible_date_is_an_error_not_a_crash(parser):
    text = variant("title: Sample bank", "title: 2024-13-45")
    error = _refused(text, parser)
    assert (error.field, error.line) == ("title", 2) and "put text in quotes" in error.reason


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "old, new",
    [
        ("id: sample", "id: " + "Bad " * 5_000),
        ("    target_s: 75", "    ? " + "keypoint" * 5_000 + "\n    : 1"),
        ("    section: basics", "    section: " + "nowhere" * 5_000),
        ("    target_s: 75", "    target_s: " + "ninety " * 5_000),
        ("    target_s: 75", "    target_s: !!python/name:" + "os" * 5_000),
    ],
    ids=["id", "field-name", "section", "target_s", "tag"],
)
def test_long_values_are_shortened_in_messages(parser, old, new):
    error = _refused(variant(old, new), parser)
    assert "..." in str(error)


@pytest.mark.parametrize("parser", PARSERS)
def test_a_control_character_names_its_line(parser):
    text = variant("    question: Why would you add a cache?", "    question: Why é\x01?")
    error = _refused(text, parser)
    assert "U+0001" in error.reason and error.line == line_of(text, "Why é")


def test_many_sections_are_checked_in_linear_time(tmp_path):
    # 10,000 sections: comparing each with every earlier one took 50 million steps (5 s here).
    sections = "".join(f"  - {{id: s{i}, title: S}}\n" for i in range(10_000))
    path = write(tmp_path, "many.yaml", variant("sections:\n", "sections:\n" + sections))
    start = time.perf_counter()
    bank = load_bank(path)
    assert time.perf_counter() - start < 2.0
    assert len(bank.sections) == 10_002


def test_the_shipped_bank_reads_the_same_with_both_parsers():
    from mockview.core import paths

    path = paths.builtin_banks_dir() / "ai-cto.yaml"
    text = path.read_text(encoding="utf-8")
    assert parse_bank(text, path, parser=yaml.SafeLoader) == load_bank(path)
    assert parse_bank(VALID_BANK, parser=yaml.SafeLoader) == parse_bank(VALID_BANK)
