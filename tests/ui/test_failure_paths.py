"""The practice loop's failure paths through the real window: none sticks, none aborts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.fakes import FakeRecorder

ROOT = Path(__file__).resolve().parents[2]


def test_a_failing_stop_leaves_record_usable(qtbot, open_window):
    window, ctx, _ = open_window()
    view = window.practice_view
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    ctx.recorder.stop_error = OSError("device unavailable")
    with qtbot.waitSignal(window.practice.attempt_failed, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.practice.state.value == "idle"
    assert view.record_button.isEnabled()
    assert "device unavailable" in window.results_view.message.text()
    assert window.results_view.retry_button.isVisibleTo(window.results_view)
    ctx.recorder.stop_error = None
    qtbot.keyClick(window, Qt.Key.Key_Space)  # Record works again
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)


def test_changing_the_microphone_while_recording_stops_the_one_in_use(qtbot, open_window):
    made: list[FakeRecorder] = []
    window, ctx, _ = open_window(make_recorder=lambda s: made.append(FakeRecorder()) or made[-1])
    old = ctx.recorder
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    import dataclasses

    window.settings.apply(dataclasses.replace(ctx.settings, input_device="USB headset"))
    assert "next answer" in window.banners.text("settings")
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert old.stopped == 1 and not old.is_recording
    assert window.practice.state.value == "idle"
    assert made and made[0].path is None  # never started under the old recording
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the next answer uses the new microphone
    qtbot.waitUntil(lambda: made[0].is_recording, timeout=5000)


QUIT_WHILE_TRANSCRIBING = textwrap.dedent(
    """
    import sys, tempfile, threading
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from mockview.app import assemble_window
    from mockview.core.history.service import HistoryService
    from mockview.core.settings import Settings
    from mockview.ui.context import AppContext
    from mockview.ui.workers.transcription_worker import TranscriptionService
    from tests.support.answers import ANSWER, make_bank
    from tests.ui.fakes import FakeRecorder, FakeTranscriber, speech_like, words_from

    data = Path(sys.argv[1])
    app = QApplication([])
    transcript = words_from(ANSWER)
    transcriber = FakeTranscriber(transcript)
    transcriber.hold = threading.Event()  # a transcription that only cancelling ends
    ctx = AppContext(
        settings=Settings(welcome_shown=True, read_question_aloud=False),
        settings_path=data / "settings.toml", history=HistoryService.open(data),
        banks=[make_bank()], bank_errors=[], speaker=None, player=None,
        recorder=FakeRecorder(audio=speech_like(transcript)),
        make_transcriber=lambda s: transcriber, data_dir=data,
    )
    service = TranscriptionService()
    window = assemble_window(ctx, service)
    window.show()
    service.load(transcriber)

    def step():
        state = window.practice.state.value
        if state == "idle" and not window.session.busy and service.is_ready:
            window.practice.start_recording()
        elif state == "recording":
            window.practice.stop_recording()
        elif state == "processing" and transcriber.calls:
            print("QUITTING", flush=True)
            window.close()
            app.quit()
            return
        QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    code = app.exec()
    ctx.history.close()
    print("EXIT", code, flush=True)
    """
)


def test_quitting_during_a_long_transcription_exits_cleanly(tmp_path):
    script = tmp_path / "quit_while_transcribing.py"
    script.write_text(QUIT_WHILE_TRANSCRIBING)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "QUITTING" in proc.stdout and "EXIT 0" in proc.stdout
    assert "Destroyed while thread" not in proc.stderr
    assert elapsed < 20
    # The answer is recoverable at the next start.
    from mockview.core.history.service import HistoryService

    with HistoryService.open(tmp_path / "data") as history:
        pending = history.pending_recovery()
        assert [a.state for a in pending] == ["transcribing"]
        assert pending[0].audio_path.stat().st_size > 100_000
