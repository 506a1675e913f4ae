"""One-off background jobs (speech synthesis, export, slow queries) on QThreadPool."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Signals live on a QObject because QRunnable is not one; they are delivered queued."""

    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs `fn()` on a pool thread; `done(result)` or `failed(message)` arrive on the UI thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message for the user
            log.warning("background job failed: %s", exc, exc_info=True)
            self.signals.failed.emit(str(exc) or type(exc).__name__)
            return
        self.signals.done.emit(result)


class JobRunner(QObject):
    """Starts jobs and keeps them alive until they report, so their signals are never lost."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Job] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> Job:
        job = Job(fn)
        self._running.add(job)
        job.signals.done.connect(lambda result: self._finish(job, on_done, result))
        job.signals.failed.connect(lambda message: self._finish(job, on_failed, message))
        self.pool.start(job)
        return job

    def _finish(self, job: Job, callback: Callable[[Any], None] | None, value: Any) -> None:
        self._running.discard(job)
        if callback is not None:
            callback(value)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """At shutdown only: lets running jobs finish before their objects are deleted."""
        return self.pool.waitForDone(timeout_ms)
