"""History: attempts with figures, best vs latest, chart, weakest first, delete and export."""

from __future__ import annotations

import csv
import zipfile

from PySide6.QtCore import Qt

from mockview.core.feedback import analyze
from tests.ui.conftest import make_bank
from tests.ui.fakes import words_from


def _store(ctx, question, spec, duration_s=12.0):
    transcript = words_from(spec)
    attempt = ctx.history.start_attempt("test-bank", question)
    attempt.audio_path.write_bytes(b"")
    return ctx.history.complete_attempt(
        attempt.id, duration_s, transcript, analyze(transcript, question)
    )


def _said(spec, times):
    """The words said `times` over, one after another: long enough to be judged (verdict.py)."""
    step = spec[-1][2] + 0.5
    return [(w, a + k * step, b + k * step) for k in range(times) for w, a, b in spec]


GOOD = [
    ("We", 0.5, 0.7),
    ("chunk", 0.8, 1.0),
    ("the", 1.1, 1.2),
    ("documents", 1.3, 1.8),
    ("and", 1.9, 2.0),
    ("embed", 2.1, 2.4),
    ("them", 2.5, 2.8),
    ("and", 2.9, 3.0),
    ("store", 3.1, 3.4),
    ("vectors", 3.5, 3.9),
    ("in", 4.0, 4.1),
    ("FAISS", 4.2, 4.6),
]
WEAK = [
    ("Um,", 0.5, 0.8),
    ("uh,", 1.0, 1.2),
    ("we", 1.3, 1.4),
    ("build", 1.5, 1.8),
    ("things.", 1.9, 2.3),
]
GOOD = _said(GOOD, 3)  # 27 words over 15 s
WEAK = _said(WEAK, 5)  # 25 words over 14 s


def test_attempts_table_best_latest_and_chart(qtbot, open_window):
    window, ctx, _ = open_window()
    q1 = make_bank().questions[0]
    best = _store(ctx, q1, GOOD)
    latest = _store(ctx, q1, WEAK)
    window.history.refresh()
    view = window.history_view
    qtbot.waitUntil(lambda: view.attempts.rowCount() == 2, timeout=5000)
    assert view.attempts.item(0, 0).data(Qt.ItemDataRole.UserRole) == latest.id
    assert (view.best_id, view.latest_id) == (best.id, latest.id)
    coverage = view.compare_values["coverage"].text()
    assert coverage.split("|")[0].strip() != coverage.split("|")[1].strip()
    assert view.chart.values == [best.figures["coverage"] * 100, latest.figures["coverage"] * 100]
    view.figure_box.setCurrentIndex(view.figure_box.findData("fillers_per_minute"))
    qtbot.waitUntil(
        lambda: (
            view.chart.values
            == [best.figures["fillers_per_minute"], latest.figures["fillers_per_minute"]]
        ),
        timeout=5000,
    )
    # The overview lists practice counts; the picker shows them too.
    assert view.overview.item(0, 2).text() == "2"
    assert "(2×)" in window.picker.tree.topLevelItem(0).child(0).text(0)
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.mouseClick(view.open_best, Qt.MouseButton.LeftButton)
    assert window.practice.attempt.id == best.id


def test_weakest_first_order(qtbot, open_window):
    window, ctx, _ = open_window()
    bank = make_bank()
    _store(ctx, bank.questions[0], GOOD)
    _store(ctx, bank.questions[1], WEAK)
    _store(ctx, bank.questions[2], GOOD)
    window.picker.order_box.setCurrentIndex(window.picker.order_box.findData("weakest"))
    expected = ctx.history.weakest_first("test-bank", [q.id for q in bank.questions])
    qtbot.waitUntil(lambda: window.practice.order == expected, timeout=5000)  # read in a job
    assert window.practice.question.id == expected[0]
    assert ctx.settings.practice_order == "weakest"


def test_delete_and_export(qtbot, open_window, tmp_path):
    window, ctx, _ = open_window()
    q1 = make_bank().questions[0]
    first = _store(ctx, q1, GOOD)
    _store(ctx, q1, WEAK)
    controller, view = window.history, window.history_view
    controller.confirm = lambda text: True
    controller.ask_path = lambda title, name: str(tmp_path / name)
    controller.refresh()
    qtbot.waitUntil(lambda: view.attempts.rowCount() == 2, timeout=5000)

    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    exported = list(tmp_path.glob("attempt-*.md"))
    assert len(exported) == 1 and "RAG" in exported[0].read_text()
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        qtbot.mouseClick(view.export_bank_button, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(tmp_path / "test-bank-history.zip") as archive:
        assert "attempts.json" in archive.namelist()
    assert "Exported 2 attempts to" in window.banners.text("history")

    view.attempts.selectRow(1)
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.attempts.rowCount() == 1
    assert ctx.history.get(first.id) is None
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        qtbot.mouseClick(view.delete_all_button, Qt.MouseButton.LeftButton)
    assert ctx.history.attempts() == [] and view.attempts.rowCount() == 0


def test_export_csv_writes_every_attempt_of_the_bank(qtbot, open_window, tmp_path):
    window, ctx, _ = open_window()
    bank = make_bank()
    first = _store(ctx, bank.questions[0], GOOD)
    second = _store(ctx, bank.questions[0], WEAK)
    other = _store(ctx, bank.questions[1], WEAK)
    controller, view = window.history, window.history_view
    asked: list[str] = []
    controller.ask_path = lambda title, name: asked.append(name) or str(tmp_path / name)
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        qtbot.mouseClick(view.export_csv_button, Qt.MouseButton.LeftButton)
    assert asked == ["test-bank-figures.csv"]
    with open(tmp_path / "test-bank-figures.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["attempt_id"] for r in rows] == [first.id, second.id, other.id]  # oldest first
    assert {r["question_id"] for r in rows} == {"q01-rag", "q02-team"}
    assert float(rows[0]["coverage"]) == first.figures["coverage"]
    assert "Exported 3 attempts to" in window.banners.text("history")


def test_declined_delete_keeps_attempt(qtbot, open_window):
    window, ctx, _ = open_window()
    attempt = _store(ctx, make_bank().questions[0], GOOD)
    window.history.confirm = lambda text: False
    window.history.refresh()
    qtbot.waitUntil(lambda: window.history_view.attempts.rowCount() == 1, timeout=5000)
    qtbot.mouseClick(window.history_view.delete_button, Qt.MouseButton.LeftButton)
    assert ctx.history.get(attempt.id) is not None


def test_an_unpractised_question_says_what_to_do(qtbot, open_window):
    window, _, _ = open_window()
    window.history.refresh()
    label = window.history_view.question_label
    qtbot.waitUntil(lambda: "no attempts yet" in label.text(), timeout=5000)
    assert "Practice tab" in label.text()
