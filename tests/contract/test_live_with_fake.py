"""The real LiveTranscription driven with the UI tests' FakeTranscriber: what the live path
hands a transcriber (stretch offsets, the previous stretch's words as context) and what it
makes of the answers."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.engines.audio_files import TARGET_RATE
from mockview.engines.live import CONTEXT_WORDS, MIN_STRETCH_S, LiveTranscription
from tests.ui.fakes import FakeTranscriber, words_from

RATE = 48000  # a microphone's rate: the live path resamples to 16 kHz itself
SCRIPT = [
    ("So", 0.2, 0.4),
    ("the", 0.5, 0.6),
    ("main", 0.7, 1.0),
    ("risk", 1.1, 1.4),
    ("was", 1.5, 1.7),
    ("data", 2.6, 2.9),
    ("drift", 3.0, 3.3),
    ("in", 3.4, 3.5),
    ("production,", 3.6, 4.2),
    ("and", 5.0, 5.2),
    ("we", 5.3, 5.4),
    ("caught", 5.5, 5.8),
    ("it", 5.9, 6.0),
    ("early.", 6.1, 6.6),
]


def _answer() -> np.ndarray:
    """About 25 s of "speech" (noise bursts of 2.5 s) with a 0.6 s pause after each burst."""
    rng = np.random.default_rng(7)
    parts = []
    for _ in range(8):
        parts.append((0.1 * rng.standard_normal(int(2.5 * RATE))).astype(np.float32))
        parts.append(np.zeros(int(0.6 * RATE), dtype=np.float32))
    return np.concatenate(parts)


def test_stretches_get_the_previous_words_and_absolute_times():
    script = words_from(SCRIPT)
    fake = FakeTranscriber(script)
    fake.load()
    updates: list[str] = []
    live = LiveTranscription(fake, ["data drift"], on_update=updates.append)
    answer = _answer()
    assert len(answer) / RATE >= 20
    for i in range(0, len(answer), RATE // 20):  # 50 ms blocks, as the recorder hands them on
        live.feed(answer[i : i + RATE // 20], RATE)
    result = live.finish(timeout_s=30)

    # At least two stretches were cut at pauses and transcribed, with the question's terms.
    stretches = len(fake.calls)
    assert stretches >= 2 and result.extra["stretches"] == stretches
    assert all(terms == ("data drift",) for _, terms in fake.calls)
    # The first stretch has nothing before it; each later one hears the last words before it.
    assert fake.contexts[0] == ""
    last_words = " ".join(script.text.split()[-CONTEXT_WORDS:])
    assert fake.contexts[1:] == [last_words] * (stretches - 1)
    assert last_words and last_words != script.text  # only the last words, not everything

    # The whole answer's words, in order, on the recording's clock.
    n = len(script.words)
    words = result.words
    assert len(words) == n * stretches
    assert result.text == " ".join([script.text] * stretches)
    starts = [w.start_s for w in words]
    assert starts == sorted(starts)
    first, second = words[:n], words[n : 2 * n]
    assert [w.start_s for w in first] == [w.start_s for w in script.words]
    offsets = {round(b.start_s - a.start_s, 6) for a, b in zip(script.words, second, strict=True)}
    assert len(offsets) == 1, "a stretch's words move together"
    offset = offsets.pop()
    # The second stretch starts where the first ended: its words are offset by its length.
    first_length_s = fake.calls[0][0] / TARGET_RATE
    assert offset == pytest.approx(first_length_s, abs=0.001)
    assert offset >= MIN_STRETCH_S
    assert result.duration_s == pytest.approx(len(answer) / RATE, abs=0.05)
    assert updates and updates[-1] == result.text
