"""`mockview analyze AUDIO --question BANK/ID`: transcribe an answer and print its feedback."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments or files from the user; the message says which."""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "analyze",
        help="coach a recorded answer against a bank question",
        description="Transcribe AUDIO (or read --transcript) and print fillers, pace, pauses, "
        "key points covered and observations.",
    )
    p.add_argument("audio", metavar="AUDIO", help="the recorded answer (WAV, FLAC, OGG...)")
    p.add_argument(
        "--question",
        "-q",
        required=True,
        metavar="BANK/ID",
        help="the question answered: bank id and question id or number, e.g. ai-cto/3",
    )
    p.add_argument(
        "--transcript",
        metavar="FILE.json",
        help="use this transcript (Transcript.to_dict JSON) instead of transcribing",
    )
    p.add_argument(
        "--lead-in",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="where the answer starts in the recording (default 0)",
    )
    p.add_argument("--json", action="store_true", help="print the feedback as JSON")
    p.set_defaults(handler=run)


def find_question(ref: str):
    from mockview.core.bank.discovery import find_banks

    bank_id, sep, qid = ref.partition("/")
    if not sep or not bank_id or not qid:
        raise UsageError(f"--question must be BANK/ID (e.g. ai-cto/q01-...), got {ref!r}")
    scan = find_banks()
    bank = next((b for b in scan.banks if b.id == bank_id), None)
    if bank is None:
        known = ", ".join(sorted(b.id for b in scan.banks)) or "none found"
        raise UsageError(f"no bank {bank_id!r} (banks: {known})")
    try:
        return bank, bank.question(qid)
    except KeyError as exc:
        raise UsageError(f"bank {bank_id!r} has no question {qid!r}") from exc


# A transcript of an hour with word times is 1.1 MB of JSON (`mockview transcribe --json`,
# bench/long_file.py); 64 MB is far beyond any, and reading stops there rather than filling memory.
MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024


def load_transcript(path: str):
    from mockview.core.regular_files import NotRegularFile, open_regular, reason_of
    from mockview.core.transcript import Transcript
    from mockview.engines.audio_header import shown

    name = shown(path)
    try:
        # A FIFO would block the read forever: refused unopened (core/regular_files.py).
        with os.fdopen(open_regular(path), "rb") as f:
            _check_transcript_size(name, os.fstat(f.fileno()))
            raw = f.read(MAX_TRANSCRIPT_BYTES + 1)
    except NotRegularFile as exc:
        raise UsageError(
            f"transcript {name} is not a regular file ({exc.reason}); give a JSON file"
        ) from exc
    except OSError as exc:
        raise UsageError(f"cannot read transcript {name}: {reason_of(exc)}") from exc
    if len(raw) > MAX_TRANSCRIPT_BYTES:
        raise UsageError(f"transcript {name} grew past {MAX_TRANSCRIPT_BYTES // 2**20} MB")
    try:
        return Transcript.from_dict(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{name} is not a transcript JSON file: {str(exc)[:80]}") from exc


def _check_transcript_size(name: str, info: os.stat_result) -> None:
    if info.st_size > MAX_TRANSCRIPT_BYTES:
        raise UsageError(
            f"transcript {name} is {info.st_size / 1e6:.0f} MB; a transcript is at most a few "
            f"MB (limit {MAX_TRANSCRIPT_BYTES // 2**20} MB)"
        )


def run(args) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"mockview analyze: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args) -> int:
    from mockview.app import make_transcriber
    from mockview.cli.engine_cmds import progress_line
    from mockview.core import paths
    from mockview.core.settings import Settings
    from mockview.engines.audio_files import check_audio_file
    from mockview.engines.base import EngineError
    from mockview.engines.long_audio import stream_long_file
    from mockview.session.pipeline import coaching_of, process_attempt

    bank, question = find_question(args.question)
    settings = Settings.load(paths.settings_path())
    audio = Path(args.audio)
    transcript = load_transcript(args.transcript) if args.transcript else None
    bar = progress_line()
    try:
        # The file first: one refused (not a file, a header that lies) fails before the model
        # takes seconds to load.
        check_audio_file(audio)
        # The app's route: the same transcriber factory and the same pipeline; a long file is
        # read stretch by stretch as the app reads it (engines/long_audio.py), with progress.
        transcriber = None if transcript is not None else make_transcriber(settings)
        live = None
        if transcriber is not None:
            transcriber.load()
            live = stream_long_file(transcriber, audio, question.terms, progress=bar)
        done = process_attempt(
            audio, question, transcriber, transcript=transcript, bank=bank, live=live,
            coaching=coaching_of(settings), lead_in_s=args.lead_in,
        )  # fmt: skip
    except EngineError as exc:  # AudioFileError, ModelError
        raise UsageError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    transcript, feedback = done.transcript, done.feedback
    if args.json:
        json.dump(
            {
                "bank": bank.id,
                "question": question.id,
                "transcript": transcript.to_dict(),
                "feedback": feedback.to_dict(),
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        from mockview.core.feedback.report import report

        print(report(question, transcript, feedback))
    return 0
