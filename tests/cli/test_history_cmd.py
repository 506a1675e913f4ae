"""`mockview history`: list, show, export, import and delete from the command line."""

import zipfile

import pytest

from mockview.cli import main
from mockview.core.history import HistoryService
from tests.core.history.helpers import add_done, question


@pytest.fixture
def attempts(private_dirs):
    with HistoryService.open() as service:
        made = [
            add_done(service, q=question("q1"), coverage=0.25),
            add_done(service, q=question("q2"), coverage=0.75),
            add_done(service, bank="other", q=question("q1")),
        ]
    return made


def test_list(attempts, capsys):
    assert main(["history", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and out[0].startswith(attempts[2].id[:8])
    assert main(["history", "list", "--bank", "ai-cto", "--question", "q2"]) == 0
    out = capsys.readouterr().out
    assert attempts[1].id[:8] in out and "coverage 75%" in out and attempts[0].id[:8] not in out


def test_list_of_nothing_and_usage_errors(private_dirs, capsys):
    assert main(["history", "list"]) == 0
    assert "No attempts." in capsys.readouterr().out
    assert main(["history", "list", "--question", "q1"]) == 2
    assert "--question needs --bank" in capsys.readouterr().err


def test_show_by_prefix(attempts, capsys):
    assert main(["history", "show", attempts[0].id[:6]]) == 0
    out = capsys.readouterr().out
    assert f"`{attempts[0].id}`" in out and "Question q1?" in out
    assert main(["history", "show", "zzzzzz"]) == 2
    assert "No attempt with id 'zzzzzz'" in capsys.readouterr().err


def test_export_each_format_and_import(attempts, tmp_path, capsys, monkeypatch):
    md, csv_path, zip_path = tmp_path / "a.md", tmp_path / "b.csv", tmp_path / "c.zip"
    assert main(["history", "export", attempts[0].id[:8], "-o", str(md)]) == 0
    assert (tmp_path / "a.wav").is_file() and "Question q1?" in md.read_text()
    assert main(["history", "export", "--bank", "ai-cto", "-o", str(csv_path)]) == 0
    assert len(csv_path.read_text().splitlines()) == 3
    assert main(["history", "export", "--bank", "ai-cto", "-o", str(zip_path)]) == 0
    assert "attempts.json" in zipfile.ZipFile(zip_path).namelist()
    assert main(["history", "export", "--bank", "ai-cto", "-o", str(tmp_path / "x.txt")]) == 2
    assert "use .md, .zip or .csv" in capsys.readouterr().err

    monkeypatch.setenv("MOCKVIEW_DATA_DIR", str(tmp_path / "fresh"))
    assert main(["history", "import", str(zip_path)]) == 0
    assert "Imported 2 attempt(s); 0 already present." in capsys.readouterr().out
    assert main(["history", "import", str(zip_path)]) == 0
    assert "Imported 0 attempt(s); 2 already present." in capsys.readouterr().out
    assert main(["history", "import", str(md)]) == 2
    assert "is not a zip file" in capsys.readouterr().err


def test_delete(attempts, capsys):
    assert main(["history", "delete", attempts[0].id]) == 2  # no terminal to confirm on
    assert "confirm with --yes" in capsys.readouterr().err
    assert main(["history", "delete", attempts[0].id, "--yes"]) == 0
    assert not attempts[0].audio_path.exists()
    assert main(["history", "delete", "--question", "other/q1", "--yes"]) == 0
    assert "Deleted 1 attempt(s) of other/q1." in capsys.readouterr().out
    assert main(["history", "delete", "--question", "nope"]) == 2
    assert main(["history", "delete", "--question", "ai-cto/q9", "--yes"]) == 2
    with HistoryService.open() as service:
        assert [a.id for a in service.attempts()] == [attempts[1].id]


def test_export_names_a_damaged_attempt_and_exports_the_rest(attempts, tmp_path, capsys):
    import sqlite3

    from mockview.core import paths

    conn = sqlite3.connect(paths.data_dir() / "history.sqlite3")
    conn.execute(
        "UPDATE attempt_data SET transcript_json = '{broken' WHERE attempt_id = ?",
        (attempts[0].id,),
    )
    conn.commit()
    conn.close()
    out = tmp_path / "c.zip"
    assert main(["history", "export", "--bank", "ai-cto", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "damaged: 1 attempt(s)" in err  # the notice at open
    assert f"warning: attempt {attempts[0].id} was left out" in err
    assert len(zipfile.ZipFile(out).namelist()) == 2  # the other attempt's audio + attempts.json


def test_import_of_a_bad_zip_is_a_message_not_a_traceback(private_dirs, tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("attempts.json", '{"format": "mockview-history", "version": "abc"}')
    assert main(["history", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mockview history: {bad}: attempts.json has format version 'abc'")
    assert "Traceback" not in err


def test_a_damaged_schema_version_is_a_message(private_dirs, capsys):
    import sqlite3

    from mockview.core import paths

    with HistoryService.open():
        pass
    conn = sqlite3.connect(paths.data_dir() / "history.sqlite3", isolation_level=None)
    conn.execute("PRAGMA user_version = -5")
    conn.close()
    assert main(["history", "list"]) == 2
    err = capsys.readouterr().err
    assert "schema version (-5)" in err and "damaged" in err and "Traceback" not in err
