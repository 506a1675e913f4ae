"""`mockview history`: list, show, export, import and delete practice attempts from a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_USAGE = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser("history", help="practice history: list, show, export, delete")
    sub = parser.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="list attempts, newest first")
    p.add_argument("--bank", help="only this bank")
    p.add_argument("--question", help="only this question id (with --bank)")
    p.add_argument("--limit", type=int, default=None, help="at most this many")
    p.set_defaults(handler=_list)

    p = sub.add_parser("show", help="show one attempt as a Markdown report")
    p.add_argument("attempt", help="attempt id (a unique prefix is enough)")
    p.set_defaults(handler=_show)

    p = sub.add_parser("export", help="export an attempt (.md) or a bank (.zip or .csv)")
    p.add_argument("attempt", nargs="?", help="attempt id (a unique prefix is enough)")
    p.add_argument("--bank", help="export this bank's whole history instead")
    p.add_argument("-o", "--output", required=True, help="file to write: .md, .zip or .csv")
    p.set_defaults(handler=_export)

    p = sub.add_parser("import", help="import a history zip made by `history export`")
    p.add_argument("file")
    p.set_defaults(handler=_import)

    p = sub.add_parser("delete", help="delete an attempt, or all attempts of a question")
    p.add_argument("attempt", nargs="?", help="attempt id (a unique prefix is enough)")
    p.add_argument("--question", metavar="BANK/ID", help="every attempt of this question")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=_delete)


def _run(args, action) -> int:
    """Opens the store, runs `action(service)`, and turns HistoryError into a message + exit 2."""
    from mockview.core.history import HistoryError, HistoryService

    try:
        with HistoryService.open() as service:
            if service.notice:
                print(service.notice, file=sys.stderr)
            return int(action(service) or 0)
    except HistoryError as error:
        print(f"mockview history: {error}", file=sys.stderr)
        return EXIT_USAGE


def _usage(message: str) -> int:
    print(f"mockview history: {message}", file=sys.stderr)
    return EXIT_USAGE


def _short_figures(figures: dict) -> str:
    parts = []
    if "coverage" in figures:
        parts.append(f"coverage {figures['coverage'] * 100:.0f}%")
    if figures.get("words_per_minute"):  # 0: too short to time
        parts.append(f"{figures['words_per_minute']:.0f} wpm")
    if "fillers_per_minute" in figures:
        parts.append(f"{figures['fillers_per_minute']:.1f} fillers/min")
    return ", ".join(parts)


def _list(args) -> int:
    if args.question and not args.bank:
        return _usage("--question needs --bank")

    def action(service):
        if args.question:
            attempts = service.attempts_for(args.bank, args.question)[: args.limit]
        else:
            attempts = service.attempts(args.bank, args.limit)
        if not attempts:
            print("No attempts.")
            return 0
        for a in attempts:
            star = "*" if a.star else " "
            print(
                f"{a.id[:8]} {star} {a.started_at[:16].replace('T', ' ')}  "
                f"{a.bank_id}/{a.question.id}  {a.state:<12} {a.duration_s:6.1f} s  "
                f"{_short_figures(a.figures)}".rstrip()
            )
        return 0

    return _run(args, action)


def _show(args) -> int:
    from mockview.core.history.export import attempt_markdown

    def action(service):
        attempt = service.find(args.attempt)
        print(attempt_markdown(attempt, str(attempt.audio_path)), end="")
        return 0

    return _run(args, action)


def _export(args) -> int:
    from mockview.core.history import export

    out = Path(args.output)
    suffix = out.suffix.lower()
    if bool(args.attempt) == bool(args.bank):
        return _usage("give either an attempt id or --bank")
    if suffix not in (".md", ".zip", ".csv"):
        return _usage(f"cannot tell the format of {out}: use .md, .zip or .csv")
    if args.attempt and suffix == ".zip":
        return _usage("a single attempt exports as .md or .csv; use --bank for a zip")
    if args.bank and suffix == ".md":
        return _usage("a bank exports as .zip or .csv")
    if not out.parent.is_dir():
        return _usage(f"folder {out.parent} does not exist")

    def action(service):
        if args.attempt:
            attempt = service.find(args.attempt)
            if suffix == ".md":
                export.export_markdown(attempt, out)
            else:
                export.export_csv([attempt], out)
        elif suffix == ".zip":
            for warning in export.export_zip(service, args.bank, out).left_out:
                print(f"mockview history: warning: {warning}", file=sys.stderr)
        else:
            attempts = service.attempts(args.bank)
            if not attempts:
                return _usage(f"bank {args.bank!r} has no attempts")
            export.export_csv(attempts, out)
        print(f"Wrote {out}")
        return 0

    return _run(args, action)


def _import(args) -> int:
    from mockview.core.history.importer import import_zip

    def action(service):
        result = import_zip(service, Path(args.file))
        print(f"Imported {result.added} attempt(s); {result.skipped} already present.")
        return 0

    return _run(args, action)


def _confirm(prompt: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{prompt} [y/N] ").strip().lower() in ("y", "yes")


def _delete(args) -> int:
    if bool(args.attempt) == bool(args.question):
        return _usage("give either an attempt id or --question BANK/ID")
    if args.question and args.question.count("/") != 1:
        return _usage(f"--question takes BANK/ID, got {args.question!r}")

    def action(service):
        if args.attempt:
            attempt = service.find(args.attempt)
            what = f"attempt {attempt.id} ({attempt.bank_id}/{attempt.question.id})"
            if not args.yes and not _confirm(f"Delete {what} and its audio?"):
                return _usage("not deleted (confirm with --yes)")
            service.delete_attempt(attempt.id)
            print(f"Deleted {what}.")
            return 0
        bank_id, question_id = args.question.split("/")
        count = len(service.attempts_for(bank_id, question_id))
        if count == 0:
            return _usage(f"no attempts of {args.question}")
        if not args.yes and not _confirm(f"Delete {count} attempt(s) of {args.question}?"):
            return _usage("not deleted (confirm with --yes)")
        service.delete_question_attempts(bank_id, question_id)
        print(f"Deleted {count} attempt(s) of {args.question}.")
        return 0

    return _run(args, action)
