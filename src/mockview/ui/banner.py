"""Notices (microphone, model, settings, welcome...) in one strip of fixed height at the top.

Banners stacked above the views pushed every control down by about 40 px each time one came or
went, often while the pointer was on its way to a button (a tester's clicks landed on the wrong
control twice). The strip keeps its height whether it shows nothing or one of several notices:
the most urgent one is shown (errors before warnings before the rest, the newest first), with
its action, "Dismiss", "More…" when the text does not fit in two lines, and arrows to the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from mockview.ui import theme

_URGENCY = {"error": 2, "warning": 1}
LINES = 2  # the strip's height: two lines of text


@dataclass
class Notice:
    key: str
    text: str
    kind: str
    action_text: str = ""
    action: Callable[[], None] | None = None
    order: int = 0  # newer notices have larger numbers


class BannerArea(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices")
        self.notices: dict[str, Notice] = {}
        self.current: Notice | None = None
        self.idle_text = ""  # shown, muted, while there is no notice (the keys, say)
        self._counter = 0
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel()
        self.previous_button = _tool("◀", "Previous notice", lambda: self._step(-1))
        self.next_button = _tool("▶", "Next notice", lambda: self._step(1))
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._run_action)
        self.more_button = QPushButton("More…")
        self.more_button.setAccessibleName("Read the whole notice")
        self.more_button.clicked.connect(self._show_all)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        for widget in (
            self.position,
            self.previous_button,
            self.next_button,
            self.more_button,
            self.action_button,
            self.dismiss_button,
        ):
            layout.addWidget(widget)
        text_height = QFontMetrics(self.label.font()).lineSpacing() * LINES
        button_height = self.dismiss_button.sizeHint().height()
        self.setFixedHeight(max(text_height, button_height) + 10)
        self._render()

    def show_message(
        self,
        key: str,
        text: str,
        kind: str = "info",
        action_text: str = "",
        action: Callable[[], None] | None = None,
    ) -> Notice:
        self._counter += 1
        notice = Notice(key, text, kind, action_text, action, self._counter)
        self.notices[key] = notice
        current = self.current
        if current is None or current.key == key or _rank(notice) >= _rank(current):
            self.current = notice
        self._render()
        return notice

    def hide_message(self, key: str) -> None:
        notice = self.notices.pop(key, None)
        if notice is not None and self.current is not None and self.current.key == key:
            self.current = max(self.notices.values(), key=_rank, default=None)
        self._render()

    def text(self, key: str) -> str:
        """The notice for `key`, shown or waiting behind another; "" when there is none."""
        notice = self.notices.get(key)
        return notice.text if notice is not None else ""

    def set_idle_text(self, text: str) -> None:
        self.idle_text = text
        self._render()

    def shown_key(self) -> str:
        return self.current.key if self.current is not None else ""

    # -- internals ------------------------------------------------------------------------------

    def _ordered(self) -> list[Notice]:
        return sorted(self.notices.values(), key=_rank, reverse=True)

    def _step(self, by: int) -> None:
        ordered = self._ordered()
        if self.current in ordered:
            self.current = ordered[(ordered.index(self.current) + by) % len(ordered)]
            self._render()

    def _dismiss(self) -> None:
        if self.current is not None:
            self.hide_message(self.current.key)

    def _run_action(self) -> None:
        if self.current is not None and self.current.action is not None:
            self.current.action()

    def _show_all(self) -> None:
        if self.current is not None:
            QMessageBox.information(self, "MockView", self.current.text)

    def _render(self) -> None:
        notice = self.current
        self.dismiss_button.setVisible(notice is not None)
        browse: tuple[QWidget, ...] = (self.position, self.previous_button, self.next_button)
        if notice is None:
            for widget in browse:
                widget.hide()
            self.more_button.hide()
            self.action_button.hide()
            muted = theme.marks()["muted"]
            self.setStyleSheet(f"#notices {{ border: none; }} QLabel {{ color: {muted}; }}")
            self.label.setText(self.idle_text)
            self.label.setToolTip("")
            self.setAccessibleName("No notices")
            return
        colours = theme.marks()
        edge = {"error": colours["bad"], "warning": colours["warn"]}.get(
            notice.kind, colours["good"]
        )
        self.setStyleSheet(
            f"#notices {{ border: 1px solid {edge}; border-left: 6px solid {edge}; "
            "border-radius: 4px; }"
        )
        many = len(self.notices) > 1
        ordered = self._ordered()
        self.position.setText(f"{ordered.index(notice) + 1} of {len(ordered)}" if many else "")
        for widget in browse:
            widget.setVisible(many)
        self.action_button.setText(notice.action_text)
        self.action_button.setAccessibleName(notice.action_text)
        self.action_button.setVisible(bool(notice.action_text and notice.action))
        self.dismiss_button.setAccessibleName(f"Dismiss {notice.key} message")
        self.setAccessibleName(f"{notice.kind} message: {notice.text}")
        self._fit_text()
        QTimer.singleShot(0, self._fit_text)  # again once the buttons beside it are laid out

    def _fit_text(self) -> None:
        """Two lines of the notice; the rest behind More… (and in the tooltip)."""
        notice = self.current
        if notice is None:
            return
        text = " ".join(notice.text.split())
        width = max(50, self.label.width())
        metrics = QFontMetrics(self.label.font())
        limit = metrics.lineSpacing() * LINES

        def fits(candidate: str) -> bool:
            flags = Qt.TextFlag.TextWordWrap
            return metrics.boundingRect(0, 0, width, 10_000, flags, candidate).height() <= limit

        shown = text
        if not fits(text):
            low, high = 0, len(text)
            while low < high:  # the longest start of the text that fits with an ellipsis
                middle = (low + high + 1) // 2
                if fits(text[:middle].rstrip() + "…"):
                    low = middle
                else:
                    high = middle - 1
            shown = text[:low].rstrip() + "…"
        self.label.setText(shown)
        self.label.setToolTip(notice.text if shown != text else "")
        self.more_button.setVisible(shown != text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_text()


def _rank(notice: Notice) -> tuple[int, int]:
    return (_URGENCY.get(notice.kind, 0), notice.order)


def _tool(text: str, name: str, slot: Callable[[], None]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setAccessibleName(name)
    button.setToolTip(name)
    button.clicked.connect(slot)
    return button
