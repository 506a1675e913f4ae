"""The user's own banks from the GUI: import an article, a new bank, and reloading on change.

A QFileSystemWatcher on the user's banks folder (and each bank file in it, since editing a file
in place does not change its folder) starts a debounced rescan; the rescan runs in a job and the
bank box follows it, keeping the bank and question being practised when they still exist.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from mockview.core import paths
from mockview.core.bank.discovery import BankScan, bank_files, find_banks
from mockview.core.bank.model import Bank, Question, Section
from mockview.core.bank.writer import write_bank
from mockview.ui.context import AppContext
from mockview.ui.import_dialog import ImportDialog, Imported
from mockview.ui.question_picker import QuestionPicker
from mockview.ui.workers.jobs import JobRunner

# Saving a file is often several events (a temporary file, a rename, a write): one rescan after
# 300 ms of quiet gathers such a burst and still feels immediate.
DEBOUNCE_MS = 300
# While an answer is being recorded the bank being practised is not swapped under it.
BUSY_RETRY_MS = 1000
ARTICLE_FILTER = "Articles (*.txt *.md *.markdown);;All files (*)"

TEMPLATE_ANSWER = (
    "Replace this with the answer you would like to give, in your own words. Write it the way "
    "you would say it: a short opening, two or three concrete points, and a closing line. "
    "After each attempt MockView checks which key points your answer covered."
)


def template_bank(bank_id: str, title: str) -> Bank:
    """The smallest bank that loads: one section, one question with three key points."""
    return Bank(
        id=bank_id,
        title=title,
        description="Your own questions. Edit this file in any text editor; MockView reloads it.",
        sections=(Section(id="general", title="General"),),
        questions=(
            Question(
                id="q01-example",
                section="general",
                text="Tell me about a project you are proud of.",
                model_answer=TEMPLATE_ANSWER,
                key_points=(
                    "what the project was and why it mattered",
                    "what you did yourself",
                    "the result, with a number",
                ),
                target_s=90,
                number=1,
            ),
        ),
    )


def write_template(folder: Path, taken: set[str]) -> tuple[str, Path]:
    """A template bank under the first free id (my-bank, my-bank-2, ...); never over a file."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        bank_id = "my-bank" if n == 1 else f"my-bank-{n}"
        path = folder / f"{bank_id}.yaml"
        if bank_id not in taken and not path.exists() and not path.with_suffix(".yml").exists():
            break
        n += 1
    title = "My bank" if n == 1 else f"My bank {n}"
    return bank_id, write_bank(template_bank(bank_id, title), path, force=False)


def watch_list(folder: Path) -> list[str]:
    """The folder and its bank files, or nothing when the folder is missing or unreadable."""
    try:
        return [str(folder)] + [str(f) for f in bank_files(folder)] if folder.is_dir() else []
    except OSError:
        return []


class BanksController(QObject):
    message = Signal(str, str, str)  # banner key, text, kind
    reloaded = Signal()  # the bank box shows a new scan

    def __init__(
        self,
        ctx: AppContext,
        picker: QuestionPicker,
        jobs: JobRunner,
        parent: QObject | None = None,
        *,
        busy: Callable[[], bool] = lambda: False,
        folder: Callable[[], Path] = paths.user_banks_dir,
        scan: Callable[[], BankScan] = find_banks,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.picker, self.jobs = ctx, picker, jobs
        self.busy, self.folder, self.scan = busy, folder, scan
        # Replaceable in tests: a chooser and a desktop launcher would block an offscreen run.
        self.ask_article: Callable[[QWidget | None], str] = self._ask_article
        self.open_url: Callable[[Path], bool] = self._open_url
        self.dialog: ImportDialog | None = None
        self._select = ""  # a bank to choose once the next scan is shown (one just made)
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rescan)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _p: self.schedule())
        self.watcher.fileChanged.connect(lambda _p: self.schedule())
        try:
            # An empty folder from the start: there is always something to watch and to open.
            self.folder().mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # a read-only data folder: the banks there are still read, just not watched
        self._watch(watch_list(self.folder()))

    # -- reloading -----------------------------------------------------------------------------

    def schedule(self) -> None:
        """A rescan after DEBOUNCE_MS of quiet; every change in a burst restarts the wait."""
        self.timer.start()

    def rescan(self) -> None:
        self._generation += 1
        generation, folder, scan = self._generation, self.folder(), self.scan
        self.jobs.submit(
            lambda: (scan(), watch_list(folder)),
            lambda result: self._apply(generation, *result),
            lambda m: self.message.emit(
                "banks", f"The question banks could not be read: {m}", "error"
            ),
        )

    def _watch(self, wanted: list[str]) -> None:
        # Files are always dropped and added again: a file replaced by a rename (how most editors
        # save) is a new file, and the old watch on it is gone.
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        stale = [d for d in self.watcher.directories() if d not in wanted]
        if stale:
            self.watcher.removePaths(stale)
        new = [p for p in wanted if p not in self.watcher.directories()]
        if new:
            self.watcher.addPaths(new)

    def _apply(self, generation: int, scan: BankScan, watched: list[str]) -> None:
        if generation != self._generation:
            return  # a newer scan is on its way
        self._watch(watched)
        if self.busy():
            QTimer.singleShot(BUSY_RETRY_MS, lambda: self._apply(generation, scan, watched))
            return
        old = {b.id: b for b in self.ctx.banks}
        # In place: the window and the recovery controller hold these very lists.
        self.ctx.banks[:] = scan.banks
        self.ctx.bank_errors[:] = [str(e) for e in scan.errors]
        errors = "\n".join(self.ctx.bank_errors)
        self.message.emit(
            "banks",
            f"Some question banks could not be read:\n{errors}" if errors else "",
            "warning",
        )
        self.message.emit(
            "no-banks",
            "" if scan.banks else f"No question banks found. Add a bank file to {self.folder()}.",
            "error",
        )
        current = self.picker.current_bank_id()
        wanted, self._select = self._select or current, ""
        bank = scan.get(wanted)
        if bank is not None and wanted == current and old.get(wanted) == bank:
            # The bank being practised is unchanged: refill the box without choosing it again.
            self.picker.blockSignals(True)
            try:
                self.picker.set_banks(scan.banks, wanted)
            finally:
                self.picker.blockSignals(False)
        else:
            self.picker.set_banks(scan.banks, wanted)  # the window chooses it (or the first)
        self.reloaded.emit()

    # -- menu actions --------------------------------------------------------------------------

    def import_article(self, parent: QWidget | None = None) -> None:
        article = self.ask_article(parent)
        if not article:
            return
        ctx = self.ctx
        dialog = ImportDialog(
            Path(article), self.folder(), lambda: {b.id for b in ctx.banks}, self.jobs, parent
        )
        dialog.imported.connect(self._on_imported)
        self.dialog = dialog
        dialog.open()
        dialog.start()

    def _on_imported(self, done: Imported) -> None:
        self._select = done.bank_id
        self.rescan()
        n = done.questions
        self.message.emit(
            "bank-files",
            f'Imported "{done.title}" ({n} question{"s" * (n != 1)}) to {done.path}. Its key '
            "points were made automatically: read them over in the file.",
            "info",
        )

    def new_bank(self) -> None:
        folder, taken = self.folder(), {b.id for b in self.ctx.banks}

        def made(result: tuple[str, Path]) -> None:
            bank_id, path = result
            self._select = bank_id
            self.rescan()
            self.message.emit(
                "bank-files",
                f"Made a new bank in {path}. Edit it in any text editor: MockView reloads it "
                "when you save.",
                "info",
            )
            if not self.open_url(path):
                self.open_url(folder)

        self.jobs.submit(
            lambda: write_template(folder, taken),
            made,
            lambda m: self.message.emit("bank-files", f"No new bank was made: {m}", "error"),
        )

    def open_folder(self) -> None:
        folder = self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.message.emit(
                "bank-files", f"Cannot make the folder {folder}: {exc.strerror or exc}", "error"
            )
            return
        self._watch(watch_list(folder))
        if not self.open_url(folder):
            self.message.emit(
                "bank-files", f"Could not open {folder}; your banks go in that folder.", "warning"
            )

    def _ask_article(self, parent: QWidget | None) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            parent, "Import questions from an article", str(Path.home()), ARTICLE_FILTER
        )
        return path

    def _open_url(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
