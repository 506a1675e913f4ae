"""Running one fuzz input under a time and memory bound, and accepting only the project's errors.

A hostile file must give a result or one of the project's error types with a message, quickly and
without a memory blow-up. `bounded` runs the call in this process (hypothesis shrinks failures),
measuring Python and numpy allocations with tracemalloc; a hang is caught by pytest-timeout and by
hypothesis's deadline.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Outcome:
    result: Any
    error: BaseException | None
    seconds: float
    peak_mb: float


def bounded(
    call: Callable[[], Any],
    *,
    errors: tuple[type[BaseException], ...],
    seconds: float = 5.0,
    megabytes: float = 200.0,
) -> Outcome:
    """Run `call`; only `errors` (with a non-empty, bounded message) may escape it."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result, error = call(), None
    except errors as exc:
        result, error = None, exc
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    peak_mb = peak / 1e6
    assert elapsed <= seconds, f"took {elapsed:.1f} s (bound {seconds} s)"
    assert peak_mb <= megabytes, f"peaked at {peak_mb:.0f} MB (bound {megabytes} MB)"
    if error is not None:
        message = str(error)
        assert message.strip(), f"{type(error).__name__} without a message"
        # A message never prints an unbounded value (a 5,000-digit number, an expanded alias).
        assert len(message) <= 2000, f"message of {len(message)} characters"
    return Outcome(result, error, elapsed, peak_mb)
