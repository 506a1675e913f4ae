"""`mockview analyze` with a given transcript (no model): report, JSON, and user errors."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import soundfile as sf

from mockview.cli import analyze_cmd, main
from mockview.core.bank.discovery import find_banks
from mockview.core.transcript import Segment, Transcript, Word


@pytest.fixture
def files(tmp_path):
    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    q = bank.questions[0]
    text = "Um, so " + q.model_answer.replace("\n", " ")
    words = tuple(Word(w, 0.5 + i * 0.4, 0.8 + i * 0.4) for i, w in enumerate(text.split()))
    tr = Transcript(
        text, (Segment(text, 0.5, words[-1].end_s, words),), duration_s=words[-1].end_s + 1
    )
    audio = tmp_path / "answer.wav"
    sf.write(str(audio), np.zeros(int(16000 * tr.duration_s), np.float32), 16000)
    tpath = tmp_path / "t.json"
    tpath.write_text(json.dumps(tr.to_dict()))
    return bank, q, audio, tpath


def test_json_output(files, capsys):
    bank, q, audio, tpath = files
    rc = main(
        [
            "analyze",
            str(audio),
            "--question",
            f"{bank.id}/{q.id}",
            "--json",
            "--transcript",
            str(tpath),
        ]
    )
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"] == q.id
    assert out["feedback"]["figures"]["filler_count"] == 2
    assert out["feedback"]["figures"]["coverage"] == 1.0


def test_readable_report_by_question_number(files, capsys):
    bank, q, audio, tpath = files
    rc = main(["analyze", str(audio), "--question", f"{bank.id}/1", "--transcript", str(tpath)])
    assert rc == 0
    out = capsys.readouterr().out
    assert "Fillers (2)" in out and "[x] " + q.key_points[0] in out and "Observations:" in out


@pytest.mark.parametrize(
    "question, audio_name, transcript_text, message",
    [
        ("nobank/1", "answer.wav", None, "no bank 'nobank'"),
        ("ai-cto/q99-none", "answer.wav", None, "has no question"),
        ("ai-cto", "answer.wav", None, "BANK/ID"),
        ("ai-cto/1", "missing.wav", None, "not found"),
        ("ai-cto/1", "answer.wav", "{not json", "not a transcript"),
    ],
)
def test_user_errors_exit_2_with_a_message(
    files, capsys, tmp_path, question, audio_name, transcript_text, message
):
    _, _, audio, tpath = files
    if transcript_text is not None:
        tpath.write_text(transcript_text)
    rc = main(
        [
            "analyze",
            str(audio.parent / audio_name),
            "--question",
            question,
            "--transcript",
            str(tpath),
        ]
    )
    assert rc == 2
    assert message in capsys.readouterr().err


def test_special_files_are_refused_without_opening_them(files, capsys, tmp_path):
    """A FIFO given as the transcript blocked forever (read with a plain open); as the audio,
    or a link loop, it gave "not found" or the system's error text."""
    bank, q, audio, tpath = files
    fifo = tmp_path / "fifo.wav"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    ref = f"{bank.id}/{q.id}"
    for args, reason in [
        ([str(fifo), "--transcript", str(tpath)], "fifo.wav: it is a named pipe (FIFO)"),
        ([str(audio), "--transcript", str(fifo)], "fifo.wav is not a regular file"),
        ([str(audio), "--transcript", str(loop)], "is a symbolic link that loops"),
    ]:
        assert main(["analyze", *args, "--question", ref]) == 2
        err = capsys.readouterr().err
        assert reason in err and "Traceback" not in err


def test_a_huge_transcript_is_refused_unread(files, capsys, tmp_path):
    bank, q, audio, _ = files
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(analyze_cmd.MAX_TRANSCRIPT_BYTES + 1)
    assert main(["analyze", str(audio), "-q", f"{bank.id}/{q.id}", "--transcript", str(big)]) == 2
    assert "a transcript is at most a few MB (limit 64 MB)" in capsys.readouterr().err


def test_a_long_answer_streams_and_is_analysed_whole(files, monkeypatch, capsys, tmp_path):
    """Transcribed stretch by stretch like the app's files (before: one call on the whole
    file), and the analysis still measures all of it."""
    import mockview.app
    from mockview.engines.long_audio import LONG_FILE_S, MAX_STRETCH_S
    from tests.engines.test_engine_cmds import _Model
    from tests.engines.test_long_audio import _answer

    bank, q, _, _ = files
    path, _ = _answer(tmp_path, seconds=LONG_FILE_S + 30)
    model = _Model()
    monkeypatch.setattr(mockview.app, "make_transcriber", lambda settings: model)
    assert main(["analyze", str(path), "-q", f"{bank.id}/{q.id}", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    lengths = [length for _, length in model.calls]
    assert len(lengths) >= 4 and max(lengths) <= MAX_STRETCH_S + 0.1
    assert out["feedback"]["figures"]["word_count"] == len(lengths)
    assert out["transcript"]["duration_s"] == pytest.approx(sf.info(str(path)).duration, abs=0.01)
