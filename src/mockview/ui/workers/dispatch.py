"""Hands callbacks from worker threads to the UI thread: the session's `post`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class UiPost(QObject):
    """`post(callback)` from any thread; `callback()` runs on the thread this object lives on."""

    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, callback: Callable[[], None]) -> None:
        self._call.emit(callback)

    @Slot(object)
    def _run(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception:  # a failing callback must not take the event loop down
            log.exception("callback on the UI thread failed")
