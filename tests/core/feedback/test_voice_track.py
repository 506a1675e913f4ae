"""Voice frames measured while recording (VoiceTrack) are those measured from the whole
recording after Stop: same levels, same frames, same filled pauses; unmeasured stretches fall
back to measuring."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.core.feedback import filled_pauses as fp
from mockview.core.feedback.voice_frames import frame_features, levels
from mockview.core.feedback.voice_track import VoiceTrack
from tests.core.feedback.test_filled_pauses import RATE, compose, silence, um, voiced


@pytest.fixture(scope="module")
def answer():
    pieces = []
    for k in range(6):
        pieces += [("word", None), (None, silence(0.25))]
        if k % 2:
            pieces += [(None, um() if k % 4 == 1 else voiced(125, 0.4)), (None, silence(0.25))]
    return compose(pieces)


def fed(audio: np.ndarray, block: int) -> VoiceTrack:
    track = VoiceTrack(RATE)
    for pos in range(0, len(audio), block):
        track.add(audio[pos : pos + block])
    track.finish()
    return track


@pytest.mark.parametrize("block", [801, 4800, 16000])
def test_frames_and_levels_match_the_whole_recording(answer, block):
    audio, _ = answer
    track = fed(audio, block)
    assert track.levels() == pytest.approx(levels(audio, RATE))
    speech_db, floor_db = levels(audio, RATE)
    end = len(audio) / RATE
    for lo, hi in [(0.0, 0.5), (1.23, 2.9), (end - 0.7, end), (0.0, end)]:
        for min_db in (floor_db + 10, speech_db - 25, speech_db - 5):
            want = frame_features(audio, RATE, lo, hi, min_db=min_db)
            got = track.frames(lo, hi, min_db)
            assert got is not None and got.t0_s == want.t0_s
            for name in ("db", "voicing", "f0", "flux", "low_share"):
                np.testing.assert_allclose(
                    getattr(got, name), getattr(want, name), rtol=1e-5, atol=1e-4, err_msg=name
                )


def test_filled_pauses_found_from_the_track_are_those_found_after_stop(answer):
    audio, words = answer
    after_stop = fp.find_filled_pauses(audio, RATE, words)
    assert len(after_stop) == 3
    assert fp.find_filled_pauses(audio, RATE, words, track=fed(audio, 800)) == after_stop


def test_a_track_not_finished_or_of_other_audio_is_not_used(answer):
    audio, words = answer
    half = VoiceTrack(RATE)
    half.add(audio[: len(audio) // 2])
    assert half.frames(0.0, len(audio) / RATE, -60.0) is None
    assert not half.covers(len(audio))
    other = fed(audio[: len(audio) // 2], 800)
    found = fp.find_filled_pauses(audio, RATE, words, track=other)
    assert found == fp.find_filled_pauses(audio, RATE, words)


@pytest.mark.parametrize("extra", [0, 1, 160 * 3, 160 * 7 + 5])
def test_a_recording_ending_a_few_frames_after_a_batch_is_measured_to_its_end(answer, extra):
    audio, _ = answer
    # A length that leaves only a few frames for finish() to measure.
    n = (len(audio) // 16000) * 16000 - 800 + extra
    track = fed(audio[:n], 16000)
    end = n / RATE
    got = track.frames(end - 0.05, end, -60.0)
    want = frame_features(audio[:n], RATE, end - 0.05, end, min_db=-60.0)
    assert got is not None and len(got.db) == len(want.db) <= 6
    np.testing.assert_allclose(got.voicing, want.voicing, atol=1e-4)
