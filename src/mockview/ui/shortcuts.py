"""Keyboard: Space record/stop, R replay, N/P next/previous, H hear again, Esc stop playback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

KEYS = {
    "record": "Space",
    "replay": "R",
    "next": "N",
    "previous": "P",
    "hear": "H",
    "stop_playback": "Esc",
}


def install(window: QWidget, actions: dict[str, Callable[[], None]]) -> dict[str, QShortcut]:
    """Window-wide shortcuts. Text fields still get their own keys: they claim printable keys
    (ShortcutOverride) before a shortcut fires, so typing a note never starts a recording."""
    shortcuts = {}
    for name, key in KEYS.items():
        if name in actions:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.activated.connect(actions[name])
            shortcuts[name] = shortcut
    return shortcuts
