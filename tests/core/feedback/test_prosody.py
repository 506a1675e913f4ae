"""The voice from the audio (prosody.py): a flat pitch is a monotone and a gliding one is not,
a faded sentence end trails off, too little voiced speech is not judged, and real speech is
not called monotone."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.core.feedback import prosody
from mockview.core.feedback.prosody import measure_voice, pace_spread
from mockview.core.feedback.tokens import Token, tokenize_words
from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.transcript import Word
from tests.support import real_speech as rs
from tests.support.speech import espeak_range_16k

RATE = 16000
SYLLABLE_S = 0.25
GAP_S = 0.08
PER_SENTENCE = 8  # syllables


def harmonic(f0: np.ndarray, amp: np.ndarray) -> np.ndarray:
    """A voice-like tone: ten harmonics falling 6 dB an octave, f0 and amplitude per sample."""
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    tone = sum(np.sin(k * phase) / k for k in range(1, 11))
    return (0.2 * amp * tone).astype(np.float32)


def speech_like(contour, seconds: float = 8.0, fade_db: float = 0.0, seed: int = 0):
    """Syllables of a harmonic tone with f0 = contour(t) and short gaps, in sentences of
    PER_SENTENCE syllables; the last 0.4 s of voice is `fade_db` quieter. Returns the audio
    (0.5 s of room noise either side) and one word per syllable, sentence ends marked."""
    lead = 0.5
    n = int((seconds + 2 * lead) * RATE)
    t = np.arange(n) / RATE
    amp = np.zeros(n)
    words = []
    start, k = lead, 0
    while start + SYLLABLE_S <= lead + seconds:
        a, b = int(start * RATE), int((start + SYLLABLE_S) * RATE)
        amp[a:b] = np.hanning(b - a) ** 0.3
        k += 1
        end = "." if k % PER_SENTENCE == 0 else ""
        words.append(Word(f"word{end}", round(start, 3), round(start + SYLLABLE_S, 3)))
        start += SYLLABLE_S + GAP_S
    last = words[-1].text
    if not last.endswith("."):
        words[-1] = Word(last + ".", words[-1].start_s, words[-1].end_s)
    if fade_db:
        voice_end = words[-1].end_s
        amp[t > voice_end - 0.4] *= 10 ** (-fade_db / 20)
    audio = harmonic(np.asarray(contour(t), float), amp)
    audio += np.random.default_rng(seed).normal(0, 0.001, n).astype(np.float32)
    return audio, tokenize_words(words)


def flat(t):
    return np.full_like(t, 120.0)


def glide(span_st: float, period_s: float = 2.0):
    """A sawtooth over `span_st` semitones: f0 spread evenly, so 10-90 % spread = 0.8 span."""

    def f(t):
        return 120.0 * 2 ** (span_st * ((t / period_s) % 1.0) / 12.0)

    return f


def test_a_flat_pitch_is_a_monotone():
    audio, words = speech_like(flat)
    v = measure_voice(audio, RATE, words, [])
    assert v.measured and v.voiced_s > prosody.MIN_VOICED_S
    assert v.pitch_median_hz == pytest.approx(120, rel=0.03)
    assert v.pitch_range_st < 1.0
    assert v.monotone
    assert "monotone" in v.observation


def test_a_gliding_pitch_is_not_a_monotone():
    audio, words = speech_like(glide(10.0))
    v = measure_voice(audio, RATE, words, [])
    assert v.measured
    assert v.pitch_range_st == pytest.approx(8.0, abs=1.0)
    assert v.pitch_sd_st > 2.0
    assert not v.monotone
    assert "lively" in v.observation


@pytest.mark.parametrize("spread", [prosody.MONOTONE_ST - 0.5, prosody.MONOTONE_ST + 0.5])
def test_the_monotone_flag_turns_at_its_threshold(spread):
    audio, words = speech_like(glide(spread / 0.8))
    v = measure_voice(audio, RATE, words, [])
    assert v.pitch_range_st == pytest.approx(spread, abs=0.35)
    assert v.monotone == (spread < prosody.MONOTONE_ST)


def test_an_octave_error_does_not_widen_the_range():
    st = 12.0 * np.log2(np.full(400, 150.0) / 150.0) + np.linspace(-1, 1, 400)
    st[100:103] += 12.0  # a doubled period for three frames
    kept = prosody.drop_octave_jumps(st)
    assert len(kept) == 397 and kept.max() <= 1.0


def test_a_faded_sentence_end_trails_off():
    audio, words = speech_like(glide(8.0), fade_db=15.0)
    v = measure_voice(audio, RATE, words, [])
    assert v.sentence_ends >= 3
    assert v.trailing_off == (words[-1].end_s,)
    steady_audio, steady_words = speech_like(glide(8.0))
    steady = measure_voice(steady_audio, RATE, steady_words, [])
    assert steady.sentence_ends == v.sentence_ends and steady.trailing_off == ()


def test_no_audio_or_too_little_voice_is_not_measured():
    audio, words = speech_like(glide(8.0), seconds=1.5)
    assert not measure_voice(np.zeros(0, np.float32), RATE, words, []).measured
    assert not measure_voice(audio, 0, words, []).measured
    short = measure_voice(audio, RATE, words, [(0.0, 140.0), (10.0, 180.0)])
    assert not short.measured and 0 < short.voiced_s < prosody.MIN_VOICED_S
    assert short.pace_sd_wpm == 20.0 and short.observation == ""
    silent = np.random.default_rng(1).normal(0, 0.001, RATE * 5).astype(np.float32)
    assert not measure_voice(silent, RATE, words, []).measured


def test_pace_spread_leaves_out_windows_without_words():
    assert pace_spread([(0.0, 120.0), (10.0, 0.0), (20.0, 160.0)]) == 20.0
    assert pace_spread([(0.0, 150.0)]) == 0.0


def test_the_frames_measured_while_recording_give_the_same_voice():
    audio, words = speech_like(glide(8.0), fade_db=15.0)
    track = VoiceTrack(RATE)
    for pos in range(0, len(audio), 1600):
        track.add(audio[pos : pos + 1600])
    track.finish()
    assert measure_voice(audio, RATE, words, [], track=track) == measure_voice(
        audio, RATE, words, []
    )


def _spread_words(text: str, start_s: float, end_s: float) -> list[Token]:
    parts = text.split()
    step = (end_s - start_s) / len(parts)
    return tokenize_words(
        [Word(w, start_s + i * step, start_s + (i + 0.9) * step) for i, w in enumerate(parts)]
    )


def _speech_span(audio: np.ndarray) -> tuple[float, float]:
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    return loud[0] / RATE, loud[-1] / RATE


@pytest.mark.skipif(not rs.available(), reason="shared/speech not found")
def test_real_read_speech_is_not_a_monotone():
    clip = next(c for c in rs.read_clips() if c.name == "ljspeech_LJ001-0001")
    words = _spread_words(clip.reference + ".", *_speech_span(clip.audio))
    v = measure_voice(clip.audio, RATE, words, [])
    assert v.measured and not v.monotone
    assert v.pitch_range_st > 2 * prosody.MONOTONE_ST
    assert v.trailing_off == ()


TEXTS = [
    "I led the move to a new billing system last spring. We finished two weeks early.",
    "I hire for curiosity first. Skills can be taught, but wanting to learn is hard to teach.",
]


def _espeak(text: str, voice: str, pitch_range: str) -> np.ndarray:
    audio = espeak_range_16k(text, voice, pitch_range)
    n = len(audio)
    pad = np.zeros(RATE // 2)
    noise = np.random.default_rng(0).normal(0, 0.002, n + RATE)
    return (np.concatenate([pad, audio, pad]) + noise).astype(np.float32)


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["en-us", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_espeak_range_x_low_is_a_monotone_and_x_high_is_not(voice, text):
    got = {}
    for pitch_range in ("x-low", "x-high"):
        audio = _espeak(text, voice, pitch_range)
        v = measure_voice(audio, RATE, _spread_words(text, *_speech_span(audio)), [])
        assert v.measured
        got[pitch_range] = v
    assert got["x-low"].monotone and not got["x-high"].monotone
    assert got["x-high"].pitch_range_st > got["x-low"].pitch_range_st + 2
