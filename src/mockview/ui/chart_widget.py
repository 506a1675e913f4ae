"""A figure over a question's attempts, as a line chart (QtCharts)."""

from __future__ import annotations

import math

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QWidget

from mockview.ui import theme


class FigureChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Chart of a figure over attempts")
        self.setMinimumHeight(self.fontMetrics().height() * 12)
        self.values: list[float] = []
        self.show_series("", [])

    def show_series(self, title: str, values: list[float], scale: float = 1.0) -> None:
        """`values` oldest first; `scale` turns shares into percent (100)."""
        self.values = [v * scale for v in values]
        chart = QChart()
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark
            if theme.is_dark()
            else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        chart.legend().hide()
        chart.setTitle(title if values else f"{title}: no finished attempts yet" if title else "")
        line, dots = QLineSeries(), QScatterSeries()
        dots.setMarkerSize(8)
        for i, value in enumerate(self.values, start=1):
            line.append(i, value)
            dots.append(i, value)
        chart.addSeries(line)
        chart.addSeries(dots)
        x_axis, y_axis = QValueAxis(), QValueAxis()
        x_axis.setTitleText("Attempt")
        x_axis.setLabelFormat("%d")
        x_axis.setRange(0.5, max(1, len(self.values)) + 0.5)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(1.0)
        x_axis.setTickInterval(max(1, len(self.values) // 10))
        low = min(self.values, default=0.0)
        high = max(self.values, default=1.0)
        if scale == 100.0:
            bottom, top, step = 0.0, 100.0, 25.0  # a share: always the whole scale
            margin = 4.0  # a dot at 0 or 100 % whole, not cut in half by the plot's edge
        else:
            bottom, top, step = nice_axis(min(0.0, low), high)
            margin = 0.0
        y_axis.setRange(bottom - margin, top + margin)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(bottom)
        y_axis.setTickInterval(step)
        y_axis.setLabelFormat("%.0f" if step >= 1 else "%.1f")
        for axis, side in (
            (x_axis, Qt.AlignmentFlag.AlignBottom),
            (y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            chart.addAxis(axis, side)
            line.attachAxis(axis)
            dots.attachAxis(axis)
        self.setChart(chart)


def nice_axis(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """(bottom, top, step) covering low..high with about `ticks` round steps (1, 2, 2.5 or 5
    times a power of ten): 0, 10, 20, 30 rather than 8, 15, 23, 30."""
    span = high - low if high > low else max(abs(high), 1.0)
    raw = span / max(1, ticks - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if high <= low:  # one value (or all equal): a whole scale above it
        top = bottom + step * (ticks - 1)
    elif top <= high:  # room above the highest point, so its dot is not cut in half
        top += step
    return bottom, top, step
