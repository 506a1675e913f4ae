"""Settings: voice and rate, microphone with a test meter, model and device, feedback, theme."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from mockview.core.settings import Settings
from mockview.ui.level_meter import LevelMeter
from mockview.ui.workers.jobs import JobRunner

MODELS = [
    ("bundled", "Bundled (tiny.en, fastest)"),
    ("base.en", "base.en (needs download)"),
    ("small.en", "small.en (needs download)"),
]


PREVIEW_TEXT = "Tell me about a time you led a team through a difficult technical decision."


SEPARATOR = ("\x00separator", "")  # between the English voices and the rest in a list


def voice_choices(voices: list) -> list[tuple[str, str]]:
    """(id, label) of each voice: the system default first, then English voices (a natural
    voice before eSpeak's), a separator, then the other languages (they read English text
    poorly), each group by name. Labels are the voices' names ("English (Scotland)"), not
    their language codes."""

    def english(v) -> bool:
        return any(str(lang).lower().startswith("en") for lang in v.languages) or (
            str(v.name).startswith("English")
        )

    def natural(v) -> bool:
        return "natural" in str(v.name).lower()

    def label(v) -> str:
        return str(v.name) or str(v.id)

    ordered = sorted(voices, key=lambda v: (not natural(v), str(v.name).lower()))
    first = [(v.id, label(v)) for v in ordered if english(v)]
    rest = [(v.id, label(v)) for v in ordered if not english(v)]
    return [("", "System default"), *first, *([SEPARATOR, *rest] if rest else [])]


def input_label(name: str) -> str:
    """A microphone as people know it: PortAudio's ALSA names ("pulse", "default", "hw:0,0")
    said plainly."""
    plain = {
        "default": "System default (ALSA)",
        "sysdefault": "System default (ALSA, direct)",
        "pulse": "Sound server (PulseAudio or PipeWire)",
        "pipewire": "Sound server (PipeWire)",
    }
    if name in plain:
        return plain[name]
    return re.sub(r"\s*\((?:plug)?hw:\d+,\d+\)$", "", name) or name


def _combo(name: str, items: list[tuple[str, str]], current: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for value, text in items:
        if (value, text) == SEPARATOR:
            box.insertSeparator(box.count())
        else:
            box.addItem(text, value)
    if box.findData(current) < 0:
        box.addItem(current, current)
    box.setCurrentIndex(box.findData(current))
    return box


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        voices: list | None = None,
        inputs: list | None = None,
        make_test_recorder: Callable[[str], object] | None = None,
        test_path: Path | None = None,
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
        preview: Callable[[str, int], None] | None = None,
    ) -> None:
        """`preview(voice id, words a minute)` reads a sample sentence aloud (never blocks)."""
        super().__init__(parent)
        # Opening and closing an input stream can block on the sound server: done in jobs.
        self.jobs = jobs or JobRunner(parent=self)
        self._test_token = 0
        self.setWindowTitle("MockView settings")
        self.original = settings
        self._make_test_recorder = make_test_recorder
        self._test_path = test_path
        self._test_recorder = None
        self.voice = _combo("Voice", voice_choices(voices or []), settings.voice)
        self.preview_button = QPushButton("Preview")
        self.preview_button.setAccessibleName("Preview the voice")
        self.preview_button.setToolTip("Reads a sentence with this voice at the model answer pace")
        self.preview_button.setEnabled(preview is not None)
        self._preview = preview
        self.rate = QSpinBox()
        self.rate.setRange(80, 280)
        self.rate.setSuffix(" WPM")
        self.rate.setValue(settings.speech_rate_wpm)
        self.rate.setAccessibleName("Question reading rate")
        self.answer_rate = QSpinBox()
        self.answer_rate.setRange(100, 220)
        self.answer_rate.setSuffix(" WPM")
        self.answer_rate.setValue(settings.model_answer_wpm)
        self.answer_rate.setAccessibleName("Model answer pace")
        self.answer_rate.setToolTip("How fast model answers are read: about 150 is a good pace.")
        self.read_aloud = QCheckBox("Read each question aloud")
        self.read_aloud.setChecked(settings.read_question_aloud)
        self.read_aloud.setAccessibleName("Read each question aloud")
        input_items = [("", "System default")] + [
            (d.name, input_label(d.name)) for d in inputs or []
        ]
        self.microphone = _combo("Microphone", input_items, settings.input_device)
        self.test_button = QPushButton("Test microphone")
        self.test_button.setCheckable(True)
        self.test_button.setAccessibleName("Test microphone")
        self.test_button.setEnabled(make_test_recorder is not None)
        self.test_meter = LevelMeter()
        self.test_meter.setAccessibleName("Microphone test level")
        self.test_status = QLabel()
        self.test_status.setWordWrap(True)
        self.model = _combo("Speech model", MODELS, settings.model)
        self.model.setEditable(True)
        self.browse = QPushButton("Folder…")
        self.browse.setAccessibleName("Choose a model folder")
        self.device = _combo(
            "Compute device",
            [("auto", "Automatic"), ("cpu", "CPU"), ("cuda", "GPU (CUDA)")],
            settings.device,
        )
        self.target = QSpinBox()
        self.target.setRange(15, 600)
        self.target.setSuffix(" s")
        self.target.setValue(settings.default_target_s)
        self.target.setAccessibleName("Target for questions without one")
        self.target.setToolTip(
            "Answer length aimed for when a question sets no target of its "
            "own; the shipped and imported questions each have one."
        )
        self.fillers = QLineEdit(", ".join(settings.fillers))
        self.fillers.setCursorPosition(0)  # show the list from its start, not its tail
        self.fillers.setAccessibleName("Filler words")
        self.fillers.setToolTip("Comma-separated words and phrases counted as fillers")
        self.hide_text = QCheckBox("Hide question text (interview mode)")
        self.hide_text.setChecked(settings.hide_question_text)
        self.hide_text.setAccessibleName("Hide question text")
        self.theme = _combo(
            "Theme",
            [("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")],
            settings.theme,
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

        mic_row = QHBoxLayout()
        mic_row.addWidget(self.microphone, 1)
        mic_row.addWidget(self.test_button)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.browse)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.preview_button)
        form = QFormLayout(self)
        form.addRow("Voice", voice_row)
        form.addRow("Question rate", self.rate)
        form.addRow("Model answer pace", self.answer_rate)
        form.addRow("", self.read_aloud)
        form.addRow("Microphone", mic_row)
        form.addRow("Level", self.test_meter)
        form.addRow("", self.test_status)
        form.addRow("Speech model", model_row)
        form.addRow("Compute device", self.device)
        form.addRow("Target when unset", self.target)
        form.addRow("Fillers", self.fillers)
        form.addRow("", self.hide_text)
        form.addRow("Theme", self.theme)
        form.addRow(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._browse)
        self.preview_button.clicked.connect(self._preview_voice)
        self.test_button.toggled.connect(self._toggle_test)
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(33)
        self._meter_timer.timeout.connect(self._poll_test)

    def _preview_voice(self) -> None:
        if self._preview is not None:
            self._preview(self.voice.currentData() or "", self.answer_rate.value())

    def result_settings(self) -> Settings:
        """A copy of the settings with the dialog's values."""
        fillers = [f.strip().lower() for f in self.fillers.text().split(",") if f.strip()]
        model = (
            self.model.currentData()
            if self.model.currentText() == self.model.itemText(self.model.currentIndex())
            else self.model.currentText().strip()
        )
        return dataclasses.replace(
            self.original,
            voice=self.voice.currentData() or "",
            speech_rate_wpm=self.rate.value(),
            model_answer_wpm=self.answer_rate.value(),
            read_question_aloud=self.read_aloud.isChecked(),
            input_device=self.microphone.currentData() or "",
            model=model or "bundled",
            device=self.device.currentData(),
            default_target_s=self.target.value(),
            fillers=fillers or list(self.original.fillers),
            hide_question_text=self.hide_text.isChecked(),
            theme=self.theme.currentData(),
        )

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a CTranslate2 model folder")
        if folder:
            self.model.addItem(folder, folder)
            self.model.setCurrentIndex(self.model.count() - 1)

    def _toggle_test(self, on: bool) -> None:
        if not on:
            self._stop_test()
            return
        self._test_token += 1
        token, make = self._test_token, self._make_test_recorder
        device, path = self.microphone.currentData(), self._test_path
        self.test_status.setText("Opening the microphone…")

        def open_stream():
            recorder = make(device)
            recorder.start(path)
            return recorder

        self.jobs.submit(
            open_stream,
            lambda rec: self._test_started(token, rec),
            lambda message: self._test_refused(token, message),
        )

    def _test_started(self, token: int, recorder) -> None:
        if token != self._test_token:  # stopped (or closed) while it was opening
            self.jobs.submit(recorder.stop)
            return
        self._test_recorder = recorder
        self.test_status.setText("Speak: the bar should move.")
        self._meter_timer.start()

    def _test_refused(self, token: int, message: str) -> None:
        if token != self._test_token:
            return
        self.test_status.setText(f"No input: {message}")
        self.test_button.setChecked(False)

    def _poll_test(self) -> None:
        if self._test_recorder is not None:
            self.test_meter.set_level(self._test_recorder.level)

    def _stop_test(self) -> None:
        self._test_token += 1  # a stream still opening is closed as soon as it opens
        self._meter_timer.stop()
        recorder, self._test_recorder = self._test_recorder, None
        if recorder is not None and recorder.is_recording:
            self.jobs.submit(recorder.stop)
        self.test_meter.set_level(0.0)
        if not self.test_status.text().startswith("No input"):
            self.test_status.setText("")

    def reject(self) -> None:
        """Escape or Cancel: with changes made, asks first (Escape meant for an open list was
        closing the dialog and losing them)."""
        if self.result_settings() != self.original and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "Close the settings without saving your changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def done(self, result: int) -> None:
        self._stop_test()
        super().done(result)
