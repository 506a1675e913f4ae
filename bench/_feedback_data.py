"""Audio, transcripts and tables for bench/feedback_eval.py: espeak-ng speech with inserted
silences, a transcript cache under .bench-out/feedback_eval/, and Markdown tables."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mockview.core.transcript import Segment, Transcript, Word  # noqa: E402

RATE = 16000
CACHE = ROOT / ".bench-out" / "feedback_eval"
LEAD_S = 0.6  # silence before the first word, as after pressing Record
SENTENCE_GAP_S = 0.15  # silence build() leaves after every sentence, on top of inserted ones


# --- speech -------------------------------------------------------------------------------


def espeak(text: str, voice: str, rate_wpm: int) -> np.ndarray:
    """16 kHz float32 speech with its leading and trailing silence trimmed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(out), text],
            check=True,
            capture_output=True,
        )
        audio, rate = sf.read(str(out), dtype="float32")
    n = int(round(len(audio) * RATE / rate))
    audio = np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio)
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    if loud.size:
        audio = audio[loud[0] : loud[-1] + 1]
    return audio.astype(np.float32)


def build(parts: list, voice: str, rate_wpm: int, seed: int):
    """Audio of sentences and silences, with the truth: speech span and inserted silences."""
    rng = np.random.default_rng(seed)
    chunks = [np.zeros(int(LEAD_S * RATE), np.float32)]
    t = LEAD_S
    speech_start = speech_end = None
    silences = []
    for part in parts:
        if isinstance(part, int | float):
            silences.append((t, float(part)))
            chunks.append(np.zeros(int(float(part) * RATE), np.float32))
            t += int(float(part) * RATE) / RATE
        else:
            clip = espeak(part, voice, rate_wpm)
            speech_start = t if speech_start is None else speech_start
            chunks.append(clip)
            t += len(clip) / RATE
            speech_end = t
            # Between sentences espeak would pause a little too; keep a short natural gap.
            gap = np.zeros(int(SENTENCE_GAP_S * RATE), np.float32)
            chunks.append(gap)
            t += len(gap) / RATE
    chunks.append(np.zeros(int(0.8 * RATE), np.float32))
    audio = np.concatenate(chunks)
    audio += rng.normal(0, 0.002, len(audio)).astype(np.float32)  # room noise, not digital zero
    return audio, speech_start or 0.0, speech_end or 0.0, silences


# --- transcription with a cache --------------------------------------------------------------


BLOCK_S = 0.1  # live path: audio fed in blocks of this length, as the recorder hands them over


def live_transcribe(engine, audio: np.ndarray, terms) -> Transcript:
    """The app's live path: LiveTranscription cuts at pauses and transcribes stretches; the audio
    is fed as fast as it goes (no real-time wait), finish() gives the whole answer."""
    from mockview.engines.live import LiveTranscription

    live = LiveTranscription(engine, list(terms))
    block = int(BLOCK_S * RATE)
    for i in range(0, len(audio), block):
        live.feed(audio[i : i + block], RATE)
    return live.finish(timeout_s=600)


class CachedTranscriber:
    def __init__(
        self,
        model: str,
        use_cache: bool,
        prompt_mode: str | None = None,
        path: str = "whole",
        variant: str = "",
    ) -> None:
        from mockview.engines.transcriber import WhisperTranscriber

        kwargs = {"prompt_mode": prompt_mode} if prompt_mode else {}
        self.engine = WhisperTranscriber(model, **kwargs)
        self.use_cache = use_cache
        self.path = path  # "whole" (one transcribe() of the file) or "live" (LiveTranscription)
        self.variant = variant  # decoding variant under test, part of the cache key
        self.seconds = 0.0
        self.audio_s = 0.0
        CACHE.mkdir(parents=True, exist_ok=True)

    def key(self, *parts) -> str:
        text = json.dumps([self.engine.requested_model, self.engine.prompt_mode, *parts])
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def _transcript_path(self, key: str) -> Path:
        if self.path == "whole" and not self.variant:
            return CACHE / f"{key}.json"  # the cache files from before the live path existed
        tag = hashlib.sha1(json.dumps([self.path, self.variant]).encode()).hexdigest()[:8]
        return CACHE / f"{key}.{tag}.json"

    def get(self, key: str, make_audio, terms=()) -> tuple[Transcript, np.ndarray, dict]:
        wav, meta_path = (CACHE / f"{key}.{ext}" for ext in ("wav", "meta.json"))
        tr_path = self._transcript_path(key)
        if self.use_cache and wav.exists() and meta_path.exists():
            audio = sf.read(str(wav), dtype="float32")[0]
            meta = json.loads(meta_path.read_text())
        else:
            audio, meta = make_audio()
            sf.write(str(wav), audio, RATE)
            meta_path.write_text(json.dumps(meta))
        if self.use_cache and tr_path.exists():
            return Transcript.from_dict(json.loads(tr_path.read_text())), audio, meta
        if not self.engine.is_loaded:
            self.engine.load()
        started = time.perf_counter()
        if self.path == "live":
            transcript = live_transcribe(self.engine, audio, terms)
        else:
            transcript = self.engine.transcribe(audio, terms=list(terms))
        self.seconds += time.perf_counter() - started
        self.audio_s += len(audio) / RATE
        tr_path.write_text(json.dumps(transcript.to_dict()))
        return transcript, audio, meta


# --- tables ------------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in r] for r in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def pr(tp: int, fp: int, fn: int) -> tuple[str, str]:
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    return r, p


def text_transcript(text: str) -> Transcript:
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0, len(words) * 0.4, words),), len(words) * 0.4)
