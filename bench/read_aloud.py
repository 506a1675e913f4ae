"""Read-aloud of the shipped bank: first-audio time, real pace against the setting, synthesis speed.

Usage: bench/read_aloud.py [--voices gmw/en-us,gmw/en,piper:en_US-joe-medium] [--wpm 150]
                          [--first 5]

For each voice, every model answer (and every question) of questions/ai-cto.yaml is read the
way the app reads it (session.read_aloud: sentence pieces, the next ones synthesized while one
plays), with a fresh speech cache:
- first_s: from start to the first piece playing, median over the first --first model answers,
  on a quiet machine and with one core kept busy by another process (a spinning loop);
- pace: the model answer's words over the time it plays (pieces back to back, from the first
  piece's sound to the last's), mean and worst relative error against the setting;
- rtf: synthesis seconds per second of speech (all pieces, one after another);
- ok: texts that gave sound, of those tried (questions and model answers);
- lit_err_s: how far from the sound the lit word is: mean and 90th percentile of |when a word
  is lit - when tiny.en's word timestamps start it| over the first 3 model answers (those
  timestamps are themselves off by a tenth of a second or two).
The player is tests/support/clock_player.py: wall-clock time, no sound card.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.clock_player import ClockPlayer  # noqa: E402

from mockview.core.bank.discovery import find_banks  # noqa: E402
from mockview.engines.tts import Pyttsx3Speaker  # noqa: E402
from mockview.session.read_aloud import ReadAloud, piece_timing  # noqa: E402
from mockview.session.reading_plan import plan_reading  # noqa: E402


def make_speaker(voice: str):
    """A speaker with a fresh cache: Piper's for the natural voice, else eSpeak NG's."""
    from mockview.engines import piper_tts

    folder = Path(tempfile.mkdtemp(prefix="mockview-read-"))
    espeak = Pyttsx3Speaker(folder)
    if voice.startswith("piper:"):
        return piper_tts.NaturalVoiceSpeaker(folder, espeak)
    return espeak


def spin(stop) -> None:
    while not stop.is_set():
        pass


def first_audio(texts: list[str], voice: str, wpm: int) -> float:
    """Median start -> first piece playing, each text with a fresh cache."""
    times = []
    for text in texts:
        speaker = make_speaker(voice)
        reading = ReadAloud(speaker, ClockPlayer(), text, voice, wpm)
        reading.start()
        while reading.first_audio_s is None and not reading.finished:
            time.sleep(0.005)
        times.append(reading.first_audio_s if reading.first_audio_s is not None else float("inf"))
        reading.stop()
        reading.join(5)
        speaker.close()
    return statistics.median(times)


def synthesized(texts: list[str], voice: str, wpm: int) -> tuple[list[float], float, int]:
    """(pace of each text, synthesis real-time factor, texts that gave sound)."""
    speaker = make_speaker(voice)
    paces, synth_s, audio_s, ok = [], 0.0, 0.0, 0
    for text in texts:
        plan = plan_reading(text)
        played, sound = 0.0, True
        timings = []
        for piece in plan.pieces:
            start = time.perf_counter()
            try:
                path = speaker.synthesize(piece.text, voice, wpm)
            except Exception as exc:  # noqa: BLE001 - counted, and the bench goes on
                print(f"  failed: {exc} ({piece.text[:40]}...)")
                sound = False
                break
            synth_s += time.perf_counter() - start
            duration = sf.info(str(path)).duration
            audio_s += duration
            timings.append((duration, piece_timing(piece, path)))
        if not sound or not timings:
            continue
        ok += 1
        played = sum(d for d, _ in timings)
        played -= timings[0][1].voiced_from_s + (timings[-1][0] - timings[-1][1].voiced_to_s)
        words = sum(len(p.words) for p in plan.pieces)
        paces.append(words * 60.0 / played)
    speaker.close()
    return paces, synth_s / max(audio_s, 1e-9), ok


def lit_error(texts: list[str], voice: str, wpm: int) -> tuple[float, float]:
    """(mean, 90th percentile) seconds between when a word is lit and when tiny.en's word
    timestamps say it starts, over the words of `texts` both agree on."""
    import difflib

    from mockview.engines.audio_files import load_audio_16k
    from mockview.engines.term_check import key
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber(device="cpu", prompt_mode="none")
    speaker = make_speaker(voice)
    errors = []
    for text in texts:
        for piece in plan_reading(text).pieces:
            path = speaker.synthesize(piece.text, voice, wpm)
            timing = piece_timing(piece, path)
            starts = [timing.voiced_from_s, *timing.ends_s[:-1]]
            said = [key(text[w.start : w.end]) for w in piece.words]
            heard = engine.transcribe(load_audio_16k(path)).words
            sm = difflib.SequenceMatcher(a=said, b=[key(w.text) for w in heard], autojunk=False)
            for block in sm.get_matching_blocks():
                for k in range(block.size):
                    errors.append(abs(starts[block.a + k] - heard[block.b + k].start_s))
    speaker.close()
    return statistics.mean(errors), sorted(errors)[int(0.9 * (len(errors) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="gmw/en-us,gmw/en,piper:en_US-joe-medium")
    parser.add_argument("--wpm", type=int, default=150)
    parser.add_argument("--first", type=int, default=5)
    args = parser.parse_args()
    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    answers = [q.model_answer for q in bank.questions]
    questions = [q.text for q in bank.questions]
    print(f"{len(answers)} model answers ({sum(map(len, answers)) // len(answers)} characters")
    print(f"on average) and {len(questions)} questions, setting {args.wpm} WPM")
    print(
        f"{'voice':12} {'first_s':>7} {'busy_first_s':>12} {'pace':>5} {'pace_err':>8} "
        f"{'worst':>6} {'rtf':>6} {'answers_ok':>10} {'questions_ok':>12} {'lit_err_s':>9} "
        f"{'lit_p90_s':>9}"
    )
    from mockview.engines import piper_tts

    for voice in args.voices.split(","):
        if voice.startswith("piper:") and not piper_tts.available():
            print(f"{voice:12} not installed (pip install mockview[natural-voice])")
            continue
        quiet = first_audio(answers[: args.first], voice, args.wpm)
        stop = multiprocessing.Event()
        busy = multiprocessing.Process(target=spin, args=(stop,), daemon=True)
        busy.start()
        try:
            loaded = first_audio(answers[: args.first], voice, args.wpm)
        finally:
            stop.set()
            busy.join(5)
        paces, rtf, ok = synthesized(answers, voice, args.wpm)
        _, _, q_ok = synthesized(questions, voice, args.wpm)
        errors = [abs(p - args.wpm) / args.wpm for p in paces]
        lit_mean, lit_p90 = lit_error(answers[:3], voice, args.wpm)
        print(
            f"{voice:12} {quiet:>7.2f} {loaded:>12.2f} {statistics.mean(paces):>5.0f} "
            f"{statistics.mean(errors):>8.1%} {max(errors):>6.1%} {rtf:>6.3f} "
            f"{ok:>7}/{len(answers)} {q_ok:>9}/{len(questions)} {lit_mean:>9.2f} {lit_p90:>9.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
