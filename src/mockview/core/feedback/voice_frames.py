"""Frame features of speech for the filled-pause check: level, voicing, pitch, spectral change.

Per 10 ms frame (30 ms windows): level in dB, voicing and f0 from a normalised cross-correlation
searched at 8 kHz between 60 and 400 Hz, the change of a 24-band spectrum (flux), and the share
of energy below 400 Hz. Plain numpy; see filled_pauses.py for what is measured with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HOP_S = 0.01
WIN_S = 0.03
F0_MIN = 60.0
F0_MAX = 400.0


@dataclass(frozen=True)
class Frames:
    """Frame features of a stretch of audio; frame i is centred at t0_s + i * HOP_S."""

    t0_s: float
    db: np.ndarray
    voicing: np.ndarray
    f0: np.ndarray
    flux: np.ndarray
    low_share: np.ndarray  # share of the 60-4000 Hz energy below 400 Hz (high in a nasal "mm")


def _frame_matrix(x: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    idx = starts[:, None] + np.arange(length)[None, :]
    return x[idx]


def _band_matrix(sample_rate: int, nfft: int, n_bands: int = 24) -> np.ndarray:
    """(bins, n_bands) 0/1 matrix summing FFT bins into mel-spaced bands from 100 Hz to 4 kHz."""

    def mel(f: float) -> float:
        return 2595.0 * float(np.log10(1.0 + f / 700.0))

    edges_mel = np.linspace(mel(100.0), mel(min(4000.0, sample_rate / 2 - 1)), n_bands + 1)
    edges_hz = 700.0 * (10.0 ** (edges_mel / 2595.0) - 1.0)
    bins = np.round(edges_hz * nfft / sample_rate).astype(int)
    out = np.zeros((nfft // 2 + 1, n_bands))
    for k, (a, b) in enumerate(zip(bins[:-1], bins[1:], strict=True)):
        out[int(a) : int(max(b, a + 1)), k] = 1.0
    return out


def _decimate(x: np.ndarray, factor: int) -> np.ndarray:
    """Every `factor`-th sample after a low-pass (windowed sinc) below the new Nyquist."""
    if factor <= 1:
        return x
    taps = 8 * factor + 1
    n = np.arange(taps) - (taps - 1) / 2
    cutoff = 0.45 / factor  # cycles per input sample
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    out: np.ndarray = np.convolve(x, h / h.sum(), mode="same")[::factor]
    return out


ACTIVE_PAD = 5  # frames around a loud one whose spectrum is needed (smoothing and flux reach 4)
PITCH_RATE = 8000  # pitch is searched at this rate: 60-400 Hz needs no more, and it is 3x faster


def _pitch(
    x: np.ndarray, rate: int, centres: np.ndarray, chunk: int
) -> tuple[np.ndarray, np.ndarray]:
    """(voicing, f0) at sample positions `centres` of `x` (already padded by the search span)."""
    win = int(round(WIN_S * rate))
    lags = np.arange(int(rate / F0_MAX), int(np.ceil(rate / F0_MIN)) + 1)
    span = win + int(lags[-1])
    nfft = 1 << int(np.ceil(np.log2(span + win)))
    voicing = np.zeros(len(centres))
    f0 = np.zeros(len(centres))
    for c0 in range(0, len(centres), chunk):
        starts = centres[c0 : c0 + chunk] - win // 2
        seg = _frame_matrix(x, starts, span).astype(np.float64)
        seg = seg - seg[:, :win].mean(axis=1, keepdims=True)
        head = seg[:, :win]
        energy0 = np.einsum("ij,ij->i", head, head)
        # Cross-correlation of the window with the same signal `lag` samples later, normalised
        # by both stretches' energy.
        cross = np.fft.irfft(np.conj(np.fft.rfft(head, nfft)) * np.fft.rfft(seg, nfft), nfft)[
            :, lags
        ]
        sq = np.concatenate([np.zeros((len(starts), 1)), np.cumsum(seg * seg, axis=1)], axis=1)
        energy_lag = sq[:, lags + win] - sq[:, lags]
        nccf = cross / np.sqrt(np.maximum(energy0[:, None] * energy_lag, 1e-12))
        best = nccf.max(axis=1)
        # The shortest period that comes close to the best: avoids picking a multiple.
        pick = np.argmax(nccf >= 0.9 * best[:, None], axis=1)
        # A best lag at the edge of the range is no pitch period (low-passed noise rises there).
        edge = (pick == 0) | (pick == len(lags) - 1)
        voicing[c0 : c0 + len(starts)] = np.where(edge, 0.0, best)
        f0[c0 : c0 + len(starts)] = rate / lags[pick]
    return voicing, f0


@dataclass(frozen=True)
class RawFrames:
    """Per-frame measurements before masking and smoothing: frame k is centred at k * HOP_S.

    Computed once (e.g. while recording, voice_track.VoiceTrack), they give the Frames of any
    stretch and any `min_db` through assemble(), as frame_features would compute them.
    """

    first: int
    db: np.ndarray
    voicing: np.ndarray  # before the 3-frame median
    f0: np.ndarray
    spec_db: np.ndarray  # (frames, 24) band levels in dB
    low_share: np.ndarray

    def __len__(self) -> int:
        return len(self.db)

    def part(self, first: int, last: int) -> RawFrames:
        """Frames first..last-1 (absolute indices, inside this set)."""
        a, b = first - self.first, last - self.first
        return RawFrames(
            first,
            self.db[a:b],
            self.voicing[a:b],
            self.f0[a:b],
            self.spec_db[a:b],
            self.low_share[a:b],
        )


def frame_span(start_s: float, end_s: float, samples: int, sample_rate: int) -> tuple[int, int]:
    """(first, last) frame indices of the frames centred in [start_s, end_s) of `samples`."""
    hop = max(1, int(round(HOP_S * sample_rate)))
    first = max(0, int(np.floor(start_s / HOP_S)))
    return first, max(first, min(int(np.ceil(end_s / HOP_S)), samples // hop + 1))


def context_samples(sample_rate: int) -> int:
    """Audio a frame's measurements reach either side of its centre (window and pitch lags)."""
    return int(round(WIN_S * sample_rate)) + int(np.ceil(sample_rate / F0_MIN)) + 1


def frame_features(
    audio: np.ndarray,
    sample_rate: int,
    start_s: float,
    end_s: float,
    min_db: float = -100.0,
    chunk: int = 1024,
) -> Frames:
    """Features of the frames centred in [start_s, end_s) of `audio` (audio[0] at time 0).

    Pitch is only searched in frames at `min_db` or louder (the others get voicing 0).
    """
    first, last = frame_span(start_s, end_s, len(audio), sample_rate)
    return assemble(raw_features(audio, sample_rate, first, last, min_db, chunk), min_db)


def raw_features(
    audio: np.ndarray,
    sample_rate: int,
    first: int,
    last: int,
    min_db: float = -100.0,
    chunk: int = 1024,
    origin: int = 0,
) -> RawFrames:
    """RawFrames of frames first..last-1; `audio` starts at sample `origin` of the recording.

    Spectrum and pitch are measured only where they can matter for `min_db`: pitch in frames at
    min_db or louder, the spectrum there and ACTIVE_PAD frames around. `audio` must hold
    context_samples() either side of the frames' centres, or be the recording's start or end
    (silence is assumed beyond it).
    """
    hop = max(1, int(round(HOP_S * sample_rate)))
    win = int(round(WIN_S * sample_rate))
    centres = np.arange(first, max(first, last)) * hop - origin
    n = len(centres)
    pad = context_samples(sample_rate)
    # Only the stretch itself (and room for the frames at its edges) is copied.
    lo = max(0, int(centres[0]) - pad) if n else 0
    hi = min(len(audio), int(centres[-1]) + pad) if n else 0
    x = np.zeros(max(0, hi - lo) + 2 * pad, np.float32)
    x[pad : pad + max(0, hi - lo)] = np.asarray(audio[lo:hi], np.float32)
    local = centres - lo + pad  # frame centres in x

    # Level of every frame from running sums (no frame copies): mean removed, 30 ms window.
    xs = x.astype(np.float64)
    c1 = np.concatenate([[0.0], np.cumsum(xs)])
    c2 = np.concatenate([[0.0], np.cumsum(xs * xs)])
    a, b = local - win // 2, local - win // 2 + win
    s1, s2 = c1[b] - c1[a], c2[b] - c2[a]
    db = 10.0 * np.log10(np.maximum((s2 - s1 * s1 / win) / win, 1e-10))
    loud, near = _loud_and_near(db, min_db)
    active = np.flatnonzero(near)

    spec_db = np.zeros((n, 24))
    low_share = np.zeros(n)
    nfft_spec = 512 if win <= 512 else 1 << int(np.ceil(np.log2(win)))
    bands = _band_matrix(sample_rate, nfft_spec)
    split = int(round(400.0 * nfft_spec / sample_rate))
    bottom = int(round(60.0 * nfft_spec / sample_rate))
    top = int(round(4000.0 * nfft_spec / sample_rate))
    window = np.hanning(win)
    for c0 in range(0, len(active), chunk):
        idx = active[c0 : c0 + chunk]
        head = _frame_matrix(x, local[idx] - win // 2, win).astype(np.float64)
        head = head - head.mean(axis=1, keepdims=True)
        mag = np.abs(np.fft.rfft(head * window, nfft_spec)) ** 2
        spec_db[idx] = 10.0 * np.log10(mag @ bands + 1e-10)
        low = mag[:, bottom:split].sum(axis=1)
        high = mag[:, split:top].sum(axis=1)
        low_share[idx] = low / np.maximum(low + high, 1e-12)

    voicing = np.zeros(n)
    f0 = np.zeros(n)
    loud_idx = np.flatnonzero(loud)
    if loud_idx.size:
        factor = max(1, sample_rate // PITCH_RATE)
        rate = sample_rate // factor
        xd = _decimate(x, factor)
        v, f = _pitch(xd, rate, local[loud_idx] // factor, chunk)
        voicing[loud_idx], f0[loud_idx] = v, f
    return RawFrames(first, db, voicing, f0, spec_db, low_share)


def _loud_and_near(db: np.ndarray, min_db: float) -> tuple[np.ndarray, np.ndarray]:
    """Frames at min_db or louder, and those within ACTIVE_PAD frames of one."""
    loud = db >= min_db
    # "full", then the middle: mode="same" returns the kernel's length when fewer frames than
    # it are given (a recording's last few frames).
    full = np.convolve(loud.astype(np.float64), np.ones(2 * ACTIVE_PAD + 1), mode="full")
    near = full[ACTIVE_PAD : ACTIVE_PAD + len(loud)] > 0
    return loud, near


def assemble(raw: RawFrames, min_db: float) -> Frames:
    """The Frames of `raw` for `min_db`: measurements kept where frame_features takes them
    (pitch in loud frames, the spectrum near them), then the spectral change and smoothing.

    `raw` measured with a lower min_db (or all frames) gives the same Frames.
    """
    n = len(raw)
    loud, near = _loud_and_near(raw.db, min_db)
    spec_db = np.where(near[:, None], raw.spec_db, 0.0)
    low_share = np.where(near, raw.low_share, 0.0)
    voicing = np.where(loud, raw.voicing, 0.0)
    f0 = np.where(loud, raw.f0, 0.0)
    shape = spec_db - spec_db.mean(axis=1, keepdims=True)
    # Spectral change: the shape averaged over 50 ms, compared 40 ms apart (frame noise of a
    # quiet signal would otherwise look like change).
    shape = _smooth(shape, 5)
    flux = np.zeros(n)
    half = 2
    if n > 2 * half:
        flux[half:-half] = np.abs(shape[2 * half :] - shape[: -2 * half]).mean(axis=1)
        flux[:half] = flux[half]
        flux[-half:] = flux[-half - 1]
    voicing = _median3(voicing)
    return Frames(raw.first * HOP_S, raw.db, voicing, f0, flux, low_share)


def _smooth(x: np.ndarray, k: int) -> np.ndarray:
    """Moving average over k frames along axis 0 (edges repeat)."""
    if len(x) < k:
        return x
    pad = k // 2
    padded = np.concatenate([np.repeat(x[:1], pad, axis=0), x, np.repeat(x[-1:], pad, axis=0)])
    c = np.cumsum(np.concatenate([np.zeros_like(x[:1]), padded]), axis=0)
    out: np.ndarray = (c[k:] - c[:-k]) / k
    return out


def _median3(x: np.ndarray) -> np.ndarray:
    if len(x) < 3:
        return x
    padded = np.concatenate([x[:1], x, x[-1:]])
    out: np.ndarray = np.median(np.stack([padded[:-2], padded[1:-1], padded[2:]]), axis=0)
    return out


def levels(audio: np.ndarray, sample_rate: int) -> tuple[float, float]:
    """(speech level, noise floor) in dB: the 95th and 5th percentiles of 30 ms frame levels."""
    hop = max(1, int(WIN_S * sample_rate))
    n = len(audio) // hop
    if n == 0:
        return -100.0, -100.0
    db = level_db(np.asarray(audio[: n * hop], dtype=np.float32).reshape(n, hop))
    return float(np.percentile(db, 95)), float(np.percentile(db, 5))


def level_db(frames: np.ndarray) -> np.ndarray:
    """Level in dB of each row of `frames` (its mean removed)."""
    frames = frames - frames.mean(axis=1, keepdims=True)
    power = np.einsum("ij,ij->i", frames, frames) / frames.shape[1]
    out: np.ndarray = 10.0 * np.log10(np.maximum(power, 1e-10))
    return out
