"""`mockview analyze` with a given transcript (no model): report, JSON, and user errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from mockview.cli import main
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
