"""How the voice sounds: pitch variation (a monotone flag), loudness variation, sentence ends
that trail off, and pace variation, measured from the audio and the word times.

Listeners notice a monotone first, and only the audio can tell it. Every figure comes from the
10 ms frames of voice_frames.py (normalised cross-correlation pitch), the same frames the
filled-pause check uses: when the answer was recorded with a VoiceTrack they are already
measured, so this costs nothing after Stop. bench/voice_eval.py compared that tracker with Praat's
(praat-parselmouth, a 10.8 MB wheel) on the real clips in shared/speech: on frames both call
voiced they agree within a semitone on 79-100 % of frames (octave errors 0-2 %), the pitch ranges
below within 1.2 semitones on every clip (0.5 on most), at about the same CPU cost (0.2-0.3 s
a minute of audio each). Praat is not needed.

Thresholds and their basis (bench/voice_eval.py prints the numbers quoted here):
- Voiced frames: voicing >= VOICING and level within BELOW_SPEECH_DB of the speech level (95th
  percentile of frame levels) and ABOVE_FLOOR_DB above the noise floor, as filled_pauses.py.
- Octave errors: a frame more than OCTAVE_JUMP_ST from the median of its 11 voiced neighbours is
  dropped (a halved or doubled period sits 12 semitones off; a glide moves < 1 st a frame).
- pitch_range_st is the 10th-90th percentile spread of 12*log2(f0 / median) (pitch_sd_st their
  SD): the 5th-95th spread differed by up to 9 semitones between the two trackers on short clips
  (a few frames at a phrase's creaky end), the 10th-90th by 1.2 at most.
- MONOTONE_ST = 3.0: eSpeak's `<prosody range="x-low">` measured 0.8-1.2 semitones and "x-high"
  4.7-9.2 (20 answers, voices en-us and en); the real clips 3.6-14.1, the flattest (3.6-4.5)
  single short phrases by speechbrain and DeepSpeech speakers, LJ Speech 9.4-14.1, the
  spontaneous clip 13.5. 3 lies between a flat synthetic voice and the flattest real reader.
- MIN_VOICED_S = 2.5: fewer seconds of voiced frames (about 5 s of speech) give no figures.
  Over windows of the two long real takes, the median range of 2.5 s of voiced frames comes
  within 1 semitone of the whole take's and the narrowest is 0.6 of it; 1 s windows fell to 0.3-0.4.
- Trailing off: a sentence end where the median level of the last TAIL_S of its voiced frames
  lies TRAIL_DB below the median of its voiced frames before them (10 dB sounds half as loud).
  Natural sentence ends fell at most 7.4 dB (25 real, 177 eSpeak; median 1-2.4); an eSpeak
  answer whose last 0.6 s is 15 dB quieter fired on 79 of 80, faded over 1 s on 72 of 80.
  A 0.5 s tail caught 62 of 80 (tried while choosing): a last word's voiceless end leaves
  few faded voiced frames.
  Voicing is followed down to TAIL_ABOVE_FLOOR_DB over the floor here, so a fading end still
  counts. Only sentences with 2 x TAIL_S of voiced frames are checked. A fall into creak is not
  looked for: the level alone already separates these sets.
- pace_sd_wpm: standard deviation of the pace windows (pace.py, 10 s each) that had words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from mockview.core.feedback.model import Voice
from mockview.core.feedback.tokens import Token
from mockview.core.feedback.voice_frames import HOP_S, WIN_S, Frames, frame_features, levels
from mockview.core.feedback.voice_track import VoiceTrack

VOICING = 0.6  # per-frame normalised cross-correlation; 0.6 matched Praat's voiced share best
BELOW_SPEECH_DB = 25.0
ABOVE_FLOOR_DB = 10.0
TAIL_ABOVE_FLOOR_DB = 6.0  # a fading end is followed further down than pitch frames are
OCTAVE_JUMP_ST = 5.0
OCTAVE_NEIGHBOURS = 5  # each side
SPREAD_PERCENTILES = (10.0, 90.0)
MONOTONE_ST = 3.0
MIN_VOICED_S = 2.5
TAIL_S = 0.3
TRAIL_DB = 9.0
END_SLACK_S = 0.3  # a sentence's last word may end this much later than its transcribed time
SPAN_MARGIN_S = 0.2  # audio before the first word and after the last that still counts


def measure_voice(
    audio: np.ndarray,
    sample_rate: int,
    words: Sequence[Token],
    pace_windows: Sequence[tuple[float, float]],
    *,
    track: VoiceTrack | None = None,
    min_voiced_s: float = MIN_VOICED_S,
) -> Voice:
    """The Voice of an answer: `audio` (mono, audio[0] at 0 s) with its `words` in order and
    the `pace_windows` (start_s, wpm) already computed. `track`, the frames measured while
    recording, saves measuring them again. With under `min_voiced_s` of voiced speech (or no
    audio) `measured` is False and only voiced_s and pace_sd_wpm are filled."""
    pace_sd = pace_spread(pace_windows)
    spoken = [w for w in words if w.norm]
    measured = _frames(audio, sample_rate, spoken, track)
    if measured is None:
        return Voice(pace_sd_wpm=pace_sd)
    frames, pitch_db, tail_db = measured
    voiced = (frames.voicing >= VOICING) & (frames.db >= pitch_db) & (frames.f0 > 0)
    voiced_s = float(voiced.sum()) * HOP_S
    if voiced_s < min_voiced_s or voiced_s <= 0:
        return Voice(voiced_s=round(voiced_s, 2), pace_sd_wpm=pace_sd)
    median_hz, range_st, sd_st = pitch_spread(frames.f0[voiced])
    monotone = round(range_st, 2) < MONOTONE_ST
    drops = end_drops(frames, spoken, (frames.voicing >= VOICING) & (frames.db >= tail_db))
    trailing = [t for t, drop in drops if drop > TRAIL_DB]
    voice = Voice(
        measured=True,
        voiced_s=round(voiced_s, 2),
        pitch_median_hz=round(median_hz, 1),
        pitch_range_st=round(range_st, 2),
        pitch_sd_st=round(sd_st, 2),
        monotone=monotone,
        loudness_sd_db=round(float(np.std(frames.db[voiced])), 2),
        sentence_ends=len(drops),
        trailing_off=tuple(round(t, 2) for t in trailing),
        pace_sd_wpm=pace_sd,
    )
    return replace(voice, observation=observation(voice))


def pace_spread(pace_windows: Sequence[tuple[float, float]]) -> float:
    """Standard deviation of the windows' WPM, windows without words left out; 0 under two."""
    wpm = [w for _, w in pace_windows if w > 0]
    return round(float(np.std(wpm)), 1) if len(wpm) >= 2 else 0.0


def drop_octave_jumps(st: np.ndarray) -> np.ndarray:
    """Semitone values (in voiced-frame order) less those far from their neighbours' median."""
    k = OCTAVE_NEIGHBOURS
    if len(st) < 2 * k + 1:
        return st
    padded = np.concatenate([np.full(k, np.nan), st, np.full(k, np.nan)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * k + 1)
    local = np.nanmedian(windows, axis=1)
    kept: np.ndarray = st[np.abs(st - local) <= OCTAVE_JUMP_ST]
    return kept


def pitch_spread(f0: np.ndarray) -> tuple[float, float, float]:
    """(median Hz, 10th-90th percentile spread in semitones, SD in semitones) of voiced f0."""
    st = drop_octave_jumps(12.0 * np.log2(f0 / np.median(f0)))
    lo, hi = np.percentile(st, SPREAD_PERCENTILES)
    median_hz = float(np.median(f0) * 2.0 ** (np.median(st) / 12.0))
    return median_hz, float(hi - lo), float(np.std(st))


def sentence_drops(
    audio: np.ndarray,
    sample_rate: int,
    words: Sequence[Token],
    *,
    track: VoiceTrack | None = None,
) -> list[tuple[float, float]]:
    """(end time, dB) of every sentence end checked for trailing off (bench/voice_eval.py)."""
    spoken = [w for w in words if w.norm]
    measured = _frames(audio, sample_rate, spoken, track)
    if measured is None:
        return []
    frames, _, tail_db = measured
    return end_drops(frames, spoken, (frames.voicing >= VOICING) & (frames.db >= tail_db))


def end_drops(
    frames: Frames, words: Sequence[Token], voiced: np.ndarray
) -> list[tuple[float, float]]:
    """(end time, drop) of each sentence with 2 x TAIL_S of `voiced` frames: how far the median
    level of its last TAIL_S of voiced frames lies below the median of those before, in dB."""
    times = frames.t0_s + np.arange(len(frames.db)) * HOP_S
    tail_n = int(round(TAIL_S / HOP_S))
    out: list[tuple[float, float]] = []
    first = 0
    for i, w in enumerate(words):
        if not w.sentence_end:
            continue
        start = words[first].start_s
        end = w.end_s + END_SLACK_S
        if i + 1 < len(words):
            end = min(end, max(w.end_s, words[i + 1].start_s))
        first = i + 1
        db = frames.db[voiced & (times >= start) & (times < end)]
        if len(db) >= 2 * tail_n:
            out.append((w.end_s, float(np.median(db[:-tail_n]) - np.median(db[-tail_n:]))))
    return out


def _frames(
    audio: np.ndarray, sample_rate: int, spoken: Sequence[Token], track: VoiceTrack | None
) -> tuple[Frames, float, float] | None:
    """(frames over the speech, pitch level gate, trailing level gate); None without audio.

    The frames span the words (with a margin), or the whole audio when there are none: a lead-in
    before the answer is not the speaker's voice. Voicing is measured down to the trailing gate,
    so that a fading end is still followed."""
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    if sample_rate <= 0 or audio.size < int(WIN_S * sample_rate) * 2:
        return None
    total_s = audio.size / sample_rate
    lo, hi = 0.0, total_s
    if spoken:
        lo = max(0.0, spoken[0].start_s - SPAN_MARGIN_S)
        hi = min(total_s, spoken[-1].end_s + SPAN_MARGIN_S + END_SLACK_S)
    if hi - lo < 2 * WIN_S:
        return None
    if track is not None and not track.covers(audio.size):
        track = None
    speech_db, floor_db = track.levels() if track is not None else levels(audio, sample_rate)
    pitch_db = max(speech_db - BELOW_SPEECH_DB, floor_db + ABOVE_FLOOR_DB)
    tail_db = min(pitch_db, floor_db + TAIL_ABOVE_FLOOR_DB)
    frames = track.frames(lo, hi, tail_db) if track is not None else None
    if frames is None:
        frames = frame_features(audio, sample_rate, lo, hi, min_db=tail_db)
    return frames, pitch_db, tail_db


def observation(v: Voice) -> str:
    """One plain sentence about the voice: a monotone first, then fading ends, else praise."""
    if not v.measured:
        return ""
    spread = max(1, round(v.pitch_range_st))
    unit = "semitone" if spread == 1 else "semitones"
    if v.monotone:
        return (
            f"Your pitch stayed within {spread} {unit}: a monotone. "
            "Let it rise on the point you want remembered."
        )
    # Two fading ends at least, as the tip asks (tip_delivery.TRAILING_MIN): one is chance.
    if len(v.trailing_off) >= 2 and 2 * len(v.trailing_off) >= v.sentence_ends:
        return (
            f"Your voice faded at the end of {len(v.trailing_off)} of {v.sentence_ends} "
            "sentences: keep it up to the last word, where the point lands."
        )
    return f"Your pitch moved over {spread} {unit}: a lively voice that holds attention."
