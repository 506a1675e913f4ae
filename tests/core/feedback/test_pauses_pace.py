"""Pauses from timestamps and from the audio's energy; pace and time figures."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.core.feedback import analyze
from mockview.core.transcript import Segment, Transcript, Word
from tests.core.feedback.helpers import question, transcript

RATE = 16000


def test_pauses_inside_and_between_sentences():
    # gap after "ship." (sentence end) and after "the" (inside a clause)
    fb = analyze(
        transcript("We ship weekly. Then the model is tested.", gaps={2: 1.5, 4: 0.5}), None
    )
    assert [(p.after_index, p.at_sentence_boundary) for p in fb.pauses] == [(2, True), (4, False)]
    long = fb.long_pauses
    assert len(long) == 1 and long[0].duration_s == pytest.approx(1.6)
    assert fb.figures["pause_count"] == 2 and fb.figures["long_pause_count"] == 1


def test_gaps_under_a_quarter_second_are_not_pauses():
    fb = analyze(transcript("one two three four", gaps={1: 0.1}), None)
    assert fb.pauses == []


def _speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    # Voiced-like tone with a syllable-rate envelope that never falls silent.
    env = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t)
    return (0.3 * env * np.sin(2 * np.pi * 180 * t) + 0.01 * rng.standard_normal(t.size)).astype(
        np.float32
    )


def _words(times: list[tuple[float, float]]) -> Transcript:
    words = tuple(Word(f"word{i}", a, b) for i, (a, b) in enumerate(times))
    return Transcript(
        "x", (Segment("x", times[0][0], times[-1][1], words),), duration_s=times[-1][1] + 0.5
    )


def test_a_gap_the_timestamps_invent_over_continuous_speech_is_not_reported():
    audio = _speechlike(6.0)
    # Timestamps claim 2 s of silence between 2.0 and 4.0, but the audio speaks throughout.
    tr = _words([(0.2, 0.6), (0.8, 1.4), (1.6, 2.0), (4.0, 4.5), (4.7, 5.5)])
    assert len(analyze(tr, None).long_pauses) == 1  # the timestamps alone believe it
    fb = analyze(tr, None, audio=audio, sample_rate=RATE)
    assert fb.pauses_confirmed
    assert fb.long_pauses == []


def test_a_real_inserted_silence_is_reported_with_its_true_length():
    audio = np.concatenate(
        [_speechlike(2.0, 1), np.zeros(int(1.8 * RATE), np.float32), _speechlike(2.0, 2)]
    )
    # Whisper stretched the word before the silence: the timestamp gap is only 0.3 s.
    tr = _words([(0.2, 0.9), (1.0, 1.9), (2.1, 3.5), (3.8, 4.6), (4.8, 5.6)])
    assert analyze(tr, None).long_pauses == []
    fb = analyze(tr, None, audio=audio, sample_rate=RATE)
    assert len(fb.long_pauses) == 1
    pause = fb.long_pauses[0]
    assert pause.confirmed and pause.after_index == 2
    assert pause.duration_s == pytest.approx(1.8, abs=0.1)
    assert pause.start_s == pytest.approx(2.0, abs=0.1)


def test_time_figures_and_target_verdict():
    text = " ".join(["word"] * 40)
    fb = analyze(transcript(text, start_s=3.0), question(target_s=90), lead_in_s=1.0)
    assert fb.response_delay_s == pytest.approx(2.0)
    assert fb.speaking_s == pytest.approx(39 * 0.4 + 0.3)
    assert fb.words_per_minute == pytest.approx(40 * 60 / fb.speaking_s, rel=1e-3)
    assert fb.target_verdict == "under"
    long = analyze(transcript(" ".join(["word"] * 400)), question(target_s=90))
    assert long.target_verdict == "over"  # 160 s against 90
    ok = analyze(transcript(" ".join(["word"] * 220)), question(target_s=90))
    assert ok.target_verdict == "within"


def test_articulation_rate_leaves_out_pauses():
    letters = "a b c d e f g h i j k l m n o p q r s t u v w x y z"  # 11 s: long enough to judge
    fb = analyze(transcript(letters, gaps={3: 2.0}), None)
    assert fb.articulation_wpm > fb.words_per_minute
    speaking_without = fb.speaking_s - sum(p.duration_s for p in fb.pauses)
    assert fb.articulation_wpm == pytest.approx(26 * 60 / speaking_without, rel=1e-3)


def test_pace_windows_cover_the_answer_in_ten_second_steps():
    fb = analyze(transcript(" ".join(["w"] * 100)), None)  # 40 s at 150 WPM
    starts = [s for s, _ in fb.pace_windows]
    assert starts[0] == pytest.approx(0.5)
    assert all(b - a == pytest.approx(10.0) for a, b in zip(starts, starts[1:], strict=False))
    assert all(abs(w - 150) < 10 for _, w in fb.pace_windows)
