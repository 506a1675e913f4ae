"""How the voice sounds (core/feedback/prosody.py): monotone, loudness, trailing off, pace.

Usage: bench/voice_eval.py [--model bundled] [--no-cache] [--texts N]

Word times come from the real model through the project (CachedTranscriber, whole-file path),
cached under .bench-out/voice_eval/. Prints:
1. eSpeak NG speaking bench/data/voice_texts.yaml (20 answers) with SSML
   `<prosody range="x-low">` and `range="x-high"` in two voices: pitch spread of each, and how
   many pairs the monotone flag tells apart (target 20/20: x-low flagged, x-high not).
2. The real clips of shared/speech (18 read, 1 spontaneous) and the 9 LJ Speech clips joined
   (one speaker, an answer's length): none may be flagged monotone. Figures are printed even
   under prosody.MIN_VOICED_S (the app would leave those unmeasured; column "judged").
3. Trailing off: the level drop at every sentence end of the real clips and of the eSpeak
   answers, as they are and with the last 0.6 s of speech faded by 15 dB (should fire there).
4. The numpy tracker (voice_frames.py) against Praat's (praat-parselmouth, if installed): on
   frames both call voiced, the share within 1 semitone and at an octave; pitch spread of
   each; CPU seconds per minute of audio; Praat's installed size.
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _feedback_data as fd  # noqa: E402
from _feedback_data import RATE, ROOT, CachedTranscriber, table  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.support import real_speech as rs  # noqa: E402
from tests.support.speech import espeak_range_16k  # noqa: E402

from mockview.core.feedback import prosody  # noqa: E402
from mockview.core.feedback.pace import pace_windows  # noqa: E402
from mockview.core.feedback.tokens import spoken, tokenize  # noqa: E402
from mockview.core.feedback.voice_frames import HOP_S, frame_features, levels  # noqa: E402

TEXTS = ROOT / "bench" / "data" / "voice_texts.yaml"
VOICES = ("en-us", "en")
RANGES = ("x-low", "x-high")
FADE_S = 0.6
FADE_DB = 15.0


def ssml_speech(text: str, voice: str, pitch_range: str) -> np.ndarray:
    """eSpeak NG speech of `text` in `<prosody range=...>`: 0.6 s lead, 0.8 s tail, room noise."""
    audio = espeak_range_16k(text, voice, pitch_range)
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    audio = audio[loud[0] : loud[-1] + 1] if loud.size else audio
    lead, tail = np.zeros(int(fd.LEAD_S * RATE)), np.zeros(int(0.8 * RATE))
    out_audio = np.concatenate([lead, audio, tail]).astype(np.float32)
    noise = np.random.default_rng(len(text)).normal(0, 0.002, len(out_audio))
    return (out_audio + noise).astype(np.float32)


def _spoken(text: str, voice: str, pitch_range: str) -> tuple[np.ndarray, dict]:
    return ssml_speech(text, voice, pitch_range), {}


def faded(audio: np.ndarray, seconds: float = FADE_S) -> np.ndarray:
    """The last `seconds` of speech FADE_DB quieter (a 50 ms ramp down into it)."""
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    end = int(loud[-1]) + 1
    start = end - int(seconds * RATE)
    gain = np.ones(len(audio), np.float32)
    low = 10 ** (-FADE_DB / 20)
    ramp = int(0.05 * RATE)
    gain[start : start + ramp] = np.linspace(1.0, low, ramp)
    gain[start + ramp :] = low
    return (audio * gain).astype(np.float32)


def words_and_pace(transcript):
    tokens = tokenize(transcript)
    return tokens, pace_windows(spoken(tokens))


def measure(audio, transcript, **kwargs):
    tokens, windows = words_and_pace(transcript)
    return prosody.measure_voice(audio, RATE, tokens, windows, **kwargs)


def espeak_section(tx: CachedTranscriber, texts: list[str]) -> list[tuple]:
    """Table 1; returns (audio, transcript) of every take for the trailing-off section."""
    print("## 1. eSpeak NG, SSML range x-low vs x-high: monotone flag\n")
    takes = []
    summary = []
    for voice in VOICES:
        rows = []
        apart = 0
        spreads: dict[str, list[float]] = {r: [] for r in RANGES}
        for i, text in enumerate(texts):
            row: list = [i + 1]
            flags = {}
            for rng in RANGES:
                key = tx.key("voice_eval", text, voice, rng)
                tr, audio, _ = tx.get(key, partial(_spoken, text, voice, rng))
                v = measure(audio, tr)
                flags[rng] = v.monotone if v.measured else None
                if v.measured:
                    spreads[rng].append(v.pitch_range_st)
                    row += [f"{v.pitch_range_st:.1f}", f"{v.pitch_sd_st:.1f}"]
                    row.append("yes" if v.monotone else "-")
                else:
                    row += [f"({v.voiced_s:.1f} s voiced)", "", "not measured"]
                takes.append((f"{voice} {rng} #{i + 1}", audio, tr))
            apart += flags["x-low"] is True and flags["x-high"] is False
            rows.append(row)
        head = ["#", "x-low range", "sd", "monotone", "x-high range", "sd", "monotone"]
        print(f"voice {voice}:\n")
        print(table(head, rows) + "\n")
        summary.append(
            [
                voice,
                f"{min(spreads['x-low']):.1f}-{max(spreads['x-low']):.1f}",
                f"{min(spreads['x-high']):.1f}-{max(spreads['x-high']):.1f}",
                f"{apart}/{len(texts)}",
            ]
        )
    print(
        "pitch_range_st (10th-90th percentile, semitones); monotone below "
        f"{prosody.MONOTONE_ST}; told apart: both measured, x-low flagged and x-high not\n"
    )
    print(table(["voice", "x-low range", "x-high range", "told apart"], summary) + "\n")
    return takes


def real_section(tx: CachedTranscriber) -> list[tuple]:
    print("## 2. Real speech (shared/speech): none should be monotone\n")
    clips = rs.clips()
    lj = [c for c in clips if c.name.startswith("ljspeech")]
    joined = rs.joined(lj, seed=0)
    items = [(c.name, c.audio) for c in clips] + [("9 LJ clips joined", joined.audio)]
    rows = []
    takes = []
    flagged = 0
    for name, audio in items:
        key = tx.key("voice_eval", "real", name)
        tr, audio, _ = tx.get(key, lambda a=audio: (a, {}))
        v = measure(audio, tr, min_voiced_s=0.0)
        judged = v.voiced_s >= prosody.MIN_VOICED_S
        flagged += v.monotone
        rows.append(
            [
                name[:30],
                f"{v.voiced_s:.1f}",
                "yes" if judged else "-",
                f"{v.pitch_median_hz:.0f}",
                f"{v.pitch_range_st:.1f}",
                f"{v.pitch_sd_st:.1f}",
                "YES" if v.monotone else "-",
                f"{v.loudness_sd_db:.1f}",
                f"{len(v.trailing_off)}/{v.sentence_ends}",
                f"{v.pace_sd_wpm:.0f}",
            ]
        )
        takes.append((name, audio, tr))
    head = ["clip", "voiced s", "judged", "f0 Hz", "range st", "sd st", "monotone"]
    head += ["loud sd dB", "trailing", "pace sd"]
    print(table(head, rows) + "\n")
    print(f"flagged monotone: {flagged} of {len(items)}\n")
    return takes


def trailing_section(real: list[tuple], synth: list[tuple]) -> None:
    print(f"## 3. Trailing off: level drop at sentence ends (fires above {prosody.TRAIL_DB} dB)\n")
    rows = []
    sets = [("real clips", real, 0.0), ("eSpeak answers", synth, 0.0)]
    sets += [(f"eSpeak, last {s} s faded {FADE_DB:.0f} dB", synth, s) for s in (FADE_S, 1.0)]
    for label, takes, fade_s in sets:
        drops: list[float] = []
        last: list[float] = []
        for _, audio, tr in takes:
            tokens, _ = words_and_pace(tr)
            got = prosody.sentence_drops(faded(audio, fade_s) if fade_s else audio, RATE, tokens)
            drops += [d for _, d in got]
            last += [got[-1][1]] if got else []
        d, e = np.array(drops or [0.0]), np.array(last or [0.0])
        rows.append(
            [
                label,
                len(takes),
                len(drops),
                f"{np.median(d):.1f}",
                f"{np.percentile(d, 95):.1f}",
                f"{d.max():.1f}",
                f"{int((d > prosody.TRAIL_DB).sum())}/{len(drops)}",
                f"{int((e > prosody.TRAIL_DB).sum())}/{len(last)}",
            ]
        )
    head = ["set", "takes", "ends checked", "median dB", "95th pct", "max", "fired"]
    head.append("last end fired")
    print(table(head, rows) + "\n")


def tracker_section() -> None:
    print("## 4. Pitch tracker: numpy (voice_frames.py) vs Praat (praat-parselmouth)\n")
    try:
        import parselmouth
    except ImportError:
        print("praat-parselmouth not installed: .venv/bin/pip install praat-parselmouth\n")
        return
    rows = []
    cpu = {"numpy": 0.0, "numpy all frames": 0.0, "praat": 0.0}
    audio_s = 0.0
    for clip in rs.clips():
        a = clip.audio
        audio_s += len(a) / RATE
        speech_db, floor_db = levels(a, RATE)
        gate = max(speech_db - prosody.BELOW_SPEECH_DB, floor_db + prosody.ABOVE_FLOOR_DB)
        fr, t_np = _timed(lambda a=a, g=gate: frame_features(a, RATE, 0.0, len(a) / RATE, g))
        _, t_all = _timed(lambda a=a: frame_features(a, RATE, 0.0, len(a) / RATE))
        sound = parselmouth.Sound(a.astype(np.float64), sampling_frequency=RATE)
        pitch, t_pm = _timed(
            lambda s=sound: s.to_pitch(time_step=HOP_S, pitch_floor=60.0, pitch_ceiling=400.0)
        )
        cpu["numpy"] += t_np
        cpu["numpy all frames"] += t_all
        cpu["praat"] += t_pm
        ours = np.where((fr.voicing >= prosody.VOICING) & (fr.db >= gate), fr.f0, 0.0)
        times = fr.t0_s + np.arange(len(ours)) * HOP_S
        pf, xs = pitch.selected_array["frequency"], pitch.xs()
        k = np.clip(np.round((times - xs[0]) / HOP_S).astype(int), 0, len(pf) - 1)
        theirs = np.where(np.abs(xs[k] - times) < HOP_S / 2, pf[k], 0.0)
        both = (ours > 0) & (theirs > 0)
        diff = 12 * np.log2(ours[both] / theirs[both])
        np_fig = prosody.pitch_spread(ours[ours > 0])
        pm_fig = prosody.pitch_spread(theirs[theirs > 0])
        rows.append(
            [
                clip.name[:30],
                f"{both.sum() * HOP_S:.1f}",
                f"{np.mean(np.abs(diff) < 1):.2f}",
                f"{np.mean(np.abs(np.abs(diff) - 12) < 1.5):.3f}",
                f"{np_fig[1]:.1f} / {pm_fig[1]:.1f}",
                f"{_wide(ours[ours > 0]):.1f} / {_wide(theirs[theirs > 0]):.1f}",
                f"{np_fig[2]:.1f} / {pm_fig[2]:.1f}",
            ]
        )
    head = ["clip", "both voiced s", "within 1 st", "octave", "range np/praat", "5-95 np/praat"]
    head.append("sd np/praat")
    print(table(head, rows) + "\n")
    size = sum(f.locate().stat().st_size for f in _dist_files("praat-parselmouth"))
    cost = [[k, f"{v / audio_s * 60:.2f}"] for k, v in cpu.items()]
    print(table(["tracker", "CPU s per minute of audio"], cost))
    print(
        "\n(numpy: frames at the pitch gate, as prosody.py measures them; with a VoiceTrack"
        " they are measured while recording and cost nothing after Stop.)"
    )
    print(f"Praat installed: {size / 1e6:.1f} MB\n")


def _wide(f0: np.ndarray) -> float:
    """The 5th-95th percentile spread (semitones, octave jumps dropped): the rejected choice."""
    st = prosody.drop_octave_jumps(12.0 * np.log2(f0 / np.median(f0)))
    lo, hi = np.percentile(st, [5.0, 95.0])
    return float(hi - lo)


def window_section(real: list[tuple]) -> None:
    """How the range of a few seconds of voice compares with the whole take's (MIN_VOICED_S)."""
    print("## 2b. Pitch range over windows of N s of voiced frames, against the whole take\n")
    rows = []
    for name, audio, _ in real:
        speech_db, floor_db = levels(audio, RATE)
        gate = max(speech_db - prosody.BELOW_SPEECH_DB, floor_db + prosody.ABOVE_FLOOR_DB)
        fr = frame_features(audio, RATE, 0.0, len(audio) / RATE, gate)
        f0 = fr.f0[(fr.voicing >= prosody.VOICING) & (fr.db >= gate)]
        if len(f0) * HOP_S < 10.0:
            continue
        whole = prosody.pitch_spread(f0)[1]
        for seconds in (1.0, 2.0, 2.5, 3.0, 5.0):
            n = int(seconds / HOP_S)
            spans = [prosody.pitch_spread(f0[i : i + n])[1] for i in range(0, len(f0) - n, 25)]
            row = [name, f"{whole:.1f}", seconds, f"{np.median(spans):.1f}", f"{min(spans):.1f}"]
            rows.append(row)
    print(table(["take", "whole range", "window s", "median", "narrowest"], rows) + "\n")


def _timed(fn):
    best, out = float("inf"), None
    for _ in range(3):
        start = time.process_time()
        out = fn()
        best = min(best, time.process_time() - start)
    return out, best


def _dist_files(name: str):
    from importlib.metadata import distribution

    return [f for f in distribution(name).files or [] if f.locate().is_file()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="bundled")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--texts", type=int, default=20, help="how many of the 20 texts to speak")
    args = ap.parse_args(argv)
    fd.CACHE = ROOT / ".bench-out" / "voice_eval"  # CachedTranscriber writes here
    tx = CachedTranscriber(args.model, not args.no_cache)
    texts = yaml.safe_load(TEXTS.read_text())["texts"][: args.texts]
    started = time.perf_counter()
    synth = espeak_section(tx, texts)
    real = real_section(tx) if rs.available() else []
    window_section(real)
    trailing_section(real, synth)
    tracker_section()
    print(
        f"transcribed {tx.audio_s:.0f} s of audio in {tx.seconds:.0f} s; "
        f"bench {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
