"""Export (Markdown, CSV, zip) and import of a zip, including hostile zips."""

import csv
import json
import zipfile

import pytest

from mockview.core import paths
from mockview.core.history import HistoryError, HistoryService
from mockview.core.history.export import (
    attempt_markdown,
    export_csv,
    export_markdown,
    export_zip,
)
from mockview.core.history.importer import import_zip
from tests.core.history.helpers import QUESTION, add_done, feedback, transcript, write_tone


def _attempt_with_feedback(service):
    attempt = service.start_attempt("ai-cto", QUESTION, "tiny.en", "cpu")
    write_tone(attempt.audio_path, 0.5)
    fb = feedback(coverage=0.333, fpm=4.0, filler_count=3.0)
    # "Um, so we use FAISS, uh, for retrieval." -> words 0 ("Um,") and 5 ("uh,") are fillers,
    # and "so" (1) set off as a filler too.
    fb.extra = {
        "fillers": [
            {"filler": "um", "text": "Um,", "word_index": 0, "word_count": 1},
            {"filler": "so", "text": "so", "word_index": 1, "word_count": 1},
            {"filler": "uh", "text": "uh,", "word_index": 5, "word_count": 1},
        ],
        "key_points": [
            {"text": "embeddings index", "covered": True},
            {"text": "retrieve top k", "covered": False},
            {"text": "evaluate answers", "covered": False},
        ],
    }
    return service.complete_attempt(attempt.id, 9.5, transcript(), fb)


def test_markdown_report_marks_fillers_and_ticks_key_points(service, tmp_path):
    attempt = _attempt_with_feedback(service)
    out = export_markdown(attempt, tmp_path / "report" / "attempt.md")
    text = out.read_text()
    assert "# How would you build retrieval-augmented generation?" in text
    assert "**Um, so** we use FAISS, **uh**, for retrieval." in text
    assert "- [x] embeddings index" in text and "- [ ] retrieve top k" in text
    assert "| coverage | 0.333 |" in text and "| filler_count | 3 |" in text
    assert "Index the documents with embeddings" in text
    copied = tmp_path / "report" / "attempt.wav"
    assert copied.read_bytes() == attempt.audio_path.read_bytes()
    assert "[attempt.wav](attempt.wav)" in text


def test_markdown_without_filler_positions_uses_common_fillers(service):
    attempt = add_done(service)  # feedback has no "fillers" list
    assert "**Um**, so we use FAISS, **uh**, for" in attempt_markdown(attempt)


def test_csv_has_one_row_per_attempt_with_figures(service, tmp_path):
    a = add_done(service, coverage=0.1)
    b = add_done(service, coverage=0.2, fpm=7.5)
    rows = list(csv.DictReader(open(export_csv(service.attempts("ai-cto"), tmp_path / "f.csv"))))
    assert [r["attempt_id"] for r in rows] == [a.id, b.id]
    assert rows[1]["coverage"] == "0.2" and rows[1]["fillers_per_minute"] == "7.5"


def test_zip_round_trip_to_another_machine_without_duplicates(service, tmp_path):
    attempts = [_attempt_with_feedback(service), add_done(service), add_done(service, "other")]
    service.set_note(attempts[1].id, "good one")
    zip_path = export_zip(service, "ai-cto", tmp_path / "ai-cto.zip").path
    with zipfile.ZipFile(zip_path) as zf:
        assert sorted(zf.namelist()) == sorted(
            ["attempts.json"] + [f"audio/ai-cto/{a.id}.wav" for a in attempts[:2]]
        )

    elsewhere = tmp_path / "other-machine"
    with HistoryService.open(elsewhere) as other:
        local = add_done(other)
        result = import_zip(other, zip_path)
        assert (result.added, result.skipped) == (2, 0)
        for original in attempts[:2]:
            copy = other.get(original.id)
            original = service.get(original.id)
            assert copy.audio_path == elsewhere / "recordings" / "ai-cto" / f"{original.id}.wav"
            assert copy.audio_path.read_bytes() == original.audio_path.read_bytes()
            assert (copy.figures, copy.feedback, copy.transcript, copy.note) == (
                original.figures,
                original.feedback,
                original.transcript,
                original.note,
            )
        assert other.best("ai-cto", QUESTION.id, "coverage") is not None
        again = import_zip(other, zip_path)
        assert (again.added, again.skipped) == (0, 2)
        assert len(other.attempts()) == 3 and other.get(local.id) == local


def test_export_of_an_empty_bank_or_to_a_missing_folder_is_refused(service, tmp_path):
    with pytest.raises(HistoryError, match="no attempts"):
        export_zip(service, "none", tmp_path / "x.zip")
    add_done(service)
    with pytest.raises(HistoryError, match="Cannot write .*missing/x.zip"):
        export_zip(service, "ai-cto", tmp_path / "missing" / "x.zip")


def _zip(path, members: dict):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _manifest(rows):
    return json.dumps({"format": "mockview-history", "version": 1, "attempts": rows})


def _row(**over):
    row = {
        "id": "3f1c9a52-8a1e-4d55-9b0e-4f3b2b0f6a11",
        "bank_id": "ai-cto",
        "question": {"id": "q1", "text": "Q?"},
        "started_at": "2026-01-01T00:00:00+00:00",
        "state": "done",
        "audio_path": "audio/ai-cto/3f1c9a52-8a1e-4d55-9b0e-4f3b2b0f6a11.wav",
        "figures": {"coverage": 0.5},
    }
    row.update(over)
    return row


def _nothing_written(tmp_path, service):
    assert service.attempts() == []
    assert not (paths.data_dir() / "recordings").exists() or not any(
        (paths.data_dir() / "recordings").rglob("*.*")
    )
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {
                "attempts.json": _manifest([_row()]),
                "../../x": b"bad",
                "audio/ai-cto/3f1c9a52-8a1e-4d55-9b0e-4f3b2b0f6a11.wav": b"RIFF",
            },
            "outside the archive",
        ),
        ({"attempts.json": _manifest([]), "/tmp/x": b"bad"}, "outside the archive"),
        ({"attempts.json": _manifest([]), "audio/../../x": b"bad"}, "outside the archive"),
        ({"attempts.json": _manifest([]), "notes.txt": b"?"}, "unexpected member"),
        ({"readme.txt": b"hello"}, "unexpected member"),
        ({"attempts.json": b"{not json"}, "not valid JSON"),
        ({"attempts.json": json.dumps({"format": "something-else"})}, "wrong format"),
        ({"attempts.json": _manifest([_row(bank_id="../../x")])}, "Invalid bank id"),
        ({"attempts.json": _manifest([_row(id="../../x")])}, "malformed attempt"),
        ({"attempts.json": _manifest([_row(state="weird")])}, "unknown state"),
        (
            {"attempts.json": _manifest([_row(audio_path="audio/x.exe")]), "audio/x.exe": b"MZ"},
            "unsupported audio",
        ),
        ({"attempts.json": _manifest([_row()])}, "listed but missing"),
    ],
)
def test_bad_zips_are_refused_and_write_nothing(service, tmp_path, members, message):
    bad = _zip(tmp_path / "bad.zip", members)
    with pytest.raises(HistoryError, match=message):
        import_zip(service, bad)
    _nothing_written(tmp_path, service)


def test_not_a_zip(service, tmp_path):
    (tmp_path / "n.zip").write_text("plain text")
    with pytest.raises(HistoryError, match="is not a zip file"):
        import_zip(service, tmp_path / "n.zip")
    with pytest.raises(HistoryError, match="No such file"):
        import_zip(service, tmp_path / "missing.zip")


def test_export_shows_a_filler_heard_only_in_the_audio_before_its_word():
    from types import SimpleNamespace

    from mockview.core.history.export import marked_transcript
    from mockview.core.transcript import Segment, Transcript, Word

    words = (Word("So,", 0.0, 0.3), Word("we", 1.2, 1.4), Word("ship.", 1.5, 1.9))
    transcript = Transcript("So, we ship.", (Segment("So, we ship.", 0.0, 1.9, words),), 2.0)
    heard = {"filler": "um", "text": "(um)", "word_index": 1, "word_count": 0, "from_audio": True}
    attempt = SimpleNamespace(transcript=transcript, feedback={"fillers": [heard]})
    assert marked_transcript(attempt) == "So, **(um)** we ship."
