"""UI test fixtures: a small bank, a scripted answer, fake engines, the real store and analysis."""

from __future__ import annotations

import threading

import pytest

from mockview.core.history.service import HistoryService
from mockview.core.settings import Settings
from mockview.ui.context import AppContext
from tests.support.answers import ANSWER, make_bank  # noqa: F401 - used by tests
from tests.ui.fakes import (
    FakePlayer,
    FakeRecorder,
    FakeSpeaker,
    FakeTranscriber,
    speech_like,
    words_from,
)


@pytest.fixture
def answer_transcript():
    return words_from(ANSWER)


@pytest.fixture
def make_ctx(tmp_path, answer_transcript):
    """Builds an AppContext of fakes; keyword arguments replace its parts."""
    made: list[AppContext] = []

    def build(**overrides) -> AppContext:
        settings = Settings(welcome_shown=True, read_question_aloud=True)
        cache = tmp_path / "cache"
        cache.mkdir(exist_ok=True)
        history = HistoryService.open(tmp_path / "data")
        values = dict(
            settings=settings,
            settings_path=tmp_path / "config" / "settings.toml",
            history=history,
            banks=[make_bank()],
            bank_errors=[],
            speaker=FakeSpeaker(cache),
            player=FakePlayer(),
            recorder=FakeRecorder(audio=speech_like(answer_transcript)),
            make_transcriber=lambda s: FakeTranscriber(answer_transcript),
            make_live=None,
            make_recorder=lambda s: FakeRecorder(),
            list_inputs=lambda: [],
            engine_errors={},
            data_dir=tmp_path / "data",
        )
        values.update(overrides)
        ctx = AppContext(**values)
        made.append(ctx)
        return ctx

    yield build
    for ctx in made:
        if ctx.history is not None:
            ctx.history.close()


@pytest.fixture
def open_window(qtbot, make_ctx, answer_transcript):
    """Opens the main window; returns (window, ctx, transcriber). Closed at the end."""
    from mockview.app import assemble_window
    from mockview.ui.workers.transcription_worker import TranscriptionService

    windows = []

    def open_(transcriber=None, load=True, **overrides):
        ctx = make_ctx(**overrides)
        transcriber = transcriber or FakeTranscriber(answer_transcript)
        service = TranscriptionService()
        window = assemble_window(ctx, service)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts need an active window
        windows.append((window, transcriber))
        if load:
            with qtbot.waitSignal(service.loaded, timeout=5000):
                service.load(transcriber)
        return window, ctx, transcriber

    yield open_
    for window, transcriber in windows:
        if transcriber.gate is not None:
            transcriber.gate.set()
        window.close()


@pytest.fixture
def gate():
    event = threading.Event()
    yield event
    event.set()
