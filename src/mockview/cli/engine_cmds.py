"""`mockview transcribe`, `speak` and `devices`: the speech engines from a terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

EXIT_USAGE = 2


def register(subparsers) -> None:
    p = subparsers.add_parser("transcribe", help="transcribe an audio file with the local model")
    p.add_argument("file", metavar="FILE", help="audio file (WAV, FLAC, OGG, ...)")
    p.add_argument(
        "--question", metavar="BANK/ID", help="bias the recogniser with this bank question's terms"
    )
    p.add_argument("--model", help="bundled, a faster-whisper name (base.en) or a model folder")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], help="where to run the model")
    p.add_argument("--json", action="store_true", help="print the transcript with word times")
    p.set_defaults(handler=_transcribe)

    p = subparsers.add_parser("speak", help="say a text aloud, or save it as a WAV with -o")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("-o", "--output", metavar="OUT.wav", help="write a WAV instead of playing")
    p.add_argument("--voice", help="voice name or id (see --list-voices)")
    p.add_argument("--rate", type=int, metavar="WPM", help="words per minute")
    p.add_argument("--list-voices", action="store_true", help="list the voices and exit")
    p.set_defaults(handler=_speak)

    p = subparsers.add_parser("devices", help="list microphones and speakers")
    p.set_defaults(handler=_devices)


def _error(command: str, message: object) -> int:
    print(f"mockview {command}: {message}", file=sys.stderr)
    return EXIT_USAGE


def _settings():
    from mockview.core import paths
    from mockview.core.settings import Settings

    return Settings.load(paths.settings_path())


def _question_terms(ref: str) -> list[str]:
    """Terms of BANK/ID; raises ValueError with a message naming what is missing."""
    bank_id, sep, question_id = ref.partition("/")
    if not sep or not bank_id or not question_id:
        raise ValueError(f"--question must be BANK/ID, got {ref!r}")
    from mockview.core.bank.discovery import find_banks

    scan = find_banks()
    for bank in scan.banks:
        if bank.id == bank_id:
            try:
                return list(bank.question(question_id).terms)
            except KeyError as exc:
                raise ValueError(exc.args[0]) from exc
    raise ValueError(f"no bank {bank_id!r} (see `mockview bank list`)")


def _transcribe(args) -> int:
    """A long file goes stretch by stretch as in the app (engines/long_audio.py), with its
    progress on a terminal; a short one in one model call, which transcribes it better."""
    import dataclasses

    from mockview.app import make_transcriber
    from mockview.engines import long_audio
    from mockview.engines.audio_files import check_audio_file, load_audio_16k
    from mockview.engines.base import EngineError

    settings = _settings()
    try:
        terms = _question_terms(args.question) if args.question else []
    except ValueError as exc:
        return _error("transcribe", exc)
    path = Path(args.file)
    bar = progress_line()
    try:
        # The file first: one refused (not a file, a header that lies) fails before the model
        # takes seconds to load.
        header = check_audio_file(path)
        transcriber = make_transcriber(
            dataclasses.replace(
                settings, model=args.model or settings.model, device=args.device or settings.device
            )
        )
        transcriber.load()
        if transcriber.fallback_reason:
            print(f"mockview transcribe: {transcriber.fallback_reason}", file=sys.stderr)
        if header.duration_s > long_audio.LONG_FILE_S:
            transcript = long_audio.transcribe_file(transcriber, path, terms, progress=bar)
        else:
            transcript = transcriber.transcribe(load_audio_16k(path), terms)
    except EngineError as exc:
        return _error("transcribe", exc)
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        json.dump(transcript.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(transcript.text)
    return 0


class ProgressLine:
    """How far a long file has been read, redrawn in place: "\\r  12:30 / 60:00  21%"."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._shown = ""

    def __call__(self, done_s: float, total_s: float) -> None:
        share = min(100, int(100 * done_s / total_s)) if total_s > 0 else 100
        text = f"  {_clock(done_s)} / {_clock(total_s)}  {share}%"
        if text != self._shown:
            self.stream.write("\r" + text.ljust(len(self._shown)))
            self.stream.flush()
            self._shown = text

    def close(self) -> None:
        """Clears the line, so that messages and the transcript start on a clean one."""
        if self._shown:
            self.stream.write("\r" + " " * len(self._shown) + "\r")
            self.stream.flush()
            self._shown = ""


def progress_line(stream: TextIO | None = None) -> ProgressLine | None:
    """A ProgressLine on `stream` (stderr) when it is a terminal; None when it is redirected,
    so a log or a pipe never fills with carriage returns."""
    stream = sys.stderr if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        tty = False
    return ProgressLine(stream) if tty else None


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _speak(args) -> int:
    """Reads the text as the app does: sentence by sentence (any length), played in order or
    joined into one WAV with -o."""
    from mockview.core import paths
    from mockview.engines import piper_tts
    from mockview.engines.base import EngineError
    from mockview.engines.tts import Pyttsx3Speaker

    settings = _settings()
    speaker = piper_tts.with_natural_voice(Pyttsx3Speaker(paths.cache_dir()), paths.cache_dir())
    try:
        if args.list_voices:
            for voice in speaker.voices():
                print(f"{voice.id}\t{voice.name}")
            return 0
        voice = args.voice or settings.voice
        rate = args.rate or settings.speech_rate_wpm
        if args.output:
            _write_reading(speaker, args.text, voice, rate, Path(args.output))
            return 0
        return _read_aloud(speaker, args.text, voice, rate)
    except EngineError as exc:
        return _error("speak", exc)
    except OSError as exc:
        return _error("speak", f"cannot write {args.output}: {exc}")


def _write_reading(speaker, text: str, voice: str, rate: int, out: Path) -> None:
    import numpy as np
    import soundfile as sf

    from mockview.engines.tts import SpeechSynthesisError
    from mockview.session.reading_plan import plan_reading

    pieces = plan_reading(text).pieces
    if not pieces:
        raise SpeechSynthesisError("There is nothing to read aloud in this text.")
    futures = [speaker.prefetch(p.text, voice, rate) for p in pieces]
    parts, sample_rate = [], 0
    for future in futures:
        audio, sample_rate = sf.read(str(future.result()), dtype="float32")
        parts.append(audio)
    out.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(out), np.concatenate(parts), sample_rate, subtype="PCM_16")


def _read_aloud(speaker, text: str, voice: str, rate: int) -> int:
    from mockview.engines.player import SoundDevicePlayer
    from mockview.session.read_aloud import ReadAloud

    reading = ReadAloud(speaker, SoundDevicePlayer(_settings_output_device()), text, voice, rate)
    reading.start()
    try:
        reading.join()
    except KeyboardInterrupt:
        reading.stop()
        return 130
    if reading.state == "failed":
        return _error("speak", reading.error)
    return 0


def _settings_output_device():
    return None  # the system default output; there is no output-device setting yet


def _devices(args) -> int:
    from mockview.engines.base import EngineError
    from mockview.engines.recorder import import_sounddevice

    try:
        sd = import_sounddevice()
        devices = sd.query_devices()
        default_in, default_out = sd.default.device
    except EngineError as exc:
        return _error("devices", exc)
    except Exception as exc:
        return _error("devices", f"no audio system found ({exc})")
    inputs = [(i, d) for i, d in enumerate(devices) if d["max_input_channels"] > 0]
    outputs = [(i, d) for i, d in enumerate(devices) if d["max_output_channels"] > 0]
    for title, rows, default in (("Inputs", inputs, default_in), ("Outputs", outputs, default_out)):
        print(f"{title}:")
        if not rows:
            print("  (none found: check that a device is plugged in and allowed)")
        for i, d in rows:
            mark = "*" if i == default else " "
            print(f" {mark}{i:3d}  {d['name']}  ({int(d['default_samplerate'])} Hz)")
    if not inputs and not outputs:
        print(
            "No audio devices found. Is a sound server (PulseAudio/PipeWire) running?",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return 0
