"""Background work for the session without Qt: a job runner and the one thread owning the model.

Results come back through `post(callback)`, which the owner supplies: the UI posts onto its
event loop (ui/workers/dispatch.py), tests onto a queue they drain. So every session method and
every callback runs on one thread, and the session needs no locks.

The model thread is a daemon Python thread, not a QThread: quitting while it decodes cancels
the work and waits a bounded time; if a decode still runs (a model load cannot be interrupted),
the process may exit around it instead of aborting as a running QThread's destructor does.
"""

from __future__ import annotations

import enum
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mockview.engines.base import Cancelled, CancelToken, ModelError, Transcriber

log = logging.getLogger(__name__)

T = TypeVar("T")
Post = Callable[[Callable[[], None]], None]  # runs a callback on the owner's thread
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


def _report(post: Post, callback: Callable[[Any], None] | None, value: Any) -> None:
    if callback is not None:
        post(lambda: callback(value))


class ThreadRunner:
    """One-off jobs (store writes, opening the microphone) on a small pool of threads."""

    def __init__(self, post: Post, workers: int = 4) -> None:
        self.post = post
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="mockview-job")

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_failed: Failed | None = None
    ) -> None:
        def run() -> None:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - every failure reaches the owner
                log.warning("background job failed: %s", exc, exc_info=True)
                _report(self.post, on_failed, exc)
                return
            _report(self.post, on_done, result)

        self._pool.submit(run)

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Lets running jobs finish (each is short) without blocking longer than needed."""
        self._pool.shutdown(wait=timeout_s > 0, cancel_futures=True)


class ModelState(enum.Enum):
    NONE = "none"
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass
class Ticket(Generic[T]):
    """A queued piece of model work; `cancel()` stops it between segments (Cancelled)."""

    id: int
    work: Callable[[Transcriber, CancelToken], T]
    on_done: Done | None = None
    on_failed: Failed | None = None
    token: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.token.set()

    @property
    def cancelled(self) -> bool:
        return self.token.is_set()


class ModelWorker:
    """Loads the speech model once, then runs work on it in order, one piece at a time.

    Work queued while the model loads waits for it: that is how an answer recorded before the
    model is ready still gets transcribed. `on_state(state)` is posted on every change.
    """

    def __init__(self, post: Post, on_state: Callable[[ModelState], None] | None = None) -> None:
        self.post = post
        self.on_state = on_state
        self.state = ModelState.NONE
        self.error = ""
        self.transcriber: Transcriber | None = None
        self._ids = itertools.count(1)
        self._queue: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._open: dict[int, Ticket[Any]] = {}
        self._current: Ticket[Any] | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="mockview-model", daemon=True)
        self._thread.start()

    @property
    def is_ready(self) -> bool:
        return self.state is ModelState.READY

    def load(self, transcriber: Transcriber) -> None:
        """Loads (or replaces) the model in the background; queued work then uses it."""
        self.transcriber = transcriber
        self._set_state(ModelState.LOADING, "")
        self._queue.put(("load", transcriber))

    def submit(
        self,
        work: Callable[[Transcriber, CancelToken], T],
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> Ticket[T]:
        """Queues `work(transcriber, cancel)`; `on_done(result)` or `on_failed(error)` follow."""
        ticket: Ticket[T] = Ticket(next(self._ids), work, on_done, on_failed)
        with self._lock:
            if self._closed:
                ticket.cancel()
            self._open[ticket.id] = ticket
        self._queue.put(("work", ticket))
        return ticket

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._open)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Cancels all work and stops the thread; True when it ended within `timeout_s`."""
        with self._lock:
            self._closed = True
            for ticket in self._open.values():
                ticket.cancel()
        self._queue.put(None)
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    # -- the model thread ------------------------------------------------------------------

    def _set_state(self, state: ModelState, error: str) -> None:
        self.state, self.error = state, error
        if self.on_state is not None:
            on_state = self.on_state
            self.post(lambda: on_state(state))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            kind, value = item
            if kind == "load":
                self._load(value)
            else:
                self._work(value)

    def _load(self, transcriber: Transcriber) -> None:
        if transcriber is not self.transcriber or self._closed:
            return  # replaced (or quitting) before its turn came
        try:
            transcriber.load()
        except Exception as exc:  # noqa: BLE001 - ModelError or anything else: a message
            log.warning("speech model failed to load: %s", exc, exc_info=True)
            if transcriber is self.transcriber:
                self._set_state(ModelState.FAILED, str(exc) or type(exc).__name__)
            return
        if transcriber is self.transcriber:
            self._set_state(ModelState.READY, "")

    def _work(self, ticket: Ticket[Any]) -> None:
        with self._lock:
            self._current = ticket
        try:
            if ticket.cancelled:
                raise Cancelled("Cancelled.")
            transcriber = self.transcriber
            if transcriber is None or not transcriber.is_loaded:
                reason = self.error or "no speech model is loaded"
                raise ModelError(f"The speech model is not available: {reason}")
            result = ticket.work(transcriber, ticket.token)
        except Exception as exc:  # noqa: BLE001 - every failure reaches the owner
            if not isinstance(exc, Cancelled):
                log.warning("model work failed: %s", exc, exc_info=True)
            _report(self.post, ticket.on_failed, exc)
        else:
            _report(self.post, ticket.on_done, result)
        finally:
            with self._lock:
                self._current = None
                self._open.pop(ticket.id, None)
