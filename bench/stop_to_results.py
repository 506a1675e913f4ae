"""Stop -> results against its floor: the time to decode the last stretch alone.

Usage: bench/stop_to_results.py [--lengths 120,900] [--runs 2]

For each length it makes espeak-ng speech (bench/_speech.py), writes it as a 48 kHz WAV like a
recording, and feeds it to LiveTranscription in 50 ms blocks as the recorder does. The feed runs
ahead of real time but waits, before Stop, until every stretch cut so far is decoded: that is
the state a real-time answer is in at Stop whenever the decoder keeps up (it does: live CPU per
audio second is printed), so a 15-minute answer is measured in a few minutes.
At Stop it times, median over runs:
- results_s: the app's route, session.pipeline.process_attempt with the live transcription
  (finish the last stretch, analysis on the audio live already resampled);
- reread_s: the previous route, which read and resampled the whole recording first;
- floor_s: the decode time of the last stretch alone (what Stop cannot avoid);
- over_floor: results_s - floor_s (target <= 0.3 s).
live_cpu is decode seconds per audio second over all stretches; whole_rtf the same for one
whole-file pass of the same audio (live pads every stretch to Whisper's 30 s window).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _speech import RATE, scripted_answer  # noqa: E402

from mockview.core.bank.discovery import find_banks  # noqa: E402
from mockview.core.feedback import analyze  # noqa: E402
from mockview.engines.audio_files import load_audio_16k  # noqa: E402
from mockview.engines.live import LiveTranscription  # noqa: E402
from mockview.engines.transcriber import WhisperTranscriber  # noqa: E402
from mockview.session.pipeline import bank_weights, process_attempt  # noqa: E402

MIC_RATE = 48000
BLOCK = int(0.05 * MIC_RATE)


def to_mic_rate(audio: np.ndarray) -> np.ndarray:
    n = int(len(audio) * MIC_RATE / RATE)
    x = np.linspace(0, len(audio) - 1, n)
    return np.interp(x, np.arange(len(audio)), audio).astype(np.float32)


def fed(transcriber, question, mic: np.ndarray) -> LiveTranscription:
    """A live transcription fed the whole answer, with every cut stretch decoded."""
    live = LiveTranscription(transcriber, question.terms, keep_audio=True)
    for pos in range(0, len(mic), BLOCK):
        live.feed(mic[pos : pos + BLOCK], MIC_RATE)
        while live.pending > 1:  # keep the decoder near, as real time would
            time.sleep(0.01)
    while not live.idle:
        time.sleep(0.01)
    return live


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="120,900")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    scan = find_banks()
    bank = next(b for b in scan.banks if b.id == "ai-cto")
    question = bank.questions[10]
    transcriber = WhisperTranscriber()
    transcriber.load()
    print(f"model {transcriber.model_name} on {transcriber.device}, beam {transcriber.beam_size}")
    print(
        f"{'length':>7} {'results_s':>9} {'reread_s':>8} {'floor_s':>7} {'over_floor':>10} "
        f"{'tail_s':>6} {'live_cpu':>8} {'whole_rtf':>9}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="mockview-stop-"))
    for seconds in [float(s) for s in args.lengths.split(",")]:
        audio, _script = scripted_answer(seconds, seed=int(seconds))
        mic = to_mic_rate(audio)
        path = tmp / f"answer-{seconds:.0f}.wav"
        sf.write(str(path), mic, MIC_RATE)
        results, rereads, floors, tails, cpus = [], [], [], [], []
        for _ in range(args.runs):
            live = fed(transcriber, question, mic)
            tails.append(live.buffered_s)
            start = time.perf_counter()
            done = process_attempt(path, question, transcriber, live=live, bank=bank)
            results.append(time.perf_counter() - start)
            floors.append(live.last_decode_s)
            cpus.append(done.transcript.extra["transcribe_s"] / (len(audio) / RATE))
            # The route before: read and resample the recording, then finish, then analyse.
            live = fed(transcriber, question, mic)
            start = time.perf_counter()
            samples = load_audio_16k(path)
            transcript = live.finish()
            analyze(transcript, question, audio=samples, idf=bank_weights(bank))
            rereads.append(time.perf_counter() - start)
        start = time.perf_counter()
        transcriber.transcribe(load_audio_16k(path), question.terms)
        whole_rtf = (time.perf_counter() - start) / (len(audio) / RATE)
        r, f = statistics.median(results), statistics.median(floors)
        print(
            f"{seconds:>6.0f}s {r:>9.2f} {statistics.median(rereads):>8.2f} {f:>7.2f} "
            f"{r - f:>10.2f} {statistics.median(tails):>6.1f} {statistics.mean(cpus):>8.3f} "
            f"{whole_rtf:>9.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
