"""Messages across the top of the window: one per topic (microphone, model, notice, welcome)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mockview.ui import theme


class Banner(QFrame):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"banner-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.hide()
        self.close_button = QPushButton("Dismiss")
        self.close_button.setAccessibleName(f"Dismiss {key} message")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._run_action)

    def set_message(
        self, text: str, kind: str, action_text: str = "", action: Callable[[], None] | None = None
    ) -> None:
        colours = theme.marks()
        edge = {"error": colours["bad"], "warning": colours["warn"]}.get(kind, colours["good"])
        self.setStyleSheet(
            f"#banner-{self.key} {{ border: 2px solid {edge}; border-radius: 4px; }}"
        )
        self.label.setText(text)
        self.setAccessibleName(f"{kind} message: {text}")
        self._callback = action
        self.action.setText(action_text)
        self.action.setAccessibleName(action_text)
        self.action.setVisible(bool(action_text and action))
        self.show()

    def _run_action(self) -> None:
        if self._callback is not None:
            self._callback()


class BannerArea(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.banners: dict[str, Banner] = {}

    def show_message(
        self,
        key: str,
        text: str,
        kind: str = "info",
        action_text: str = "",
        action: Callable[[], None] | None = None,
    ) -> Banner:
        banner = self.banners.get(key)
        if banner is None:
            banner = self.banners[key] = Banner(key, self)
            self._layout.addWidget(banner)
        banner.set_message(text, kind, action_text, action)
        return banner

    def hide_message(self, key: str) -> None:
        if key in self.banners:
            self.banners[key].hide()

    def text(self, key: str) -> str:
        """The message shown for `key`, or "" when none is visible."""
        banner = self.banners.get(key)
        return banner.label.text() if banner is not None and not banner.isHidden() else ""
