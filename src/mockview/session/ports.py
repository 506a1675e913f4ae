"""What the practice session needs from its surroundings: a job runner, the model thread, a way
to start live transcription. The app passes session.threads' classes and engines.live; tests
pass the same or simpler ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from mockview.engines.base import CancelToken, Transcriber
from mockview.session.threads import Done, Failed, ModelState, Ticket


class Jobs(Protocol):
    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_failed: Failed | None = None
    ) -> None: ...


class Model(Protocol):
    """The model thread (threads.ModelWorker) as the session uses it."""

    state: ModelState
    transcriber: Transcriber | None

    @property
    def is_ready(self) -> bool: ...

    def load(self, transcriber: Transcriber) -> None: ...

    def submit(
        self,
        work: Callable[[Transcriber, CancelToken], Any],
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> Ticket[Any]: ...


# (transcriber, terms, on_update) -> a live transcription fed by the recorder
MakeLive = Callable[[Transcriber, Sequence[str], Callable[[str], None]], Any]
