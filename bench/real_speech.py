"""Real human speech through every route the app has, against bare faster-whisper on the same audio.

Usage: bench/real_speech.py [--device cpu|cuda] [--routes bare,whole,live,file,long,cli]

Material (../shared/speech, made into variants in memory by tests/support/real_speech.py):
- clips: the 18 read clips one by one (224 reference words);
- joined: the same clips joined with 0.6-2.5 s quiet gaps (about 2 minutes, an answer's length);
- tailed: each read clip with 3 s of room noise after it (no words to gain);
- spont: the spontaneous clip, with its two real "um" (batchalign's unsure words left out).
Routes:
- bare: faster-whisper alone (tiny.en, beam 5, no prompt, its default options);
- whole: WhisperTranscriber.transcribe on the samples (an answer recorded while the model loaded);
- live: LiveTranscription fed 50 ms blocks at 48 kHz as the recorder does, then process_attempt;
- file: process_attempt on a 48 kHz WAV (retry and crash recovery take this route);
- long: the joined clips three times over (about 6 minutes) as a file through
  WhisperTranscriber.transcribe(path) (`mockview transcribe`): the long-file stretches;
- cli: `mockview analyze --json` in a fresh process on the WAV (the settings' device).
Every route but bare goes through the app's analysis with question 1's terms in the prompt.
Columns: WER with insertions/deletions/substitutions; bare's WER on the same audio; terms of
question 1 that appear (none is spoken); vocal fillers found (truth: 2 in spont, 0 elsewhere);
WPM error (mean, over the takes given a pace: judged ones, 10 s of speech or more) against the
reference words over the speech Silero VAD finds; inserted gaps >= 1 s
found as pauses (recall) and pauses >= 1 s that are inserted gaps (precision); and whether
three runs gave the same transcript; takes long enough to judge (core/feedback/verdict.py); takes
flagged monotone of those whose voice was measured (real speech: none should be); repeats and
restarts found (truth: the spontaneous clip's "I like, I like, I like" retrace, none elsewhere).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT))

from tests.support import real_speech as rs  # noqa: E402

MIC_RATE = 48000
BLOCK = int(0.05 * MIC_RATE)
VOCAL = {"um", "uh", "hmm", "er", "ah"}
ROUTES = ("bare", "whole", "live", "file", "long", "cli")


def to_mic(audio: np.ndarray) -> np.ndarray:
    import soxr

    return soxr.resample(audio, rs.RATE, MIC_RATE).astype(np.float32)


class Routes:
    def __init__(self, device: str, question) -> None:
        from mockview.engines.transcriber import WhisperTranscriber

        self.question = question
        self.engine = WhisperTranscriber(device=device)
        self.device = device
        self.bare_model = None
        self.tmp = Path(tempfile.mkdtemp(prefix="real-speech-"))

    def bare(self, audio: np.ndarray) -> tuple[str, object]:
        from faster_whisper import WhisperModel

        if self.bare_model is None:
            self.engine.load()
            source, _ = self.engine._model_source()
            kind = "float16" if self.engine.device == "cuda" else "int8"
            self.bare_model = WhisperModel(
                source, device=self.engine.device, compute_type=kind, cpu_threads=2
            )
        segments, _ = self.bare_model.transcribe(audio, language="en", beam_size=5)
        return " ".join(s.text for s in segments), None

    def whole(self, audio: np.ndarray):
        from mockview.session.pipeline import process_attempt

        done = process_attempt(audio, self.question, self.engine)
        return done.transcript.text, done.feedback

    def live(self, audio: np.ndarray):
        from mockview.engines.live import LiveTranscription
        from mockview.session.pipeline import process_attempt

        live = LiveTranscription(self.engine, self.question.terms, keep_audio=True)
        mic = to_mic(audio)
        for pos in range(0, len(mic), BLOCK):
            live.feed(mic[pos : pos + BLOCK], MIC_RATE)
        done = process_attempt(self.wav(audio), self.question, self.engine, live=live)
        return done.transcript.text, done.feedback

    def wav(self, audio: np.ndarray) -> Path:
        digest = hashlib.sha1(np.ascontiguousarray(audio).tobytes()).hexdigest()[:16]
        path = self.tmp / f"take-{digest}.wav"
        if not path.exists():
            sf.write(str(path), to_mic(audio), MIC_RATE, subtype="PCM_16")
        return path

    def file(self, audio: np.ndarray):
        from mockview.session.pipeline import process_attempt

        done = process_attempt(self.wav(audio), self.question, self.engine)
        return done.transcript.text, done.feedback

    def long(self, audio: np.ndarray):
        """`mockview transcribe` of a file over 150 s: read and decoded in stretches."""
        from mockview.core.feedback import analyze

        transcript = self.engine.transcribe(self.wav(audio), self.question.terms)
        return transcript.text, analyze(transcript, self.question, audio=audio)

    def cli(self, audio: np.ndarray):
        from mockview.core.feedback.model import Feedback

        cmd = [sys.executable, "-m", "mockview", "analyze", str(self.wav(audio))]
        cmd += ["-q", f"ai-cto/{self.question.id}", "--json"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        data = json.loads(out)
        return data["transcript"]["text"], Feedback.from_dict(data["feedback"])


def vad_wpm(audio: np.ndarray, words: int) -> float:
    from mockview.engines.decode_checks import speech_spans

    spans = speech_spans(audio)
    return words * 60.0 / (spans[-1][1] - spans[0][0]) if spans else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--routes", default=",".join(ROUTES))
    args = ap.parse_args(argv)
    if not rs.available():
        print(f"real speech not found at {rs.SPEECH}: nothing to measure")
        return 0
    from mockview.core.bank.discovery import find_banks

    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    question = bank.questions[0]
    routes = Routes(args.device, question)
    reads = rs.read_clips()
    spont = next(c for c in rs.clips() if c.kind == "spontaneous")
    joined = rs.joined(reads, seed=0)
    spont_ref = rs.reference_words(spont, unknown=True)
    material = {
        "clips": [(c.audio, rs.reference_words(c), [], len(rs.reference_words(c))) for c in reads],
        "joined": [(joined.audio, joined.reference, joined.gaps, len(joined.reference))],
        "tailed": [
            (rs.tailed(c, "room"), rs.reference_words(c), [], len(rs.reference_words(c)))
            for c in reads
        ],
        # The unsure spans count as words said when timing the pace.
        "spont": [(spont.audio, spont_ref, [], len(rs.words_of(spont.reference)))],
    }
    long = rs.joined(reads * 3, seed=1)
    terms = {t.lower() for t in question.terms}
    head = "route  material   N  WER   ins del sub  bare  terms fillers WPM_err pause_R pause_P"
    head += " same judged  mono disfl  s"
    print(f"question 1's terms in the prompt: {', '.join(question.terms)}; device {args.device}")
    print(head)
    bare_wer: dict[str, float] = {}
    for route in args.routes.split(","):
        items = dict(material)
        if route == "long":
            items = {"long": [(long.audio, long.reference, long.gaps, len(long.reference))]}
        elif route == "cli":
            items = {"joined": material["joined"]}
        for name, takes in items.items():
            row = measure(routes, route, takes, terms)
            if route == "bare":
                bare_wer[name] = row["wer"]
            row["bare"] = bare_wer.get(name, float("nan"))
            if name in ("joined", "spont") and route in ("whole", "live"):
                again = [getattr(routes, route)(takes[0][0])[0] for _ in range(2)]
                row["same"] = "3/3" if all(a == row["text0"] for a in again) else "no"
            print(format_row(route, name, row), flush=True)
    return 0


def measure(routes: Routes, route: str, takes, terms: set[str]) -> dict:
    """One row over `takes`: (audio, reference words, inserted gaps, words actually spoken)."""
    refs = 0
    ins = dele = sub = 0
    term_hits = fillers = 0
    wpm_err: list[float] = []
    gaps_found = gaps = pauses_ok = pauses = 0
    judged = monotone = voiced = disfluent = 0
    start = time.perf_counter()
    text0 = ""
    for audio, reference, inserted_gaps, spoken in takes:
        text, fb = getattr(routes, route)(audio)
        text0 = text0 or text
        heard = rs.words_of(text)
        i, d, s = rs.edit_counts(reference, heard)
        ins, dele, sub = ins + i, dele + d, sub + s
        refs += sum(1 for w in reference if w != rs.UNKNOWN)
        term_hits += sum(1 for w in heard if w in terms)
        if fb is None:
            continue
        fillers += sum(1 for h in fb.fillers if h.filler in VOCAL)
        judged += 1 if fb.judged else 0
        voiced += 1 if fb.voice.measured else 0
        monotone += 1 if fb.voice.monotone else 0
        disfluent += len(fb.repeats) + len(fb.restarts)
        truth = vad_wpm(audio, spoken)
        if truth and fb.words_per_minute and spoken:
            wpm_err.append(abs(fb.words_per_minute - truth) / truth)
        long_gaps = [g for g in inserted_gaps if g[1] - g[0] >= 1.0]
        found = [p for p in fb.pauses if p.duration_s >= 1.0]
        gaps += len(long_gaps)
        gaps_found += sum(
            1
            for a, b in long_gaps
            if any(p.start_s < b and p.start_s + p.duration_s > a for p in found)
        )
        pauses += len(found) if long_gaps else 0
        pauses_ok += sum(
            1
            for p in found
            if any(p.start_s < b and p.start_s + p.duration_s > a for a, b in long_gaps)
        )
    return {
        "n": len(takes),
        "wer": (ins + dele + sub) / max(1, refs),
        "ins": ins,
        "del": dele,
        "sub": sub,
        "terms": term_hits,
        "fillers": fillers if route != "bare" else None,
        "wpm": float(np.mean(wpm_err)) if wpm_err else None,
        "pause_r": gaps_found / gaps if gaps else None,
        "pause_p": pauses_ok / pauses if pauses else None,
        "same": "",
        "judged": f"{judged}/{len(takes)}" if route != "bare" else "-",
        "mono": f"{monotone}/{voiced}" if route != "bare" else "-",
        "disfl": disfluent if route != "bare" else None,
        "text0": text0,
        "s": time.perf_counter() - start,
    }


def format_row(route: str, name: str, r: dict) -> str:
    def opt(v, fmt):
        return format(v, fmt) if v is not None else "-"

    return (
        f"{route:6} {name:8} {r['n']:3} {r['wer']:.3f} {r['ins']:3} {r['del']:3} {r['sub']:3}"
        f"  {r['bare']:.3f} {r['terms']:5} {opt(r['fillers'], '7')} {opt(r['wpm'], '7.1%')}"
        f" {opt(r['pause_r'], '7.2f')} {opt(r['pause_p'], '7.2f')} {r['same']:4}"
        f" {r['judged']:>6} {r['mono']:>5} {opt(r['disfl'], '5')} {r['s']:4.0f}"
    )


if __name__ == "__main__":
    sys.exit(main())
