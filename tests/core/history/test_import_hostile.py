"""Importing a hostile or damaged history zip: all or nothing, with a message naming what."""

import json
import sqlite3
import time
import zipfile

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService, importer
from mockview.core.history.export import export_zip
from mockview.core.history.importer import import_zip
from tests.core.history.helpers import add_done, question

ROW_ID = "3f1c9a52-8a1e-4d55-9b0e-4f3b2b0f6a11"
MEMBER = f"audio/ai-cto/{ROW_ID}.wav"


def _row(**over):
    row = {
        "id": ROW_ID,
        "bank_id": "ai-cto",
        "question": {"id": "q1", "text": "Q?"},
        "started_at": "2026-01-01T00:00:00+00:00",
        "state": "done",
        "audio_path": MEMBER,
        "figures": {"coverage": 0.5},
    }
    row.update(over)
    return row


def _zip(path, rows=None, manifest=None, members=None, method=zipfile.ZIP_STORED):
    if manifest is None:
        manifest = json.dumps({"format": "mockview-history", "version": 1, "attempts": rows})
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.writestr("attempts.json", manifest)
        for name, data in (members if members is not None else {MEMBER: b"RIFF"}).items():
            zf.writestr(name, data)
    return path


def _state(data_dir):
    """Everything the store holds: every row of every table, and every file in the folder."""
    conn = sqlite3.connect(data_dir / "history.sqlite3")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    conn.close()
    files = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    return rows, files


@pytest.fixture
def filled(service):
    """The store holds one attempt of its own before each import."""
    add_done(service, q=question("q0"))
    return service


def _refused(service, path, *patterns):
    before = _state(service.data_dir)
    with pytest.raises(HistoryError) as info:
        import_zip(service, path)
    message = str(info.value)
    assert str(path) in message and len(message) < 600, message
    for pattern in patterns:
        assert pattern in message, message
    assert _state(service.data_dir) == before
    return message


def test_a_zip_bomb_is_refused_before_it_expands(filled, tmp_path):
    """100 MB of silence packs into 0.1 MB: refused by its ratio, nothing extracted."""
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "attempts.json",
            json.dumps({"format": "mockview-history", "version": 1, "attempts": [_row()]}),
        )
        with zf.open(MEMBER, "w") as f:
            zero = bytes(1 << 20)
            for _ in range(100):
                f.write(zero)
    assert path.stat().st_size < 1_000_000
    start = time.perf_counter()
    _refused(filled, path, "would expand from", "not a set of recordings", "nothing was imported")
    assert time.perf_counter() - start < 1.0


def test_a_member_larger_than_a_recording_is_refused(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_AUDIO_BYTES", 1000)
    path = _zip(tmp_path / "big.zip", [_row()], members={MEMBER: bytes(range(256)) * 8})
    _refused(filled, path, MEMBER[:30], "would expand to", "a recording is at most 2 hours")


def _export_of(tmp_path, count=6):
    with HistoryService.open(tmp_path / "source") as source:
        for i in range(count):
            add_done(source, q=question(f"q{i}"), audio_s=0.3)
        return export_zip(source, "ai-cto", tmp_path / "export.zip").path


def test_a_corrupt_member_mid_way_imports_nothing_and_leaves_no_part_file(filled, tmp_path):
    """The old import stopped with a zlib.error after some attempts and left a .wav.part."""
    path = _export_of(tmp_path)
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if i.filename.startswith("audio/")]
    victim = infos[4]  # after some good ones
    data = bytearray(path.read_bytes())
    start = victim.header_offset + 30 + len(victim.filename.encode()) + len(victim.extra)
    data[start + 10 : start + 400] = bytes(range(256)) + bytes(134)
    path.write_bytes(bytes(data))
    message = _refused(filled, path, victim.filename[:30], "nothing was imported")
    assert "damaged" in message or "cannot be read" in message
    assert not list(filled.data_dir.rglob("*.part")) and not list(filled.data_dir.glob(".import-*"))


def test_a_bad_crc_is_found_before_anything_is_imported(filled, tmp_path):
    path = _export_of(tmp_path)
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("audio/")]
        rows = json.loads(zf.read("attempts.json"))
        members = {n: zf.read(n) for n in names}
    flipped = bytearray(members[names[-1]])
    flipped[200] ^= 0xFF
    # Rewritten stored, with the CRC of the original bytes: only the check can tell.
    rewritten = tmp_path / "crc.zip"
    with zipfile.ZipFile(rewritten, "w") as zf:
        zf.writestr("attempts.json", json.dumps(rows))
        for name in names:
            zf.writestr(name, members[name])
    blob = bytearray(rewritten.read_bytes())
    at = blob.rindex(bytes(members[names[-1]][:300]))
    blob[at + 200] ^= 0xFF
    rewritten.write_bytes(bytes(blob))
    _refused(filled, rewritten, names[-1][:30], "damaged")


def test_a_failure_while_committing_rolls_back_rows_and_files(filled, tmp_path, monkeypatch):
    path = _export_of(tmp_path, count=4)
    # A stray file where one attempt's audio goes (its row was deleted, the file stayed).
    with zipfile.ZipFile(path) as zf:
        rows = json.loads(zf.read("attempts.json"))["attempts"]
    stray = filled.audio_path_for("ai-cto", rows[0]["id"])
    stray.write_bytes(b"stray")
    real_place, calls = importer._place, []

    def place_then_fail(staged, target, backups, undo):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_place(staged, target, backups, undo)

    monkeypatch.setattr(importer, "_place", place_then_fail)
    _refused(filled, path, "No space left on device", "nothing was imported")
    assert stray.read_bytes() == b"stray"


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "attempts.json is nested too deeply"),
        (
            json.dumps({"format": "mockview-history", "version": "abc", "attempts": []}),
            "format version 'abc'; expected a whole",
        ),
        (json.dumps({"format": "mockview-history", "version": True, "attempts": []}), "True"),
        (json.dumps({"format": "mockview-history", "version": 0, "attempts": []}), "version 0"),
        (
            json.dumps({"format": "mockview-history", "version": 9, "attempts": []}),
            "newer MockView (format version 9)",
        ),
        (
            '{"format": "mockview-history", "version": 1' + "0" * 5000 + "}",
            "attempts.json is not valid JSON",
        ),
        (
            json.dumps({"format": "mockview-history", "version": 1, "attempts": {}}),
            "attempts.json has no list",
        ),
    ],
)
def test_a_bad_manifest_is_a_clear_message(filled, tmp_path, manifest, expected):
    _refused(filled, _zip(tmp_path / "m.zip", manifest=manifest), expected)


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"figures": {"coverage": float("nan")}}, "): figures.coverage is nan, not a finite"),
        ({"figures": {"coverage": float("inf")}}, "): figures.coverage is inf, not a finite"),
        ({"figures": {"coverage": "0.5"}}, "figure 'coverage' must be a number"),
        ({"figures": {"coverage": True}}, "figure 'coverage' must be a number"),
        ({"duration_s": -3}, "duration_s must be a number from 0"),
        ({"duration_s": 1e300}, "duration_s must be a number from 0"),
        ({"started_at": "yesterday"}, "started_at must be a date"),
        ({"started_at": "2026-01-01T00:00:00"}, "started_at must be a date and time with"),
        ({"started_at": 20260101}, "started_at must be text"),
        ({"feedback": {"a": json.loads("[" * 40 + "]" * 40)}}, "nested more than 32 levels"),
        ({"question": {"id": "q1", "target_s": "long"}}, "target_s must be whole seconds"),
        ({"question": {"text": "no id"}}, "question id must be text"),
        ({"transcript": {"segments": [{"text": "a", "start_s": 0, "end_s": "x"}]}}, "end_s"),
        (
            {"transcript": {"segments": [{"text": "a", "start_s": 0, "end_s": 1, "words": [7]}]}},
            "a transcript word",
        ),
        ({"figures": {"coverage": 10**400}}, "figures.coverage is 1000000"),
        ({"feedback": {"coverage": "high"}}, "feedback.coverage must be a number"),
        ({"feedback": {"fillers": [{"word_index": "x"}]}}, "feedback.fillers[0].word_index must"),
        ({"feedback": {"pace_windows": [[1.0]]}}, "feedback.pace_windows[0] must have 2 items"),
        ({"star": "yes"}, "star must be true or false"),
        ({"note": ["x"]}, "note must be text"),
        ({"bank_id": "x" * 5000}, "Invalid bank id"),
        ({"id": "y" * 5000}, "id must be an attempt id"),
    ],
)
def test_a_bad_row_is_refused_with_the_row_named(filled, tmp_path, over, expected):
    good = _row(id="7a1c9a52-8a1e-4d55-9b0e-4f3b2b0f6a12", audio_path=None)
    path = _zip(tmp_path / "r.zip", [good, _row(**over)])
    message = _refused(filled, path, "row 2", expected)
    assert len(message) < 400


def test_the_same_attempt_twice_is_refused(filled, tmp_path):
    path = _zip(tmp_path / "d.zip", [_row(), _row()])
    _refused(filled, path, "appears twice (rows 1 and 2)")


@pytest.mark.parametrize(
    "members",
    [
        {MEMBER: b"RIFF", "audio/../" + "n" * 5000: b"x"},  # a long name, shown cut
        {MEMBER: b"RIFF", "x" * 3000: b"x"},
    ],
)
def test_member_names_in_messages_are_cut(filled, tmp_path, members):
    message = _refused(filled, _zip(tmp_path / "n.zip", [_row()], members=members))
    assert len(message) < 400


def test_random_bytes_and_truncated_files(filled, tmp_path):
    good = _export_of(tmp_path, count=2).read_bytes()
    for i, data in enumerate([b"PK\x05\x06" + bytes(18), good[: len(good) // 2], good[:-30]]):
        path = tmp_path / f"t{i}.zip"
        path.write_bytes(data)
        _refused(filled, path)


def test_a_good_import_normalises_times_and_leaves_no_staging(filled, tmp_path):
    path = _zip(tmp_path / "ok.zip", [_row(started_at="2026-01-01T02:00:00+02:00")])
    assert import_zip(filled, path).added == 1
    attempt = filled.get(ROW_ID)
    assert attempt.started_at == "2026-01-01T00:00:00.000000+00:00"
    assert attempt.audio_path.read_bytes() == b"RIFF"
    assert not list(paths.data_dir().glob(".import-*"))
