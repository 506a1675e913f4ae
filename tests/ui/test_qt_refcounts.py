"""PySide6 must not leak references to None and the bools (6.12.0 did, on Python 3.11).

Its stable-ABI wheel returned None/True/False from void and bool methods without taking a
reference, so a window ticking at 30 Hz ran None's count down to zero within minutes and the
interpreter aborted ("none_dealloc"). pyproject.toml keeps that release out; this test keeps
any other release with the same bug out.
"""

import sys

from PySide6.QtWidgets import QLabel


def test_void_and_bool_calls_keep_singleton_refcounts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        label.setText("x")
        label.isEnabled()
        label.isHidden()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    drift = [abs(a - b) for a, b in zip(after, before, strict=True)]
    assert max(drift) < 100, f"PySide6 leaks singleton references: {before} -> {after}"
