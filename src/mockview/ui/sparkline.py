"""A figure's values over the attempts, as a small line: the last point is this attempt."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from mockview.ui import theme


class Sparkline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: tuple[float, ...] = ()
        self.setFixedHeight(18)
        self.setFixedWidth(56)
        self.setVisible(False)

    def set_values(self, values: tuple[float, ...], description: str = "") -> None:
        """Shown from two attempts on; `description` is what a screen reader hears."""
        self.values = tuple(values)
        self.setAccessibleName(description)
        self.setToolTip(description)
        self.setVisible(len(self.values) >= 2)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(56, 18)

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt's name)
        if len(self.values) < 2:
            return
        low, high = min(self.values), max(self.values)
        span = (high - low) or 1.0
        w, h, pad = self.width(), self.height(), 3.0
        step = (w - 2 * pad) / (len(self.values) - 1)
        points = [
            QPointF(pad + i * step, h - pad - (v - low) / span * (h - 2 * pad))
            for i, v in enumerate(self.values)
        ]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.marks()["muted"]), 1.2))
        painter.drawPolyline(points)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.marks()["pause"]))
        painter.drawEllipse(points[-1], 2.6, 2.6)
        painter.end()
