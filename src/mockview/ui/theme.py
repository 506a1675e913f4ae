"""Light, dark or system look: Fusion with an explicit palette, and mark colours for both."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#2f2f2f",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a",
    QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#6cb4ff",
    QPalette.ColorRole.Highlight: "#2f6bcc",  # white on it 5.1:1 (tests/ui/test_contrast.py)
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#f3f3f3",
    QPalette.ColorRole.WindowText: "#1b1b1b",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f0f0",
    QPalette.ColorRole.ToolTipBase: "#ffffe1",
    QPalette.ColorRole.ToolTipText: "#1b1b1b",
    QPalette.ColorRole.Text: "#1b1b1b",
    QPalette.ColorRole.Button: "#e9e9e9",
    QPalette.ColorRole.ButtonText: "#1b1b1b",
    QPalette.ColorRole.BrightText: "#c62828",
    QPalette.ColorRole.Link: "#0b57d0",
    QPalette.ColorRole.Highlight: "#2f6fd6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#707070",  # 4.95:1 on white
}

_system_palette: QPalette | None = None
_system_style: str = ""


def apply_theme(app: QApplication, theme: str) -> None:
    """`theme` is "system", "light" or "dark"; can be called again at any time."""
    global _system_palette, _system_style
    app.setStyleSheet(stylesheet())
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if theme not in ("light", "dark"):
        app.setStyle(_system_style or "Fusion")
        app.setPalette(_system_palette)
        return
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (_DARK if theme == "dark" else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#777777" if theme == "dark" else "#a0a0a0")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    app.setPalette(palette)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def marks() -> dict[str, str]:
    """Colours for transcript marks, chosen to stay readable on the current background."""
    if is_dark():
        return {
            "filler": "#7a4a00",
            "hedge": "#3f3f70",
            "pause": "#9fc3ff",
            "term": "#1f5f33",
            "good": "#6fd58a",
            "bad": "#ff8a80",
            "warn": "#ffcc66",
            "muted": "#9a9a9a",
            "spoken": "#5a4a9a",
            "repeat": "#6b2f4f",
        }
    return {
        "filler": "#ffd27a",
        "hedge": "#dcdcff",
        "pause": "#1e5bb8",
        "term": "#c8f0d0",
        "good": "#1b7f3a",
        "bad": "#c62828",
        "warn": "#9a5a00",  # 4.9:1 on the window background
        "spoken": "#c9b6ff",
        "muted": "#6a6a6a",
        "repeat": "#f6c6dc",
    }


def stylesheet() -> str:
    """assets/style.qss (shipped in the wheel too), or "" when it cannot be read."""
    from mockview.core import paths

    try:
        return (paths.assets_dir() / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
