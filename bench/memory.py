"""Peak memory of whole-file transcription (30 s, 2 min, 5 min), each in a fresh process.

The app transcribes a whole file for crash recovery, the CLI and when live transcription
failed. Each length is made once with espeak-ng (bench/_speech.py), written as the recorder
writes it (48 kHz mono PCM_16 WAV), then transcribed by a fresh process, so that every peak
starts from the same point:
  model_MB   resident memory with the model loaded, before the file
  peak_MB    peak resident memory of the whole run (VmHWM)
  WER        against the script
Modes: "file" = `WhisperTranscriber.transcribe(path)` (what the app calls), "whole" = the
whole 16 kHz array in one model call (the old path), "stretches" =
`long_audio.transcribe_file` explicitly.

    .venv/bin/python bench/memory.py [--lengths 30,120,300] [--modes whole,file]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _speech import normalise, peak_rss_mb, scripted_answer, wer  # noqa: E402

MIC_RATE = 48000


def child(path: str, mode: str) -> None:
    from mockview.engines.audio_files import load_audio_16k
    from mockview.engines.long_audio import transcribe_file
    from mockview.engines.transcriber import WhisperTranscriber

    transcriber = WhisperTranscriber()
    transcriber.load()
    model_mb = peak_rss_mb()
    start = time.perf_counter()
    if mode == "whole":
        # One model call on the whole array, as every file was transcribed before stretches.
        result = WhisperTranscriber.transcribe(transcriber, load_audio_16k(path))
    elif mode == "stretches":
        result = transcribe_file(transcriber, path)
    else:
        result = transcriber.transcribe(Path(path))
    print(
        json.dumps(
            {
                "model_mb": model_mb,
                "peak_mb": peak_rss_mb(),
                "text": result.text,
                "seconds": time.perf_counter() - start,
                "stretches": result.extra.get("stretches", 1),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="30,120,300", help="recording lengths in seconds")
    parser.add_argument("--modes", default="whole,file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    print(
        f"{'length':>6} {'mode':>9} {'model_MB':>8} {'peak_MB':>7} {'time_s':>6} {'WER':>6} "
        f"{'parts':>5}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for seconds in [float(s) for s in args.lengths.split(",")]:
            audio, script = scripted_answer(seconds, seed=int(seconds))
            path = Path(tmp) / f"answer-{int(seconds)}.wav"
            n = int(len(audio) * MIC_RATE / 16000)
            import numpy as np

            mic = np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio)
            sf.write(str(path), mic.astype(np.float32), MIC_RATE, subtype="PCM_16")
            del mic, audio
            for mode in args.modes.split(","):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), mode],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(done.stdout.strip().splitlines()[-1])
                err = wer(normalise(script), normalise(r["text"]))
                print(
                    f"{seconds:>5.0f}s {mode:>9} {r['model_mb']:>8.0f} {r['peak_mb']:>7.0f} "
                    f"{r['seconds']:>6.1f} {err:>6.3f} {r['stretches']:>5}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
