"""Attempts out of the store: a Markdown report with its audio, figures as CSV, a bank as a zip.

The zip holds `attempts.json` ({"format": "mockview-history", "version": 1, "attempts": [...]}),
each row as Repository.row_dict gives it, and the audio under `audio/<bank>/<id>.<ext>`.
importer.py reads it back.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockview.core.history import manifest
from mockview.core.history.manifest import ZIP_FORMAT, ZIP_VERSION
from mockview.core.history.records import Attempt, HistoryError
from mockview.core.history.service import HistoryService

log = logging.getLogger(__name__)

# Used only when a feedback dict carries no filler positions (e.g. from an older analysis).
_FALLBACK_FILLERS = {"um", "uh", "er", "ah", "hmm", "umm", "uhm", "erm"}
# Figure columns in a stable order for CSV; figures outside this list follow, sorted.
FIGURE_ORDER = [
    "duration_s",
    "speaking_s",
    "word_count",
    "words_per_minute",
    "articulation_wpm",
    "filler_count",
    "fillers_per_minute",
    "hedge_count",
    "pause_count",
    "long_pause_count",
    "response_delay_s",
    "coverage",
    "content_score",
    "terms_said",
    "terms_total",
]


def _filler_spans(attempt: Attempt, words: list[str]) -> set[int]:
    """Word indices that are fillers: from the feedback's positions, else a small word list."""
    marked: set[int] = set()
    fillers = (attempt.feedback or {}).get("fillers")
    if isinstance(fillers, list) and fillers:
        for hit in fillers:
            if isinstance(hit, dict) and isinstance(hit.get("word_index"), int):
                # A filler heard only in the audio covers no word (word_count 0): see
                # _heard_only; marking the word after it would blame the wrong word.
                first = max(hit["word_index"], 0)
                count = hit.get("word_count", 1)
                count = count if isinstance(count, int) else 1
                # Clamped: stored feedback may be imported, and a count of 10**18 is not a run.
                marked.update(range(first, min(first + count, len(words))))
        return marked
    if fillers is None:
        for i, word in enumerate(words):
            if word.strip(".,;:!?\"'").lower() in _FALLBACK_FILLERS:
                marked.add(i)
    return marked


def marked_transcript(attempt: Attempt) -> str:
    """The transcript with fillers in **bold** (runs of filler words bolded together)."""
    if attempt.transcript is None:
        return ""
    words = [w.text.strip() for w in attempt.transcript.words]
    if not words:
        return attempt.transcript.text.strip()
    marked = _filler_spans(attempt, words)
    heard = _heard_only(attempt)
    out: list[str] = []
    i = 0
    while i < len(words):
        out.extend(f"**{label}**" for label in heard.get(i, []))
        if i in marked:
            j = i
            while j + 1 < len(words) and j + 1 in marked:
                j += 1
            run = " ".join(words[i : j + 1])
            core = run.rstrip(".,;:!?")
            out.append(f"**{core}**{run[len(core) :]}")
            i = j + 1
        else:
            out.append(words[i])
            i += 1
    out.extend(f"**{label}**" for label in heard.get(len(words), []))
    return " ".join(out)


def _heard_only(attempt: Attempt) -> dict[int, list[str]]:
    """Fillers heard in the audio but not transcribed: word index they stand before -> labels."""
    found: dict[int, list[str]] = {}
    for hit in (attempt.feedback or {}).get("fillers") or []:
        if (
            isinstance(hit, dict)
            and hit.get("from_audio")
            and isinstance(hit.get("word_index"), int)
        ):
            found.setdefault(hit["word_index"], []).append(str(hit.get("text") or "(um)"))
    return found


def _key_point_lines(attempt: Attempt) -> list[str]:
    results = (attempt.feedback or {}).get("key_points")
    covered: dict[str, bool] = {}
    if isinstance(results, list):
        for r in results:
            if isinstance(r, dict) and "text" in r:
                covered[str(r["text"])] = bool(r.get("covered"))
    points = list(attempt.question.key_points) or list(covered)
    return [f"- [{'x' if covered.get(p) else ' '}] {p}" for p in points]


def _format(value: float) -> str:
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def attempt_markdown(attempt: Attempt, audio_name: str | None = None) -> str:
    q = attempt.question
    lines = [
        f"# {q.text}",
        "",
        f"- Attempt: `{attempt.id}`",
        f"- Bank / question: {attempt.bank_id} / {q.id}",
        f"- Started (UTC): {attempt.started_at}",
        f"- Length: {attempt.duration_s:.1f} s (target {q.target_s} s)",
        f"- State: {attempt.state}" + (f" ({attempt.error})" if attempt.error else ""),
    ]
    if attempt.model_name:
        lines.append(f"- Model: {attempt.model_name} on {attempt.device or '?'}")
    if audio_name:
        lines.append(f"- Audio: [{audio_name}]({audio_name})")
    if attempt.star:
        lines.append("- Starred")
    if attempt.note:
        lines += ["", "## Note", "", attempt.note]
    lines += ["", "## Transcript", "", marked_transcript(attempt) or "_(no transcript)_"]
    if attempt.figures:
        lines += ["", "## Figures", "", "| figure | value |", "|---|---|"]
        for name in _figure_names([attempt]):
            if name in attempt.figures:
                lines.append(f"| {name} | {_format(attempt.figures[name])} |")
    key_points = _key_point_lines(attempt)
    if key_points:
        lines += ["", "## Key points", "", *key_points]
    if q.model_answer:
        lines += ["", "## Model answer", "", q.model_answer.strip()]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _private_file(out: Path) -> Iterator[Path]:
    """A temporary file beside `out`, renamed over it only once complete.

    mkstemp creates it 0600, so exports (the user's voice, answers and notes) are private
    whatever the umask, and a failed export leaves neither a half-written file nor a stray one.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name[:80]}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_markdown(attempt: Attempt, out: Path) -> Path:
    """Writes the report to `out` (.md) and copies the audio next to it; returns the report path."""
    out = Path(out)
    audio_name = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if attempt.audio_path.is_file():
            audio_name = out.stem + attempt.audio_path.suffix
            with _private_file(out.parent / audio_name) as tmp:
                shutil.copyfile(attempt.audio_path, tmp)
        with _private_file(out) as tmp:
            tmp.write_text(attempt_markdown(attempt, audio_name), encoding="utf-8")
    except OSError as error:
        raise HistoryError(f"Cannot write the report {out}: {error.strerror or error}") from error
    return out


def _figure_names(attempts: list[Attempt]) -> list[str]:
    seen = {name for a in attempts for name in a.figures}
    return [n for n in FIGURE_ORDER if n in seen] + sorted(seen - set(FIGURE_ORDER))


def export_csv(attempts: list[Attempt], out: Path) -> Path:
    """One row per attempt: identity, state and every figure (oldest first, for spreadsheets)."""
    attempts = sorted(attempts, key=lambda a: a.started_at)
    names = _figure_names(attempts)
    out = Path(out)
    try:
        with _private_file(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(
                [
                    "attempt_id",
                    "bank_id",
                    "question_id",
                    "started_at",
                    "state",
                    "duration_s",
                    "star",
                    *names,
                ]
            )
            for a in attempts:
                writer.writerow(
                    [
                        a.id,
                        a.bank_id,
                        a.question.id,
                        a.started_at,
                        a.state,
                        a.duration_s,
                        int(a.star),
                        *(a.figures.get(n, "") for n in names),
                    ]
                )
    except OSError as error:
        raise HistoryError(f"Cannot write {out}: {error.strerror or error}") from error
    return out


@dataclass(frozen=True)
class ZipExport:
    path: Path
    exported: int  # attempts in the zip
    left_out: tuple[str, ...] = ()  # one message per attempt left out or exported without audio


def _member(attempt: Attempt) -> str | None:
    """The zip member for the attempt's audio, None when it has no audio file."""
    if not attempt.audio_path.is_file():
        return None
    return f"audio/{attempt.bank_id}/{attempt.id}{attempt.audio_path.suffix.lower()}"


def _add_audio(zf: zipfile.ZipFile, attempt: Attempt, row: dict[str, Any]) -> str:
    """Adds the attempt's audio as row["audio_path"]; returns a warning ("" if none) when it
    cannot be read, and the row then goes without it."""
    member = row["audio_path"]
    if member is None:
        return ""
    try:
        src = open(attempt.audio_path, "rb")  # opened first: an unreadable file is skipped
    except OSError as error:
        row["audio_path"] = None
        return (
            f"attempt {attempt.id}: its audio {attempt.audio_path} could not be read "
            f"({error.strerror or error}); exported without it"
        )
    with src, zf.open(zipfile.ZipInfo.from_file(attempt.audio_path, member), "w") as dst:
        shutil.copyfileobj(src, dst)
    return ""


def _readable_row(
    service: HistoryService, attempt: Attempt, number: int, out: Path
) -> dict[str, Any]:
    """The attempt as a manifest row, checked as import_zip will check it: what is exported can
    be imported. A HistoryError when its stored data is damaged."""
    row = service.repository.row_dict(attempt)
    row["audio_path"] = _member(attempt)
    # As JSON gives it back: tuples become lists, and a NaN is seen as the import will see it.
    as_read: dict[str, Any] = json.loads(json.dumps(row))
    manifest.attempt_from_row(as_read, number, out, service.audio_path_for)
    return as_read


def export_zip(service: HistoryService, bank_id: str, out: Path) -> ZipExport:
    """A bank's whole history (rows and audio) as one zip that import_zip restores elsewhere.

    An attempt whose stored data cannot be read or would not import (a damaged database) is left
    out with a warning naming it, so one damaged row does not cost the export of the rest.
    """
    attempts = service.attempts(bank_id)
    if not attempts:
        raise HistoryError(f"Bank {bank_id!r} has no attempts to export")
    rows: list[dict[str, Any]] = []
    left_out: list[str] = []
    out = Path(out)
    try:
        with _private_file(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for a in attempts:
                try:
                    row = _readable_row(service, a, len(rows) + 1, out)
                except HistoryError as error:
                    left_out.append(f"attempt {a.id} was left out: {error}")
                    log.warning("%s", left_out[-1])
                    continue
                warning = _add_audio(zf, a, row)
                if warning:
                    left_out.append(warning)
                    log.warning("%s", warning)
                rows.append(row)
            if not rows:
                raise HistoryError(
                    f"None of the {len(attempts)} attempts of bank {bank_id!r} could be read: "
                    f"{left_out[0]}"
                )
            listing = {
                "format": ZIP_FORMAT,
                "version": ZIP_VERSION,
                "bank_id": bank_id,
                "attempts": rows,
            }
            zf.writestr("attempts.json", json.dumps(listing, indent=1))
    except OSError as error:
        raise HistoryError(f"Cannot write {out}: {error.strerror or error}") from error
    return ZipExport(out, len(rows), tuple(left_out))
