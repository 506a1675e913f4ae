"""Chart axes step in round numbers and leave room above the highest point."""

from __future__ import annotations

import pytest

from mockview.ui.chart_widget import nice_axis


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0, 30, (0, 40, 10)),  # the reported 8, 15, 23, 30 ticks
        (0, 152, (0, 200, 50)),
        (0, 4.2, (0, 6, 2)),
        (0, 0.8, (0, 1.0, 0.2)),
        (0, 0, (0, 1, 0.25)),
        (0, 173, (0, 200, 50)),
    ],
)
def test_round_steps(low, high, expected):
    bottom, top, step = nice_axis(low, high)
    assert (bottom, top, step) == pytest.approx(expected)


@pytest.mark.parametrize("high", [0.3, 1, 7, 9.9, 15, 99, 140, 1234])
def test_every_value_fits_with_room_and_few_ticks(high):
    bottom, top, step = nice_axis(0, high)
    assert bottom <= 0 < high < top
    assert 3 <= (top - bottom) / step <= 7
    first_digits = f"{step:e}"[0]
    assert first_digits in "125"
