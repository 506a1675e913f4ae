"""The composition root: builds settings, storage and engines once and hands them to the window.

Nothing heavy happens at import: Qt, the engines and the model are imported inside run_app(),
and the model loads on its own thread after the window is shown.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)


def build_context(settings):
    """Store, banks and engines. Every failure becomes a message, never an exception."""
    from mockview.core import paths
    from mockview.core.bank.discovery import find_banks
    from mockview.core.feedback import analyze
    from mockview.engines.audio_files import load_audio_16k
    from mockview.ui.context import AppContext

    errors: dict[str, str] = {}
    history = None
    try:
        from mockview.core.history.service import HistoryService

        history = HistoryService.open()
    except Exception as exc:  # noqa: BLE001 - HistoryError, or a folder we cannot write
        errors["history"] = f"The practice history could not be opened: {exc}"
    scan = find_banks()
    speaker = player = recorder = None
    try:
        from mockview.engines.tts import Pyttsx3Speaker

        speaker = Pyttsx3Speaker(paths.cache_dir())
    except Exception as exc:  # noqa: BLE001 - pyttsx3 or its driver missing
        errors["speech"] = f"Questions cannot be read aloud: {exc}"
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
        analyze=analyze,
        load_audio=load_audio_16k,
        make_live=make_live,
        make_recorder=make_recorder,
        list_inputs=list_inputs,
        engine_errors=errors,
        data_dir=paths.data_dir(),
    )


def make_transcriber(settings):
    from mockview.engines.transcriber import WhisperTranscriber

    return WhisperTranscriber(
        settings.model, settings.device, settings.cpu_threads, settings.allow_model_download
    )


def make_recorder(settings):
    from mockview.engines.recorder import SoundDeviceRecorder

    return SoundDeviceRecorder(settings.input_device or None)


def make_live(transcriber, terms, on_update):
    from mockview.engines.live import LiveTranscription

    return LiveTranscription(transcriber, terms, on_update)


def list_inputs():
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


def build_window(settings=None):
    """The window with its services, as `mockview` shows it; the model loads once it is shown.

    Returns (window, ctx). A QApplication must exist.
    """
    from PySide6.QtCore import QTimer

    from mockview.core import paths
    from mockview.core.settings import Settings
    from mockview.ui.main_window import MainWindow
    from mockview.ui.workers.transcription_worker import TranscriptionService

    if settings is None:
        settings = Settings.load(paths.settings_path())
    ctx = build_context(settings)
    transcription = TranscriptionService()
    window = MainWindow(ctx, transcription)

    def after_shown() -> None:
        try:
            transcription.load(make_transcriber(settings))
        except Exception as exc:  # noqa: BLE001 - e.g. a bad model setting
            window.banners.show_message(
                "model", f"The speech model could not be set up: {exc}", "error"
            )
        window.start_background_work()
        if ctx.recorder is not None:
            window.jobs.submit(
                check_microphone,
                lambda message: (
                    message and window.banners.show_message("microphone", message, "error")
                ),
            )

    QTimer.singleShot(0, after_shown)
    return window, ctx


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from mockview.core import paths
    from mockview.core.settings import Settings
    from mockview.ui import theme

    logging.basicConfig(level=logging.WARNING)
    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    app.setApplicationName("MockView")
    icon = paths.assets_dir() / "mockview.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    settings = Settings.load(paths.settings_path())
    theme.apply_theme(app, settings.theme)
    window, ctx = build_window(settings)
    window.show()
    code = app.exec()
    if ctx.history is not None:
        ctx.history.close()
    return int(code)
