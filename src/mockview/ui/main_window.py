"""The main window: banners, question picker, and the Practice / Results / History tabs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mockview.session.practice import PracticeSession
from mockview.session.threads import ModelState, ThreadRunner
from mockview.ui import shortcuts
from mockview.ui.banner import BannerArea
from mockview.ui.context import AppContext
from mockview.ui.controllers.banks_controller import BanksController
from mockview.ui.controllers.history_controller import HistoryController
from mockview.ui.controllers.playback import PlaybackController
from mockview.ui.controllers.practice_controller import PracticeController
from mockview.ui.controllers.recovery import RecoveryController
from mockview.ui.controllers.results_controller import ResultsController
from mockview.ui.controllers.settings_controller import SettingsController
from mockview.ui.history_view import HistoryView
from mockview.ui.practice_view import PracticeView
from mockview.ui.question_picker import QuestionPicker
from mockview.ui.results_view import ResultsView
from mockview.ui.workers.jobs import JobRunner
from mockview.ui.workers.transcription_worker import TranscriptionService

log = logging.getLogger(__name__)
QUIT_WAIT_S = 5.0  # the longest quitting waits for work in flight


@dataclass
class Controllers:
    """What the composition root (app.assemble_window) builds and hands to the window."""

    session: PracticeSession
    transcription: TranscriptionService
    jobs: JobRunner
    session_jobs: ThreadRunner
    playback: PlaybackController
    results: ResultsController
    practice: PracticeController
    history: HistoryController
    recovery: RecoveryController
    settings: SettingsController
    banks: BanksController


KEYS_HINT = (
    "Keys: Space records and stops · H hears the question again · N / P next and previous "
    "question · R replays your answer"
)
# Room the window manager's title bar and borders take around the window (not in its size).
FRAME_ALLOWANCE = QSize(24, 48)


def default_size(available: QSize) -> QSize:
    """1200x780, or less on a smaller screen so that the title bar and the status bar both show
    (at 1366x768, 780 px cut the status bar off)."""
    room = available - FRAME_ALLOWANCE
    return QSize(min(1200, room.width()), min(780, room.height()))


class MainWindow(QMainWindow):
    """Views and their layout; `attach` wires the controllers the composition root built."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("MockView — rehearse interview answers")
        self.banners = BannerArea()
        self.banners.set_idle_text(KEYS_HINT)
        self.picker = QuestionPicker()
        self.practice_view = PracticeView()
        self.results_view = ResultsView()
        self.history_view = HistoryView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views")
        self.tabs.addTab(self.practice_view, "&Practice")
        self.tabs.addTab(self.results_view, "&Results")
        self.tabs.addTab(self.history_view, "H&istory")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.picker)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        self.split = split
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banners)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self.model_label = QLabel()
        self.model_label.setAccessibleName("Speech model status")
        self.statusBar().addPermanentWidget(self.model_label)
        screen = self.screen()
        size = default_size(screen.availableGeometry().size() if screen else QSize(1200, 780))
        self.resize(size)
        # Room for the question titles, which wrap; less of a narrow window (1024 px screens).
        list_width = min(340, max(220, int(size.width() * 0.27)))
        split.setSizes([list_width, size.width() - list_width])

    def attach(self, c: Controllers) -> None:
        self.controllers = c
        self.session, self.transcription, self.jobs = c.session, c.transcription, c.jobs
        self.playback, self.results, self.practice = c.playback, c.results, c.practice
        self.history, self.recovery, self.settings = c.history, c.recovery, c.settings
        self.bank_files = c.banks
        self._wire()
        self._menus()
        self.shortcuts = shortcuts.install(
            self,
            {
                "record": self._record_key,
                "replay": self.playback.toggle_replay,
                "next": self.practice.next_question,
                "previous": self.practice.previous_question,
                "hear": self.practice.hear_question,
                "stop_playback": self.playback.stop,
            },
        )
        self._show_start_messages()
        self.picker.set_order(self.ctx.settings.practice_order)
        self.picker.set_hidden_text(self.ctx.settings.hide_question_text)
        self.picker.set_banks(self.ctx.banks, self.ctx.settings.last_bank)

    def _wire(self) -> None:
        p, h = self.practice, self.history
        self.picker.bank_chosen.connect(self._on_bank)
        self.picker.question_chosen.connect(lambda qid: p.select(qid))
        self.picker.order_chosen.connect(self._on_order)
        h.question_requested.connect(self._on_history_question)
        p.question_changed.connect(self._on_question)
        p.results_shown.connect(lambda _id: self.tabs.setCurrentWidget(self.results_view))
        p.attempt_failed.connect(lambda _id: self.tabs.setCurrentWidget(self.results_view))
        p.attempts_changed.connect(lambda _b, _q: h.refresh())
        p.message.connect(self._on_message)
        self.practice_view.hide_text_toggled.connect(self.picker.set_hidden_text)
        h.message.connect(self._on_message)
        h.open_requested.connect(self.results.open_attempt)
        h.refreshed.connect(self._update_counts)
        self.playback.error.connect(lambda m: self._on_message("playback", m, "warning"))
        self.playback.position_changed.connect(self.results_view.replay.set_position)
        self.playback.position_changed.connect(
            lambda s, _state: self.results_view.transcript.set_position(s)
        )
        self.results_view.seek_requested.connect(self.playback.play_recording)
        self.playback.speech_requested.connect(self._on_reading_started)
        self.playback.speech_finished.connect(self._on_reading_finished)
        self.playback.word_spoken.connect(self._on_word_spoken)
        self.results_view.replay_clicked.connect(self.playback.toggle_replay)
        t = self.transcription
        t.loading.connect(lambda: self._model_state("Loading speech model…"))
        t.loaded.connect(self._on_model_loaded)
        t.load_failed.connect(self._on_model_failed)
        self.recovery.finished.connect(self._on_recovered)
        self.settings.message.connect(self._on_message)
        self.settings.applied.connect(self._on_settings_applied)
        self.bank_files.message.connect(self._on_message)

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        banks = self.bank_files
        import_article = QAction("&Import article…", self)
        import_article.setShortcut(QKeySequence.StandardKey.Open)
        import_article.triggered.connect(lambda: banks.import_article(self))
        new_bank = QAction("&New bank", self)
        new_bank.setShortcut(QKeySequence.StandardKey.New)
        new_bank.triggered.connect(banks.new_bank)
        open_folder = QAction("Open &banks folder", self)
        open_folder.triggered.connect(banks.open_folder)
        for action in (import_article, new_bank, open_folder):
            menu.addAction(action)
        menu.addSeparator()
        settings = QAction("&Settings…", self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(lambda: self.settings.open_dialog(self))
        export = QAction("&Export bank history…", self)
        export.triggered.connect(self.history.export_bank)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (settings, export):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        where = QAction("Where are my recordings?", self)
        where.triggered.connect(self._show_welcome)
        help_menu.addAction(where)
        self.settings_action = settings

    # -- start-up messages ----------------------------------------------------------------------

    def _show_start_messages(self) -> None:
        ctx = self.ctx
        for key, text in ctx.engine_errors.items():
            self.banners.show_message(key, text, "error" if key == "microphone" else "warning")
        if ctx.bank_errors:
            self.banners.show_message(
                "banks",
                "Some question banks could not be read:\n" + "\n".join(ctx.bank_errors),
                "warning",
            )
        if not ctx.banks:
            self.banners.show_message(
                "no-banks",
                "No question banks found. Add a bank file "
                f"to {ctx.data_dir or 'the data folder'}/banks.",
                "error",
            )
        notice = getattr(ctx.history, "notice", "") if ctx.history is not None else ""
        if notice:
            self.banners.show_message("notice", notice, "warning")
        if not ctx.settings.welcome_shown:
            self._show_welcome()
        if self.transcription.state is ModelState.LOADING:
            self._model_state("Loading speech model…")

    def _show_welcome(self) -> None:
        self.banners.show_message(
            "welcome",
            "Welcome to MockView. Your recordings and history are kept on this "
            f"computer, in {self.ctx.data_dir}. Nothing leaves the machine: speech is "
            "transcribed locally.",
            "info",
            "Got it",
            self._welcome_done,
        )

    def _welcome_done(self) -> None:
        self.banners.hide_message("welcome")
        self.ctx.settings.welcome_shown = True
        error = self.ctx.save_settings()
        if error:
            self._on_message("settings", error, "error")

    def start_background_work(self) -> None:
        """After the window is shown: recover unfinished attempts (queued behind the model)."""
        self.recovery.start()

    # -- reactions ------------------------------------------------------------------------------

    def _on_bank(self, bank_id: str) -> None:
        bank = next((b for b in self.ctx.banks if b.id == bank_id), None)
        if bank is None:
            return
        self.ctx.settings.last_bank = bank.id
        self.practice.set_bank(bank)
        self.picker.show_bank(bank)
        last = self.ctx.settings.last_question
        first = (
            last
            if any(q.id == last for q in bank.questions)
            else (self.practice.order[0] if self.practice.order else "")
        )
        if first:
            self.practice.select(first, speak=False)
        self.history.show(bank, self.practice.question)

    def _on_order(self, order: str) -> None:
        self.ctx.settings.practice_order = order
        self.practice.reorder(order, select_first=True)

    def _on_question(self, question) -> None:
        self.ctx.settings.last_question = question.id
        self.picker.select_question(question.id)
        if self.tabs.currentWidget() is not self.history_view:
            self.tabs.setCurrentWidget(self.practice_view)
        self.history.show(self.practice.bank, question)

    def _on_history_question(self, question_id: str) -> None:
        self.practice.select(question_id, speak=False)
        self.tabs.setCurrentWidget(self.history_view)

    def _update_counts(self) -> None:
        if self.practice.bank is not None:
            counts = {row[0]: row[3] for row in self.history.snapshot.rows}
            self.picker.show_bank(self.practice.bank, counts)
            if self.practice.question is not None:
                self.picker.select_question(self.practice.question.id)

    def _record_key(self) -> None:
        if not self.session.is_recording:
            self.tabs.setCurrentWidget(self.practice_view)
        self.practice.toggle_record()

    def _on_reading_started(self, what: str) -> None:
        if what == "model_answer":
            self.results_view.set_reading(True)

    def _on_reading_finished(self, what: str) -> None:
        if what == "model_answer":
            self.results_view.set_reading(False)

    def _on_word_spoken(self, what: str, start: int, end: int) -> None:
        if what == "model_answer":
            self.results_view.model_answer.light_word(start, end)

    def _on_message(self, key: str, text: str, kind: str) -> None:
        if text:
            self.banners.show_message(key, text, kind or "info")
        else:
            self.banners.hide_message(key)

    def _model_state(self, text: str) -> None:
        self.model_label.setText(text)
        self.practice_view.set_status(self.practice.model_status())

    def _on_model_loaded(self, name: str, device: str) -> None:
        self._model_state(f"Speech model: {name} on {device}")
        self.banners.hide_message("model")

    def _on_model_failed(self, message: str) -> None:
        self._model_state("Speech model unavailable")
        self.banners.show_message(
            "model",
            f"The speech model could not be loaded: {message}. "
            "Recordings are kept; choose another model in Settings.",
            "error",
            "Settings…",
            lambda: self.settings.open_dialog(self),
        )

    def _on_recovered(self, recovered: int, failed: int) -> None:
        text = f"Recovered {recovered} unfinished attempt(s) from last time."
        if failed:
            text += f" {failed} could not be recovered; their audio is kept (see History)."
        self.banners.show_message("recovery", text, "info" if not failed else "warning")
        self.history.refresh()

    def _on_settings_applied(self) -> None:
        self.practice_view.set_hidden_text(self.ctx.settings.hide_question_text)
        self.picker.set_hidden_text(self.ctx.settings.hide_question_text)
        self.practice.playback.player = self.ctx.player
        if self.practice.question is not None:
            self.practice.select(self.practice.question.id, speak=False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Quitting while busy: the recorder is stopped (its audio kept), live and model work are
        # cancelled, and the wait is bounded. Unfinished attempts are recovered at the next start.
        self.session.shutdown()
        self.playback.stop()
        self.ctx.save_settings()
        if not self.transcription.shutdown(QUIT_WAIT_S):
            log.warning(
                "the model thread was still busy after %.0f s; quitting anyway", QUIT_WAIT_S
            )
        self.controllers.session_jobs.shutdown()
        self.jobs.wait(int(QUIT_WAIT_S * 1000))
        super().closeEvent(event)
