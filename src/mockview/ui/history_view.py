"""History: the bank overview, one question's attempts, best vs latest, and a chart over time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockview.ui.chart_widget import FigureChart
from mockview.ui.figure_labels import (
    CHART_FIGURES,
    TABLE_FIGURES,
    explain,
    format_value,
    label,
    when,
)

_ID = Qt.ItemDataRole.UserRole
# Below this width the tables and the chart side by side are both too cramped to read.
NARROW_PX = 900
# Column headings are the figures' own names (figures.FIGURES), one abbreviated to keep the
# attempts table narrow; the full name and its explanation are the headings' tooltips.
_SHORT = {"fillers_per_minute": "Fillers/min"}
_STATES = {
    "done": "",
    "recovered": "recovered",
    "failed": "failed",
    "recording": "recording",
    "transcribing": "transcribing",
    "short": "too short",
}


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(tip or text)
    button.setToolTip(tip)
    return button


class HistoryView(QWidget):
    question_chosen = Signal(str)  # question id, from the bank overview
    open_attempt = Signal(str)  # attempt id
    delete_attempt = Signal(str)
    delete_question = Signal()
    export_attempt = Signal(str)
    export_bank = Signal()
    export_csv = Signal()
    chart_figure_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = _table(
            ["#", "Question", "Attempts", "Last coverage", "Last fillers/min", "Last practised"],
            "Bank overview",
        )
        self.overview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overview.horizontalHeader().setStretchLastSection(False)
        self.overview_label = QLabel()
        self.overview_label.setWordWrap(True)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.attempts = _table(
            ["When", "Status"] + [_SHORT.get(f, label(f)) for f in TABLE_FIGURES] + ["★", "Note"],
            "Attempts of this question",
        )
        for c, figure in enumerate(TABLE_FIGURES, start=2):
            header = self.attempts.horizontalHeaderItem(c)
            if header is not None:
                header.setToolTip(explain(figure))
        self.open_button = _button("Open attempt")
        self.delete_button = _button("Delete attempt")
        self.delete_all_button = _button("Delete all…", "Delete all attempts of this question")
        self.export_button = _button("Export…", "Export the attempt (Markdown report and audio)")
        self.export_bank_button = _button("Export bank (zip)")
        self.export_csv_button = _button("Export figures (CSV)")
        self.export_csv_button.setToolTip(
            "Every attempt of this bank, one row each with its figures, for a spreadsheet"
        )
        self.compare = QGroupBox("Best vs latest")
        self.compare_form = QFormLayout(self.compare)
        self.compare_values: dict[str, QLabel] = {}
        self.compare_form.addRow(QLabel(""), QLabel("<b>Best</b>   |   <b>Latest</b>"))
        for figure in TABLE_FIGURES:
            value = QLabel("–")
            value.setAccessibleName(f"{label(figure)} best and latest")
            self.compare_values[figure] = value
            self.compare_form.addRow(label(figure), value)
        self.open_best = _button("Open best")
        self.open_latest = _button("Open latest")
        self.figure_box = QComboBox()
        self.figure_box.setAccessibleName("Figure to chart")
        for figure in CHART_FIGURES:
            self.figure_box.addItem(label(figure), figure)
        self.chart = FigureChart()

        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.delete_button,
            self.delete_all_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Whole-bank exports sit by the bank overview they export, not under one question.
        bank_row = QHBoxLayout()
        bank_row.addWidget(QLabel("<b>This bank</b> (double-click a question to see it)"), 1)
        bank_row.addWidget(self.export_bank_button)
        bank_row.addWidget(self.export_csv_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bank_row)
        top_layout.addWidget(self.overview_label)
        top_layout.addWidget(self.overview, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.question_label)
        bottom_layout.addWidget(self.attempts, 1)
        bottom_layout.addLayout(buttons)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(top)
        left.addWidget(bottom)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.compare)
        best_latest = QHBoxLayout()
        best_latest.addWidget(self.open_best)
        best_latest.addWidget(self.open_latest)
        right_layout.addLayout(best_latest)
        right_layout.addWidget(self.figure_box)
        right_layout.addWidget(self.chart, 1)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # Narrow, the chart sits under the tables and the whole view scrolls up and down.
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)

        self.overview.cellDoubleClicked.connect(self._on_overview_double_click)
        self.attempts.cellDoubleClicked.connect(
            lambda _r, _c: self._emit_selected(self.open_attempt)
        )
        self.open_button.clicked.connect(lambda: self._emit_selected(self.open_attempt))
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_attempt))
        self.export_button.clicked.connect(lambda: self._emit_selected(self.export_attempt))
        self.delete_all_button.clicked.connect(self.delete_question)
        self.export_bank_button.clicked.connect(self.export_bank)
        self.export_csv_button.clicked.connect(self.export_csv)
        self.figure_box.currentIndexChanged.connect(
            lambda _i: self.chart_figure_chosen.emit(self.figure_box.currentData())
        )
        self.best_id = self.latest_id = ""
        self.open_best.clicked.connect(lambda: self._open_id(self.best_id))
        self.open_latest.clicked.connect(lambda: self._open_id(self.latest_id))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Narrow (a 1024 px screen): the comparison and chart move under the tables."""
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW_PX
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)

    def _open_id(self, attempt_id: str) -> None:
        if attempt_id:
            self.open_attempt.emit(attempt_id)

    def _on_overview_double_click(self, row: int, _column: int) -> None:
        item = self.overview.item(row, 0)
        if item is not None:
            self.question_chosen.emit(item.data(_ID))

    def selected_attempt(self) -> str:
        row = self.attempts.currentRow()
        item = self.attempts.item(row, 0) if row >= 0 else None
        return item.data(_ID) if item is not None else ""

    def _emit_selected(self, signal) -> None:
        attempt_id = self.selected_attempt()
        if attempt_id:
            signal.emit(attempt_id)

    def show_overview(
        self, rows: list[tuple[str, int, str, int, dict, str]], weakest: list[str], storage: str
    ) -> None:
        """rows: (question id, number, text, attempt count, last figures, last practised)."""
        self.overview.setRowCount(len(rows))
        for r, (qid, number, text, count, last, practised_at) in enumerate(rows):
            flag = "  ⚠ weakest" if qid in weakest and count else ""
            cells = [
                str(number),
                text + flag,
                str(count),
                format_value("coverage", last.get("coverage")) if count else "–",
                format_value("fillers_per_minute", last.get("fillers_per_minute"))
                if count
                else "–",
                practised_at or "never",
            ]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(_ID, qid)
                self.overview.setItem(r, c, item)
        practised = sum(1 for row in rows if row[3])
        self.overview_label.setText(
            f"{practised} of {len(rows)} questions practised · recordings use {storage}"
        )

    def mark_question(self, question_id: str) -> None:
        """Selects and scrolls to the question being looked at in the bank overview."""
        for r in range(self.overview.rowCount()):
            item = self.overview.item(r, 0)
            if item is not None and item.data(_ID) == question_id:
                self.overview.selectRow(r)
                self.overview.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
                return

    def show_attempts(self, title: str, attempts: list) -> None:
        count = len(attempts)
        said = (
            "no attempts yet: answer it on the Practice tab (Space starts and stops recording)"
            if not count
            else f"{count} attempt{'s' if count != 1 else ''}"
        )
        self.question_label.setText(f"<b>{title}</b> — {said}")
        self.attempts.setRowCount(len(attempts))
        for r, attempt in enumerate(attempts):
            cells = [when(attempt.started_at), _STATES.get(attempt.state, attempt.state)]
            cells += [format_value(f, attempt.figures.get(f)) for f in TABLE_FIGURES]
            cells += ["★" if attempt.star else "", attempt.note or attempt.error]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(_ID, attempt.id)
                self.attempts.setItem(r, c, item)
        if attempts:
            self.attempts.selectRow(0)
        for button in (
            self.open_button,
            self.delete_button,
            self.export_button,
            self.delete_all_button,
        ):
            button.setEnabled(bool(attempts))

    def show_compare(self, best, latest) -> None:
        self.best_id = best.id if best is not None else ""
        self.latest_id = latest.id if latest is not None else ""
        for figure, value in self.compare_values.items():
            b = format_value(figure, best.figures.get(figure)) if best else "–"
            last = format_value(figure, latest.figures.get(figure)) if latest else "–"
            value.setText(f"{b}   |   {last}")
        self.open_best.setEnabled(bool(self.best_id))
        self.open_latest.setEnabled(bool(self.latest_id))

    def chart_figure(self) -> str:
        return self.figure_box.currentData()
