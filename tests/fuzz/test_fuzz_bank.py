"""Any bank text, bank file or article gives a bank (or import result) or a BankError with a
bounded message, quickly and without a memory blow-up.

A 443-byte bank of nested aliases used as a field name hung `bank validate` past 60 s at 1.9 GB,
and a 5,000-digit number crashed `find_banks()` (so the app did not start). Banks are generated
as the shipped format with fields swapped for hostile YAML (wrong types, long numbers, control
characters, deep nesting, aliases), as plain text and as random bytes in a file; articles as
pieces of the layouts the importer reads. Both YAML parsers (libyaml, pure Python) are used.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from mockview.cli import main
from mockview.core import paths
from mockview.core.bank.discovery import find_banks
from mockview.core.bank.importer import import_article
from mockview.core.bank.loader import BANK_FIELDS, BankError, load_bank, parse_bank
from mockview.core.bank.writer import dump_bank
from tests.core.bank.sample import HUGE_NUMBER, VALID_BANK, billion_laughs_as_key, variant
from tests.support.bounded import bounded

ERRORS = (BankError,)
PARSERS = st.sampled_from([yaml.CSafeLoader, yaml.SafeLoader])

SCALARS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),  # past Python's 4,300-digit int limit too
    st.sampled_from(
        [
            *("true", "no", "~", "null", "''", "1_000", "0o17", "1:20:30", "1e400", ".nan"),
            *("2024-13-45", "2024-02-30 10:00:00", "0x" + "f" * 5000, "1:" + "0:" * 3000 + "0"),
            *("!!binary aGk=", "!!binary ###", "!!int x", "!!float x", "!!timestamp x"),
            *("!!python/object/apply:os.system [ls]", "!!set {a, b}", "!!omap [a: 1]", "!x y"),
            *("<<: *nowhere", "&", "*", "|\n  block", ">-\n      folded", '"\\x01\\u0000"'),
        ]
    ),
    st.text(max_size=40).map(json.dumps),  # double-quoted: any character, escaped
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),  # plain, often bad YAML
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(inner, inner), max_size=4).map(
            lambda kvs: "{" + ", ".join(f"? {k} : {v}" for k, v in kvs) + "}"
        ),
    ),
    max_leaves=20,
)
DEEP = st.tuples(st.integers(1, 1500), st.sampled_from(["[", "{a: "])).map(
    lambda d: d[1] * d[0] + "x" + ("]" if d[1] == "[" else "}") * d[0]
)


@st.composite
def laughs(draw) -> str:
    """Nested aliases: each level a list of `width` aliases to the one before."""
    levels, width = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    parts = ["&l0 [" + ",".join(['"lol"'] * width) + "]"]
    parts += [f"&l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


FRAGMENTS = st.one_of(VALUES, DEEP, laughs())
FIELD_LINES = [line for line in VALID_BANK.splitlines() if re.match(r"^[ -]*[a-z_]+: \S", line)]


@st.composite
def mutated_banks(draw) -> str:
    """The sample bank with one to three fields (or field names) replaced by hostile YAML."""
    text = VALID_BANK
    for _ in range(draw(st.integers(1, 3))):
        line = draw(st.sampled_from(FIELD_LINES))
        if line not in text:
            continue
        indent, key = re.match(r"^([ -]*)([a-z_]+):", line).groups()
        fragment = draw(FRAGMENTS)
        if draw(st.booleans()):
            new = f"{indent}{key}: {fragment}"
        else:  # the fragment as a field name
            new = f"{indent}? {fragment}\n{' ' * len(indent)}: x"
        text = text.replace(line, new, 1)
    return text


GENERATED_BANKS = st.lists(
    st.tuples(st.sampled_from([*sorted(BANK_FIELDS), "x", "<<"]), FRAGMENTS), max_size=6
).map(lambda fields: "".join(f"{k}: {v}\n" for k, v in fields))


def _parsed(text: str, parser: type) -> None:
    outcome = bounded(lambda: parse_bank(text, "fuzz.yaml", parser=parser), errors=ERRORS)
    if outcome.result is not None:  # whatever is accepted survives the writer's format
        assert parse_bank(dump_bank(outcome.result)) == outcome.result


@given(st.one_of(mutated_banks(), GENERATED_BANKS), PARSERS)
def test_parse_bank_on_hostile_banks(text, parser):
    _parsed(text, parser)


@given(st.text(max_size=3000), PARSERS)
def test_parse_bank_on_any_text(text, parser):
    _parsed(text, parser)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


RAW_BANKS = VALID_BANK.encode()


@given(
    st.one_of(
        st.binary(max_size=3000),
        st.tuples(st.integers(0, len(RAW_BANKS)), st.binary(min_size=1, max_size=8)).map(
            lambda cut: RAW_BANKS[: cut[0]] + cut[1] + RAW_BANKS[cut[0] + len(cut[1]) :]
        ),
    )
)
def test_load_bank_on_random_bytes(folder, data):
    path = folder / "fuzz.yaml"
    path.write_bytes(data)
    bounded(lambda: load_bank(path), errors=ERRORS)


ARTICLE_PIECES = st.sampled_from(
    [
        *("1. ", "12) ", "1000. ", "Q3: ", "Question: ", "Answer: ", "A: ", "## ", "### 2. "),
        *("**", "__", "> ", "- ", "* ", "Part 1: Basics (1-10)", "Part 2 - X (110)", "(3)"),
        *("What is ", "How do you ", "Why ", "?", ".", ":", " ", "\n", "\n\n", "\r\n", "\t"),
        *("Conclusion", "Related: ", "https://x.io", "©", "e.g. ", "RAG", "FAISS", "Kafka"),
        *("I ", "we ", "the cache ", "latency", "9" * 5000, "\u00a0", "\ufeff", "`code`"),
        *("[link](http://a)", "![img](x)", "[", "](", "![", "#"),
    ]
)
WORDS = st.sampled_from(
    "I we the a cache latency RAG FAISS pgvector Kafka ZeRO-3 p95 e.g. rollback canary team "
    "Redis TTL data model drift 42 ms 18-month US [link](http://a) `code` **bold** *it*".split()
)


@st.composite
def article_lines(draw) -> str:
    """One line of an article: a numbered question in some layout, a heading, answer or noise."""
    kind = draw(
        st.sampled_from(["question", "heading", "other", *["question", "answer", "blank"] * 2])
    )
    words = " ".join(draw(st.lists(WORDS, min_size=3, max_size=25)))
    if kind == "question":
        number = draw(st.integers(0, 2000) | st.integers(0, 10**8) | st.just(10**30))
        layout = draw(
            st.sampled_from(["{n}. {q}", "{n}) {q}", "Q{n}: {q}", "**{n}. {q}**", "Q: {q}"])
        )
        question = draw(st.sampled_from(["What ", "How ", ""])) + words + "?"
        return draw(st.sampled_from(["", "### "])) + layout.format(n=number, q=question)
    if kind == "heading":
        return draw(st.sampled_from(["## ", "", "Part 2: ", "# "])) + words.title()
    if kind == "answer":
        return draw(st.sampled_from(["", "Answer: ", "A: ", "- ", "> "])) + words + "."
    if kind == "blank":
        return ""
    return draw(st.one_of(ARTICLE_PIECES, st.text(max_size=40)))


ARTICLES = st.one_of(
    st.lists(article_lines(), min_size=4, max_size=60).map("\n".join),
    st.lists(st.one_of(ARTICLE_PIECES, st.text(max_size=12)), max_size=150).map("".join),
    st.text(max_size=2000),
)


@given(ARTICLES)
def test_import_article_on_any_text(text):
    outcome = bounded(lambda: import_article(text, "fuzz.md"), errors=ERRORS)
    if outcome.result is not None:
        assert outcome.result.bank.questions


# Lines that made the importer's patterns take quadratic time: at 50-100 kB each took 10-18 s here,
# and an article may be 2 MB. Each now takes well under a second.
_ANSWER = "It is a thing. It does stuff well. It is fast.\n"


@pytest.mark.parametrize(
    "text",
    [
        "# a" + " " * 50_000 + "b\n\n1. What is it?\n\n" + _ANSWER,
        "## x (" + " " * 50_000 + "x\n1. What is it?\n\n" + _ANSWER,
        "1. What is it?\n\n" + "e.g. A " * 7_000 + "\n",
        "1. What is it?\n\n" + "![a" * 34_000 + "\n",
    ],
    ids=["heading-spaces", "range-spaces", "abbreviations", "open-images"],
)
def test_hostile_article_lines_take_linear_time(text):
    bounded(lambda: import_article(text, "hostile.md"), errors=ERRORS, seconds=3)


# The hostile tester's two files, in the user's banks folder: the app and the CLI still start,
# list the shipped bank, and name the file, line (and field) of the bad one.
HOSTILE_FILES = {
    "laughs.yaml": (billion_laughs_as_key(), 7, "YAML aliases"),
    "digits.yaml": (
        variant("    target_s: 75", f"    target_s: {HUGE_NUMBER}"),
        22,
        "5,000 digits",
    ),
}


@pytest.fixture(params=sorted(HOSTILE_FILES))
def hostile_bank(request):
    text, line, reason = HOSTILE_FILES[request.param]
    if request.param == "laughs.yaml":
        assert len(text.encode()) == 443
    path = paths.user_banks_dir() / request.param
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, line, reason


def test_find_banks_reports_the_hostile_file_and_loads_the_rest(hostile_bank):
    path, line, reason = hostile_bank
    scan = bounded(find_banks, errors=(), seconds=5, megabytes=100).result
    assert [b.id for b in scan.banks] == ["ai-cto"]  # the shipped bank still loads
    (error,) = scan.errors
    assert (error.path, error.line) == (path, line) and reason in error.reason
    assert HUGE_NUMBER[:50] not in str(error) and "lol" not in str(error)


@pytest.mark.parametrize("action, code", [("validate", 2), ("list", 0)])
def test_bank_cli_reports_the_hostile_file(hostile_bank, capsys, action, code):
    path, line, reason = hostile_bank
    argv = ["bank", action] + ([str(path)] if action == "validate" else [])
    assert bounded(lambda: main(argv), errors=(), seconds=5, megabytes=100).result == code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and len(err) < 1000
    assert f"error: {path}, line {line}" in err and reason in err
    if action == "list":
        assert out.splitlines()[1].startswith("ai-cto ")
    else:
        assert "1 problem found" in err
