"""Voice frames measured while the answer is recorded, so that after Stop the filled-pause
check only searches the gaps between the words.

Measuring the frames was most of the analysis after Stop: 1.2 s of a 15-minute answer's 1.4 s
(bench/stop_to_results.py). Fed the 16 kHz audio as it arrives (LiveTranscription does), the
track measures every frame once a second, about 0.4 % of a core, and keeps 0.8 MB a minute; the
levels (speech and noise floor) come from it too. The Frames it gives are those frame_features
computes from the whole recording (the same measurements, masked for the level asked for).
"""

from __future__ import annotations

import numpy as np

from mockview.core.feedback.voice_frames import (
    HOP_S,
    WIN_S,
    Frames,
    RawFrames,
    assemble,
    context_samples,
    frame_span,
    level_db,
    raw_features,
)

STEP_S = 1.0  # frames are measured in batches of this much audio


class VoiceTrack:
    """Feed 16 kHz mono audio in order with add(); finish() at the end of the recording."""

    def __init__(self, sample_rate: int = 16000, step_s: float = STEP_S) -> None:
        self.sample_rate = sample_rate
        self._hop = max(1, int(round(HOP_S * sample_rate)))
        self._block = max(1, int(WIN_S * sample_rate))  # levels() framing, as voice_frames.levels
        self._pad = context_samples(sample_rate)
        self._step = max(1, int(step_s / HOP_S))
        self._buf = np.zeros(0, np.float32)
        self._buf_start = 0  # recording sample of _buf[0]
        self._total = 0
        self._next = 0  # first frame not measured yet
        self._parts: list[RawFrames] = []
        self._joined: RawFrames | None = None
        self._carry = np.zeros(0, np.float32)  # samples short of a whole levels block
        self._block_db: list[np.ndarray] = []
        self.finished = False

    @property
    def duration_s(self) -> float:
        return self._total / self.sample_rate

    def covers(self, samples: int) -> bool:
        """True when the track was fed, and finished, a recording of `samples` samples."""
        return self.finished and self._total == samples

    def add(self, audio: np.ndarray) -> None:
        audio = np.asarray(audio, np.float32).reshape(-1)
        if self.finished or not audio.size:
            return
        self._total += audio.size
        self._buf = np.concatenate([self._buf, audio])
        blocks = np.concatenate([self._carry, audio])
        n = len(blocks) // self._block
        self._carry = blocks[n * self._block :]
        if n:
            self._block_db.append(level_db(blocks[: n * self._block].reshape(n, self._block)))
        # A frame is measured once the audio its measurements reach has arrived.
        ready = max(0, (self._total - self._pad) // self._hop + 1)
        if ready - self._next >= self._step:
            self._measure(ready)

    def finish(self) -> None:
        """The recording ended: its last frames are measured (silence beyond the end)."""
        if not self.finished:
            self._measure(self._total // self._hop + 1)
            self.finished = True

    def _measure(self, last: int) -> None:
        if last <= self._next:
            return
        raw = raw_features(
            self._buf, self.sample_rate, self._next, last, float("-inf"), origin=self._buf_start
        )
        # The spectrum is most of the memory; float32 keeps its dB to a millionth.
        self._parts.append(
            RawFrames(
                raw.first,
                raw.db,
                raw.voicing,
                raw.f0,
                raw.spec_db.astype(np.float32),
                raw.low_share,
            )
        )
        self._joined = None
        self._next = last
        keep_from = max(self._buf_start, last * self._hop - self._pad)
        self._buf = self._buf[keep_from - self._buf_start :]
        self._buf_start = keep_from

    def levels(self) -> tuple[float, float]:
        """(speech level, noise floor) in dB, as voice_frames.levels of the whole recording."""
        if not self._block_db:
            return -100.0, -100.0
        db = np.concatenate(self._block_db)
        self._block_db = [db]
        return float(np.percentile(db, 95)), float(np.percentile(db, 5))

    def frames(self, start_s: float, end_s: float, min_db: float) -> Frames | None:
        """frame_features(recording, start_s, end_s, min_db), or None where not measured yet."""
        first, last = frame_span(start_s, end_s, self._total, self.sample_rate)
        if last > self._next:
            return None
        if self._joined is None:
            self._joined = _join(self._parts)
            self._parts = [self._joined]
        return assemble(self._joined.part(first, last), min_db)


def _join(parts: list[RawFrames]) -> RawFrames:
    if len(parts) == 1:
        return parts[0]
    return RawFrames(
        parts[0].first if parts else 0,
        np.concatenate([p.db for p in parts]),
        np.concatenate([p.voicing for p in parts]),
        np.concatenate([p.f0 for p in parts]),
        np.concatenate([p.spec_db for p in parts]).reshape(-1, 24),
        np.concatenate([p.low_share for p in parts]),
    )
