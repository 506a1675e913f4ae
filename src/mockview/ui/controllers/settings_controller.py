"""Opens the settings dialog and applies what changed without a restart where possible."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from mockview.core import paths
from mockview.core.settings import Settings
from mockview.engines.base import InputDevice, Recorder, Voice
from mockview.session.pipeline import coaching_of
from mockview.session.practice import PracticeSession
from mockview.ui import theme
from mockview.ui.context import AppContext
from mockview.ui.settings_dialog import SettingsDialog
from mockview.ui.workers.jobs import JobRunner

log = logging.getLogger(__name__)


class SettingsController(QObject):
    message = Signal(str, str, str)  # banner key, text, kind
    applied = Signal()
    dialog_opened = Signal(object)  # the SettingsDialog

    def __init__(
        self,
        ctx: AppContext,
        session: PracticeSession,
        jobs: JobRunner,
        parent: QObject | None = None,
        preview: Callable[[str, int], None] | None = None,
    ) -> None:
        """`preview(voice, words a minute)` reads a sample aloud for the voice list's Preview."""
        super().__init__(parent)
        self.ctx, self.session, self.jobs = ctx, session, jobs
        self.preview = preview
        self.dialog: SettingsDialog | None = None

    def open_dialog(self, parent: QWidget | None = None) -> None:
        """Lists voices and microphones off the UI thread, then shows the dialog."""
        ctx = self.ctx

        def gather() -> tuple[list, list]:
            voices, inputs = [], []
            try:
                voices = ctx.speaker.voices() if ctx.speaker is not None else []
            except Exception as exc:  # noqa: BLE001 - no voices: the default is still offered
                log.warning("no voice list: %s", exc)
            try:
                inputs = ctx.list_inputs() if ctx.list_inputs is not None else []
            except Exception as exc:  # noqa: BLE001
                log.warning("no input list: %s", exc)
            return voices, inputs

        self.jobs.submit(gather, lambda found: self._show(parent, *found))

    def _show(self, parent: QWidget | None, voices: list[Voice], inputs: list[InputDevice]) -> None:
        make: Callable[[str], Recorder] | None = None
        make_recorder = self.ctx.make_recorder
        if make_recorder is not None:
            settings = self.ctx.settings

            def make(device: str) -> Recorder:
                return make_recorder(dataclasses.replace(settings, input_device=device))

        self.dialog = SettingsDialog(
            self.ctx.settings,
            voices,
            inputs,
            make,
            paths.cache_dir() / "microphone-test.wav",
            parent,
            jobs=self.jobs,
            preview=self.preview,
        )
        self.dialog.accepted.connect(lambda: self.apply(self.dialog.result_settings()))
        self.dialog.open()
        self.dialog_opened.emit(self.dialog)

    def apply(self, new: Settings) -> None:
        ctx = self.ctx
        old = dataclasses.replace(ctx.settings)
        for f in dataclasses.fields(Settings):
            setattr(ctx.settings, f.name, getattr(new, f.name))
        app = QApplication.instance()
        if new.theme != old.theme and isinstance(app, QApplication):
            theme.apply_theme(app, new.theme)
        self.session.coaching = coaching_of(ctx.settings)
        warm = getattr(ctx.speaker, "warm", None)  # a voice with a model loads ahead of use
        if new.voice != old.voice and new.voice and warm is not None:
            warm()
        transcriber = recorder = None
        if (new.model, new.device) != (old.model, old.device):
            try:
                transcriber = ctx.make_transcriber(ctx.settings)
            except Exception as exc:  # noqa: BLE001 - a bad model name is the user's to fix
                self.message.emit("model", f"Could not use model {new.model!r}: {exc}", "error")
        if new.input_device != old.input_device and ctx.make_recorder is not None:
            try:
                recorder = ctx.make_recorder(ctx.settings)
                ctx.engine_errors.pop("microphone", None)
                self.message.emit("microphone", "", "")
            except Exception as exc:  # noqa: BLE001
                self.message.emit("microphone", f"Could not use that microphone: {exc}", "error")
        if (transcriber or recorder) and not self.session.change_settings(recorder, transcriber):
            # Never under a recording: the microphone in use finishes the answer first.
            self.message.emit(
                "settings",
                "The new microphone or model is used from the next answer on.",
                "info",
            )
        error = ctx.save_settings()
        self.message.emit("settings", error, "error") if error else None
        self.applied.emit()
