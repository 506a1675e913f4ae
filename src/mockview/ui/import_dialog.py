"""Import article: a preview of the questions found, a name for the bank, and the write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockview.core.bank.errors import shorten
from mockview.core.bank.extract import slug

# The terminal import's size limit and its reason (an article of 100 questions is about 60 kB).
from mockview.core.bank.importer import (
    ARTICLE_SIZE_WHY,
    MAX_ARTICLE_BYTES,
    ImportResult,
    import_article,
)
from mockview.core.bank.loader import read_text_limited
from mockview.core.bank.validator import ID_PATTERN
from mockview.core.bank.writer import write_bank
from mockview.ui import theme
from mockview.ui.workers.jobs import JobRunner


@dataclass(frozen=True)
class Imported:
    bank_id: str
    title: str
    path: Path
    questions: int


def read_article(article: Path) -> ImportResult:
    """The bank made from an article file (on a pool thread: reading and parsing take a while)."""
    text = read_text_limited(article, MAX_ARTICLE_BYTES, what="article", why=ARTICLE_SIZE_WHY)
    return import_article(text, str(article), bank_id=slug(article.stem, 6, skip_stop_words=False))


def suggested_title(title: str) -> str:
    """An article's headline as a bank name: without its count and tags.

    "24 Platform Engineering Lead Interview Questions [2026 Guide]" is a page title; in the bank
    box "Platform Engineering Lead Interview Questions" says the same in less room.
    """
    short = re.sub(r"^\d+\s+(?=\w)", "", re.sub(r"(?:\s*[\[(][^\])]*[\])])+\s*$", "", title))
    return short.strip() or title.strip()


def suggested_id(title: str) -> str:
    """A short id from the bank name; four words are enough to tell a user's banks apart."""
    return slug(title, 4, skip_stop_words=False) if title.strip() else ""


def bank_file(folder: Path, bank_id: str) -> Path:
    return folder / f"{bank_id}.yaml"


def write_imported(result: ImportResult, bank_id: str, title: str, folder: Path) -> Imported:
    """Writes the previewed bank under its chosen id and title; never over an existing file."""
    folder.mkdir(parents=True, exist_ok=True)
    bank = replace(result.bank, id=bank_id, title=title)
    path = write_bank(bank, bank_file(folder, bank_id), force=False)
    return Imported(bank_id, title, path, len(bank.questions))


class ImportDialog(QDialog):
    """Reads the article in a job, shows what was found, and writes the bank in another job."""

    imported = Signal(object)  # Imported

    def __init__(
        self,
        article: Path,
        folder: Path,
        taken_ids: Callable[[], set[str]],
        jobs: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.article, self.folder, self.taken_ids, self.jobs = article, folder, taken_ids, jobs
        self.found: ImportResult | None = None
        self._busy = True
        self._id_edited = False  # once the user types an id, the title no longer changes it
        self.setWindowTitle(f"Import questions from {article.name}")
        self.summary = QLabel(f"Reading {article.name}…")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["#", "Section", "Question", "Key points"])
        self.table.setAccessibleName("Questions found")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.warnings_label = QLabel()
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setAccessibleName("Import warnings")
        self.warnings.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Bank name")
        self.id_edit = QLineEdit()
        self.id_edit.setAccessibleName("Bank id")
        self.id_edit.setToolTip(
            "Lowercase letters, digits and single hyphens; your history is kept under this id"
        )
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Import problem")
        self.error.setStyleSheet(f"color: {theme.marks()['bad']};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setAccessibleName("Import")
        self.import_button.setEnabled(False)

        form = QFormLayout()
        form.addRow("Bank &name", self.title_edit)
        form.addRow("Bank &id", self.id_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        layout.addLayout(form)
        layout.addWidget(self.file_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.warnings_label.hide()
        self.warnings.hide()
        self.error.hide()
        self.resize(860, 600)

        self.title_edit.textChanged.connect(self._on_title)
        self.id_edit.textEdited.connect(self._on_id_edited)
        self.id_edit.textChanged.connect(lambda _t: self._check())
        self.buttons.accepted.connect(self._write)
        self.buttons.rejected.connect(self.reject)

    # -- reading -------------------------------------------------------------------------------

    def start(self) -> None:
        article = self.article
        self.jobs.submit(lambda: read_article(article), self._on_read, self._on_read_failed)

    def _on_read(self, result: ImportResult) -> None:
        self.found, self._busy = result, False
        bank = result.bank
        sections = {s.id: s.title for s in bank.sections}
        self.summary.setText(
            f"Found {result.summary} in {self.article.name}. Key points and terms were made "
            "automatically: read them over in the bank file after importing."
        )
        self.table.setRowCount(len(bank.questions))
        for r, q in enumerate(bank.questions):
            cells = [str(q.number), sections.get(q.section, q.section), q.text]
            cells.append(str(len(q.key_points)))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(q.text if c == 2 else "")
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        if result.warnings:
            n = len(result.warnings)
            self.warnings_label.setText(f"{n} warning{'s' * (n != 1)}:")
            self.warnings.setPlainText("\n".join(result.warnings))
            self.warnings_label.show()
            self.warnings.show()
        self.title_edit.setText(suggested_title(bank.title))  # derives the id
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _on_read_failed(self, message: str) -> None:
        self._busy = False
        self.summary.setText(f"No bank could be made from {self.article.name}.")
        self._show_error(message)
        self.title_edit.setEnabled(False)
        self.id_edit.setEnabled(False)

    # -- naming --------------------------------------------------------------------------------

    def _on_title(self, title: str) -> None:
        if not self._id_edited:
            self.id_edit.setText(suggested_id(title))
        self._check()

    def _on_id_edited(self, text: str) -> None:
        self._id_edited = bool(text)  # clearing the id lets the title derive it again

    def problem(self) -> str:
        """Why the chosen name cannot be used, or "" when it can."""
        title, bank_id = self.title_edit.text().strip(), self.id_edit.text().strip()
        if not title:
            return "Give the bank a name."
        if not bank_id:
            return "Give the bank an id."
        if not ID_PATTERN.match(bank_id):
            return (
                f'"{shorten(bank_id)}" is not a valid id: use lowercase letters, digits and '
                "single hyphens, such as platform-lead."
            )
        if bank_id in self.taken_ids():
            return f'A bank with the id "{bank_id}" already exists; choose another id.'
        path = bank_file(self.folder, bank_id)
        if path.exists() or path.with_suffix(".yml").exists():
            return f"{path.name} already exists in your banks folder; choose another id."
        return ""

    def _check(self) -> None:
        bank_id = self.id_edit.text().strip()
        self.file_label.setText(
            f"Will be saved as {bank_file(self.folder, bank_id)}" if bank_id else ""
        )
        problem = self.problem() if self.found is not None else ""
        self._show_error(problem)
        self.import_button.setEnabled(self.found is not None and not problem and not self._busy)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- writing -------------------------------------------------------------------------------

    def _write(self) -> None:
        result = self.found
        if result is None or self._busy:
            return
        problem = self.problem()  # the folder may have changed since the last keystroke
        if problem:
            self._show_error(problem)
            self.import_button.setEnabled(False)
            return
        bank_id, title, folder = (
            self.id_edit.text().strip(),
            self.title_edit.text().strip(),
            self.folder,
        )
        self._busy = True
        self.import_button.setEnabled(False)
        self.summary.setText(f"Writing {bank_file(folder, bank_id).name}…")
        self.jobs.submit(
            lambda: write_imported(result, bank_id, title, folder),
            self._on_written,
            self._on_write_failed,
        )

    def _on_written(self, done: Imported) -> None:
        self._busy = False
        self.imported.emit(done)
        self.accept()

    def _on_write_failed(self, message: str) -> None:
        self._busy = False
        self.summary.setText("The bank was not written.")
        self._show_error(message)
        self.import_button.setEnabled(True)
