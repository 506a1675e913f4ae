"""Screenshots of every view from the real app, for docs/screenshots (run under Xvfb).

Usage: DISPLAY=:96 python scripts/screenshots.py --size 1366x768 --theme dark --out DIR
                                                  [--results NAME=ATTEMPT_ID ...]
The app is built as `mockview` builds it (real banks, history, engines) from the current data and
settings folders; the latest attempt is opened in Results. Each view is grabbed from the window
itself (no window manager frame) as <out>/<view>-<theme>-<size>.png; each --results attempt (an
id or its first 8 characters) is opened in Results too, as <out>/results-<NAME>-<theme>-<size>.png.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--results", action="append", default=[], metavar="NAME=ATTEMPT_ID")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    from mockview.app import build_window
    from mockview.core import paths
    from mockview.core.settings import load_settings
    from mockview.ui import theme
    from mockview.ui.main_window import FRAME_ALLOWANCE

    app = QApplication(sys.argv[:1])
    settings = load_settings(paths.settings_path()).settings
    settings.theme, settings.read_question_aloud = args.theme, False
    theme.apply_theme(app, args.theme)
    window, ctx = build_window(settings)
    window.show()
    window.resize(width - FRAME_ALLOWANCE.width(), height - FRAME_ALLOWANCE.height())

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    deadline = time.monotonic() + 60
    while not window.transcription.is_ready and time.monotonic() < deadline:
        settle(0.1)
    latest = ctx.history.attempts(limit=1) if ctx.history is not None else []
    args.out.mkdir(parents=True, exist_ok=True)
    for view in ("practice", "results", "history"):
        if view == "results" and latest:
            window.results.open_attempt(latest[0].id)
        if view == "history" and latest:
            window.history.show(window.practice.bank, window.practice.question)
        window.tabs.setCurrentWidget(getattr(window, f"{view}_view"))
        settle(1.5)
        out = args.out / f"{view}-{args.theme}-{width}x{height}.png"
        window.grab().save(str(out))
        print(out)
    for named in args.results:
        name, _, ref = named.partition("=")
        assert ctx.history is not None
        window.results.open_attempt(ctx.history.find(ref).id)
        window.tabs.setCurrentWidget(window.results_view)
        settle(1.5)
        out = args.out / f"results-{name}-{args.theme}-{width}x{height}.png"
        window.grab().save(str(out))
        print(out)
    window.close()
    if ctx.history is not None:
        ctx.history.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
