"""A PracticeSession with fake engines, the real store and analysis, and a drained event queue."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

import pytest

from mockview.core.history.service import HistoryService
from mockview.session.events import Failure, SessionEvents
from mockview.session.practice import PracticeSession
from mockview.session.states import State
from mockview.session.threads import ModelWorker, ThreadRunner
from tests.support.answers import ANSWER, make_bank
from tests.ui.fakes import FakeRecorder, FakeTranscriber, speech_like, words_from


class Loop:
    """The owner thread of a test: callbacks posted from workers run when the test drains."""

    def __init__(self) -> None:
        self.calls: queue.Queue[Callable[[], None]] = queue.Queue()
        self.owner = threading.current_thread()

    def post(self, callback: Callable[[], None]) -> None:
        self.calls.put(callback)

    def until(self, condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting")
            try:
                self.calls.get(timeout=0.02)()
            except queue.Empty:
                pass


class Recorded(SessionEvents):
    def __init__(self) -> None:
        self.states: list[State] = []
        self.processed_ids: list[tuple[str, bool]] = []
        self.failures: list[tuple[Failure, bool]] = []
        self.messages: dict[str, str] = {}
        self.live: list[str] = []
        self.threads: set[str] = set()

    def _seen(self) -> None:
        self.threads.add(threading.current_thread().name)

    def state_changed(self, old: State, new: State) -> None:
        self._seen()
        self.states.append(new)

    def live_text(self, text: str) -> None:
        self._seen()
        self.live.append(text)

    def processed(self, attempt, question, behind: bool) -> None:
        self._seen()
        self.processed_ids.append((attempt.id, behind))

    def failed(self, failure: Failure, behind: bool) -> None:
        self._seen()
        self.failures.append((failure, behind))

    def message(self, key: str, text: str, kind: str) -> None:
        self._seen()
        self.messages[key] = text


class Rig:
    def __init__(self, tmp_path, transcriber=None, recorder=None, make_live=None) -> None:
        self.loop = Loop()
        self.bank = make_bank()
        self.question = self.bank.questions[0]
        self.transcript = words_from(ANSWER)
        self.history = HistoryService.open(tmp_path / "data")
        self.recorder = recorder or FakeRecorder(audio=speech_like(self.transcript))
        self.transcriber = transcriber or FakeTranscriber(self.transcript)
        self.model = ModelWorker(self.loop.post)
        self.jobs = ThreadRunner(self.loop.post)
        self.events = Recorded()
        self.session = PracticeSession(
            history=self.history, recorder=self.recorder, model=self.model, jobs=self.jobs,
            post=self.loop.post, events=self.events, make_live=make_live,
        )  # fmt: skip

    def load(self) -> None:
        self.model.load(self.transcriber)
        self.loop.until(lambda: self.model.is_ready or self.model.error != "")

    def record(self) -> None:
        self.session.start(self.bank, self.question)
        self.loop.until(lambda: self.session.state is not State.STARTING)

    def close(self) -> None:
        self.session.shutdown()
        self.model.shutdown(2.0)
        self.jobs.shutdown()
        self.history.close()


@pytest.fixture
def rig(tmp_path):
    made: list[Rig] = []

    def build(**kwargs) -> Rig:
        made.append(Rig(tmp_path, **kwargs))
        return made[-1]

    yield build
    for r in made:
        if r.transcriber.gate is not None:
            r.transcriber.gate.set()
        if r.transcriber.hold is not None:
            r.transcriber.hold.set()
        r.close()
