"""Live transcription: cuts at pauses, absolute times, only the tail after Stop, same words."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import soundfile as sf

from mockview.core.transcript import Segment, Transcript, Word
from mockview.engines.live import MAX_STRETCH_S, LiveTranscription
from tests.support.speech import concat_with_silence, espeak_wav

RATE = 48000


class _FakeTranscriber:
    model_name, device = "fake", "cpu"

    def __init__(self):
        self.calls: list[tuple[float, float]] = []  # (offset_s, length_s)
        self.contexts: list[str] = []
        self.threads = set()

    def transcribe(self, audio, terms=(), offset_s=0.0, *, context="", cancel=None):
        self.threads.add(threading.current_thread().name)
        self.contexts.append(context)
        n = len(self.calls)
        self.calls.append((offset_s, len(audio) / 16000))
        # One word where the stretch's first loud sample is, so times can be checked.
        loud = np.flatnonzero(np.abs(audio) > 0.05)
        start = offset_s + (loud[0] / 16000 if len(loud) else 0.0)
        word = Word(f"w{n}", start, start + 0.1)
        return Transcript(
            f"w{n}",
            (Segment(f"w{n}", start, start + 0.1, (word,)),),
            len(audio) / 16000,
            extra={"transcribe_s": 0.01, "prompt": "p"},
        )


def _speech_like(seconds, rng):
    return (0.2 * rng.standard_normal(int(seconds * RATE))).astype(np.float32)


def _feed(live, audio, block=RATE // 20):
    for i in range(0, len(audio), block):
        live.feed(audio[i : i + block], RATE)


def test_cuts_at_pauses_with_absolute_times_and_tail_at_finish():
    rng = np.random.default_rng(0)
    parts, bursts = [], []
    t = 0.0
    for _ in range(6):  # 3 s of "speech", 0.8 s pause
        bursts.append(t)
        parts += [_speech_like(3.0, rng), np.zeros(int(0.8 * RATE), np.float32)]
        t += 3.8
    fake = _FakeTranscriber()
    updates = []
    live = LiveTranscription(fake, on_update=updates.append, min_stretch_s=5.0)
    _feed(live, np.concatenate(parts))
    result = live.finish()
    offsets = [o for o, _ in fake.calls]
    # Every cut is inside a pause, so every stretch starts just before a burst.
    for offset in offsets[1:]:
        assert any(0 < b - offset <= 0.8 for b in bursts), offset
    # Stretches tile the recording without gaps or overlaps.
    ends = [o + n for o, n in fake.calls]
    assert offsets[0] == 0
    assert all(abs(a - b) < 1e-6 for a, b in zip(ends[:-1], offsets[1:], strict=True))
    assert result.duration_s == pytest.approx(6 * 3.8, abs=0.01)
    starts = [w.start_s for w in result.words]
    assert starts == sorted(starts) and starts[0] == pytest.approx(0.0, abs=0.01)
    assert result.text == " ".join(f"w{i}" for i in range(len(fake.calls)))
    assert fake.threads == {"live-transcription"}
    assert updates and updates[-1] == result.text
    assert result.extra["stretches"] == len(fake.calls) >= 3
    # Each stretch is conditioned on the words of the one before.
    assert fake.contexts == [""] + [f"w{i}" for i in range(len(fake.calls) - 1)]


def test_only_the_tail_is_left_for_finish():
    rng = np.random.default_rng(1)
    fake = _FakeTranscriber()
    live = LiveTranscription(fake)
    pause = np.zeros(int(0.8 * RATE), np.float32)
    _feed(live, np.concatenate([_speech_like(6, rng), pause, _speech_like(6, rng), pause]))
    _feed(live, _speech_like(2, rng))
    assert live.buffered_s < 3.5  # what was cut has gone to the worker
    live.finish()
    tail_offset, tail_len = fake.calls[-1]
    assert tail_len < 3.5 and tail_offset > 12


def test_long_stretch_without_pause_is_forced_and_silence_dropped():
    rng = np.random.default_rng(2)
    fake = _FakeTranscriber()
    live = LiveTranscription(fake)
    _feed(live, np.zeros(60 * RATE, np.float32))
    assert live.buffered_s < 1.0 and fake.calls == []
    _feed(live, _speech_like(50, rng))
    result = live.finish()
    assert all(n <= MAX_STRETCH_S + 0.05 for _, n in fake.calls)
    assert fake.calls[0][0] >= 59.0  # leading silence never reached the model
    assert result.duration_s == pytest.approx(110.0, abs=0.01)


def test_cancel_ends_the_worker():
    fake = _FakeTranscriber()
    live = LiveTranscription(fake)
    _feed(live, _speech_like(3, np.random.default_rng(3)))
    live.cancel()
    live._worker.join(10)
    assert not live._worker.is_alive() and fake.calls == []


def test_resampling_keeps_time():
    fake = _FakeTranscriber()
    live = LiveTranscription(fake)
    audio = np.zeros(44100 * 10, np.float32)
    audio[44100 * 7 : 44100 * 8] = 0.3
    for i in range(0, len(audio), 2205):
        live.feed(audio[i : i + 2205], 44100)
    result = live.finish()
    assert result.duration_s == pytest.approx(10.0, abs=0.01)
    assert result.words[0].start_s == pytest.approx(7.0, abs=0.02)


def _wer(reference: str, hypothesis: str) -> float:
    ref, hyp = _norm(reference), _norm(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(ref)


def _norm(text):
    return "".join(c if c.isalnum() or c == " " else " " for c in text.lower()).split()


SENTENCES = [
    "The hardest part was hiring people who could write code and talk to customers.",
    "We shipped a small model first, then replaced it once we had real usage data.",
    "Security reviews happened before any customer data touched a model.",
    "I think the main lesson was to write the evaluation set before the prompt.",
    "The board wanted a roadmap, so I gave them three pillars with a metric for each.",
    "After that we wrote a one page brief for every experiment and reviewed it weekly.",
    "We used feature flags so that a bad model could be switched off in seconds.",
]


@pytest.mark.slow
def test_live_gives_the_same_words_as_whole_file(tmp_path):
    from mockview.engines.transcriber import WhisperTranscriber

    parts = []
    for i, sentence in enumerate(SENTENCES):
        parts += [espeak_wav(sentence, tmp_path / f"{i}.wav"), [0.6, 1.2, 0.9][i % 3]]
    clip = concat_with_silence(parts, tmp_path / "answer.wav")
    audio, rate = sf.read(clip, dtype="float32")
    assert 30 < len(audio) / rate < 50
    transcriber = WhisperTranscriber()
    transcriber.load()
    whole = transcriber.transcribe(clip)
    live = LiveTranscription(transcriber)
    for i in range(0, len(audio), rate // 20):
        live.feed(audio[i : i + rate // 20], rate)
    result = live.finish()
    reference = " ".join(SENTENCES)
    assert result.extra["stretches"] >= 3
    assert _wer(reference, result.text) <= _wer(reference, whole.text) + 0.08
    assert result.duration_s == pytest.approx(whole.duration_s, abs=0.05)
    assert result.words[-1].end_s <= result.duration_s + 0.1


def test_a_failing_voice_track_leaves_the_frames_to_be_measured_after_stop(monkeypatch):
    from mockview.core.feedback import voice_track

    def broken(self, last):
        raise IndexError("measuring failed")

    monkeypatch.setattr(voice_track.VoiceTrack, "_measure", broken)
    live = LiveTranscription(_FakeTranscriber(), keep_audio=True)
    _feed(live, _speech_like(3.0, np.random.default_rng(3)))
    assert live.voice() is None  # dropped, recording went on
    live.finish()
    assert live.audio() is not None and abs(len(live.audio()) - 3 * 16000) < 160
