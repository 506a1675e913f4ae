"""Reading a question bank file: size-bounded, safe YAML, validated, errors name file and line."""

from __future__ import annotations

import os
from pathlib import Path

from mockview.core.bank.errors import BankError
from mockview.core.bank.model import Bank
from mockview.core.bank.validator import (
    BANK_FIELDS,
    ID_PATTERN,
    KEY_POINTS_MAX,
    KEY_POINTS_MIN,
    QUESTION_FIELDS,
    SECTION_FIELDS,
    TARGET_S_MAX,
    TARGET_S_MIN,
    BankValidator,
)
from mockview.core.bank.yaml_bounds import PARSER, compose
from mockview.core.regular_files import NotRegularFile, open_regular, reason_of

__all__ = [
    "BANK_FIELDS",
    "ID_PATTERN",
    "KEY_POINTS_MAX",
    "KEY_POINTS_MIN",
    "MAX_BANK_BYTES",
    "QUESTION_FIELDS",
    "SECTION_FIELDS",
    "TARGET_S_MAX",
    "TARGET_S_MIN",
    "BankError",
    "load_bank",
    "parse_bank",
    "read_text_limited",
]

# A bank is a few hundred kilobytes at most (the shipped one, 30 questions with full answers,
# is 59 kB); anything much larger is not a bank, and refusing it before reading keeps a mistaken
# path (a video, a disk image) from stalling the app.
MAX_BANK_BYTES = 2 * 1024 * 1024
BANK_SIZE_WHY = "a bank is a few hundred kilobytes; the shipped one of 30 questions is 59 kB"


def load_bank(path: str | Path) -> Bank:
    """Read and validate one bank file; raise BankError naming the file, line and field."""
    path = Path(path)
    text = read_text_limited(path, MAX_BANK_BYTES, what="bank file", why=BANK_SIZE_WHY)
    return parse_bank(text, path)


def too_large(size: int, max_bytes: int, *, what: str, why: str = "") -> str:
    """The message for a file or text over its size limit, with the reason for the limit."""
    reason = f"{size / 1e6:.1f} MB is too large for a {what} (limit {max_bytes / 1e6:.0f} MB)"
    return f"{reason}; {why}" if why else reason


def read_text_limited(path: Path, max_bytes: int, *, what: str, why: str = "") -> str:
    """UTF-8 text of a user file, refusing missing, oversized, binary and non-UTF-8 files."""
    try:
        # A FIFO would block the read forever and a device may act on being opened: only
        # regular files are opened (core/regular_files.py).
        with os.fdopen(open_regular(path), "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise BankError(path, too_large(size, max_bytes, what=what, why=why))
            data = f.read(max_bytes + 1)
    except NotRegularFile as exc:
        raise BankError(path, f"{exc.reason}; a {what} is read from a regular file only") from None
    except FileNotFoundError:
        raise BankError(path, "no such file") from None
    except OSError as exc:
        raise BankError(path, f"cannot be read: {reason_of(exc)}") from None
    if len(data) > max_bytes:  # grew since stat
        raise BankError(path, f"too large for a {what} (limit {max_bytes / 1e6:.0f} MB)")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise BankError(path, f"binary data (a NUL byte), not a text {what}", line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BankError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line=line
        ) from None
    if not text.strip():
        raise BankError(path, f"the file is empty, expected a {what}")
    return text


def parse_bank(text: str, path: str | Path | None = None, *, parser: type = PARSER) -> Bank:
    """Validate bank YAML text (as read from `path`, used in messages) and build the Bank.

    Text that `load_bank` would refuse as a file is refused here too, size included, so a
    bank checked with this before it is written will load again. `parser` picks libyaml or
    pure Python (tests run both).
    """
    if not text.strip():
        raise BankError(path, "the file is empty, expected a bank")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BANK_BYTES:
        raise BankError(path, too_large(size, MAX_BANK_BYTES, what="bank", why=BANK_SIZE_WHY))
    root = compose(text, path, parser=parser)
    if root is None:
        raise BankError(path, "the file is empty, expected a bank")
    return BankValidator(path).bank(root)
