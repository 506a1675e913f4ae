"""Attempts out of the store: a Markdown report with its audio, figures as CSV, a bank as a zip.

The zip holds `attempts.json` ({"format": "mockview-history", "version": 1, "attempts": [...]}),
each row as Repository.row_dict gives it, and the audio under `audio/<bank>/<id>.<ext>`.
importer.py reads it back.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from mockview.core.history.records import Attempt, HistoryError
from mockview.core.history.service import HistoryService

ZIP_FORMAT = "mockview-history"
ZIP_VERSION = 1
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
                first = hit["word_index"]
                marked.update(range(first, first + int(hit.get("word_count", 1))))
        return {i for i in marked if 0 <= i < len(words)}
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


def export_markdown(attempt: Attempt, out: Path) -> Path:
    """Writes the report to `out` (.md) and copies the audio next to it; returns the report path."""
    out = Path(out)
    audio_name = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if attempt.audio_path.is_file():
            audio_name = out.stem + attempt.audio_path.suffix
            shutil.copyfile(attempt.audio_path, out.parent / audio_name)
        out.write_text(attempt_markdown(attempt, audio_name), encoding="utf-8")
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
    try:
        with open(out, "w", newline="", encoding="utf-8") as f:
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
    return Path(out)


def export_zip(service: HistoryService, bank_id: str, out: Path) -> Path:
    """A bank's whole history (rows and audio) as one zip that import_zip restores elsewhere."""
    attempts = service.attempts(bank_id)
    if not attempts:
        raise HistoryError(f"Bank {bank_id!r} has no attempts to export")
    repo = service.repository
    rows = []
    out = Path(out)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
        os.close(fd)
        with zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED) as zf:
            for a in attempts:
                row = repo.row_dict(a)
                if a.audio_path.is_file():
                    member = f"audio/{a.bank_id}/{a.id}{a.audio_path.suffix.lower()}"
                    zf.write(a.audio_path, member)
                    row["audio_path"] = member
                else:
                    row["audio_path"] = None
                rows.append(row)
            manifest = {
                "format": ZIP_FORMAT,
                "version": ZIP_VERSION,
                "bank_id": bank_id,
                "attempts": rows,
            }
            zf.writestr("attempts.json", json.dumps(manifest, indent=1))
        os.replace(tmp_name, out)
    except OSError as error:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise HistoryError(f"Cannot write {out}: {error.strerror or error}") from error
    return out
