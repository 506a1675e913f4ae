"""Long files transcribed in stretches cut at pauses: bounded stretches, absolute times, errors."""

from __future__ import annotations

import os

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import AudioFileError, load_audio_16k
from mockview.engines.long_audio import (
    LONG_FILE_S,
    MAX_STRETCH_S,
    MIN_STRETCH_S,
    stream_file,
    transcribe_file,
)
from tests.engines.test_audio_files import wav_bytes
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


def test_progress_follows_the_read_up_to_the_whole_file(tmp_path):
    path, _ = _answer(tmp_path, seconds=40.0)
    seen = []
    transcribe_file(
        _FakeTranscriber(), path, progress=lambda done, total: seen.append((done, total))
    )
    duration = sf.info(str(path)).duration
    assert len(seen) >= 40 and all(total == pytest.approx(duration) for _, total in seen)
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == pytest.approx(duration)


def test_kept_audio_and_voice_are_the_file_read_once(tmp_path):
    """What the analysis gets from a streamed file equals reading it whole (48 kHz here)."""
    mic, _ = _answer(tmp_path, seconds=40.0)
    assert sf.info(str(mic)).samplerate == RATE == 48000
    stream = stream_file(_FakeTranscriber(), mic, keep_audio=True)
    transcript = stream.finish()
    kept, whole = stream.audio(), load_audio_16k(mic)
    assert kept is not None and len(kept) == len(whole)
    np.testing.assert_allclose(kept, whole, atol=1e-6)
    voice = stream.voice()
    assert voice is not None and voice.covers(len(kept))
    assert transcript.duration_s == pytest.approx(len(kept) / 16000, abs=0.01)


def test_a_refused_file_starts_no_transcription(tmp_path):
    fake = _FakeTranscriber()
    fifo = tmp_path / "fifo.wav"
    os.mkfifo(fifo)
    with pytest.raises(AudioFileError, match="named pipe"):
        transcribe_file(fake, fifo)
    one_hz = tmp_path / "1hz.wav"
    one_hz.write_bytes(wav_bytes(rate=1))
    with pytest.raises(AudioFileError, match="at least 8 kHz"):
        transcribe_file(fake, one_hz)
    assert fake.calls == []


def _question():
    from mockview.core.bank.discovery import find_banks

    return next(b for b in find_banks().banks if b.id == "ai-cto").questions[0]


def test_every_route_through_the_pipeline_streams_a_long_file(tmp_path):
    """`analyze`, a retry and crash recovery call process_attempt with a path: a long file is
    read stretch by stretch (before: loaded whole and sent in one call), and the analysis still
    gets all of its audio."""
    from mockview.session.pipeline import process_attempt

    path, _ = _answer(tmp_path, seconds=LONG_FILE_S + 30)
    fake = _FakeTranscriber()
    done = process_attempt(path, _question(), fake)
    lengths = [length for _, length in fake.calls]
    assert len(lengths) >= 4 and max(lengths) <= MAX_STRETCH_S + 0.1
    assert done.duration_s == pytest.approx(sf.info(str(path)).duration, abs=0.01)
    assert done.feedback.word_count == len(lengths)


def test_a_short_file_stays_one_call(tmp_path):
    from mockview.session.pipeline import process_attempt

    path, _ = _answer(tmp_path, seconds=40.0)
    fake = _FakeTranscriber()
    process_attempt(path, _question(), fake)
    assert len(fake.calls) == 1


def test_crash_recovery_streams_a_long_attempt(tmp_path):
    from mockview.core.history import recovery
    from mockview.core.history.records import Attempt, QuestionSnapshot
    from mockview.session.pipeline import recover_attempt

    path, _ = _answer(tmp_path, seconds=LONG_FILE_S + 30)
    attempt = Attempt("a1", "ai-cto", QuestionSnapshot.of(_question()), "2026-12-02", path)

    class Store:
        stored: tuple = ()

        def recover(self, attempt, process, repair):
            return recovery.recover_attempt(self, attempt, process, repair)

        def fail_attempt(self, attempt_id, message):
            raise AssertionError(message)

        def store_recovered(self, attempt_id, duration_s, transcript, feedback):
            self.stored = (duration_s, transcript, feedback)
            return attempt

    store, fake = Store(), _FakeTranscriber()
    recover_attempt(store, attempt, fake)
    duration_s, transcript, _ = store.stored
    assert duration_s == pytest.approx(sf.info(str(path)).duration, abs=0.01)
    assert len(fake.calls) >= 4 and max(length for _, length in fake.calls) <= MAX_STRETCH_S + 0.1
    assert transcript.extra["stretches"] == len(fake.calls)
