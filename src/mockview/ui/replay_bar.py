"""Replay controls: play/pause, a seek slider and the position."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from mockview.ui.practice_view import format_clock

_STEPS_PER_S = 10


class ReplayBar(QWidget):
    play_clicked = Signal()  # play, or pause when playing
    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.play_button = QPushButton("▶ Replay (R)")
        self.play_button.setAccessibleName("Replay answer")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Replay position")
        self.position = QLabel("0:00 / 0:00")
        self.position.setAccessibleName("Replay time")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.position)
        self.play_button.clicked.connect(self.play_clicked)
        self.slider.sliderReleased.connect(
            lambda: self.seek_requested.emit(self.slider.value() / _STEPS_PER_S)
        )
        self.duration_s = 0.0

    def set_duration(self, duration_s: float) -> None:
        self.duration_s = duration_s
        self.slider.setRange(0, int(duration_s * _STEPS_PER_S))
        self.set_position(0.0, "stopped")

    def set_position(self, position_s: float, state: str) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(int(position_s * _STEPS_PER_S))
        total = format_clock(round(self.duration_s))  # rounded, as the figures show it
        self.position.setText(f"{format_clock(position_s)} / {total}")
        playing = state == "playing"
        self.play_button.setText("❚❚ Pause (R)" if playing else "▶ Replay (R)")
        self.play_button.setAccessibleName("Pause replay" if playing else "Replay answer")
