"""A long recording through `mockview transcribe`: wall time, real-time factor, peak memory, WER.

Usage: bench/long_file.py [--minutes 10,60] [--args "--device cpu"]

The recording is real human speech (../shared/speech, tests/support/real_speech.py): all its
clips joined with 0.6-2.5 s quiet gaps (room noise at -60 dBFS) as one round (about 2 minutes),
rounds joined by 3 s pauses, quiet after the last clip that fits the length asked for, written
as a 16 kHz mono PCM_16 WAV in a temporary folder (deleted afterwards; nothing is written to
the repository). `mockview transcribe FILE --json` then runs in a fresh process with its own
empty settings (so the bundled tiny.en, int8 on the CPU, as app.make_transcriber builds it),
stderr not a terminal (no progress line):
  wall_s    the command's wall time, model load included (what a user waits)
  RTF       wall_s / the recording's length (0.1: an hour in 6 minutes)
  peak_MB   the process's peak resident memory (ru_maxrss from wait4)
  WER       against the clips' references, scored round by round (word start times place each
            heard word in its round: one alignment over an hour would take hours); batchalign's
            unsure words match anything (tests/support/real_speech.py)
  json_MB   the size of the --json transcript (what `mockview analyze --transcript` reads)
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
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

ROUND_GAP_S = 3.0


def build(path: Path, minutes: float, clips: list[rs.Clip]) -> list[tuple[float, list[str]]]:
    """Writes the recording clip by clip, exactly `minutes` long (quiet after the last clip that
    fits); returns each round's (start_s, reference words)."""
    rng = np.random.default_rng(0)
    target = int(minutes * 60 * rs.RATE)
    rounds: list[tuple[float, list[str]]] = []
    at = k = 0
    with sf.SoundFile(str(path), "w", rs.RATE, 1, subtype="PCM_16") as out:
        while True:
            clip = clips[k % len(clips)]
            gap_s = ROUND_GAP_S if k % len(clips) == 0 else float(rng.uniform(0.6, 2.5))
            gap = rs.room_noise(gap_s, 0.001, k) if k else np.zeros(0, np.float32)
            if at + len(gap) + len(clip.audio) > target:
                break
            out.write(gap)
            at += len(gap)
            if k % len(clips) == 0:
                rounds.append((at / rs.RATE, []))
            rounds[-1][1].extend(rs.reference_words(clip, unknown=True))
            out.write(clip.audio)
            at += len(clip.audio)
            k += 1
        out.write(rs.room_noise((target - at) / rs.RATE, 0.001, k))
    return rounds


def run(path: Path, folder: Path, extra: list[str]) -> tuple[dict, float, float, int]:
    """(transcript, wall seconds, peak MB, JSON bytes) of `mockview transcribe --json` in a
    fresh process with its own empty settings."""
    env = dict(os.environ)
    for name in ("MOCKVIEW_DATA_DIR", "MOCKVIEW_CONFIG_DIR", "MOCKVIEW_CACHE_DIR"):
        env[name] = str(folder / name.split("_")[1].lower())
    out_path = folder / "transcript.json"
    cmd = [sys.executable, "-m", "mockview", "transcribe", str(path), "--json", *extra]
    start = time.perf_counter()
    with open(out_path, "w") as out:
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env, text=True)
        assert child.stderr is not None
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"mockview transcribe failed ({child.returncode}): {err[-2000:]}")
    return json.loads(out_path.read_text()), wall, usage.ru_maxrss / 1024, out_path.stat().st_size


def score(transcript: dict, rounds: list[tuple[float, list[str]]]) -> tuple[int, int, int, int]:
    """(reference words, insertions, deletions, substitutions), round by round."""
    starts = [start for start, _ in rounds]
    heard: list[list[str]] = [[] for _ in rounds]
    for segment in transcript["segments"]:
        for word in segment["words"]:
            k = max(0, int(np.searchsorted(starts, word["start_s"], side="right")) - 1)
            heard[k] += rs.words_of(word["text"])
    total = ins = dele = sub = 0
    for (_, reference), words in zip(rounds, heard, strict=True):
        i, d, s = rs.edit_counts(reference, words)
        total += sum(1 for w in reference if w != rs.UNKNOWN)
        ins, dele, sub = ins + i, dele + d, sub + s
    return total, ins, dele, sub


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", default="10,60", help="recording lengths in minutes")
    parser.add_argument("--args", default="", help="more arguments for mockview transcribe")
    args = parser.parse_args()
    if not rs.available():
        print("no ../shared/speech: nothing to measure")
        return 1
    clips = rs.clips()
    print(
        f"{'length':>7} {'wall_s':>7} {'RTF':>6} {'peak_MB':>7} {'words':>6} {'WER':>6} "
        f"{'ins/del/sub':>13} {'stretches':>9} {'json_MB':>7}"
    )
    for minutes in [float(m) for m in args.minutes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            path = folder / f"long-{minutes:g}min.wav"
            rounds = build(path, minutes, clips)
            seconds = sf.info(str(path)).duration
            transcript, wall, peak_mb, json_bytes = run(path, folder, shlex.split(args.args))
            words, ins, dele, sub = score(transcript, rounds)
            print(
                f"{seconds / 60:>5.1f}mn {wall:>7.0f} {wall / seconds:>6.3f} {peak_mb:>7.0f} "
                f"{words:>6} {(ins + dele + sub) / words:>6.3f} {f'{ins}/{dele}/{sub}':>13} "
                f"{transcript['extra'].get('stretches', 1):>9} {json_bytes / 1e6:>7.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
