"""Schema migrations: an old database is brought up to date without losing anything."""

import json
import sqlite3

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService, migrations


def _old_database(path, rows=5):
    """A database made by migration 001 only, with finished attempts (figures as JSON)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, target=1)
    assert migrations.schema_version(conn) == 1
    for i in range(rows):
        question = {
            "id": f"q{i % 2}",
            "text": "Q?",
            "model_answer": "A",
            "key_points": ["k"],
            "terms": [],
            "target_s": 60,
        }
        conn.execute(
            "INSERT INTO attempts (id, bank_id, question_id, question_json, started_at, "
            "duration_s, audio_path, transcript_json, feedback_json, figures_json, state, note) "
            "VALUES (?, 'old', ?, ?, ?, 30, ?, ?, ?, ?, 'done', ?)",
            (
                f"00000000-0000-4000-8000-00000000000{i}",
                question["id"],
                json.dumps(question),
                f"2025-01-0{i + 1}T10:00:00+00:00",
                f"recordings/old/{i}.wav",
                json.dumps({"text": f"answer {i}", "segments": [], "duration_s": 30.0}),
                json.dumps({"coverage": i / 10}),
                json.dumps({"coverage": i / 10, "fillers_per_minute": 5.0 - i}),
                f"note {i}",
            ),
        )
    conn.close()


def test_version_1_database_is_migrated_without_loss():
    db = paths.data_dir() / "history.sqlite3"
    _old_database(db)
    with HistoryService.open() as service:
        conn = service.repository.conn
        assert migrations.schema_version(conn) == migrations.LATEST
        attempts = service.attempts("old")
        assert len(attempts) == 5
        by_id = {a.id: a for a in attempts}
        a3 = by_id["00000000-0000-4000-8000-000000000003"]
        assert a3.note == "note 3" and a3.transcript.text == "answer 3"
        assert a3.figures == {"coverage": 0.3, "fillers_per_minute": 2.0}
        assert a3.audio_path == paths.data_dir() / "recordings" / "old" / "3.wav"
        # The figures table was filled from the JSON column: indexed queries see old attempts.
        assert service.best("old", "q0", "coverage").id.endswith("4")
        assert service.best("old", "q1", "fillers_per_minute").id.endswith("3")
        assert [p.value for p in service.figure_series("old", "q0", "coverage")] == [0, 0.2, 0.4]
    # Reopening applies nothing more.
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrations.migrate(conn) == []
    conn.close()


def test_a_failed_migration_leaves_the_old_version(monkeypatch):
    db = paths.data_dir() / "history.sqlite3"
    _old_database(db, rows=2)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(HistoryError, match="Cannot update the history database.*boom"):
        HistoryService.open()
    conn = sqlite3.connect(db)
    assert migrations.schema_version(conn) == 1
    assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 2
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchall()
    conn.close()


def test_a_newer_database_is_refused_not_damaged():
    db = paths.data_dir() / "history.sqlite3"
    with HistoryService.open():
        pass
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.close()
    with pytest.raises(HistoryError, match="newer than this MockView"):
        HistoryService.open()
    assert db.exists() and not list(db.parent.glob("*.corrupt-*"))


def _open_at_once(folder, barrier, results):
    try:
        barrier.wait(timeout=30)
        with HistoryService.open(folder) as service:
            service.attempts()
        results.put("ok")
    except BaseException as error:  # report anything, the parent asserts
        results.put(f"{type(error).__name__}: {error}")


def test_first_starts_at_once_on_a_fresh_folder_all_succeed(tmp_path):
    """Processes opening a new data folder together: one creates the schema, none fails.

    Reading the version before taking the write lock made 4 of 20 such starts fail with
    "table attempts already exists" (or "no such index" from migration 2).
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")  # the modules are loaded: processes start at once
    processes = 12
    for round_ in range(3):
        folder = tmp_path / f"fresh-{round_}"
        barrier, results = ctx.Barrier(processes), ctx.Queue()
        workers = [
            ctx.Process(target=_open_at_once, args=(folder, barrier, results))
            for _ in range(processes)
        ]
        for w in workers:
            w.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(timeout=60)
        assert outcomes == ["ok"] * processes
        conn = sqlite3.connect(folder / "history.sqlite3")
        assert migrations.schema_version(conn) == migrations.LATEST
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"attempts", "attempt_data", "figures", "question_snapshots"}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


@pytest.mark.parametrize("version", [-5, -1, -(2**31)])
def test_a_negative_schema_version_is_reported_as_damage_and_left_alone(version):
    db = paths.data_dir() / "history.sqlite3"
    with HistoryService.open() as service:
        from tests.core.history.helpers import add_done

        add_done(service)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(HistoryError) as info:
        HistoryService.open()
    message = str(info.value)
    assert str(db) in message and f"({version})" in message and "damaged" in message
    assert db.read_bytes() == before and not list(db.parent.glob("*.corrupt-*"))


def test_old_takes_too_short_to_judge_become_short_and_leave_the_rankings():
    """Migration 003: takes stored "done" with under 10 s or 20 words of speech stop ranking."""
    db = paths.data_dir() / "history.sqlite3"
    _old_database(db, rows=4)
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, target=2)
    for i, (speaking, words) in enumerate([(1.0, 3), (45.0, 12), (45.0, 110), (9.9, 40)]):
        aid = f"00000000-0000-4000-8000-00000000000{i}"
        for name, value in (("speaking_s", speaking), ("word_count", words)):
            conn.execute(
                "INSERT INTO figures (attempt_id, name, value, bank_id, question_id, started_at)"
                " SELECT id, ?, ?, bank_id, question_id, started_at FROM attempts WHERE id = ?",
                (name, value, aid),
            )
    assert migrations.migrate(conn) == [3]
    states = dict(conn.execute("SELECT id, state FROM attempts").fetchall())
    assert [states[f"00000000-0000-4000-8000-00000000000{i}"] for i in range(4)] == [
        "short",
        "short",
        "done",
        "short",
    ]
    ranked = {r[0] for r in conn.execute("SELECT DISTINCT attempt_id FROM figures")}
    assert ranked == {"00000000-0000-4000-8000-000000000002"}
    conn.close()
