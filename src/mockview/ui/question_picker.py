"""Bank chooser, practice order, and the bank's questions grouped by section."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockview.core.bank.model import Bank

ORDERS = [("sequence", "In sequence"), ("shuffled", "Shuffled"), ("weakest", "Weakest first")]
_QID = Qt.ItemDataRole.UserRole


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped text: the default measures one line whatever the width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        base = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - 7
        if width <= 40:
            return base
        text = str(index.data() or "")
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, max(base.height(), rect.height() + 4))


class QuestionPicker(QWidget):
    bank_chosen = Signal(str)
    question_chosen = Signal(str)  # question id in the current bank
    order_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hidden = False
        self._shown: tuple[Bank, dict[str, int]] | None = None
        self.bank_box = QComboBox()
        self.bank_box.setAccessibleName("Question bank")
        self.order_box = QComboBox()
        self.order_box.setAccessibleName("Practice order")
        for key, label in ORDERS:
            self.order_box.addItem(label, key)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        # Questions are long sentences: wrap them rather than cut them off mid-word.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(True)
        self.tree.setIndentation(12)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        # Row heights are measured when items are added; re-measure them for the new width.
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.tree.setAccessibleName("Questions")
        form = QFormLayout()
        form.addRow("&Bank", self.bank_box)
        form.addRow("&Order", self.order_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        self.bank_box.currentIndexChanged.connect(self._on_bank)
        self.order_box.currentIndexChanged.connect(
            lambda _i: self.order_chosen.emit(self.order_box.currentData())
        )
        self.tree.currentItemChanged.connect(self._on_item)
        self._filling = False

    def set_banks(self, banks: list[Bank], current: str = "") -> None:
        self._filling = True
        self.bank_box.clear()
        for bank in banks:
            self.bank_box.addItem(bank.title, bank.id)
            # A long title is cut in the box: the whole of it on hover, and in the open list.
            self.bank_box.setItemData(
                self.bank_box.count() - 1, bank.title, Qt.ItemDataRole.ToolTipRole
            )
        index = max(0, self.bank_box.findData(current))
        self._filling = False
        if banks:
            self.bank_box.setCurrentIndex(index)
            self.bank_chosen.emit(self.bank_box.currentData())

    def set_order(self, order: str) -> None:
        self.order_box.setCurrentIndex(max(0, self.order_box.findData(order)))

    def set_hidden_text(self, hidden: bool) -> None:
        """Interview mode: the list shows "Question 3", not the text the user should hear."""
        if hidden == self._hidden:
            return
        self._hidden = hidden
        if self._shown is not None:
            current = self.tree.currentItem()
            qid = current.data(0, _QID) if current is not None else None
            self.show_bank(*self._shown)
            if qid:
                self.select_question(qid)

    def show_bank(self, bank: Bank, attempts: dict[str, int] | None = None) -> None:
        """Fills the tree; `attempts` (question id -> count) adds a practised count."""
        attempts = attempts or {}
        self._shown = (bank, attempts)
        self._filling = True
        self.tree.clear()
        for section in bank.sections:
            parent = QTreeWidgetItem([section.title])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(parent)
            for q in bank.section_questions(section.id):
                count = attempts.get(q.id, 0)
                suffix = f"  ({count}×)" if count else ""
                text = f"Question {q.number}" if self._hidden else f"{q.number}. {q.text}"
                item = QTreeWidgetItem([f"{text}{suffix}"])
                item.setToolTip(0, "" if self._hidden else q.text)
                item.setData(0, _QID, q.id)
                parent.addChild(item)
            parent.setExpanded(True)
        self._filling = False

    def select_question(self, question_id: str) -> None:
        item = self._find(question_id)
        if item is not None and self.tree.currentItem() is not item:
            self._filling = True
            self.tree.setCurrentItem(item)
            self._filling = False

    def current_bank_id(self) -> str:
        return self.bank_box.currentData() or ""

    def _find(self, question_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            for j in range(parent.childCount() if parent is not None else 0):
                child = parent.child(j) if parent is not None else None
                if child is not None and child.data(0, _QID) == question_id:
                    return child
        return None

    def _on_bank(self, _index: int) -> None:
        self.bank_box.setToolTip(self.bank_box.currentText())
        if not self._filling and self.bank_box.currentData():
            self.bank_chosen.emit(self.bank_box.currentData())

    def _on_item(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if self._filling or item is None or item.data(0, _QID) is None:
            return
        self.question_chosen.emit(item.data(0, _QID))
