"""The user's own banks from the GUI: import an article, new bank, and reloading on change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mockview.core import paths
from mockview.core.bank.loader import load_bank
from mockview.ui.import_dialog import read_article
from tests.core.bank.sample import variant, write

ARTICLE = Path(__file__).parents[1] / "fixtures" / "articles" / "platform-lead-article.txt"


def _action(window, text: str):
    return next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == text)


def _ids(window) -> list[str]:
    box = window.picker.bank_box
    return [box.itemData(i) for i in range(box.count())]


def _title_of(window, bank_id: str) -> str:
    box = window.picker.bank_box
    return box.itemText(box.findData(bank_id))


def _open_import(qtbot, window):
    controller = window.bank_files
    controller.ask_article = lambda parent: str(ARTICLE)
    _action(window, "&Import article…").trigger()
    dialog = controller.dialog
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=5000)  # read in a job
    return dialog


def test_import_article_previews_then_adds_the_bank_without_restart(qtbot, open_window):
    window, ctx, _ = open_window()
    expected = read_article(ARTICLE)
    dialog = _open_import(qtbot, window)
    rows = [
        [dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())
    ]
    sections = {s.id: s.title for s in expected.bank.sections}
    assert rows == [
        [str(q.number), sections[q.section], q.text, str(len(q.key_points))]
        for q in expected.bank.questions
    ]
    assert expected.summary in dialog.summary.text()
    assert dialog.warnings.toPlainText() == "\n".join(expected.warnings)
    assert dialog.warnings.isVisible() == bool(expected.warnings)

    # The article's headline without its count and tag, and a short id from it.
    assert expected.bank.title == "24 Platform Engineering Lead Interview Questions [2026 Guide]"
    assert dialog.title_edit.text() == "Platform Engineering Lead Interview Questions"
    assert dialog.id_edit.text() == "platform-engineering-lead-interview"
    dialog.title_edit.setText("Platform lead, 2024")
    assert dialog.id_edit.text() == "platform-lead-2024"  # derived from the name
    qtbot.keyClicks(dialog.id_edit, "-mine")  # the user's own id is kept from now on
    dialog.title_edit.setText("Platform lead")
    assert dialog.id_edit.text() == "platform-lead-2024-mine"
    assert dialog.import_button.isEnabled() and not dialog.error.isVisible()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "platform-lead-2024-mine" in _ids(window), timeout=5000)
    path = paths.user_banks_dir() / "platform-lead-2024-mine.yaml"
    written = load_bank(path)
    assert written.title == "Platform lead"
    assert written.questions == expected.bank.questions
    assert not dialog.isVisible()
    # The new bank is the one being practised, and the other banks are still there.
    assert window.picker.current_bank_id() == "platform-lead-2024-mine"
    assert window.practice.bank.id == "platform-lead-2024-mine"
    assert window.practice.question.id == expected.bank.questions[0].id
    assert any(b.id == "ai-cto" for b in ctx.banks)
    assert str(path) in window.banners.text("bank-files")


def test_import_refuses_a_taken_or_bad_id_in_the_dialog(qtbot, open_window):
    window, ctx, _ = open_window()
    folder = paths.user_banks_dir()
    write(folder, "taken.yaml", "not: a bank\n")  # a file of that name, even a broken one
    dialog = _open_import(qtbot, window)
    for bank_id, problem in [
        ("test-bank", 'A bank with the id "test-bank" already exists'),
        ("taken", "taken.yaml already exists in your banks folder"),
        ("Not An Id", '"Not An Id" is not a valid id'),
        ("", "Give the bank an id."),
    ]:
        dialog.id_edit.setText(bank_id)
        assert problem in dialog.error.text() and dialog.error.isVisible()
        assert not dialog.import_button.isEnabled()
    dialog.id_edit.setText("fresh")
    assert dialog.import_button.isEnabled()
    # The folder can change while the dialog is open: the id is checked again on Import.
    write(folder, "fresh.yaml", "id: fresh\n")
    dialog.buttons.accepted.emit()
    assert "fresh.yaml already exists" in dialog.error.text() and dialog.isVisible()
    assert (folder / "fresh.yaml").read_text() == "id: fresh\n"  # never overwritten
    assert [b.id for b in ctx.banks] == ["test-bank"]


def test_an_unreadable_article_is_shown_in_the_dialog(qtbot, open_window, tmp_path):
    window, _ctx, _ = open_window()
    empty = write(tmp_path, "notes.txt", "Nothing numbered here, just prose.\n")
    window.bank_files.ask_article = lambda parent: str(empty)
    _action(window, "&Import article…").trigger()
    dialog = window.bank_files.dialog
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "no questions found" in dialog.error.text() and "notes.txt" in dialog.error.text()
    assert not dialog.import_button.isEnabled()


def test_new_bank_is_written_opened_and_listed(qtbot, open_window):
    window, _ctx, _ = open_window()
    opened: list[Path] = []
    window.bank_files.open_url = lambda path: opened.append(path) or True
    _action(window, "&New bank").trigger()
    qtbot.waitUntil(lambda: "my-bank" in _ids(window), timeout=5000)
    first = paths.user_banks_dir() / "my-bank.yaml"
    bank = load_bank(first)
    assert len(bank.sections) == 1 and len(bank.questions) == 1
    assert len(bank.questions[0].key_points) == 3
    assert opened == [first] and window.picker.current_bank_id() == "my-bank"
    _action(window, "&New bank").trigger()  # a free name, never over the first
    qtbot.waitUntil(lambda: "my-bank-2" in _ids(window), timeout=5000)
    assert load_bank(first) == bank and _title_of(window, "my-bank-2") == "My bank 2"


def test_open_banks_folder_makes_it(qtbot, open_window):
    window, _ctx, _ = open_window()
    folder = paths.user_banks_dir()
    folder.rmdir()  # made empty at start; the user may have removed it since
    opened: list[Path] = []
    window.bank_files.open_url = lambda path: opened.append(path) or True
    _action(window, "Open &banks folder").trigger()
    assert opened == [folder] and folder.is_dir()


def test_editing_a_bank_file_updates_the_box_and_keeps_the_question(qtbot, open_window):
    window, _ctx, _ = open_window()
    folder = paths.user_banks_dir()
    mine = variant("id: sample", "id: mine")
    write(folder, "mine.yaml", mine)
    qtbot.waitUntil(lambda: "mine" in _ids(window), timeout=5000)  # no menu: the watcher
    window.picker.bank_box.setCurrentIndex(window.picker.bank_box.findData("mine"))
    window.practice.select("q02-outage", speak=False)
    assert window.practice.bank.id == "mine"

    # Edited in place (the folder itself does not change) and the answer rewritten.
    (folder / "mine.yaml").write_text(
        mine.replace("title: Sample bank", "title: Mine, renamed").replace(
            "we added a canary", "we added a canary stage"
        ),
        encoding="utf-8",
    )
    qtbot.waitUntil(lambda: _title_of(window, "mine") == "Mine, renamed", timeout=5000)
    assert window.picker.current_bank_id() == "mine"
    assert window.practice.question.id == "q02-outage"
    assert "canary stage" in window.practice.question.model_answer


def test_a_broken_edit_shows_the_banner_and_keeps_the_other_banks(qtbot, open_window):
    window, ctx, _ = open_window()
    folder = paths.user_banks_dir()
    write(folder, "keep.yaml", variant("id: sample", "id: keep"))
    write(folder, "mine.yaml", variant("id: sample", "id: mine"))
    qtbot.waitUntil(lambda: {"keep", "mine"} <= set(_ids(window)), timeout=5000)
    assert window.banners.text("banks") == ""

    write(folder, "mine.yaml", variant("    target_s: 75", "    target_s: soon"))
    qtbot.waitUntil(lambda: "mine.yaml" in window.banners.text("banks"), timeout=5000)
    assert "target_s" in window.banners.text("banks")
    assert "keep" in _ids(window) and "mine" not in _ids(window)
    assert any("mine.yaml" in e for e in ctx.bank_errors)

    write(folder, "mine.yaml", variant("id: sample", "id: mine"))  # fixed again
    qtbot.waitUntil(lambda: "mine" in _ids(window), timeout=5000)
    assert window.banners.text("banks") == "" and ctx.bank_errors == []


def test_rescans_leave_the_bank_being_practised_alone(qtbot, open_window):
    window, _ctx, _ = open_window()
    controller, folder = window.bank_files, paths.user_banks_dir()
    write(folder, "mine.yaml", variant("id: sample", "id: mine"))
    qtbot.waitUntil(lambda: "mine" in _ids(window), timeout=5000)
    window.picker.bank_box.setCurrentIndex(window.picker.bank_box.findData("mine"))
    window.practice.select("q02-outage", speak=False)
    # An unchanged bank is not chosen again (which would reorder and reselect its questions).
    with qtbot.assertNotEmitted(window.picker.bank_chosen):
        with qtbot.waitSignal(controller.reloaded, timeout=5000):
            controller.rescan()
    # While an answer is recorded the box waits; the scan is shown once recording stops.
    recording = [True]
    controller.busy = lambda: recording[0]
    write(folder, "other.yaml", variant("id: sample", "id: other"))
    controller.rescan()
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=5000)
    assert "other" not in _ids(window)
    recording[0] = False
    with qtbot.waitSignal(controller.reloaded, timeout=5000):
        pass
    assert "other" in _ids(window) and window.practice.question.id == "q02-outage"
