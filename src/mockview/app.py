"""The composition root: builds settings, storage and engines once and hands them to the window.

Nothing heavy happens at import: Qt, the engines and the model are imported inside run_app(),
and the model loads on its own thread after the window is shown.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockview.core.settings import Settings
    from mockview.engines.base import InputDevice, Recorder, Speaker, Transcriber
    from mockview.engines.live import LiveTranscription
    from mockview.ui.context import AppContext
    from mockview.ui.main_window import MainWindow
    from mockview.ui.workers.transcription_worker import TranscriptionService

log = logging.getLogger(__name__)


def build_context(settings: Settings) -> AppContext:
    """Store, banks and engines. Every failure becomes a message, never an exception."""
    from mockview.core import paths
    from mockview.core.bank.discovery import find_banks
    from mockview.ui.context import AppContext

    errors: dict[str, str] = {}
    history = None
    try:
        from mockview.core.history.service import HistoryService

        history = HistoryService.open()
    except Exception as exc:  # noqa: BLE001 - HistoryError, or a folder we cannot write
        errors["history"] = f"The practice history could not be opened: {exc}"
    scan = find_banks()
    speaker: Speaker | None = None
    player = recorder = None
    try:
        from mockview.engines.tts import Pyttsx3Speaker

        espeak = Pyttsx3Speaker(paths.cache_dir())
    except Exception as exc:  # noqa: BLE001 - pyttsx3 or its driver missing
        errors["speech"] = f"Questions cannot be read aloud: {exc}"
    else:
        from mockview.engines import piper_tts

        # The optional natural voice (mockview[natural-voice]) in front when installed.
        speaker = piper_tts.with_natural_voice(espeak, paths.cache_dir())
        warm = getattr(speaker, "warm", None)
        if settings.voice == piper_tts.VOICE_ID and warm is not None:
            warm()
    try:
        from mockview.engines.player import SoundDevicePlayer

        player = SoundDevicePlayer()
    except Exception as exc:  # noqa: BLE001
        errors["playback"] = f"Nothing to play sound on: {exc}"
    try:
        recorder = make_recorder(settings)
    except Exception as exc:  # noqa: BLE001
        errors["microphone"] = str(exc)

    return AppContext(
        settings=settings,
        settings_path=paths.settings_path(),
        history=history,
        banks=scan.banks,
        bank_errors=[str(e) for e in scan.errors],
        speaker=speaker,
        player=player,
        recorder=recorder,
        make_transcriber=make_transcriber,
        make_live=make_live,
        make_recorder=make_recorder,
        list_inputs=list_inputs,
        engine_errors=errors,
        data_dir=paths.data_dir(),
    )


def make_transcriber(settings: Settings) -> Transcriber:
    """The one place a transcriber is built from settings (the app and the CLI)."""
    from mockview.engines.transcriber import WhisperTranscriber

    return WhisperTranscriber(
        settings.model, settings.device, settings.cpu_threads, settings.allow_model_download
    )


def make_recorder(settings: Settings) -> Recorder:
    from mockview.engines.recorder import SoundDeviceRecorder

    return SoundDeviceRecorder(settings.input_device or None)


def make_live(
    transcriber: Transcriber, terms: Sequence[str], on_update: Callable[[str], None]
) -> LiveTranscription:
    from mockview.engines.live import LiveTranscription

    return LiveTranscription(transcriber, terms, on_update, keep_audio=True)


def list_inputs() -> list[InputDevice]:
    from mockview.engines.recorder import list_input_devices

    return list_input_devices()


def check_microphone() -> str:
    """ "" when an input device exists, else the message to show (runs off the UI thread)."""
    try:
        devices = list_inputs()
    except Exception as exc:  # noqa: BLE001 - NoInputDeviceError, PortAudio missing
        return str(exc)
    if not devices:
        from mockview.engines.recorder import NO_MIC_MESSAGE

        return NO_MIC_MESSAGE
    return ""


def assemble_window(ctx: AppContext, transcription: TranscriptionService) -> MainWindow:
    """The window with its session and controllers: the one place they are built and wired.

    A QApplication must exist. The model is not loaded here (see build_window).
    """
    from mockview.session.pipeline import coaching_of
    from mockview.session.practice import PracticeSession
    from mockview.session.threads import ThreadRunner
    from mockview.ui.controllers.banks_controller import BanksController
    from mockview.ui.controllers.history_controller import HistoryController
    from mockview.ui.controllers.playback import PlaybackController
    from mockview.ui.controllers.practice_controller import PracticeController
    from mockview.ui.controllers.recovery import RecoveryController
    from mockview.ui.controllers.results_controller import ResultsController
    from mockview.ui.controllers.settings_controller import SettingsController
    from mockview.ui.main_window import Controllers, MainWindow
    from mockview.ui.settings_dialog import PREVIEW_TEXT
    from mockview.ui.workers.jobs import JobRunner

    window = MainWindow(ctx)
    jobs = JobRunner(parent=window)
    session_jobs = ThreadRunner(transcription.post)
    coaching = coaching_of(ctx.settings)
    session = PracticeSession(
        history=ctx.history,
        recorder=ctx.recorder,
        model=transcription.worker,
        jobs=session_jobs,
        post=transcription.post,
        make_live=ctx.make_live,
        coaching=coaching,
        no_recorder_message=ctx.engine_errors.get("microphone", "No microphone is available."),
    )
    playback = PlaybackController(ctx.player, ctx.speaker, window)
    results = ResultsController(
        ctx.history, ctx.settings, session, window.results_view, playback, jobs, window
    )
    practice = PracticeController(
        session, ctx.history, ctx.settings, window.practice_view, results, playback,
        transcription, jobs, window,
    )  # fmt: skip
    window.attach(
        Controllers(
            session=session,
            transcription=transcription,
            jobs=jobs,
            session_jobs=session_jobs,
            playback=playback,
            results=results,
            practice=practice,
            history=HistoryController(ctx.history, window.history_view, jobs, window),
            recovery=RecoveryController(
                ctx.history, ctx.banks, coaching, transcription, jobs, window
            ),
            settings=SettingsController(
                ctx,
                session,
                jobs,
                window,
                preview=lambda voice, wpm: playback.speak(PREVIEW_TEXT, voice, wpm, "preview"),
            ),
            banks=BanksController(
                ctx, window.picker, jobs, window, busy=lambda: session.is_recording
            ),
        )
    )
    return window


def build_window(
    settings: Settings | None = None, settings_notice: str = ""
) -> tuple[MainWindow, AppContext]:
    """The window with its services, as `mockview` shows it; the model loads once it is shown.

    `settings_notice` says what in the settings file could not be used (a banner). A
    QApplication must exist.
    """
    from PySide6.QtCore import QTimer

    from mockview.core import paths
    from mockview.core.settings import Settings
    from mockview.ui.workers.transcription_worker import TranscriptionService

    if settings is None:
        settings = Settings.load(paths.settings_path())
    ctx = build_context(settings)
    transcription = TranscriptionService()
    window = assemble_window(ctx, transcription)
    transcription.setParent(window)

    def after_shown() -> None:
        if settings_notice:
            window.banners.show_message(
                "settings",
                settings_notice,
                "warning",
                "Open settings folder",
                lambda: _open_folder(paths.settings_path().parent),
            )
        try:
            transcription.load(make_transcriber(settings))
        except Exception as exc:  # noqa: BLE001 - e.g. a bad model setting
            window.banners.show_message(
                "model", f"The speech model could not be set up: {exc}", "error"
            )
        window.start_background_work()
        if ctx.recorder is not None:
            window.jobs.submit(check_microphone, show_microphone_problem)

    def show_microphone_problem(message: str) -> None:
        if message:
            window.banners.show_message("microphone", message, "error")

    QTimer.singleShot(0, after_shown)
    return window, ctx


def _open_folder(folder: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from mockview.core import paths
    from mockview.core.settings import load_settings
    from mockview.ui import theme
    from mockview.ui.single_instance import SingleInstance

    logging.basicConfig(level=logging.WARNING)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(list(argv if argv is not None else sys.argv))
    )
    app.setApplicationName("MockView")
    app.setDesktopFileName("io.github.mockview.MockView")  # the window matches its menu entry
    icon = paths.assets_dir() / "mockview.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    instance = SingleInstance(paths.data_dir())
    if not instance.acquire():
        if instance.ask_holder_to_show():
            return 0
        tell_already_running(
            f"MockView is already open with the data folder {paths.data_dir()} "
            f"({instance.holder()}), but it is not responding. Two windows on one folder would "
            "take each other's recordings for crashed ones; close the other MockView, or start "
            "this one with another folder (MOCKVIEW_DATA_DIR)."
        )
        return 1
    loaded = load_settings(paths.settings_path())
    theme.apply_theme(app, loaded.settings.theme)
    window, ctx = build_window(loaded.settings, loaded.notice())
    instance.show_requested.connect(lambda: _bring_forward(window))
    instance.listen()
    window.show()
    code = app.exec()
    if ctx.history is not None:
        ctx.history.close()
    instance.release()
    return int(code)


def tell_already_running(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    print(f"mockview: {message}", file=sys.stderr)
    QMessageBox.warning(None, "MockView is already open", message)


def _bring_forward(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
