"""Reading a history zip (export.export_zip) into the store: all of it, or nothing.

The zip is untrusted. Member names are never used as paths: each attempt's audio goes where the
store itself chooses (recordings/<bank>/<id>.<ext>), after manifest.py has checked every value.
Before anything is written the sizes the zip declares are checked against what a recording can
be. The audio is then extracted into a staging folder inside the data folder, which reading to
the end checks against each member's CRC; only then, in one database transaction, are the rows
inserted and the files moved into place. Any failure rolls the transaction back, undoes the
moves and removes the staging folder: the store holds exactly what it held before.
Attempts already present (same id) are skipped.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import time
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from mockview.core.history import manifest
from mockview.core.history.records import Attempt, HistoryError, ImportResult, short
from mockview.core.history.service import RECORDINGS_DIR, HistoryService

# What a damaged or hostile zip can raise while its directory or a member is read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    OverflowError,
)
# The recorder writes 16-bit mono at the device's rate; 2 hours at 48 kHz (12 times the longest
# answer a bank may ask for) is 691 MB.
MAX_AUDIO_BYTES = 2 * 3600 * 48_000 * 2 + 65_536
# Recorded speech deflates to 1.1-1.7:1 (measured on speech-like and noise-floor WAV at 48 kHz)
# and FLAC does not shrink further; only digital silence or a pure tone goes past 100:1. So more
# than 20:1 over more than 64 MB of audio is not a set of recordings but a zip bomb.
MAX_RATIO = 20
RATIO_FLOOR_BYTES = 64 * 1024 * 1024
SPARE_DISK_BYTES = 64 * 1024 * 1024  # left free after an import, for the database and the app
_CHUNK = 1024 * 1024
STALE_STAGING_S = 24 * 3600


def _fail(source: Path, reason: str) -> HistoryError:
    return HistoryError(f"{source}: {reason}; nothing was imported")


def _check_members(zf: zipfile.ZipFile, source: Path) -> dict[str, zipfile.ZipInfo]:
    """The members by name; refuses the whole file when any could point outside the archive,
    is not one an export writes, or is encrypted, stored in an unusual way or too large."""
    members: dict[str, zipfile.ZipInfo] = {}
    archive_bytes = source.stat().st_size
    for info in zf.infolist():
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if (
            name.startswith(("/", "\\"))
            or (len(name) > 1 and name[1] == ":")
            or ".." in parts
            or not parts
        ):
            raise HistoryError(
                f"{source} is not a safe history export: member {short(name)} points outside "
                "the archive"
            )
        if name != "attempts.json" and not (parts[0] == "audio" or info.is_dir()):
            raise HistoryError(
                f"{source} is not a MockView history export: unexpected member {short(name)}"
            )
        if name in members:
            raise _fail(source, f"member {short(name)} appears twice")
        if info.flag_bits & 0x1:
            raise _fail(source, f"member {short(name)} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _fail(
                source,
                f"member {short(name)} is compressed with method {info.compress_type}; "
                "an export uses deflate",
            )
        if info.compress_size > archive_bytes:
            raise _fail(source, f"member {short(name)} claims more bytes than the file has")
        if name != "attempts.json" and info.file_size > MAX_AUDIO_BYTES:
            raise _fail(
                source,
                f"member {short(name)} would expand to {info.file_size / 1e6:.0f} MB; a "
                "recording is at most 2 hours of 16-bit audio at 48 kHz "
                f"({MAX_AUDIO_BYTES / 1e6:.0f} MB)",
            )
        members[name] = info
    return members


def _read_manifest(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], source: Path) -> bytes:
    info = members.get("attempts.json")
    if info is None:
        raise HistoryError(f"{source} is not a MockView history export: attempts.json is missing")
    if info.file_size > manifest.MAX_MANIFEST_BYTES:
        raise _fail(
            source,
            f"attempts.json would expand to {info.file_size / 1e6:.0f} MB; the list of "
            "attempts is about 45 KB per attempt, so the limit is "
            f"{manifest.MAX_MANIFEST_BYTES / 1e6:.0f} MB",
        )
    chunks = []
    try:
        # In chunks: zf.read() asks the file for the whole declared size at once, and a damaged
        # header can declare hundreds of MB. zipfile reads no more than the declared size and
        # checks the CRC at the end.
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                chunks.append(chunk)
    except _ZIP_ERRORS as error:
        raise _fail(source, f"attempts.json is damaged ({short(str(error), 80)})") from error
    return b"".join(chunks)


def _check_sizes(
    todo: list[tuple[Attempt, str]],
    members: dict[str, zipfile.ZipInfo],
    data_dir: Path,
    source: Path,
) -> None:
    infos = {m: members[m] for _attempt, m in todo if m}
    expanded = sum(i.file_size for i in infos.values())
    packed = sum(i.compress_size for i in infos.values())
    if expanded > RATIO_FLOOR_BYTES and expanded > MAX_RATIO * max(packed, 1):
        raise _fail(
            source,
            f"its audio would expand from {packed / 1e6:.1f} MB to {expanded / 1e6:.0f} MB "
            f"({expanded / max(packed, 1):.0f}:1); recordings compress to less than 2:1, so "
            f"more than {MAX_RATIO}:1 is not a set of recordings",
        )
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        return
    if expanded + SPARE_DISK_BYTES > free:
        raise _fail(
            source,
            f"its audio needs {expanded / 1e6:.0f} MB and the disk of {data_dir} has "
            f"{free / 1e6:.0f} MB free",
        )


def _stage(zf: zipfile.ZipFile, info: zipfile.ZipInfo, staging: Path, source: Path) -> Path:
    """Extracts one member into the staging folder, CRC checked; returns where it lies."""
    fd, name = tempfile.mkstemp(dir=staging, suffix=".audio")
    target = Path(name)
    written = 0
    with os.fdopen(fd, "wb") as dst:
        try:
            src = zf.open(info)
        except _ZIP_ERRORS as error:
            raise _fail(
                source, f"member {short(info.filename)} cannot be read ({short(str(error), 80)})"
            ) from error
        with src:
            while True:
                try:
                    chunk = src.read(_CHUNK)
                except _ZIP_ERRORS as error:
                    raise _fail(
                        source,
                        f"member {short(info.filename)} is damaged ({short(str(error), 80)})",
                    ) from error
                if not chunk:
                    break
                written += len(chunk)
                if written > MAX_AUDIO_BYTES:  # zipfile stops at the declared size; be sure
                    raise _fail(source, f"member {short(info.filename)} is larger than declared")
                dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())  # the row will say the file exists: make it so after a power cut
    return target


def _place(staged: Path, target: Path, backups: Path, undo: list[tuple[Path, Path | None]]) -> None:
    """Moves a staged file to its place, keeping any file it replaces until the commit."""
    kept = None
    if target.exists():  # a stray file of an attempt the store does not have
        kept = backups / f"{len(undo)}.kept"
        os.replace(target, kept)
    undo.append((target, kept))
    os.replace(staged, target)


def _undo(undo: list[tuple[Path, Path | None]], made: list[Path]) -> None:
    for target, kept in reversed(undo):
        try:
            if kept is not None:
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            pass  # best effort: the staging folder is removed next in any case
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            pass


def _make_dirs(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _commit(
    service: HistoryService,
    todo: list[tuple[Attempt, str]],
    staged: dict[str, Path],
    staging: Path,
) -> int:
    """Inserts the rows and moves the audio into place in one transaction; returns the count."""
    repo = service.repository
    recordings = (service.data_dir / RECORDINGS_DIR).resolve()
    undo: list[tuple[Path, Path | None]] = []
    made: list[Path] = []
    added = 0
    try:
        with service.guard("import the attempts"), repo.transaction() as conn:
            for attempt, member in todo:
                if repo.exists(attempt.id):  # added by another process since the first look
                    continue
                repo.insert(conn, attempt)
                added += 1
                if not member:
                    continue
                target = attempt.audio_path
                # Belt and braces: the path is built from checked ids; confirm it anyway.
                if recordings not in target.resolve().parents:
                    raise HistoryError(f"Refusing to write {target}: outside {recordings}")
                _make_dirs(target.parent, made)
                _place(staged[attempt.id], target, staging, undo)
    except BaseException:
        _undo(undo, made)
        raise
    return added


def _open(source: Path) -> zipfile.ZipFile:
    if not source.is_file():
        raise HistoryError(f"No such file: {source}")
    not_zip = HistoryError(f"{source} is not a zip file (expected a MockView history export)")
    try:
        if not zipfile.is_zipfile(source):
            raise not_zip
        return zipfile.ZipFile(source)
    except _ZIP_ERRORS as error:
        raise not_zip from error


def _remove_stale_staging(data_dir: Path) -> None:
    """Staging folders an import left when its process was killed (a day old: not in use)."""
    for folder in data_dir.glob(".import-*"):
        try:
            if time.time() - folder.stat().st_mtime > STALE_STAGING_S:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def import_zip(service: HistoryService, source: Path) -> ImportResult:
    """Adds the attempts of `source` that the store does not have yet; returns the counts."""
    source = Path(source)
    _remove_stale_staging(service.data_dir)
    with _open(source) as zf:
        members = _check_members(zf, source)
        rows = manifest.parse(_read_manifest(zf, members, source), source)
        parsed: list[tuple[Attempt, str]] = []
        rows_by_id: dict[str, int] = {}
        for number, row in enumerate(rows, 1):
            attempt, member = manifest.attempt_from_row(row, number, source, service.audio_path_for)
            if attempt.id in rows_by_id:
                raise _fail(
                    source,
                    f"attempt {attempt.id} appears twice (rows {rows_by_id[attempt.id]} and "
                    f"{number})",
                )
            rows_by_id[attempt.id] = number
            if member and member not in members:
                raise _fail(source, f"row {number}: audio {short(member)} is listed but missing")
            parsed.append((attempt, member))
        with service.guard("look up existing attempts"):
            todo = [(a, m) for a, m in parsed if not service.repository.exists(a.id)]
        _check_sizes(todo, members, service.data_dir, source)
        try:
            staging = Path(tempfile.mkdtemp(prefix=".import-", dir=service.data_dir))
        except OSError as error:
            raise _fail(source, f"cannot stage it in {service.data_dir} ({error})") from error
        try:
            staged = {a.id: _stage(zf, members[m], staging, source) for a, m in todo if m}
            added = _commit(service, todo, staged, staging)
        except OSError as error:
            raise _fail(source, f"cannot write the audio ({error.strerror or error})") from error
        except HistoryError as error:
            if str(error).endswith("nothing was imported"):
                raise
            raise HistoryError(f"{source}: {error}; nothing was imported") from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(added=added, skipped=len(parsed) - added)
