"""Fills the history view from HistoryService off the UI thread; delete and export from there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mockview.core.bank.model import Bank, Question
from mockview.ui.figure_labels import label, when
from mockview.ui.history_view import HistoryView
from mockview.ui.workers.jobs import JobRunner

FINISHED = ("done", "recovered")


@dataclass
class HistorySnapshot:
    rows: list = field(default_factory=list)
    weakest: list[str] = field(default_factory=list)
    storage: str = ""
    attempts: list = field(default_factory=list)
    best: object = None
    latest: object = None
    series: list[float] = field(default_factory=list)


def _size(n_bytes: int) -> str:
    n = float(n_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


class HistoryController(QObject):
    open_requested = Signal(str)  # attempt id: read and shown off the UI thread
    question_requested = Signal(str)
    message = Signal(str, str, str)  # banner key, text, kind
    refreshed = Signal()

    def __init__(
        self, history, view: HistoryView, jobs: JobRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.history, self.view, self.jobs = history, view, jobs
        self.bank: Bank | None = None
        self.question: Question | None = None
        self.snapshot = HistorySnapshot()
        # Replaceable in tests: dialogs that would block an offscreen run.
        self.confirm: Callable[[str], bool] = self._confirm
        self.ask_path: Callable[[str, str], str] = self._ask_path
        view.open_attempt.connect(self._open)
        view.delete_attempt.connect(self._delete)
        view.delete_question.connect(self._delete_question)
        view.export_attempt.connect(self._export_attempt)
        view.export_bank.connect(self.export_bank)
        view.export_csv.connect(self.export_csv)
        view.question_chosen.connect(self.question_requested)
        view.chart_figure_chosen.connect(lambda _f: self.refresh())
        self._generation = 0

    def show(self, bank: Bank | None, question: Question | None) -> None:
        self.bank, self.question = bank, question
        self.refresh()

    def refresh(self) -> None:
        if self.history is None or self.bank is None:
            return
        self._generation += 1
        generation, bank, question = self._generation, self.bank, self.question
        figure, history = self.view.chart_figure(), self.history

        def work() -> HistorySnapshot:
            snap = HistorySnapshot()
            ids = [q.id for q in bank.questions]
            summaries = history.bank_summary(bank.id, ids)
            for q, s in zip(bank.questions, summaries, strict=True):
                snap.rows.append(
                    (
                        q.id,
                        q.number,
                        q.text,
                        s.attempt_count,
                        s.last_figures,
                        when(s.last_attempt_at),
                    )
                )
            practised = {s.question_id for s in summaries if s.attempt_count}
            if len(practised) > 1:  # "weakest" means something only against another question
                snap.weakest = [q for q in history.weakest_first(bank.id, ids) if q in practised][
                    : min(3, len(practised) - 1)
                ]
            snap.storage = _size(history.storage_bytes(bank.id))
            if question is not None:
                snap.attempts = history.attempts_for(bank.id, question.id)
                snap.best = history.best(bank.id, question.id, "coverage")
                snap.latest = next((a for a in snap.attempts if a.state in FINISHED), None)
                snap.series = [p.value for p in history.figure_series(bank.id, question.id, figure)]
            return snap

        self.jobs.submit(
            work,
            lambda snap: self._show(generation, snap, figure),
            lambda m: self.message.emit("history", m, "error"),
        )

    def _show(self, generation: int, snap: HistorySnapshot, figure: str) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.snapshot = snap
        self.view.show_overview(snap.rows, snap.weakest, snap.storage)
        if self.question is not None:
            self.view.mark_question(self.question.id)
            self.view.show_attempts(f"{self.question.number}. {self.question.text}", snap.attempts)
            self.view.show_compare(snap.best, snap.latest)
            scale = 100.0 if figure == "coverage" else 1.0
            self.view.chart.show_series(label(figure), snap.series, scale)
        self.refreshed.emit()

    def _open(self, attempt_id: str) -> None:
        # The practice controller reads it (with its lazy transcript and feedback) in a job.
        self.open_requested.emit(attempt_id)

    def _delete(self, attempt_id: str) -> None:
        if self.confirm("Delete this attempt and its recording? This cannot be undone."):
            self._run(lambda: self.history.delete_attempt(attempt_id), "Attempt deleted.")

    def _delete_question(self) -> None:
        if self.question is None or self.bank is None:
            return
        bank_id, qid = self.bank.id, self.question.id
        if self.confirm("Delete every attempt of this question and their recordings?"):
            self._run(
                lambda: self.history.delete_question_attempts(bank_id, qid), "Attempts deleted."
            )

    def _export_attempt(self, attempt_id: str) -> None:
        out = self.ask_path("Export attempt as Markdown", f"attempt-{attempt_id[:8]}.md")
        if out:
            from mockview.core.history.export import export_markdown

            history = self.history
            self._run(
                lambda: export_markdown(history.require(attempt_id), Path(out)),
                f"Exported to {out}",
            )

    def export_bank(self) -> None:
        if self.bank is None:
            return
        out = self.ask_path("Export bank history as zip", f"{self.bank.id}-history.zip")
        if out:
            from mockview.core.history.export import ZipExport, export_zip

            bank_id, history = self.bank.id, self.history

            def said(result: object) -> tuple[str, str]:
                assert isinstance(result, ZipExport)
                text = f"Exported {result.exported} attempts to {out}."
                if not result.left_out:
                    return text, "info"
                shown = "; ".join(result.left_out[:3])
                more = f" (and {len(result.left_out) - 3} more)" if len(result.left_out) > 3 else ""
                return f"{text} Not all of it could be read: {shown}{more}", "warning"

            self._run(lambda: export_zip(history, bank_id, Path(out)), said)

    def export_csv(self) -> None:
        """Every attempt of the bank, one row each with its figures, for a spreadsheet."""
        if self.bank is None or self.history is None:
            return
        out = self.ask_path("Export bank figures as CSV", f"{self.bank.id}-figures.csv")
        if out:
            from mockview.core.history.export import export_csv

            bank, history = self.bank, self.history

            def work() -> int:
                # Every attempt of the bank, also of questions since removed from its file.
                attempts = history.attempts(bank.id)
                export_csv(attempts, Path(out))
                return len(attempts)

            self._run(work, lambda n: (f"Exported {n} attempts to {out}.", "info"))

    def _run(
        self, fn: Callable[[], object], done_text: str | Callable[[object], tuple[str, str]]
    ) -> None:
        def done(result: object) -> None:
            text, kind = (done_text, "info") if isinstance(done_text, str) else done_text(result)
            self.message.emit("history", text, kind)
            self.refresh()

        self.jobs.submit(fn, done, lambda m: self.message.emit("history", m, "error"))

    def _confirm(self, text: str) -> bool:
        parent = self.view if isinstance(self.view, QWidget) else None
        answer = QMessageBox.question(parent, "MockView", text)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_path(self, title: str, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self.view, title, str(Path.home() / suggested))
        return path
