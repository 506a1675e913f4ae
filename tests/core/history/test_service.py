"""HistoryService: attempt life cycle, queries, notes, deletion and storage."""

import json
import shutil
import sqlite3
import threading

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService
from tests.core.history.helpers import QUESTION, add_done, feedback, question, transcript


def test_store_is_wal_with_schema_version(service):
    conn = sqlite3.connect(service.db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 2
    assert service.db_path == paths.data_dir() / "history.sqlite3"


def test_attempt_life_cycle(service):
    attempt = service.start_attempt("ai-cto", QUESTION, "tiny.en", "cpu")
    assert attempt.state == "recording"
    assert attempt.audio_path == (paths.data_dir() / "recordings" / "ai-cto" / f"{attempt.id}.wav")
    assert attempt.audio_path.parent.is_dir()
    assert service.get(attempt.id).question.terms == ("FAISS", "pgvector")
    service.mark_transcribing(attempt.id)
    assert service.get(attempt.id).state == "transcribing"
    done = service.complete_attempt(attempt.id, 12.5, transcript(), feedback(0.67, 3.0))
    assert done.state == "done"
    assert done.duration_s == 12.5
    assert done.transcript == transcript()
    assert done.figures["coverage"] == 0.67
    assert done.feedback["figures"]["fillers_per_minute"] == 3.0
    failed = service.start_attempt("ai-cto", QUESTION)
    assert service.fail_attempt(failed.id, "microphone unplugged").error == "microphone unplugged"
    assert service.get(failed.id).state == "failed"


def test_audio_path_is_stored_relative_so_the_data_dir_can_move(service, tmp_path):
    attempt = add_done(service)
    row = service.repository._query("SELECT audio_path FROM attempts")[0][0]
    assert row == f"recordings/ai-cto/{attempt.id}.wav"
    service.close()
    moved = tmp_path / "moved"
    shutil.move(str(paths.data_dir()), moved)
    with HistoryService.open(moved) as again:
        assert again.get(attempt.id).audio_path == moved / "recordings" / "ai-cto" / (
            f"{attempt.id}.wav"
        )
        assert again.get(attempt.id).audio_path.is_file()


def test_unknown_attempt_and_bad_bank_id(service):
    with pytest.raises(HistoryError, match="No attempt nope"):
        service.complete_attempt("nope", 1.0, transcript(), feedback())
    with pytest.raises(HistoryError, match="Invalid bank id"):
        service.start_attempt("../evil", QUESTION)
    assert service.get("nope") is None


def test_queries(service):
    q1, q2 = question("q1"), question("q2")
    a = add_done(service, q=q1, coverage=0.4, fpm=1.0)
    b = add_done(service, q=q1, coverage=0.9, fpm=6.0)
    c = add_done(service, q=q1, coverage=0.6, fpm=3.0)
    failed = service.start_attempt("ai-cto", q1)
    service.fail_attempt(failed.id, "x")
    add_done(service, q=q2, coverage=0.2, fpm=9.0)
    add_done(service, bank="other", q=q1, coverage=1.0, fpm=0.0)

    assert [x.id for x in service.attempts_for("ai-cto", "q1")] == [failed.id, c.id, b.id, a.id]
    assert service.best("ai-cto", "q1", "coverage").id == b.id
    assert service.best("ai-cto", "q1", "fillers_per_minute").id == a.id
    assert service.best("ai-cto", "q1", "words_per_minute", higher_is_better=True) is not None
    with pytest.raises(HistoryError, match="no better direction"):
        service.best("ai-cto", "q1", "words_per_minute")
    assert service.best("ai-cto", "q9", "coverage") is None
    series = service.figure_series("ai-cto", "q1", "coverage")
    assert [(p.attempt_id, p.value) for p in series] == [(a.id, 0.4), (b.id, 0.9), (c.id, 0.6)]

    summary = {s.question_id: s for s in service.bank_summary("ai-cto", ["q0", "q1", "q2"])}
    assert summary["q0"].attempt_count == 0 and summary["q0"].last_attempt_at is None
    assert summary["q1"].attempt_count == 3
    assert summary["q1"].last_attempt_at == c.started_at
    assert summary["q1"].last_figures["coverage"] == 0.6
    assert summary["q1"].best_figures == {"coverage": 0.9, "fillers_per_minute": 1.0}
    assert service.weakest_first("ai-cto", ["q1", "q2", "q0"]) == ["q0", "q2", "q1"]


def test_weakest_first_ties_go_to_more_fillers(service):
    add_done(service, q=question("a"), coverage=0.5, fpm=1.0)
    add_done(service, q=question("b"), coverage=0.5, fpm=4.0)
    assert service.weakest_first("ai-cto", ["a", "b"]) == ["b", "a"]


def test_note_star_and_find_by_prefix(service):
    attempt = add_done(service)
    service.set_note(attempt.id, "too fast at the start")
    service.set_star(attempt.id, True)
    again = service.find(attempt.id[:8].upper())
    assert again.note == "too fast at the start" and again.star
    service.set_star(attempt.id, False)
    assert not service.get(attempt.id).star
    with pytest.raises(HistoryError, match="too short"):
        service.find("ab")
    with pytest.raises(HistoryError, match="No attempt with id"):
        service.find("ffffffff-0")


def test_delete_removes_rows_figures_and_audio(service):
    keep = add_done(service, q=question("keep"))
    gone = add_done(service, q=question("q1"))
    gone2 = add_done(service, q=question("q1"))
    service.delete_attempt(gone.id)
    assert service.get(gone.id) is None and not gone.audio_path.exists()
    assert service.delete_question_attempts("ai-cto", "q1") == 1
    assert not gone2.audio_path.exists()
    assert service.repository._query("SELECT COUNT(*) FROM figures")[0][0] == len(keep.figures)
    assert service.get(keep.id).audio_path.is_file()


def test_storage_bytes(service):
    a = add_done(service, audio_s=1.0)
    b = add_done(service, bank="other", audio_s=2.0)
    total = service.storage_bytes()
    db = sum(p.stat().st_size for p in paths.data_dir().glob("history.sqlite3*"))
    assert total == a.audio_path.stat().st_size + b.audio_path.stat().st_size + db
    assert a.audio_path.stat().st_size < service.storage_bytes("ai-cto") < total
    assert service.storage_bytes("none") == 0


def test_concurrent_writers_from_threads(service):
    errors = []

    def work(n):
        try:
            for _ in range(10):
                add_done(service, q=question(f"t{n}"), audio_s=0.01)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert service.repository.count() == 40


def test_pending_recovery_skips_this_process_attempts(service):
    mine = service.start_attempt("ai-cto", QUESTION)
    assert service.pending_recovery() == []
    service.close()
    with HistoryService.open() as later:
        assert [a.id for a in later.pending_recovery()] == [mine.id]


def test_feedback_dict_is_kept_as_given(service):
    attempt = service.start_attempt("ai-cto", QUESTION)
    fb = feedback()
    fb.extra = {"fillers": [{"filler": "um", "word_index": 0, "word_count": 1}], "version": 1}
    done = service.complete_attempt(attempt.id, 3.0, transcript(), fb)
    assert done.feedback == json.loads(json.dumps(fb.to_dict()))


def test_listed_attempts_load_transcript_and_feedback_on_first_use(service):
    made = add_done(service)
    listed = service.attempts_for("ai-cto", made.question.id)[0]
    assert listed.transcript == transcript() and listed.feedback == made.feedback
    unread = service.attempts_for("ai-cto", made.question.id)[0]
    service.close()
    with pytest.raises(HistoryError, match=f"Cannot read attempt {made.id}"):
        _ = unread.transcript


def test_non_finite_figures_are_kept_out_of_rankings(service):
    attempt = service.start_attempt("ai-cto", QUESTION)
    done = service.complete_attempt(
        attempt.id, 1.0, transcript(), feedback(coverage=float("nan"), fpm=1.0)
    )
    assert done.state == "done"
    assert service.best("ai-cto", QUESTION.id, "coverage") is None
    assert service.best("ai-cto", QUESTION.id, "fillers_per_minute").id == attempt.id


def test_get_reads_transcript_and_feedback_at_once(service):
    made = add_done(service)
    fetched = service.get(made.id)
    service.close()  # nothing is left to read later
    assert fetched.transcript == transcript() and fetched.feedback["figures"] == made.figures


def _short_feedback(**figures):
    from tests.core.history.helpers import FakeFeedback

    class Short(FakeFeedback):
        judged = False

    return Short(figures={"coverage": 0.0, "words_per_minute": 0.0, **figures})


def test_a_take_too_short_to_judge_is_kept_but_never_ranked(service):
    """A 1-second take (or a silent one) is stored "short": listed, replayable, but no figure
    rows, so best, latest, weakest first and charts never see it."""
    from tests.core.history.helpers import write_tone

    good = add_done(service, q=question("a"), coverage=0.9, fpm=1.0)
    add_done(service, q=question("b"), coverage=0.4, fpm=1.0)
    for qid in ("a", "a"):
        attempt = service.start_attempt("ai-cto", question(qid), "tiny.en", "cpu")
        write_tone(attempt.audio_path, 1.0)
        short = service.complete_attempt(attempt.id, 1.0, transcript("Um."), _short_feedback())
        assert short.state == "short"
    assert [a.state for a in service.attempts_for("ai-cto", "a")].count("short") == 2
    summary = {s.question_id: s for s in service.bank_summary("ai-cto", ["a", "b"])}
    assert summary["a"].attempt_count == 1 and summary["a"].last_figures["coverage"] == 0.9
    # Without the rule the silent takes (coverage 0) would make "a" the weakest.
    assert service.weakest_first("ai-cto", ["a", "b"]) == ["b", "a"]
    assert service.best("ai-cto", "a", "coverage").id == good.id
    assert [p.attempt_id for p in service.figure_series("ai-cto", "a", "coverage")] == [good.id]
