"""The UI's handle on the model thread (session.threads.ModelWorker), with Qt signals.

A request queued while the model is still loading waits for it, which is how Record works
before the model is ready: the audio is kept and transcribed as soon as the model has loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from mockview.engines.base import CancelToken, Transcriber
from mockview.session.threads import Done, Failed, ModelState, ModelWorker, Ticket
from mockview.ui.workers.dispatch import UiPost


class TranscriptionService(QObject):
    """Signals arrive on the UI thread."""

    loading = Signal()
    loaded = Signal(str, str)  # model name, device
    load_failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._post = UiPost(self)
        self.worker = ModelWorker(self._post.post, self._on_state)

    @property
    def post(self) -> Callable[[Callable[[], None]], None]:
        return self._post.post

    def load(self, transcriber: Transcriber) -> None:
        """Loads (or replaces) the model in the background."""
        self.worker.load(transcriber)
        self.loading.emit()

    def submit(
        self,
        work: Callable[[Transcriber, CancelToken], Any],
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> Ticket[Any]:
        """Queues `work(transcriber, cancel)`; the callbacks run on the UI thread."""
        return self.worker.submit(work, on_done, on_failed)

    @property
    def state(self) -> ModelState:
        return self.worker.state

    @property
    def is_ready(self) -> bool:
        return self.worker.is_ready

    @property
    def transcriber(self) -> Transcriber | None:
        return self.worker.transcriber

    @property
    def error(self) -> str:
        return self.worker.error

    @property
    def model_name(self) -> str:
        t = self.worker.transcriber
        return t.model_name if t is not None else ""

    @property
    def device(self) -> str:
        t = self.worker.transcriber
        return t.device if t is not None else ""

    def _on_state(self, state: ModelState) -> None:
        if state is ModelState.READY:
            self.loaded.emit(self.model_name, self.device)
        elif state is ModelState.FAILED:
            self.load_failed.emit(self.worker.error)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Cancels queued and running work and stops the thread within `timeout_s`; never
        aborts (the thread is a daemon: a model load that cannot be interrupted is left)."""
        return self.worker.shutdown(timeout_s)
