"""Deterministic test speech made with espeak-ng."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf


def espeak_wav(text: str, out: Path, voice: str = "en-us", rate_wpm: int = 160) -> Path:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(out), text], check=True
    )
    return out


def load_16k(path: Path) -> np.ndarray:
    """A file as 16 kHz mono float32 (linear resampling is enough for tests)."""
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    if rate == 16000:
        return mono
    n = int(round(len(mono) * 16000 / rate))
    return np.interp(np.linspace(0, len(mono) - 1, n), np.arange(len(mono)), mono).astype("float32")


def concat_with_silence(parts: list[Path | float], out: Path, rate: int = 22050) -> Path:
    """Joins WAV files and silences (floats, in seconds) into one file at `rate`."""
    chunks = []
    for part in parts:
        if isinstance(part, float | int):
            chunks.append(np.zeros(int(part * rate), dtype="float32"))
        else:
            audio, r = sf.read(str(part), dtype="float32", always_2d=True)
            mono = audio.mean(axis=1)
            if r != rate:
                n = int(round(len(mono) * rate / r))
                mono = np.interp(np.linspace(0, len(mono) - 1, n), np.arange(len(mono)), mono)
            chunks.append(mono.astype("float32"))
    sf.write(str(out), np.concatenate(chunks), rate)
    return out


def espeak_range_16k(text: str, voice: str, pitch_range: str) -> np.ndarray:
    """eSpeak NG speech of `text` inside SSML `<prosody range=...>` ("x-low" .. "x-high"), as
    16 kHz float (linear resampling), untrimmed: the monotone checks of prosody.py use it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.wav"
        ssml = f'<speak><prosody range="{pitch_range}">{text}</prosody></speak>'
        cmd = ["espeak-ng", "-m", "-v", voice, "-s", "160", "-w", str(out), ssml]
        subprocess.run(cmd, check=True, capture_output=True)
        audio, rate = sf.read(str(out), dtype="float32")
    n = int(round(len(audio) * 16000 / rate))
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio)
