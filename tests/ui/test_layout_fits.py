"""Every view fits the small screens people use: at 1024x640 and 1366x768 each visible widget lies
inside the window and gets at least its minimum size (nothing cut off), the left panel keeps its
width from tab to tab, and a notice does not move the controls under the pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)

SIZES = [(1024, 640), (1366, 768)]


def _offenders(window: QWidget) -> list[str]:
    frame = QRect(QPoint(0, 0), window.size())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        area = QRect(top_left, widget.size())
        name = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
        scrolled = _in_scroll_area(widget, window)
        inside = (
            frame.left() <= area.left() and area.right() <= frame.right()
            if scrolled
            else (frame.contains(area))
        )  # what scrolls up and down may lie below the window, never beside it
        if not inside:
            found.append(f"{name} at {area.getRect()} outside {frame.getRect()}")
        if isinstance(widget, QAbstractButton | QComboBox | QLabel):
            hint = widget.minimumSizeHint()
            if widget.width() < hint.width() - 1 or widget.height() < hint.height() - 1:
                found.append(f"{name} is {widget.width()}x{widget.height()} < {hint.toTuple()}")
    return found


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("look", ["light", "dark"])
def test_every_view_fits(qtbot, open_window, size, look):
    from mockview.ui import theme

    theme.apply_theme(QApplication.instance(), look)  # the stylesheet too, as the app does
    try:
        window, _, _ = open_window()
        window.resize(*size)
        widths = set()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            assert window.size().toTuple() == size, window.tabs.tabText(index)
            assert _offenders(window) == [], window.tabs.tabText(index)
            widths.add(window.picker.width())
        assert len(widths) == 1, f"the left panel changed width between tabs: {widths}"
    finally:
        theme.apply_theme(QApplication.instance(), "system")


def test_the_default_size_leaves_room_for_the_frame_on_small_screens():
    from PySide6.QtCore import QSize

    from mockview.ui.main_window import FRAME_ALLOWANCE, default_size

    assert default_size(QSize(1920, 1050)) == QSize(1200, 780)
    laptop = default_size(QSize(1366, 741))  # 768 less a 27 px panel
    assert laptop.height() + FRAME_ALLOWANCE.height() <= 741 and laptop.width() == 1200
    small = default_size(QSize(1024, 613))
    assert small.width() + FRAME_ALLOWANCE.width() <= 1024


def test_interview_mode_hides_the_question_text_in_the_list_too(qtbot, open_window):
    window, _, _ = open_window()
    tree = window.picker.tree

    def labels() -> list[str]:
        section = tree.topLevelItem(0)
        return [section.child(i).text(0) for i in range(section.childCount())]

    question = window.practice.question
    assert any(question.text in text for text in labels())
    window.practice_view.hide_box.setChecked(True)
    assert labels()[0].startswith("Question 1") and not any(question.text in t for t in labels())
    assert tree.currentItem() is not None and window.practice.question.id == question.id
    window.practice_view.hide_box.setChecked(False)
    assert any(question.text in text for text in labels())


def test_notices_never_move_the_controls(qtbot, open_window):
    window, _, _ = open_window()
    window.resize(1366, 768)
    QApplication.processEvents()
    record = window.practice_view.record_button

    def where() -> tuple[int, int]:
        QApplication.processEvents()
        return record.mapTo(window, QPoint(0, 0)).toTuple()

    before = where()
    long = "The speech model could not be set up: " + "a long reason, " * 40
    window.banners.show_message("model", long, "error")
    assert where() == before
    window.banners.show_message("welcome", "Welcome.", "info", "Got it", lambda: None)
    window.banners.show_message("settings", "Line 2 could not be used.", "warning")
    assert where() == before
    for key in ("model", "welcome", "settings"):
        window.banners.hide_message(key)
    assert where() == before


def test_the_most_urgent_notice_shows_and_the_others_wait(qtbot):
    from mockview.ui.banner import BannerArea

    area = BannerArea()
    qtbot.addWidget(area)
    area.resize(900, area.height())
    area.show()
    area.set_idle_text("Keys: Space records")
    assert area.label.text() == "Keys: Space records" and not area.dismiss_button.isVisible()
    area.show_message("welcome", "Welcome.", "info")
    area.show_message("microphone", "No microphone found.", "error")
    area.show_message("settings", "Line 2 could not be used.", "warning")
    assert area.shown_key() == "microphone"  # an error stays in front of a newer warning
    assert area.text("settings") == "Line 2 could not be used."  # waiting, not lost
    assert area.position.text() == "1 of 3"
    area.next_button.click()
    assert area.shown_key() == "settings" and area.position.text() == "2 of 3"
    area.dismiss_button.click()
    assert area.text("settings") == "" and area.shown_key() == "microphone"
    area.hide_message("microphone")
    assert area.shown_key() == "welcome" and not area.position.isVisible()
    long = "word " * 400
    area.show_message("banks", long, "warning")
    qtbot.waitUntil(lambda: area.label.text().endswith("…"), timeout=2000)
    assert area.more_button.isVisible() and area.label.toolTip().startswith("word word")
    for key in ("banks", "welcome"):
        area.hide_message(key)
    assert area.label.text() == "Keys: Space records" and not area.more_button.isVisible()


def test_a_long_bank_title_is_whole_on_hover(qtbot, open_window):
    window, _, _ = open_window()
    box = window.picker.bank_box
    assert box.toolTip() == box.currentText() != ""
