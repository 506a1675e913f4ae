"""`mockview transcribe`, `speak`, `devices`: results, and clear messages with exit 2 on errors."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest
import soundfile as sf

from mockview.cli import main
from mockview.cli.engine_cmds import progress_line
from mockview.engines.long_audio import LONG_FILE_S, MAX_STRETCH_S
from tests.engines.fakes import FakeSoundDevice
from tests.engines.test_audio_files import wav_bytes
from tests.engines.test_live import _FakeTranscriber
from tests.engines.test_long_audio import _answer
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


class _Model(_FakeTranscriber):
    """The fake transcriber as the CLI builds it (load, fallback_reason)."""

    fallback_reason = ""

    def load(self):
        pass


@pytest.fixture
def model(monkeypatch):
    import mockview.app

    fake = _Model()
    monkeypatch.setattr(mockview.app, "make_transcriber", lambda settings: fake)
    return fake


def test_transcribe_streams_a_long_file(model, tmp_path, capsys):
    """Before: the whole file was loaded and sent in one call (an hour: 3.5 GB, no result
    after 900 s). Now stretch by stretch, as the app reads a file (engines/long_audio.py)."""
    path, _ = _answer(tmp_path, seconds=LONG_FILE_S + 30)
    assert main(["transcribe", str(path)]) == 0
    lengths = [length for _, length in model.calls]
    assert len(lengths) >= 4 and max(lengths) <= MAX_STRETCH_S + 0.1
    out = capsys.readouterr()
    assert out.out.split() == [f"w{i}" for i in range(len(lengths))]
    assert "\r" not in out.err  # not a terminal: no progress line


def test_transcribe_refuses_a_special_file_or_a_lying_header_before_the_model_loads(
    monkeypatch, tmp_path, capsys
):
    import mockview.app

    def never(settings):
        raise AssertionError("the model was loaded for a file that is refused")

    monkeypatch.setattr(mockview.app, "make_transcriber", never)
    fifo = tmp_path / "fifo.wav"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.wav"
    loop.symlink_to(loop)
    one_hz = tmp_path / "1hz.wav"
    one_hz.write_bytes(wav_bytes(rate=1))
    for path, reason in [
        (fifo, "named pipe (FIFO)"),
        (loop, "symbolic link that loops"),
        (one_hz, "speech needs at least 8 kHz; the header says 1 Hz"),
    ]:
        assert main(["transcribe", str(path)]) == 2
        err = capsys.readouterr().err
        assert reason in err and path.name in err and "Traceback" not in err


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_line_on_a_terminal_only():
    assert progress_line(io.StringIO()) is None
    terminal = _Terminal()
    bar = progress_line(terminal)
    assert bar is not None
    for done in (0.5, 1.0, 750.0, 750.4, 3600.0):
        bar(done, 3600.0)
    bar.close()
    text = terminal.getvalue()
    assert "\r  12:30 / 60:00  20%" in text and "\r  60:00 / 60:00  100%" in text
    assert text.count("12:30") == 1  # redrawn only when what it shows changes
    assert text.endswith(" " * len("  60:00 / 60:00  100%") + "\r")  # cleared for what follows


def test_transcribe_shows_progress_on_a_terminal(model, tmp_path, monkeypatch):
    path, _ = _answer(tmp_path, seconds=LONG_FILE_S + 30)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["transcribe", str(path)]) == 0
    err = terminal.getvalue()
    minutes, seconds = divmod(int(sf.info(str(path)).duration), 60)
    assert f"\r  0:01 / {minutes}:{seconds:02d}  0%" in err
    assert f"\r  {minutes}:{seconds:02d} / {minutes}:{seconds:02d}  100%" in err
    assert err.endswith("\r")  # the line is cleared before the transcript is printed
