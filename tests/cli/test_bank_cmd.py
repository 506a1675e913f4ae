"""`mockview bank list/show/validate/import`: outputs, exit codes, and nothing written on error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockview.cli import main
from mockview.core import paths
from mockview.core.bank.loader import load_bank
from tests.core.bank.sample import VALID_BANK, line_of, variant, write

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


@pytest.fixture
def builtin(tmp_path, monkeypatch):
    folder = tmp_path / "builtin"
    write(folder, "sample.yaml", VALID_BANK)
    monkeypatch.setattr(paths, "builtin_banks_dir", lambda: folder)
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_list_shows_banks_then_errors(builtin, capsys):
    bad = write(
        paths.user_banks_dir(), "bad.yaml", variant("    target_s: 75", "    target_s: soon")
    )
    code, out, err = run(capsys, "bank", "list")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split() == ["ID", "TITLE", "QUESTIONS", "FILE"]
    assert row.split()[0] == "sample" and "Sample bank" in row and " 2 " in row
    assert row.endswith(str(builtin / "sample.yaml"))
    assert f"error: {bad}, line" in err and 'field "target_s"' in err


def test_list_always_says_where_the_banks_folder_is(builtin, capsys):
    folder = paths.user_banks_dir()
    code, out, _ = run(capsys, "bank", "list")
    assert code == 0 and f"Your banks folder: {folder} (not made yet;" in out
    folder.mkdir(parents=True)
    _, out, _ = run(capsys, "bank", "list")
    assert f"Your banks folder: {folder} (empty)" in out
    write(folder, "mine.yaml", variant("id: sample", "id: mine"))
    _, out, _ = run(capsys, "bank", "list")
    assert f"Your banks folder: {folder} (1 bank file)" in out and "\nmine " in out


def test_show_bank_overview_by_section(builtin, capsys):
    code, out, _ = run(capsys, "bank", "show", "sample")
    assert code == 0
    assert out.startswith("Sample bank (sample): 2 questions in 2 sections")
    assert (
        out.index("Basics [basics]")
        < out.index("1. Why would you add a cache?")
        < out.index("Stories [stories]")
        < out.index("2. Tell me about an outage")
    )


@pytest.mark.parametrize("ref", ["2", "q02-outage"])
def test_show_one_question(builtin, capsys, ref):
    code, out, _ = run(capsys, "bank", "show", "sample", ref)
    assert code == 0
    assert out.startswith("2. Tell me about an outage you handled.")
    assert "target: 120 s" in out and "Stories" in out
    assert "A bad deploy took checkout down" in out
    assert "  - rolled back in eight minutes" in out
    assert "made by the importer" in out and "Terms: none" in out


def test_show_a_bank_file_by_path(tmp_path, capsys):
    path = write(tmp_path, "other.yaml", variant("id: sample", "id: other"))
    code, out, _ = run(capsys, "bank", "show", str(path), "1")
    assert code == 0 and "Terms: Redis, TTL" in out


def test_show_unknown_bank_or_question_exits_2(builtin, capsys):
    code, _, err = run(capsys, "bank", "show", "nope")
    assert code == 2 and 'no bank "nope"' in err and "sample" in err
    code, _, err = run(capsys, "bank", "show", "sample", "9")
    assert code == 2 and "no question '9'" in err


def test_validate_good_bank_and_folder(builtin, tmp_path, capsys):
    code, out, err = run(capsys, "bank", "validate", str(builtin))
    assert code == 0 and err == ""
    assert out.startswith("sample: 2 questions in 2 sections, OK")


def test_validate_reports_bad_files_and_exits_2(builtin, tmp_path, capsys):
    text = variant("  - id: q02-outage", "  - id: Q2")
    bad = write(tmp_path / "more", "bad.yaml", text)
    code, out, err = run(
        capsys, "bank", "validate", str(builtin), str(bad.parent), str(tmp_path / "missing.yaml")
    )
    assert code == 2
    assert "sample: 2 questions in 2 sections, OK" in out  # the good one is still checked
    assert f"{bad}, line {line_of(text, 'id: Q2')}" in err and 'field "id"' in err
    assert "missing.yaml: no such file" in err and "2 problems found" in err


def test_import_writes_a_bank_that_validates(tmp_path, capsys):
    out_path = tmp_path / "platform-lead.yaml"
    code, out, err = run(
        capsys, "bank", "import", str(ARTICLES / "platform-lead-article.txt"), "-o", str(out_path)
    )
    assert code == 0, err
    assert "8 questions in 3 sections" in out
    assert "Technical Deep Dives [technical-deep-dives]: 3 questions (4-6)" in out
    bank = load_bank(out_path)
    assert bank.id == "platform-lead" and len(bank.questions) == 8
    assert main(["bank", "validate", str(out_path)]) == 0


def test_import_prints_warnings(tmp_path, capsys):
    code, out, _ = run(
        capsys,
        "bank",
        "import",
        str(ARTICLES / "q-colon.txt"),
        "-o",
        str(tmp_path / "analyst.yaml"),
        "--id",
        "analyst",
        "--title",
        "Analyst",
    )
    assert code == 0
    assert "warning: line 9: numbering jumps from 2 to 4" in out
    assert "warning: line 12: question 5 has no answer" in out
    bank = load_bank(tmp_path / "analyst.yaml")
    assert (bank.id, bank.title) == ("analyst", "Analyst")


def test_import_never_overwrites_without_force(tmp_path, capsys):
    target = write(tmp_path, "bank.yaml", "precious")
    article = str(ARTICLES / "paren-numbers.txt")
    code, _, err = run(capsys, "bank", "import", article, "-o", str(target))
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_text() == "precious"
    code, _, _ = run(capsys, "bank", "import", article, "-o", str(target), "--force")
    assert code == 0 and len(load_bank(target).questions) == 3


@pytest.mark.parametrize(
    "content, message",
    [
        ("Nothing numbered in here.\n", "no questions found"),
        (b"\xff\xfe binary \x00 junk", "binary"),
    ],
)
def test_import_failure_exits_2_and_writes_nothing(tmp_path, capsys, content, message):
    article = write(tmp_path, "article.txt", content)
    target = tmp_path / "out.yaml"
    code, _, err = run(capsys, "bank", "import", str(article), "-o", str(target))
    assert code == 2 and message in err and str(article) in err
    assert not target.exists()
    assert not list(tmp_path.glob(".out.yaml*"))


def test_import_bad_arguments_exit_2(tmp_path, capsys):
    article = str(ARTICLES / "paren-numbers.txt")
    code, _, err = run(capsys, "bank", "import", article, "-o", str(tmp_path / "x.txt"))
    assert code == 2 and ".yaml or .yml" in err
    code, _, err = run(
        capsys, "bank", "import", article, "-o", str(tmp_path / "x.yaml"), "--id", "Bad Id"
    )
    assert code == 2 and "not a valid bank id" in err and not (tmp_path / "x.yaml").exists()
    code, _, err = run(
        capsys, "bank", "import", str(tmp_path / "none.txt"), "-o", str(tmp_path / "x.yaml")
    )
    assert code == 2 and "no such file" in err


@pytest.mark.slow
def test_validate_shipped_banks_from_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "mockview", "bank", "validate", str(paths.builtin_banks_dir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "ai-cto: 30 questions in 3 sections, OK" in done.stdout


def test_import_of_a_bank_too_large_to_load_writes_nothing(tmp_path, capsys, monkeypatch):
    from mockview.core.bank import importer

    # The platform-lead article makes a bank of about 9 kB; with a 4 kB limit it is too large.
    monkeypatch.setattr(importer, "MAX_BANK_BYTES", 4_000)
    target = tmp_path / "platform-lead.yaml"
    article = str(ARTICLES / "platform-lead-article.txt")
    code, _, err = run(capsys, "bank", "import", article, "-o", str(target))
    assert code == 2 and f"{article}: the bank made from this article would be" in err
    assert "split the article into parts of at most" in err
    assert not target.exists() and not list(tmp_path.glob(".platform-lead.yaml*"))


@pytest.mark.timeout(20)  # a FIFO that is opened blocks until this kills the test
def test_a_fifo_a_device_or_a_link_loop_is_named_never_opened(tmp_path, capsys):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    code, _, err = run(capsys, "bank", "validate", str(fifo), str(tmp_path / "a.yaml"), "/dev/zero")
    assert code == 2
    assert "pipe.yaml: it is a named pipe (FIFO)" in err
    assert "a.yaml: cannot be read: it is a symbolic link that loops" in err
    assert "/dev/zero: it is a device" in err
    code, _, err = run(capsys, "bank", "import", str(fifo), "-o", str(tmp_path / "out.yaml"))
    assert code == 2 and "named pipe" in err and not (tmp_path / "out.yaml").exists()
