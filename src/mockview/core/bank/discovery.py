"""Finding banks: shipped, the user's folder, then given files or folders; bad files reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mockview.core import paths
from mockview.core.bank.loader import BankError, load_bank
from mockview.core.bank.model import Bank

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class BankScan:
    banks: list[Bank] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)

    def get(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)


def bank_files(folder: Path) -> list[Path]:
    """The bank files directly inside a folder, in name order (hidden files skipped)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in BANK_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def scan_paths(
    given: Iterable[str | Path], *, quiet_missing: bool = False, scan: BankScan | None = None
) -> BankScan:
    """Load every bank under `given` (files or folders), in order; first bank with an id wins."""
    scan = scan if scan is not None else BankScan()
    seen_files = {b.path.resolve() for b in scan.banks if b.path}
    for raw in given:
        path = Path(raw).expanduser()
        if path.is_dir():
            try:
                files = bank_files(path)
            except OSError as exc:
                scan.errors.append(BankError(path, f"cannot list folder: {exc.strerror or exc}"))
                continue
            if not files and not quiet_missing:
                scan.errors.append(BankError(path, "no .yaml or .yml bank files in this folder"))
        elif path.exists() or not quiet_missing:
            files = [path]
        else:
            continue
        for file in files:
            try:
                resolved = file.resolve()
            except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
                resolved = file.absolute()  # load_bank says what is wrong with it
            if resolved in seen_files:  # the same file named twice is not a duplicate bank
                continue
            seen_files.add(resolved)
            _add(scan, file)
    return scan


def _add(scan: BankScan, file: Path) -> None:
    try:
        bank = load_bank(file)
    except BankError as exc:
        scan.errors.append(exc)
        return
    first = scan.get(bank.id)
    if first is not None:
        scan.errors.append(
            BankError(
                file,
                f'bank id "{bank.id}" is already used by {first.path}; this file is skipped '
                "(give it another id)",
                field="id",
            )
        )
        return
    scan.banks.append(bank)


def find_banks(extra_paths: Iterable[str | Path] = ()) -> BankScan:
    """Banks from the shipped folder, the user's folder, then `extra_paths`; errors alongside."""
    scan = scan_paths([paths.builtin_banks_dir(), paths.user_banks_dir()], quiet_missing=True)
    return scan_paths(extra_paths, scan=scan)
