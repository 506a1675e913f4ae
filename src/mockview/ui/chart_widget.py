"""A figure over a question's attempts, as a line chart (QtCharts)."""

from __future__ import annotations

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
        pad = (high - low) * 0.15 or max(abs(high) * 0.15, 1.0)
        if scale == 100.0:
            y_axis.setRange(0.0, 100.0)  # a share: always the whole scale
        else:
            y_axis.setRange(min(0.0, low - pad) if low >= 0 else low - pad, high + pad)
        y_axis.setLabelFormat("%.0f" if high - low > 5 or high > 20 else "%.1f")
        for axis, side in (
            (x_axis, Qt.AlignmentFlag.AlignBottom),
            (y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            chart.addAxis(axis, side)
            line.attachAxis(axis)
            dots.attachAxis(axis)
        self.setChart(chart)
