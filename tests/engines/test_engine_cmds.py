"""`mockview transcribe`, `speak`, `devices`: results, and clear messages with exit 2 on errors."""

from __future__ import annotations

import json

import pytest
import soundfile as sf

from mockview.cli import main
from tests.engines.fakes import FakeSoundDevice
from tests.support.speech import espeak_wav


def test_transcribe_missing_file(capsys, tmp_path):
    assert main(["transcribe", str(tmp_path / "none.wav")]) == 2
    err = capsys.readouterr().err
    assert "Audio file not found" in err and "Traceback" not in err


def test_transcribe_bad_audio(capsys, tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_text("not audio")
    assert main(["transcribe", str(bad)]) == 2
    assert "Cannot read audio from" in capsys.readouterr().err


def test_transcribe_missing_model(capsys, tmp_path):
    wav = tmp_path / "a.wav"
    sf.write(wav, [0.0] * 1600, 16000)
    assert main(["transcribe", str(wav), "--model", "medium.en"]) == 2
    assert "medium.en is not on this computer" in capsys.readouterr().err


def test_transcribe_bad_question_ref(capsys, tmp_path):
    wav = tmp_path / "a.wav"
    sf.write(wav, [0.0] * 1600, 16000)
    assert main(["transcribe", str(wav), "--question", "nobank"]) == 2
    assert "BANK/ID" in capsys.readouterr().err


def test_devices_with_no_audio_system(capsys, monkeypatch):
    import mockview.engines.recorder as recorder

    monkeypatch.setattr(recorder, "import_sounddevice", lambda: FakeSoundDevice(has_input=False))
    assert main(["devices"]) == 2
    captured = capsys.readouterr()
    assert "(none found" in captured.out and "No audio devices found" in captured.err


def test_devices_marks_the_default(capsys, monkeypatch):
    import mockview.engines.recorder as recorder

    monkeypatch.setattr(recorder, "import_sounddevice", lambda: FakeSoundDevice())
    assert main(["devices"]) == 0
    assert "*  0  fake mic" in capsys.readouterr().out


@pytest.mark.slow
def test_transcribe_json_has_word_times(capsys, tmp_path):
    wav = espeak_wav("The hardest part was hiring people who could write code.", tmp_path / "a.wav")
    assert main(["transcribe", str(wav), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "hiring" in data["text"].lower()
    words = [w for s in data["segments"] for w in s["words"]]
    assert words and all(w["end_s"] >= w["start_s"] for w in words)
    assert data["model_name"] == "tiny.en"


@pytest.mark.slow
def test_speak_to_file(tmp_path, capsys):
    out = tmp_path / "q.wav"
    assert main(["speak", "What is a vector database?", "-o", str(out), "--rate", "150"]) == 0
    assert sf.info(str(out)).duration > 1.0
    assert capsys.readouterr().out == ""  # the driver's own prints are silenced


@pytest.mark.slow
def test_speak_a_long_model_answer_to_file(tmp_path, capsys):
    """Question 1's model answer (1,420 characters), read sentence by sentence into one WAV:
    at the 150 words a minute asked for, within 10 %."""
    from mockview.core.bank.discovery import find_banks

    answer = next(b for b in find_banks().banks if b.id == "ai-cto").questions[0].model_answer
    out = tmp_path / "answer.wav"
    assert main(["speak", answer, "-o", str(out), "--rate", "150"]) == 0
    minutes = sf.info(str(out)).duration / 60
    assert abs(len(answer.split()) / minutes - 150) <= 15


def test_speak_nothing_speakable_is_a_message(tmp_path, capsys):
    assert main(["speak", " 🚀 ", "-o", str(tmp_path / "x.wav")]) == 2
    assert "nothing to read aloud" in capsys.readouterr().err
