"""`mockview bank`: list, show, validate and import question banks from a terminal."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

EXIT_USAGE = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser("bank", help="question banks: list, show, validate, import")
    sub = parser.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="list the banks found (shipped, your folder), then problems")
    p.add_argument("paths", nargs="*", metavar="PATH", help="also look in these files or folders")
    p.set_defaults(handler=_list)

    p = sub.add_parser("show", help="a bank's questions by section, or one question in full")
    p.add_argument("bank", metavar="ID", help="bank id, or the path of a bank file")
    p.add_argument("question", nargs="?", metavar="QUESTION", help="question id or number")
    p.set_defaults(handler=_show)

    p = sub.add_parser("validate", help="check bank files or folders; exit 2 on any problem")
    p.add_argument("paths", nargs="+", metavar="PATH", help="bank files or folders of them")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("import", help="make a bank from an article of numbered questions")
    p.add_argument("article", metavar="ARTICLE", help="plain-text or Markdown article")
    p.add_argument("-o", "--output", required=True, metavar="BANK.yaml", help="bank file to write")
    p.add_argument("--id", help="bank id (default: from the output file name)")
    p.add_argument("--title", help="bank title (default: the article's title)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.set_defaults(handler=_import)


def _error(message: object) -> int:
    print(f"mockview bank: {message}", file=sys.stderr)
    return EXIT_USAGE


def _summary(bank) -> str:
    n_q, n_s = len(bank.questions), len(bank.sections)
    return f"{n_q} question{'s' * (n_q != 1)} in {n_s} section{'s' * (n_s != 1)}"


def _folder_state(folder: Path) -> str:
    """Where a user's own banks go, and why nothing may be listed from there."""
    from mockview.core.bank.discovery import bank_files

    if not folder.is_dir():
        return f"{folder} (not made yet; put .yaml bank files there, or use `bank import`)"
    try:
        n = len(bank_files(folder))
    except OSError as exc:
        return f"{folder} (cannot be read: {exc.strerror or exc})"
    return f"{folder} ({n} bank file{'s' * (n != 1)})" if n else f"{folder} (empty)"


def _list(args) -> int:
    from mockview.core import paths
    from mockview.core.bank.discovery import find_banks

    scan = find_banks(args.paths)
    if scan.banks:
        rows = [("ID", "TITLE", "QUESTIONS", "FILE")] + [
            (b.id, b.title, str(len(b.questions)), str(b.path)) for b in scan.banks
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for r in rows:
            print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}")
    else:
        print("No question banks found.")
    print(f"\nYour banks folder: {_folder_state(paths.user_banks_dir())}")
    for error in scan.errors:
        print(f"error: {error}", file=sys.stderr)
    # Listing succeeded even when some files are broken; `bank validate` is the strict check.
    return 0


def _find(ref: str):
    """A bank by id among those found, or loaded from a path; raises BankError or LookupError."""
    from mockview.core.bank.discovery import find_banks
    from mockview.core.bank.loader import load_bank

    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        return load_bank(path)
    scan = find_banks()
    bank = scan.get(ref)
    if bank is None:
        known = ", ".join(b.id for b in scan.banks) or "none"
        raise LookupError(f'no bank "{ref}" (banks found: {known})')
    return bank


def _show(args) -> int:
    from mockview.core.bank.loader import BankError

    try:
        bank = _find(args.bank)
    except (BankError, LookupError) as error:
        return _error(error.args[0] if isinstance(error, LookupError) else error)
    if args.question is None:
        print(f"{bank.title} ({bank.id}): {_summary(bank)}")
        if bank.description:
            print(textwrap.fill(bank.description, 100))
        for section in bank.sections:
            print(f"\n{section.title} [{section.id}]")
            for q in bank.section_questions(section.id):
                print(f"  {q.number:>3}. {q.text}  ({q.id}, {q.target_s} s)")
        return 0
    try:
        q = bank.question(args.question)
    except KeyError as error:
        return _error(error.args[0])
    section = next((s.title for s in bank.sections if s.id == q.section), q.section)
    print(f"{q.number}. {q.text}")
    print(f"id: {q.id}   section: {section}   target: {q.target_s} s")
    print("\nModel answer:")
    for para in q.model_answer.split("\n\n"):
        print(textwrap.fill(para, 100, initial_indent="  ", subsequent_indent="  "))
    print("\nKey points" + (" (made by the importer):" if q.auto_extracted else ":"))
    for point in q.key_points:
        print(f"  - {point}")
    print("\nTerms: " + (", ".join(q.terms) if q.terms else "none"))
    return 0


def _validate(args) -> int:
    from mockview.core.bank.discovery import scan_paths

    scan = scan_paths(args.paths)
    for bank in scan.banks:
        print(f"{bank.id}: {_summary(bank)}, OK ({bank.path})")
    for error in scan.errors:
        print(f"error: {error}", file=sys.stderr)
    if scan.errors:
        print(f"{len(scan.errors)} problem{'s' * (len(scan.errors) != 1)} found", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _import(args) -> int:
    from mockview.core.bank.extract import slug
    from mockview.core.bank.importer import ARTICLE_SIZE_WHY, MAX_ARTICLE_BYTES, import_article
    from mockview.core.bank.loader import BankError, read_text_limited
    from mockview.core.bank.writer import write_bank

    output = Path(args.output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        return _error(f"{output}: the bank file name must end in .yaml or .yml")
    if output.exists() and not args.force:
        return _error(f"{output}: already exists; choose another name or add --force")
    try:
        text = read_text_limited(
            Path(args.article), MAX_ARTICLE_BYTES, what="article", why=ARTICLE_SIZE_WHY
        )
        bank_id = args.id or slug(output.stem, 6, skip_stop_words=False)
        result = import_article(text, args.article, bank_id=bank_id, title=args.title)
        bank = result.bank
        print(f"{args.article}: {result.summary}")
        for section in bank.sections:
            questions = bank.section_questions(section.id)
            print(
                f"  {section.title} [{section.id}]: {len(questions)} questions "
                f"({questions[0].number}-{questions[-1].number})"
            )
        for warning in result.warnings:
            print(f"warning: {warning}")
        write_bank(bank, output, force=args.force)
    except BankError as error:
        return _error(error)
    print(
        f'Wrote bank "{bank.id}" to {output}; key points and terms were made automatically, '
        "so read them over."
    )
    return 0
