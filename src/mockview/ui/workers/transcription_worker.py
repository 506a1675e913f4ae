"""The one thread that owns the speech model: loads it once, then runs transcriptions in order.

A request queued while the model is still loading simply waits in this thread's event queue,
which is how Record works before the model is ready: the audio is kept and transcribed as soon
as the model has loaded.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

# A request gets the loaded transcriber and returns whatever its caller wants back.
Work = Callable[[Any], Any]


class _Worker(QObject):
    loaded = Signal(str, str)  # model name, device
    load_failed = Signal(str)
    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.transcriber: Any = None
        self.load_error = ""

    @Slot(object)
    def load(self, transcriber: Any) -> None:
        self.transcriber = transcriber
        self.load_error = ""
        try:
            transcriber.load()
        except Exception as exc:  # noqa: BLE001 - ModelError and anything else becomes a message
            log.warning("speech model failed to load: %s", exc, exc_info=True)
            self.load_error = str(exc) or type(exc).__name__
            self.load_failed.emit(self.load_error)
            return
        self.loaded.emit(str(transcriber.model_name), str(transcriber.device))

    @Slot(int, object)
    def run(self, request_id: int, work: Work) -> None:
        if self.transcriber is None or not self.transcriber.is_loaded:
            reason = self.load_error or "no speech model is loaded"
            self.failed.emit(request_id, f"The speech model is not available: {reason}")
            return
        try:
            result = work(self.transcriber)
        except Exception as exc:  # noqa: BLE001
            log.warning("transcription failed: %s", exc, exc_info=True)
            self.failed.emit(request_id, str(exc) or type(exc).__name__)
            return
        self.done.emit(request_id, result)


class TranscriptionService(QObject):
    """UI-thread handle on the model thread. Signals arrive on the UI thread."""

    loading = Signal()
    loaded = Signal(str, str)
    load_failed = Signal(str)
    done = Signal(int, object)
    failed = Signal(int, str)
    _load_requested = Signal(object)
    _run_requested = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("mockview-transcriber")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._load_requested.connect(self._worker.load)
        self._run_requested.connect(self._worker.run)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.load_failed.connect(self._on_load_failed)
        self._worker.done.connect(self.done)
        self._worker.failed.connect(self.failed)
        self._ids = itertools.count(1)
        self.state = "none"  # none | loading | ready | failed
        self.model_name = ""
        self.device = ""
        self.error = ""
        self.transcriber: Any = None
        self._thread.start()

    def load(self, transcriber: Any) -> None:
        """Loads (or replaces) the model in the background; the old one is dropped after."""
        self.transcriber = transcriber
        self.state = "loading"
        self.loading.emit()
        self._load_requested.emit(transcriber)

    def submit(self, work: Work) -> int:
        """Queues `work(transcriber)`; its result comes back with `done(id, result)`."""
        request_id = next(self._ids)
        self._run_requested.emit(request_id, work)
        return request_id

    @property
    def is_ready(self) -> bool:
        return self.state == "ready"

    def _on_loaded(self, name: str, device: str) -> None:
        self.state, self.model_name, self.device, self.error = "ready", name, device, ""
        self.loaded.emit(name, device)

    def _on_load_failed(self, message: str) -> None:
        self.state, self.error = "failed", message
        self.load_failed.emit(message)

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Lets the current request finish (a model load cannot be interrupted), then stops."""
        self._thread.quit()
        self._thread.wait(timeout_ms)
