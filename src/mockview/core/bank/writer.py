"""Writing a Bank as YAML in the documented layout (answers as block scalars), atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from mockview.core.bank.loader import BankError, parse_bank
from mockview.core.bank.model import Bank, Question

_WIDTH = 10**9  # one scalar per line; wrapping is left to the reader's editor


def _scalar(value: str) -> str:
    """A single-line YAML scalar, quoted only when plain style would change its meaning."""
    # Double quotes keep line breaks and control characters as escapes on one line.
    style = None if all(ch.isprintable() for ch in value) else '"'
    dumped = yaml.safe_dump(value, width=_WIDTH, allow_unicode=True, default_style=style)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _flow_list(values: tuple[str, ...]) -> str:
    if not values:
        return "[]"
    return yaml.safe_dump(
        list(values), default_flow_style=True, width=_WIDTH, allow_unicode=True
    ).strip()


def _literal_ok(text: str) -> bool:
    # A literal block keeps text exactly only when no line ends in blanks and every character
    # is printable; otherwise a quoted scalar is the faithful choice.
    if not text or text != text.strip():
        return False
    return all(
        line == line.rstrip() and all(ch.isprintable() for ch in line) for line in text.split("\n")
    )


def _answer(text: str, indent: str) -> str:
    if _literal_ok(text):
        body = "\n".join(f"{indent}  {line}" if line else "" for line in text.split("\n"))
        return f"{indent}model_answer: |\n{body}\n"
    return f"{indent}model_answer: {_scalar(text)}\n"


def _question(q: Question) -> str:
    out = [
        f"  - id: {_scalar(q.id)}\n",
        f"    section: {_scalar(q.section)}\n",
        f"    question: {_scalar(q.text)}\n",
        _answer(q.model_answer, "    "),
        "    key_points:\n",
    ]
    out += [f"      - {_scalar(p)}\n" for p in q.key_points]
    out.append(f"    terms: {_flow_list(q.terms)}\n")
    out.append(f"    target_s: {q.target_s}\n")
    if q.behavioural:
        out.append("    behavioural: true\n")
    if q.auto_extracted:
        out.append("    auto_extracted: true\n")
    return "".join(out)


def dump_bank(bank: Bank) -> str:
    """The bank as YAML text that `load_bank` reads back to an equal Bank."""
    out = [f"id: {_scalar(bank.id)}\n", f"title: {_scalar(bank.title)}\n"]
    if bank.description:
        out.append(f"description: {_scalar(bank.description)}\n")
    out.append("sections:\n")
    for s in bank.sections:
        out.append(f"  - id: {_scalar(s.id)}\n    title: {_scalar(s.title)}\n")
    out.append("questions:\n")
    for i, q in enumerate(bank.questions):
        if i:
            out.append("\n")  # a blank line between questions keeps long files scannable
        out.append(_question(q))
    return "".join(out)


def write_bank(bank: Bank, path: str | Path, *, force: bool = False) -> Path:
    """Validate the dumped text, then write it atomically; refuse to overwrite unless `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise BankError(path, "already exists; choose another name or overwrite it with --force")
    if path.is_dir():
        raise BankError(path, "is a folder; give a file name such as my-bank.yaml")
    text = dump_bank(bank)
    parse_bank(text, path)  # a bank that would not load back is never written
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BankError(path, f"folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BankError(path, f"cannot write: {exc.strerror or exc}") from None
    return path
