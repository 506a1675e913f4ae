"""Reading a history zip (export.export_zip) into the store, safely and without duplicates.

The zip is untrusted: member names are never used as paths. Each attempt's audio goes to the
path the store itself chooses (recordings/<bank>/<id>.<ext>), and only after the bank id, the
attempt id and the extension have been checked. Attempts already present (same id) are skipped.
"""

from __future__ import annotations

import json
import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from mockview.core.history import store
from mockview.core.history.export import ZIP_FORMAT, ZIP_VERSION
from mockview.core.history.records import (
    STATES,
    Attempt,
    HistoryError,
    ImportResult,
    QuestionSnapshot,
)
from mockview.core.history.service import HistoryService, check_id
from mockview.core.transcript import Transcript

AUDIO_SUFFIXES = {".wav", ".flac", ".ogg"}
MAX_MANIFEST_BYTES = 200 * 1024 * 1024


def _check_member_names(zf: zipfile.ZipFile, source: Path) -> None:
    """Refuses the whole file when any member could point outside where it belongs."""
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
                f"{source} is not a safe history export: member {name!r} points outside the archive"
            )
        if name != "attempts.json" and not (parts[0] == "audio" or info.is_dir()):
            raise HistoryError(
                f"{source} is not a MockView history export: unexpected member {name!r}"
            )


def _attempt_from_row(
    row: dict[str, Any], service: HistoryService, source: Path
) -> tuple[Attempt, str]:
    """The attempt to insert and the zip member holding its audio ("" if none)."""
    try:
        attempt_id = str(uuid.UUID(str(row["id"])))
        bank_id = check_id(str(row["bank_id"]), "bank id")
        question = QuestionSnapshot.from_dict(row["question"])
        state = str(row["state"])
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        member = row.get("audio_path") or ""
        suffix = PurePosixPath(member).suffix.lower() if member else ".wav"
        if suffix not in AUDIO_SUFFIXES:
            raise ValueError(f"unsupported audio file {member!r}")
        transcript = row.get("transcript")
        feedback = row.get("feedback")
        figures = row.get("figures") or {}
        if not isinstance(figures, dict) or (
            feedback is not None and not isinstance(feedback, dict)
        ):
            raise ValueError("figures and feedback must be objects")
        attempt = Attempt(
            id=attempt_id,
            bank_id=bank_id,
            question=question,
            started_at=str(row["started_at"]),
            audio_path=service.audio_path_for(bank_id, attempt_id, suffix),
            state=state,
            duration_s=float(row.get("duration_s") or 0.0),
            transcript=Transcript.from_dict(transcript) if transcript else None,
            feedback=feedback,
            figures={str(k): float(v) for k, v in figures.items()},
            model_name=str(row.get("model_name") or ""),
            device=str(row.get("device") or ""),
            error=str(row.get("error") or ""),
            note=str(row.get("note") or ""),
            star=bool(row.get("star")),
        )
    except HistoryError as error:
        raise HistoryError(f"{source}: attempt {row.get('id')!r}: {error}") from error
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HistoryError(
            f"{source} has a malformed attempt {row.get('id') if isinstance(row, dict) else row!r}"
            f": {error}"
        ) from error
    return attempt, member


def read_manifest(zf: zipfile.ZipFile, source: Path) -> list[dict[str, Any]]:
    try:
        info = zf.getinfo("attempts.json")
    except KeyError:
        raise HistoryError(
            f"{source} is not a MockView history export: attempts.json is missing"
        ) from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise HistoryError(f"{source}: attempts.json is too large")
    try:
        manifest = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise HistoryError(f"{source}: attempts.json is not valid JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != ZIP_FORMAT:
        raise HistoryError(f"{source} is not a MockView history export (wrong format)")
    if int(manifest.get("version", 0)) > ZIP_VERSION:
        raise HistoryError(
            f"{source} was made by a newer MockView (format version "
            f"{manifest.get('version')}); update MockView to import it"
        )
    rows = manifest.get("attempts")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise HistoryError(f"{source}: attempts.json has no list of attempts")
    return rows


def import_zip(service: HistoryService, source: Path) -> ImportResult:
    """Adds the attempts of `source` that the store does not have yet; returns the counts."""
    source = Path(source)
    if not source.is_file():
        raise HistoryError(f"No such file: {source}")
    if not zipfile.is_zipfile(source):
        raise HistoryError(f"{source} is not a zip file (expected a MockView history export)")
    added = skipped = 0
    with zipfile.ZipFile(source) as zf:
        _check_member_names(zf, source)
        rows = read_manifest(zf, source)
        members = set(zf.namelist())
        # Validate everything before writing anything: a bad row refuses the whole file.
        parsed = [_attempt_from_row(row, service, source) for row in rows]
        for _attempt, member in parsed:
            if member and member not in members:
                raise HistoryError(f"{source}: audio {member!r} is listed but missing")
        for attempt, member in parsed:
            if service.repository.exists(attempt.id):
                skipped += 1
                continue
            _import_one(service, zf, attempt, member)
            added += 1
    return ImportResult(added=added, skipped=skipped)


def _import_one(
    service: HistoryService, zf: zipfile.ZipFile, attempt: Attempt, member: str
) -> None:
    target = attempt.audio_path
    # Belt and braces: the target is built from checked ids, but confirm it before writing.
    recordings = (service.data_dir / "recordings").resolve()
    if recordings not in target.resolve().parents:
        raise HistoryError(f"Refusing to write {target}: outside {recordings}")
    store.ensure_dir(target.parent, "recordings")
    if member:
        tmp = target.with_name(target.name + ".part")
        try:
            with zf.open(member) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            tmp.replace(target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise HistoryError(f"Cannot write {target}: {error.strerror or error}") from error
    repo = service.repository
    try:
        with service.guard("import the attempt"), repo.transaction() as conn:
            repo.insert(conn, attempt)
    except HistoryError:
        if member:
            target.unlink(missing_ok=True)
        raise
