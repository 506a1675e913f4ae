"""The composition root: builds settings, storage and engines once and hands them to the window."""

from __future__ import annotations


def run_app() -> int:
    raise SystemExit("The window is being built.")
