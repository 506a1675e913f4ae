"""Clips for bench/filled_pause_eval.py, each with tiny.en transcripts in two prompt modes.

- real: ../shared/speech (18 read clips without fillers, 1 spontaneous clip with 2 timed "um");
- espeak: scripted fillers (um, uh, hmm, er, ah) from bench/data/eval_scripts.yaml (each script in
  its own voice and rate), bench/filler_prompt.py's clips and bench/_speech.py's sentences, in
  several voices and rates; fillers are labelled by word position in the script ([..] marks).

Transcripts are cached under .bench-out/filled_pause_eval/ (keyed by model, prompt mode, text,
voice and rate); the eSpeak audio is regenerated (espeak-ng is deterministic) and never stored.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support

from _feedback_data import LEAD_S, RATE, ROOT, SENTENCE_GAP_S, espeak  # noqa: E402
from _filler_match import Script, parse_script  # noqa: E402

from mockview.core.transcript import Transcript  # noqa: E402

CACHE = ROOT / ".bench-out" / "filled_pause_eval"
SCRIPTS = ROOT / "bench" / "data" / "eval_scripts.yaml"
DECODING_FILES = ("transcriber.py", "decode_checks.py", "term_check.py", "audio_files.py")
MODES = ("none", "short_terms")  # unprompted, and the app's default prompt
VOCAL = ("um", "uh", "hmm", "er", "ah")
_VOCAL_RE = re.compile(r"\b(Um|Uh|Hmm|Er|Ah|um|uh|hmm|er|ah)\b(,?)")


@dataclass
class Clip:
    name: str
    group: str  # "spontaneous" | "read" | "espeak"
    audio: np.ndarray
    terms: list[str] = field(default_factory=list)
    script: Script | None = None  # eSpeak: the words with labelled fillers by position
    # (kind, start_s, end_s) of each vocal filler: real clips from their forced alignment,
    # eSpeak from where build_marked() put it
    truth_times: list[tuple[str, float, float]] = field(default_factory=list)
    transcripts: dict[str, Transcript] = field(default_factory=dict)  # prompt mode -> transcript
    key: str = ""  # what identifies the audio in the transcript cache (eSpeak: how it was made)

    @property
    def seconds(self) -> float:
        return len(self.audio) / RATE


def label(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]+", " ", text.lower()).split())


def mark_vocal(text: str) -> str:
    """ "Um, we store ..." -> "[Um,] we store ...": the vocal fillers marked for parse_script."""
    return _VOCAL_RE.sub(lambda m: f"[{m.group(1)}{m.group(2)}]", text)


def real_clips() -> list[Clip]:
    from tests.support import real_speech

    return [
        Clip(name=c.name, group=c.kind, audio=c.audio, truth_times=list(c.filler_times))
        for c in real_speech.clips()
    ]


def _espeak_specs() -> list[tuple[str, list, str, int, list[str]]]:
    """(name, parts with [..] marks, voice, rate, terms) of every eSpeak clip."""
    from _speech import SENTENCES
    from filler_prompt import CLIPS

    specs = []
    for s in yaml.safe_load(SCRIPTS.read_text())["scripts"]:
        specs.append((s["id"], list(s["parts"]), s["voice"], int(s["rate"]), []))
    for k, (text, terms) in enumerate(CLIPS):
        for voice in ("en-us", "en-gb", "en-us+f3"):
            for rate in (140, 180):
                specs.append((f"fp{k}-{voice}-{rate}", [mark_vocal(text)], voice, rate, terms))
    with_filler = [s for s in SENTENCES if _VOCAL_RE.match(s)]
    plain = [s for s in SENTENCES if not _VOCAL_RE.match(s)]
    for k, sentence in enumerate(with_filler):
        for j, voice in enumerate(("en-us", "en-gb", "en-us+f3", "en-us+m3")):
            rate = (140, 180)[(k + j) % 2]
            # A plain sentence after a pause: room for false alarms inside normal speech.
            parts = [mark_vocal(sentence), 0.6, plain[(k + j) % len(plain)]]
            specs.append((f"sp{k}-{voice}-{rate}", parts, voice, rate, []))
    return specs


_MARK = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


COMMA_S = 0.12  # silence between a filler and the words around it (an eSpeak comma pause)


def build_marked(parts: list, voice: str, rate: int, seed: int):
    """Audio of marked sentences and silences, as _feedback_data.build() makes it, except that
    each vocal filler is spoken as a piece of its own with COMMA_S of silence either side, so
    its time is known exactly: (audio, [(kind, start_s, end_s), ...])."""
    rng = np.random.default_rng(seed)
    chunks = [np.zeros(int(LEAD_S * RATE), np.float32)]
    t = LEAD_S
    times = []

    def add(audio: np.ndarray) -> None:
        nonlocal t
        chunks.append(audio)
        t += len(audio) / RATE

    for part in parts:
        if not isinstance(part, str):
            add(np.zeros(int(float(part) * RATE), np.float32))
            continue
        pos = 0
        pieces: list[tuple[str, str]] = []  # (text, vocal kind or "")
        for m in _MARK.finditer(part):
            kind = label(m.group(1) or "")
            if m.group(1) and kind in VOCAL:
                pieces.append((_unmark(part[pos : m.start()]), ""))
                pieces.append((m.group(1), kind))
                pos = m.end()
        pieces.append((_unmark(part[pos:]), ""))
        pieces = [(text.strip(), kind) for text, kind in pieces if text.strip()]
        for k, (text, kind) in enumerate(pieces):
            clip = espeak(text, voice, rate)
            if kind:
                if k:
                    add(np.zeros(int(COMMA_S * RATE), np.float32))
                times.append((kind, t, t + len(clip) / RATE))
                add(clip)
                add(np.zeros(int(COMMA_S * RATE), np.float32))
            else:
                add(clip)
        add(np.zeros(int(SENTENCE_GAP_S * RATE), np.float32))
    add(np.zeros(int(0.8 * RATE), np.float32))
    audio = np.concatenate(chunks)
    audio += rng.normal(0, 0.002, len(audio)).astype(np.float32)  # room noise
    return audio, times


def _unmark(text: str) -> str:
    return _MARK.sub(lambda m: m.group(1) or m.group(2), text)


def espeak_clips() -> list[Clip]:
    out = []
    for seed, (name, parts, voice, rate, terms) in enumerate(_espeak_specs()):
        audio, times = build_marked(parts, voice, rate, seed)
        out.append(
            Clip(
                name=name,
                group="espeak",
                audio=audio,
                terms=list(terms),
                script=parse_script(parts, label),
                truth_times=times,
                key=json.dumps(["pieces", parts, voice, rate, seed]),
            )
        )
    return out


def transcribe_all(clips: list[Clip], modes=MODES, model: str = "bundled") -> float:
    """Fills clip.transcripts from the cache or tiny.en; returns the seconds spent decoding."""
    import time

    from mockview.engines.transcriber import WhisperTranscriber

    CACHE.mkdir(parents=True, exist_ok=True)
    # Keyed by the decoding code too: a transcript from older code is never reused.
    engine_src = ROOT / "src" / "mockview" / "engines"
    code = hashlib.sha1(
        b"".join((engine_src / f).read_bytes() for f in DECODING_FILES)
    ).hexdigest()[:12]
    engines: dict[str, WhisperTranscriber] = {}
    spent = 0.0
    for clip in clips:
        content = clip.key or hashlib.sha1(clip.audio.tobytes()).hexdigest()
        for mode in modes:
            key = json.dumps([model, mode, content, clip.terms, code])
            key = hashlib.sha1(key.encode()).hexdigest()
            path = CACHE / f"{key[:20]}.json"
            if path.exists():
                clip.transcripts[mode] = Transcript.from_dict(json.loads(path.read_text()))
                continue
            if mode not in engines:
                engines[mode] = WhisperTranscriber(model, device="cpu", prompt_mode=mode)
            start = time.perf_counter()
            tr = engines[mode].transcribe(clip.audio, terms=clip.terms)
            spent += time.perf_counter() - start
            path.write_text(json.dumps(tr.to_dict()))
            clip.transcripts[mode] = tr
    return spent
