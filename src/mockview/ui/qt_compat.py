"""Guards against a reference-count bug of recent PySide6 wheels on Python 3.11.

PySide6 6.12's stable-ABI wheel returns None, True and False from void and bool methods
without taking a reference (as if they were immortal, which they are only from Python 3.12 on,
PEP 683). On Python 3.11 every such call (setText, setValue, setEnabled, ...) takes one
reference from None or a bool; a window that ticks at 30 Hz runs None down to zero within
minutes and the interpreter aborts with "none_dealloc: deallocating None".

Until the project requires Python 3.12 or a PySide6 without the bug, we give those singletons
a reference count so large that the drain cannot reach zero in any session.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # references; a drain of 10^6 calls a second would need ~13 days
_guarded = False


def guard_singleton_refcounts() -> bool:
    """Returns True when the guard was applied (Python < 3.12, once per process)."""
    global _guarded
    if _guarded or sys.version_info >= (3, 12):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    _guarded = True
    return True
