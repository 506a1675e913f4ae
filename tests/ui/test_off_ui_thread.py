"""Disk, store and sound-stream work stays off the UI thread; discarded answers free live text."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from mockview.core.feedback.coverage import idf_for_bank
from mockview.core.history import records
from mockview.core.settings import Settings
from mockview.session.questions import with_target
from tests.ui.conftest import make_bank
from tests.ui.fakes import FakeRecorder
from tests.ui.test_history import GOOD, WEAK, _store


def _on_ui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class FakeLive:
    """Stands in for LiveTranscription: counts cancel() and finish()."""

    def __init__(self, transcript) -> None:
        self.transcript, self.cancelled, self.finished, self.text = transcript, 0, 0, ""

    def feed(self, block, rate) -> None:
        pass

    def cancel(self) -> None:
        self.cancelled += 1

    def finish(self, timeout_s: float = 120.0, cancel=None):
        self.finished += 1
        return self.transcript

    def audio(self):
        return None

    def voice(self):
        return None


def test_opening_from_history_reads_store_and_lazy_fields_in_a_job(qtbot, open_window, monkeypatch):
    window, ctx, _ = open_window()
    q1 = make_bank().questions[0]
    best, latest = _store(ctx, q1, GOOD), _store(ctx, q1, WEAK)
    reads: list[bool] = []  # True for each store read made on the UI thread
    get = ctx.history.get
    monkeypatch.setattr(ctx.history, "get", lambda i: (reads.append(_on_ui_thread()), get(i))[1])
    init = records.Deferred.__init__

    def deferred_init(self, load):
        init(self, lambda: (reads.append(_on_ui_thread()), load())[1])

    monkeypatch.setattr(records.Deferred, "__init__", deferred_init)
    window.history.show(window.practice.bank, q1)
    view = window.history_view
    qtbot.waitUntil(lambda: view.attempts.rowCount() == 2, timeout=5000)
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.mouseClick(view.open_best, Qt.MouseButton.LeftButton)
    assert window.practice.attempt.id == best.id != latest.id
    assert reads and not any(reads)
    assert window.results_view.transcript.filler_count == 0


def test_failed_attempt_store_and_length_read_in_a_job(
    qtbot, open_window, answer_transcript, monkeypatch
):
    from mockview.session import practice as session_practice

    window, ctx, transcriber = open_window()
    transcriber.fail_transcribe = True
    threads: list[bool] = []
    length = session_practice.audio_duration_s
    monkeypatch.setattr(
        session_practice,
        "audio_duration_s",
        lambda p: (threads.append(_on_ui_thread()), length(p))[1],
    )
    fail = ctx.history.fail_attempt
    monkeypatch.setattr(
        ctx.history, "fail_attempt", lambda *a: (threads.append(_on_ui_thread()), fail(*a))[1]
    )
    window.practice.start_recording()
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    with qtbot.waitSignal(window.practice.attempt_failed, timeout=5000):
        window.practice.stop_recording()
    assert threads == [False, False]
    assert window.results_view.replay.duration_s > 5.5  # the 6 s recording's length, shown


def test_refused_recording_cancels_its_live_transcription(qtbot, open_window, answer_transcript):
    lives: list[FakeLive] = []

    def make_live(transcriber, terms, on_update):
        lives.append(FakeLive(answer_transcript))
        return lives[-1]

    window, _, _ = open_window(recorder=FakeRecorder(fail=True), make_live=make_live)
    window.practice.start_recording()
    qtbot.waitUntil(lambda: "No microphone" in window.banners.text("microphone"), timeout=5000)
    assert [live.cancelled for live in lives] == [1]
    assert window.session._recording is None and window.session.state.value == "idle"


def test_closing_while_recording_cancels_live_and_keeps_audio(
    qtbot, open_window, answer_transcript
):
    lives: list[FakeLive] = []

    def make_live(transcriber, terms, on_update):
        lives.append(FakeLive(answer_transcript))
        return lives[-1]

    window, ctx, _ = open_window(make_live=make_live)
    window.practice.start_recording()
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    window.close()
    assert lives[0].cancelled == 1 and lives[0].finished == 0
    assert not ctx.recorder.is_recording and ctx.recorder.path.exists()


def test_a_finished_answer_is_analysed_with_the_banks_weights(qtbot, open_window, monkeypatch):
    calls: list[dict] = []
    from mockview.session import pipeline

    analyze = pipeline.analyze

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return analyze(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", spy)
    window, _, _ = open_window()
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        window.practice.start_recording()
        qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
        window.practice.stop_recording()
    assert calls[-1]["idf"] == idf_for_bank(window.practice.bank)
    assert calls[-1]["idf"]  # a real table of weights, not an empty one


def test_microphone_test_opens_and_closes_its_stream_off_the_ui_thread(qtbot, open_window):
    seen: list[tuple[str, bool]] = []

    class ThreadNotingRecorder(FakeRecorder):
        def start(self, path, on_block=None):
            seen.append(("start", _on_ui_thread()))
            super().start(path, on_block)

        def stop(self):
            seen.append(("stop", _on_ui_thread()))
            return super().stop()

    recorders: list[FakeRecorder] = []
    window, _, _ = open_window(
        make_recorder=lambda s: recorders.append(ThreadNotingRecorder()) or recorders[-1]
    )
    with qtbot.waitSignal(window.settings.dialog_opened, timeout=5000) as opened:
        window.settings_action.trigger()
    dialog = opened.args[0]
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_meter.value() > 0, timeout=2000)
    dialog.reject()
    qtbot.waitUntil(lambda: not recorders[0].is_recording, timeout=2000)
    assert seen == [("start", False), ("stop", False)]


def test_default_target_applies_only_to_questions_without_one():
    settings = Settings(default_target_s=75)
    bank = make_bank()
    assert (
        with_target(bank.questions[0], settings.default_target_s).target_s == 60
    )  # its own target wins
    untimed = bank.questions[0].__class__(**{**bank.questions[0].__dict__, "target_s": 0})
    assert with_target(untimed, settings.default_target_s).target_s == 75


def test_weakest_first_order_reads_the_store_in_a_job(qtbot, open_window, monkeypatch):
    window, ctx, _ = open_window()
    threads: list[bool] = []
    weakest = ctx.history.weakest_first
    monkeypatch.setattr(
        ctx.history, "weakest_first", lambda *a: (threads.append(_on_ui_thread()), weakest(*a))[1]
    )
    window.picker.order_box.setCurrentIndex(window.picker.order_box.findData("weakest"))
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == [False]
