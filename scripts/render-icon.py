"""Renders assets/mockview.svg to the 256 px PNG icon that desktops without SVG support show.

Run with the project's Python after changing the SVG, and commit the PNG:
    .venv/bin/python scripts/render-icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SIZE_PX = 256  # hicolor/256x256: the largest fixed size desktops and software centres ask for


def render(svg: Path, png: Path, size_px: int = SIZE_PX) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not an SVG Qt can read")
    image = QImage(size_px, size_px, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):
        raise SystemExit(f"{png}: could not be written")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])  # fonts and image plugins need an application object
    png = ASSETS / f"mockview-{SIZE_PX}.png"
    render(ASSETS / "mockview.svg", png)
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
