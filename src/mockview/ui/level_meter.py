"""Input level meter: a bar that makes a silent microphone obvious."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QProgressBar, QWidget


class LevelMeter(QProgressBar):
    """Shows a 0..1 peak on a dB-like scale, so quiet speech still moves the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setAccessibleName("Microphone level")
        self.setMaximumHeight(self.fontMetrics().height())
        self.peak = 0.0

    def set_level(self, peak: float) -> None:
        self.peak = max(0.0, min(1.0, float(peak)))
        # -60 dBFS .. 0 dBFS onto 0..100.
        db = 20 * math.log10(self.peak) if self.peak > 1e-6 else -60.0
        self.setValue(int(max(0.0, (db + 60.0) / 60.0) * 100))
