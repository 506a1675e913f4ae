"""Long files transcribed in stretches cut at pauses: bounded stretches, absolute times, errors."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import AudioFileError
from mockview.engines.long_audio import MAX_STRETCH_S, MIN_STRETCH_S, transcribe_file
from tests.engines.test_live import RATE, _FakeTranscriber


def _syllables(seconds, rng):
    """Noise in 4 Hz syllables: quiet between them (as speech is), so the noise floor stays low;
    steady noise for minutes would become the floor itself."""
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = np.sin(np.pi * 4 * t) ** 2
    return (0.2 * envelope * rng.standard_normal(len(t))).astype(np.float32)


def _answer(tmp_path, seconds=150.0, seed=3):
    """Noise 'sentences' of 3-7 s with 0.6-1.2 s pauses, as a recorder's 48 kHz WAV; the
    start times of the sentences."""
    rng = np.random.default_rng(seed)
    parts, starts, t = [], [], 0.0
    while t < seconds:
        said = rng.uniform(3, 7)
        pause = rng.uniform(0.6, 1.2)
        starts.append(t)
        parts += [_syllables(said, rng), np.zeros(int(pause * RATE), dtype=np.float32)]
        t += said + pause
    path = tmp_path / "long.wav"
    sf.write(str(path), np.concatenate(parts), RATE, subtype="PCM_16")
    return path, starts


def test_long_file_in_bounded_stretches_cut_at_pauses(tmp_path):
    path, starts = _answer(tmp_path)
    fake = _FakeTranscriber()
    result = transcribe_file(fake, path)
    lengths = [length for _, length in fake.calls]
    assert len(lengths) >= 3 and max(lengths) <= MAX_STRETCH_S + 0.1
    # Cut in the middle of the pause that follows the minimum length.
    assert all(length >= MIN_STRETCH_S - 0.5 for length in lengths[:-1])
    # Each stretch begins at a sentence start (cut in a pause), with absolute times.
    for offset_s, _ in fake.calls:
        words = [w for s in result.segments for w in s.words if abs(w.start_s - offset_s) < 1.3]
        assert words and min(abs(words[0].start_s - s) for s in starts) < 0.05
    assert [s.start_s for s in result.segments] == sorted(s.start_s for s in result.segments)
    assert result.duration_s == pytest.approx(sf.info(str(path)).duration, abs=0.01)
    assert result.extra["stretches"] == len(lengths)


def test_unreadable_and_missing_files(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEnot really")
    with pytest.raises(AudioFileError, match="bad.wav"):
        transcribe_file(_FakeTranscriber(), bad)
    with pytest.raises(AudioFileError, match="not found"):
        transcribe_file(_FakeTranscriber(), tmp_path / "gone.wav")


def test_transcriber_sends_only_long_files_to_stretches(tmp_path, monkeypatch):
    from mockview.engines import long_audio
    from mockview.engines.transcriber import WhisperTranscriber

    sent = []
    monkeypatch.setattr(
        long_audio, "transcribe_file", lambda t, path, terms, cancel=None: sent.append(path)
    )
    transcriber = WhisperTranscriber()
    transcriber._model = object()  # never called: both files are silent or taken away
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    sf.write(str(short), np.zeros(10 * 16000, dtype=np.float32), 16000)
    sf.write(
        str(long), np.zeros(int((long_audio.LONG_FILE_S + 1) * 16000), dtype=np.float32), 16000
    )
    assert transcriber.transcribe(short).text == "" and sent == []
    transcriber.transcribe(long)
    assert sent == [long]
