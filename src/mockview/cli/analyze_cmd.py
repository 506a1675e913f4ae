"""`mockview analyze AUDIO --question BANK/ID`: transcribe an answer and print its feedback."""

from __future__ import annotations

import json
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


def load_transcript(path: str):
    from mockview.core.transcript import Transcript

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Transcript.from_dict(data)
    except OSError as exc:
        raise UsageError(f"cannot read transcript {path}: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path} is not a transcript JSON file: {exc}") from exc


def run(args) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"mockview analyze: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args) -> int:
    from mockview.app import make_transcriber
    from mockview.core import paths
    from mockview.core.settings import Settings
    from mockview.engines.base import EngineError
    from mockview.session.pipeline import coaching_of, process_attempt

    bank, question = find_question(args.question)
    settings = Settings.load(paths.settings_path())
    audio = Path(args.audio)
    transcript = load_transcript(args.transcript) if args.transcript else None
    try:
        # The app's route: the same transcriber factory and the same pipeline.
        transcriber = None if transcript is not None else make_transcriber(settings)
        done = process_attempt(
            audio, question, transcriber, transcript=transcript, bank=bank,
            coaching=coaching_of(settings), lead_in_s=args.lead_in,
        )  # fmt: skip
    except EngineError as exc:  # AudioFileError, ModelError
        raise UsageError(str(exc)) from exc
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
