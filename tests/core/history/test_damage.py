"""Damaged rows: reported at start, named when read, left out of an export; the rest works."""

import sqlite3
import zipfile

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService
from mockview.core.history.export import export_zip
from mockview.core.history.importer import import_zip
from tests.core.history.helpers import add_done

# How a row can be damaged by hand-editing, a bad disk sector that still reads, or a bug. The
# start check finds all but valid JSON objects of the wrong shape (that needs Python to read
# each row): those are named when read, or found by the export's check, and left out all the same.
NOT_AT_START = {"transcript wrong shape", "transcript wrong types"}
DAMAGE = {
    "transcript wrong types": ("attempt_data", "transcript_json", '{"text": 5, "segments": []}'),
    "transcript not JSON": ("attempt_data", "transcript_json", "{not json"),
    "transcript a number": ("attempt_data", "transcript_json", 42),
    "transcript a list": ("attempt_data", "transcript_json", "[1, 2]"),
    "transcript wrong shape": ("attempt_data", "transcript_json", '{"segments": [7]}'),
    "feedback a blob": ("attempt_data", "feedback_json", b"\x00\xff\x00"),
    "feedback deeply nested": ("attempt_data", "feedback_json", "[" * 5000 + "]" * 5000),
}


def _damage(attempt_id, table, column, value):
    conn = sqlite3.connect(paths.data_dir() / "history.sqlite3")
    key = "attempt_id" if table == "attempt_data" else "id"
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, attempt_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_transcript_row_is_named_and_the_rest_exports(service, tmp_path, kind):
    made = [add_done(service, audio_s=0.05) for _ in range(4)]
    service.close()
    broken = made[1]
    _damage(broken.id, *DAMAGE[kind])

    with HistoryService.open() as again:
        # Found at start, named, and nothing set aside.
        if kind not in NOT_AT_START:
            assert "damaged: 1 attempt(s)" in again.notice and broken.id[:8] in again.notice
        assert not list(paths.data_dir().glob("*.corrupt-*"))
        # Listing and summaries still work; reading the broken one names it.
        assert {a.id for a in again.attempts()} == {a.id for a in made}
        assert again.bank_summary("ai-cto")[0].attempt_count == 4
        if kind != "transcript wrong types":
            with pytest.raises(HistoryError, match=f"Cannot read attempt {broken.id}"):
                again.get(broken.id)
        # The export leaves it out with a warning naming it; the others travel whole.
        result = export_zip(again, "ai-cto", tmp_path / "out.zip")
        assert result.exported == 3 and len(result.left_out) == 1
        assert broken.id in result.left_out[0] and len(result.left_out[0]) < 400
    with zipfile.ZipFile(result.path) as zf:
        assert f"audio/ai-cto/{broken.id}.wav" not in zf.namelist()
    with HistoryService.open(tmp_path / "elsewhere") as other:
        assert import_zip(other, result.path).added == 3
        assert {a.id for a in other.attempts()} == {a.id for a in made} - {broken.id}


def test_damaged_list_columns_still_list(service):
    made = [add_done(service, audio_s=0.05) for _ in range(3)]
    service.close()
    _damage(made[0].id, "attempts", "figures_json", "{oops")
    _damage(made[1].id, "attempts", "duration_s", "long")
    conn = sqlite3.connect(paths.data_dir() / "history.sqlite3")
    conn.execute("UPDATE question_snapshots SET json = 'nope'")
    conn.commit()
    conn.close()
    with HistoryService.open() as again:
        assert "damaged: 3 attempt(s)" in again.notice
        by_id = {a.id: a for a in again.attempts()}
        assert set(by_id) == {a.id for a in made}
        assert by_id[made[0].id].figures == {} and by_id[made[1].id].duration_s == 0.0
        assert by_id[made[2].id].question.text == "(question damaged in the history database)"
        assert again.get(made[2].id).transcript == made[2].transcript


def test_an_undamaged_database_has_no_notice(service):
    add_done(service)
    service.close()
    with HistoryService.open() as again:
        assert again.notice == ""


def test_an_export_with_no_readable_attempt_is_refused_and_writes_nothing(service, tmp_path):
    made = add_done(service)
    service.close()
    _damage(made.id, "attempt_data", "transcript_json", "{")
    with HistoryService.open() as again:
        with pytest.raises(HistoryError, match="None of the 1 attempts of bank 'ai-cto'"):
            export_zip(again, "ai-cto", tmp_path / "out.zip")
    assert list(tmp_path.glob("out.zip*")) == [] and list(tmp_path.glob(".out.zip*")) == []


def test_an_unreadable_audio_file_exports_the_attempt_without_it(service, tmp_path, monkeypatch):
    from mockview.core.history import export

    made = [add_done(service), add_done(service)]

    def fake_open(path, *args, **kwargs):
        if str(path) == str(made[0].audio_path):
            raise PermissionError(13, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(export, "open", fake_open, raising=False)
    result = export_zip(service, "ai-cto", tmp_path / "out.zip")
    assert result.exported == 2 and len(result.left_out) == 1
    assert made[0].id in result.left_out[0] and "Permission denied" in result.left_out[0]
    with zipfile.ZipFile(result.path) as zf:
        assert zf.namelist() == [f"audio/ai-cto/{made[1].id}.wav", "attempts.json"]


def test_exports_are_private_files(service, tmp_path):
    """0600 whatever the umask: an export holds the user's voice and answers."""
    import os

    from mockview.core.history.export import export_csv, export_markdown

    attempt = add_done(service)
    old = os.umask(0o022)
    try:
        md = export_markdown(attempt, tmp_path / "a.md")
        csv_path = export_csv([attempt], tmp_path / "a.csv")
        zip_path = export_zip(service, "ai-cto", tmp_path / "a.zip").path
    finally:
        os.umask(old)
    for path in (md, tmp_path / "a.wav", csv_path, zip_path):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "a.csv",
        "a.md",
        "a.wav",
        "a.zip",
    ]
