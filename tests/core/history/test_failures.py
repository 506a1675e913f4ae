"""Failures a user can meet: full disk, unwritable folder, damaged database, bad audio."""

import sqlite3

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService
from mockview.engines.recorder import repair_audio_file
from tests.core.history.helpers import QUESTION, add_done, feedback, transcript, write_tone


def test_disk_full_is_a_clear_error_and_loses_nothing(service):
    kept = [add_done(service) for _ in range(3)]
    attempt = service.start_attempt("ai-cto", QUESTION)
    conn = service.repository.conn
    # SQLite's own size cap gives the real SQLITE_FULL ("database or disk is full").
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = transcript("word " * 20000)
    with pytest.raises(HistoryError, match="disk is full") as info:
        service.complete_attempt(attempt.id, 1.0, big, feedback())
    assert "history.sqlite3" in str(info.value)
    assert service.get(attempt.id).state == "recording"  # still recoverable later
    assert [service.get(a.id) for a in kept] == kept
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert service.complete_attempt(attempt.id, 1.0, big, feedback()).state == "done"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryError, match="Cannot create the data folder .*a-file/data"):
        HistoryService.open(blocker / "data")


def test_recordings_folder_that_cannot_be_created(service):
    (paths.data_dir() / "recordings").write_text("in the way")
    with pytest.raises(HistoryError, match="Cannot create the recordings folder"):
        service.start_attempt("ai-cto", QUESTION)
    assert service.attempts() == []


def test_unwritable_data_dir_is_reported(tmp_path, monkeypatch):
    # Tests run as root, where chmod does not block writes: ask the access check instead.
    import os

    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if "ro" in str(p) else real_access(p, mode)
    )
    with pytest.raises(HistoryError, match="folder .*ro is not writable"):
        HistoryService.open(tmp_path / "ro")


def test_corrupt_database_is_set_aside_and_a_new_one_started():
    db = paths.data_dir() / "history.sqlite3"
    db.write_bytes(b"this is not sqlite at all, " * 200)
    with HistoryService.open() as service:
        aside = list(paths.data_dir().glob("history.sqlite3.corrupt-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(b"this is not sqlite")
        assert str(aside[0]) in service.notice
        assert add_done(service).state == "done"
    with HistoryService.open() as again:
        assert again.notice == ""
        assert len(again.attempts()) == 1


def _damage_pages_of(table: str, kind: str = "leaf", count: int = 3) -> None:
    db = paths.data_dir() / "history.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ?", (table, kind)
        )
    ]
    assert len(pages) >= count
    conn.close()
    data = bytearray(db.read_bytes())
    for page in pages[:count]:
        data[(page - 1) * page_size : page * page_size] = b"\xff" * page_size
    db.write_bytes(bytes(data))


def test_damaged_attempts_table_sets_the_database_aside(service):
    for _ in range(30):
        add_done(service, audio_s=0.01)
    service.close()
    _damage_pages_of("attempts")
    with HistoryService.open() as again:
        assert "set aside" in again.notice
        assert again.attempts() == []


def test_damaged_transcript_costs_only_that_transcript(service):
    made = [add_done(service, audio_s=0.01) for _ in range(30)]
    service.close()
    _damage_pages_of("attempt_data", "leaf", 1)
    with HistoryService.open() as again:
        listed = again.attempts()
        assert {a.id for a in listed} == {a.id for a in made}
        assert all(a.figures for a in listed)
        broken = []
        for attempt in listed:
            try:
                _ = attempt.transcript
            except HistoryError as error:
                assert attempt.id in str(error)
                broken.append(attempt.id)
        assert 0 < len(broken) < len(listed)
        # The start reports the damage and names the attempts it costs, sets nothing aside.
        assert f"damaged: {len(broken)} attempt(s) cannot be read" in again.notice
        assert all(b[:8] in again.notice for b in sorted(broken)[:5])
        assert "set aside" not in again.notice


def _must_not_run(path):
    pytest.fail("process must not run")


def test_recover_with_missing_audio_fails_with_message(service):
    attempt = service.start_attempt("ai-cto", QUESTION)
    result = service.recover(attempt, _must_not_run, repair=repair_audio_file)
    assert result.state == "failed"
    assert "No audio was saved" in result.error and str(attempt.audio_path) in result.error


def test_recover_with_garbage_audio_fails_with_message(service):
    attempt = service.start_attempt("ai-cto", QUESTION)
    attempt.audio_path.write_bytes(b"\x00garbage" * 100)
    result = service.recover(attempt, _must_not_run, repair=repair_audio_file)
    assert result.state == "failed" and "cannot be read" in result.error


def test_recover_when_repair_fails(service):
    """Any error of the repair ends the attempt "failed" with its message; OSError explained."""
    first = service.start_attempt("ai-cto", QUESTION)
    second = service.start_attempt("ai-cto", QUESTION)

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    def no_sound(path):
        raise ValueError(f"{path.name} holds no sound")

    result = service.recover(first, _must_not_run, repair=unreadable)
    assert result.state == "failed"
    assert result.error == (
        f"The audio file {first.audio_path} could not be repaired: Permission denied"
    )
    result = service.recover(second, _must_not_run, repair=no_sound)
    assert result.state == "failed" and result.error == f"{second.audio_path.name} holds no sound"


def test_recover_when_processing_fails(service):
    other = add_done(service)
    attempt = service.start_attempt("ai-cto", QUESTION)
    write_tone(attempt.audio_path, 0.5)

    def process(path):
        raise RuntimeError("model missing")

    result = service.recover(attempt, process, repair=repair_audio_file)
    assert result.state == "failed" and "model missing" in result.error
    assert service.get(other.id) == other


def test_recover_with_a_custom_repair(service):
    attempt = service.start_attempt("ai-cto", QUESTION)
    write_tone(attempt.audio_path, 0.5)
    seen = []
    result = service.recover(
        attempt, lambda p: (transcript(), feedback()), repair=lambda p: seen.append(p) or 7.0
    )
    assert seen == [attempt.audio_path]
    assert result.state == "recovered" and result.duration_s == 7.0


def test_recover_a_transcribing_attempt_with_a_stale_wav_header(service):
    import struct

    attempt = service.start_attempt("ai-cto", QUESTION)
    write_tone(attempt.audio_path, 2.0)
    data = bytearray(attempt.audio_path.read_bytes())
    pos = data.index(b"data")
    data[pos + 4 : pos + 8] = struct.pack("<I", 3200)  # header last written at 0.1 s
    attempt.audio_path.write_bytes(bytes(data))
    service.mark_transcribing(attempt.id)
    service.close()
    with HistoryService.open() as again:
        [pending] = again.pending_recovery()
        assert pending.state == "transcribing"
        seen = []
        result = again.recover(
            pending,
            lambda p: seen.append(p) or (transcript(), feedback()),
            repair=repair_audio_file,
        )
        assert seen == [attempt.audio_path]
        assert result.state == "recovered" and result.duration_s == pytest.approx(2.0)
        assert again.best("ai-cto", QUESTION.id, "coverage").id == attempt.id
