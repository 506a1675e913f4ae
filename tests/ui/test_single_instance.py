"""One MockView per data folder: the second launch brings the first forward or says why not;
a crashed holder never locks the user out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from mockview import app as appmod
from mockview.core import paths
from mockview.ui.single_instance import SingleInstance

HOLD = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from mockview.ui.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print("locked" if instance.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


def _hold(folder) -> subprocess.Popen[str]:
    """Another process that takes the folder's lock and waits (no window, no socket)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


ASK = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from mockview.ui.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print(instance.acquire(), instance.ask_holder_to_show(), flush=True)
"""


def _ask(folder) -> subprocess.Popen[str]:
    """A second launch in its own process: (took the lock, the first answered)."""
    return subprocess.Popen(
        [sys.executable, "-c", ASK, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_the_second_launch_asks_the_first_to_show_its_window(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.acquire()
    first.listen()
    with qtbot.waitSignal(first.show_requested, timeout=10000):
        second = _ask(tmp_path)
    assert second.communicate(timeout=10)[0].split() == ["False", "True"]
    first.release()
    third = SingleInstance(tmp_path)
    assert third.acquire()  # released: the next launch takes the folder
    third.release()


def test_a_hung_first_instance_is_not_taken_for_an_answer(tmp_path):
    """The holder's socket accepts (the kernel does) but its event loop never runs."""
    first = SingleInstance(tmp_path)
    assert first.acquire()
    first.listen()
    second = _ask(tmp_path)  # this thread never returns to an event loop while it waits
    assert second.communicate(timeout=10)[0].split() == ["False", "False"]
    first.release()


def test_a_killed_holder_leaves_no_lock(tmp_path):
    holder = _hold(tmp_path)
    assert not SingleInstance(tmp_path).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    instance = SingleInstance(tmp_path)
    assert instance.acquire()
    instance.release()


def test_a_second_app_on_a_held_folder_says_why_and_touches_nothing(qapp, monkeypatch):
    """The holder does not answer (it has no socket): the message names the folder and the
    process, and the app stops before opening the history, so nothing is recovered."""
    holder = _hold(paths.data_dir())
    told: list[str] = []
    monkeypatch.setattr(appmod, "tell_already_running", told.append)
    monkeypatch.setattr(appmod, "build_window", lambda *a: (_ for _ in ()).throw(AssertionError))
    try:
        assert appmod.run_app([]) == 1
    finally:
        holder.communicate("\n", timeout=10)
    assert len(told) == 1
    assert str(paths.data_dir()) in told[0] and f"process {holder.pid}" in told[0]
    assert "already open" in told[0]
