"""One real run: espeak-ng speech -> tiny.en -> analyze(), fillers and pace within tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.core.feedback import analyze
from tests.support.speech import concat_with_silence, espeak_wav, load_16k

PARTS = [
    "Um, the first thing I would do is meet the people who run the product every day.",
    "Basically, we shipped a small model first, you know, and replaced it later.",
    "I would like to say it worked at once, but it took three months.",
]


@pytest.mark.slow
def test_spoken_answer_fillers_pace_and_pause(tmp_path):
    from mockview.engines.transcriber import WhisperTranscriber

    clips = [espeak_wav(text, tmp_path / f"p{i}.wav", rate_wpm=160) for i, text in enumerate(PARTS)]
    wav = concat_with_silence(
        [0.5, clips[0], 0.4, clips[1], 2.0, clips[2], 0.5], tmp_path / "answer.wav"
    )
    audio = load_16k(wav)
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    true_speaking_s = (loud[-1] - loud[0]) / 16000
    true_wpm = sum(len(p.split()) for p in PARTS) * 60 / true_speaking_s

    transcriber = WhisperTranscriber()
    transcriber.load()
    fb = analyze(transcriber.transcribe(audio), None, audio=audio)

    # Scripted: um, basically, you know. "would like to" is a verb and must not count.
    assert {"um", "basically", "you know"} & set(fb.filler_counts), fb.filler_counts
    assert "like" not in fb.filler_counts
    assert 2 <= fb.filler_count <= 3
    assert fb.words_per_minute == pytest.approx(true_wpm, rel=0.15)
    long = fb.long_pauses
    assert len(long) == 1 and long[0].confirmed
    assert long[0].duration_s == pytest.approx(2.0, abs=0.35)
