"""Resampling and audio loading: the app's code against library alternatives (soxr, PyAV).

Usage: bench/audio_libs.py [--parts speed,response,wer,load] [--seconds 120] [--load-minutes 5]
                           [--clips 40]

Resamplers, 48 kHz to 16 kHz, from mockview.engines.audio_files: the soxr wrapper
(`resample()` whole; `StreamResampler` per block, then `flush()`); and soxr itself at
quality HQ and VHQ (`soxr.resample`, `soxr.ResampleStream`). Prints:
- speed: `--seconds` of 48 kHz audio resampled whole and in 1024-sample blocks (best of 3);
- response: the gain of tones 100 Hz-7.8 kHz (passband) and the level of tones 8.2-23 kHz
  folded into the output (aliasing), both in dB against the input tone;
- wer: tiny.en's WER on `--clips` espeak-ng clips (bench/_speech.py's 20 sentences, the voice
  changing on each pass; 22.05 kHz, taken up to 48 kHz with soxr VHQ, clean and with light
  48 kHz hiss as a microphone adds) brought down to 16 kHz by each resampler;
Loaders (`--parts load`): the app's `load_audio_16k`, `faster_whisper.decode_audio` (PyAV) and
soundfile + soxr, on the time to read a `--load-minutes` 48 kHz mono PCM_16 WAV and FLAC (the
recorder's formats), the level of a 7.5 kHz and an 8.2 kHz tone after their resampling, and
whether each reads an OGG, an MP3 and a WAV cut off by a crash (RIFF and data sizes 0, as a
writer leaves them before it closes the file).
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _feedback_data import table  # noqa: E402
from _speech import SENTENCES, VOICES, normalise, wer  # noqa: E402

from mockview.engines import audio_files  # noqa: E402

IN_RATE = 48000
OUT_RATE = 16000
BLOCK = 1024
MP3 = Path("/work/shared/speech/spontaneous/batchalign_test.mp3")
Resampler = tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]


def app_soxr_pair() -> Resampler:
    """The app's soxr wrapper: resample() for a whole signal, StreamResampler per block."""

    def whole(x: np.ndarray) -> np.ndarray:
        return audio_files.resample(x, IN_RATE)

    def blocks(x: np.ndarray) -> np.ndarray:
        stream = audio_files.StreamResampler(IN_RATE)
        parts = [stream.process(x[i : i + BLOCK]) for i in range(0, len(x), BLOCK)]
        parts.append(stream.flush())
        return np.concatenate(parts)

    return whole, blocks


def soxr_pair(quality: str) -> Resampler:
    def whole(x: np.ndarray) -> np.ndarray:
        return soxr.resample(x, IN_RATE, OUT_RATE, quality=quality)

    def blocks(x: np.ndarray) -> np.ndarray:
        stream = soxr.ResampleStream(IN_RATE, OUT_RATE, 1, dtype="float32", quality=quality)
        parts = [stream.resample_chunk(x[i : i + BLOCK]) for i in range(0, len(x), BLOCK)]
        parts.append(stream.resample_chunk(np.zeros(0, np.float32), last=True))
        return np.concatenate(parts)

    return whole, blocks


RESAMPLERS: dict[str, Resampler] = {
    "app soxr (resample, StreamResampler)": app_soxr_pair(),
    "soxr HQ": soxr_pair("HQ"),
    "soxr VHQ": soxr_pair("VHQ"),
}


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def part_speed(seconds: float) -> None:
    rng = np.random.default_rng(0)
    x = (0.1 * rng.standard_normal(int(seconds * IN_RATE))).astype(np.float32)
    rows = []
    for name, (whole, blocks) in RESAMPLERS.items():
        t_whole = best_of(3, lambda whole=whole: whole(x))
        t_blocks = best_of(3, lambda blocks=blocks: blocks(x))
        n_whole, n_blocks = len(whole(x)), len(blocks(x))
        rows.append(
            [
                name,
                f"{t_whole * 1000:.0f} ms",
                f"{seconds / t_whole:.0f}x",
                f"{t_blocks * 1000:.0f} ms",
                f"{t_blocks / (len(x) / BLOCK) * 1e6:.0f} us",
                f"{n_whole - seconds * OUT_RATE:+.0f} / {n_blocks - seconds * OUT_RATE:+.0f}",
            ]
        )
    print(f"## Speed: {seconds:.0f} s of 48 kHz noise to 16 kHz (best of 3)\n")
    heads = ["resampler", "whole", "real time", "1024-sample blocks", "per block", "len error"]
    print(table(heads, rows))


def level_db(y: np.ndarray) -> float:
    """Level of 1 s of a 0.5-amplitude tone after resampling, in dB against the input."""
    y = y[OUT_RATE // 10 : -OUT_RATE // 10]  # edges aside
    rms_out = float(np.sqrt(np.mean(np.square(y.astype(np.float64))))) + 1e-12
    return 20 * np.log10(rms_out / (0.5 / np.sqrt(2)))


def tone_level_db(resample: Callable[[np.ndarray], np.ndarray], freq: float) -> float:
    t = np.arange(IN_RATE) / IN_RATE  # 1 s
    return level_db(resample((0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)))


PASS_HZ = [100, 1000, 3000, 5000, 6000, 7000, 7200, 7500, 7800]
STOP_HZ = [8200, 8500, 9000, 10000, 12000, 16000, 20000, 23000]


def part_response() -> None:
    rows = []
    for name, (whole, blocks) in RESAMPLERS.items():
        for mode, fn in (("whole", whole), ("blocks", blocks)):
            passband = [tone_level_db(fn, f) for f in PASS_HZ]
            stop = [tone_level_db(fn, f) for f in STOP_HZ]
            rows.append([f"{name}, {mode}", *(f"{v:+.1f}" for v in passband + stop)])
    print("\n## Frequency response, 48 kHz to 16 kHz: output level of a tone, dB\n")
    print("Passband (want 0) up to 7.8 kHz; above 8 kHz the tone can only alias (want low).\n")
    print(table(["resampler", *(f"{f / 1000:g}k" for f in PASS_HZ + STOP_HZ)], rows))


def espeak_48k(text: str, voice: str, folder: Path) -> np.ndarray:
    import subprocess

    out = folder / "clip.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "160", "-w", str(out), text],
        check=True,
        capture_output=True,
    )
    audio, rate = sf.read(str(out), dtype="float32")
    pad = np.zeros(int(0.3 * rate), np.float32)
    return soxr.resample(np.concatenate([pad, audio, pad]), rate, IN_RATE, quality="VHQ")


def sentence(i: int) -> str:
    return SENTENCES[i % len(SENTENCES)]


def voice(i: int) -> str:
    """Each sentence in a different voice on each pass through the sentences."""
    return VOICES[(i + i // len(SENTENCES)) % len(VOICES)]


def part_wer(clips: int) -> None:
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber("bundled")
    engine.load()
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        audio = [espeak_48k(sentence(i), voice(i), Path(tmp)) for i in range(clips)]
    noisy = [a + rng.normal(0, 0.003, len(a)).astype(np.float32) for a in audio]
    rows = []
    for name, (whole, _blocks) in RESAMPLERS.items():
        row = [name]
        for inputs in (audio, noisy):
            edits = words = 0.0
            for i, x in enumerate(inputs):
                ref = normalise(sentence(i))
                hyp = normalise(engine.transcribe(whole(x)).text)
                edits += wer(ref, hyp) * len(ref)
                words += len(ref)
            row.append(f"{edits / words:.3f}")
        rows.append(row)
    print(f"\n## tiny.en WER on {clips} espeak-ng sentences at 48 kHz, resampled to 16 kHz\n")
    print(table(["resampler", "clean", "with 48 kHz hiss"], rows))


def crash_cut(src: Path, dst: Path) -> None:
    """A copy of a WAV with the RIFF and data chunk sizes zeroed, as after a crash."""
    data = bytearray(src.read_bytes())
    data[4:8] = b"\0\0\0\0"
    at = data.index(b"data", 12)
    data[at + 4 : at + 8] = b"\0\0\0\0"
    dst.write_bytes(bytes(data))
    assert struct.unpack("<I", bytes(data[4:8]))[0] == 0


def sf_soxr(path: Path | str) -> np.ndarray:
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]
    return soxr.resample(mono, rate, OUT_RATE) if rate != OUT_RATE else mono


def fw_decode(path: Path | str) -> np.ndarray:
    from faster_whisper import decode_audio

    return np.asarray(decode_audio(str(path), sampling_rate=OUT_RATE), dtype=np.float32)


LOADERS: dict[str, Callable[[Path], np.ndarray]] = {
    "app load_audio_16k": audio_files.load_audio_16k,
    "faster_whisper.decode_audio (PyAV)": fw_decode,
    "soundfile + soxr": sf_soxr,
}


def try_read(fn: Callable[[Path], np.ndarray], path: Path, expect_s: float | None) -> str:
    try:
        got = len(fn(path)) / OUT_RATE
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return f"no ({type(exc).__name__})"
    if expect_s is None:
        return f"yes ({got:.1f} s)"
    if abs(got - expect_s) < 0.05:
        return "yes (all)"
    return f"{got:.1f} of {expect_s:.1f} s"


def part_load(minutes: float) -> None:
    rng = np.random.default_rng(2)
    seconds = minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        speech = np.concatenate([espeak_48k(s, "en-us", folder) for s in SENTENCES[:6]])
        reps = int(np.ceil(seconds * IN_RATE / len(speech)))
        x = np.tile(speech, reps)[: int(seconds * IN_RATE)]
        x = x + rng.normal(0, 0.002, len(x)).astype(np.float32)
        files = {fmt: folder / f"long.{fmt.lower()}" for fmt in ("WAV", "FLAC")}
        for fmt, path in files.items():
            sf.write(str(path), x, IN_RATE, format=fmt, subtype="PCM_16")
        short = folder / "short.wav"
        sf.write(str(short), x[: 10 * IN_RATE], IN_RATE, subtype="PCM_16")
        cut = folder / "cut.wav"
        crash_cut(short, cut)
        ogg = folder / "short.ogg"
        sf.write(str(ogg), x[: 10 * IN_RATE], IN_RATE, format="OGG", subtype="VORBIS")
        tones = {}
        for freq in (7500, 8200):
            t = np.arange(IN_RATE) / IN_RATE
            tones[freq] = folder / f"tone{freq}.wav"
            tone = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
            sf.write(str(tones[freq]), tone, IN_RATE, subtype="FLOAT")
        rows = []
        for name, fn in LOADERS.items():
            times = [best_of(2, lambda fn=fn, p=p: fn(p)) for p in files.values()]
            levels = [level_db(fn(p)) for p in tones.values()]
            rows.append(
                [
                    name,
                    *(f"{t:.2f} s" for t in times),
                    " / ".join(f"{v:+.1f}" for v in levels),
                    try_read(fn, cut, 10.0),
                    try_read(fn, ogg, 10.0),
                    try_read(fn, MP3, None) if MP3.exists() else "(no file)",
                ]
            )
    print(f"\n## Loading: {minutes:g} min of 48 kHz mono PCM_16 to 16 kHz (best of 2)\n")
    heads = [
        "loader",
        "WAV",
        "FLAC",
        "7.5k / 8.2k tone, dB",
        "crash-cut WAV (10 s)",
        "OGG (10 s)",
        f"MP3 ({MP3.name})",
    ]
    print(table(heads, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="speed,response,wer,load")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--load-minutes", type=float, default=5.0)
    parser.add_argument("--clips", type=int, default=40)
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    if "speed" in parts:
        part_speed(args.seconds)
    if "response" in parts:
        part_response()
    if "wer" in parts:
        part_wer(args.clips)
    if "load" in parts:
        part_load(args.load_minutes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
