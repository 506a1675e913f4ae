"""Finding banks in the shipped folder, the user's folder and given paths."""

from __future__ import annotations

import pytest

from mockview.core import paths
from mockview.core.bank.discovery import find_banks, scan_paths
from tests.core.bank.sample import VALID_BANK, variant, write


@pytest.fixture
def builtin(tmp_path, monkeypatch):
    folder = tmp_path / "builtin"
    folder.mkdir()
    monkeypatch.setattr(paths, "builtin_banks_dir", lambda: folder)
    return folder


def test_good_and_bad_files_together(builtin, tmp_path):
    write(builtin, "a.yaml", VALID_BANK)
    write(builtin, "broken.yaml", "id: [unclosed\n")
    user = paths.user_banks_dir()
    write(user, "mine.yml", variant("id: sample", "id: mine"))
    write(user, "notes.txt", "not a bank")  # other files are ignored
    write(user, "empty.yaml", "")
    scan = find_banks()
    assert [b.id for b in scan.banks] == ["sample", "mine"]
    assert sorted(e.path.name for e in scan.errors) == ["broken.yaml", "empty.yaml"]
    assert scan.get("mine").path == user / "mine.yml"


def test_search_order_and_duplicate_ids(builtin, tmp_path):
    write(builtin, "sample.yaml", VALID_BANK)
    copy = write(paths.user_banks_dir(), "copy.yaml", variant("title: Sample bank", "title: Copy"))
    scan = find_banks()
    assert [b.title for b in scan.banks] == ["Sample bank"]  # the first one wins
    (error,) = scan.errors
    assert error.path == copy and str(builtin / "sample.yaml") in str(error)
    assert 'bank id "sample" is already used' in str(error)


def test_extra_paths_files_and_folders(builtin, tmp_path):
    extra = tmp_path / "extra"
    one = write(extra, "one.yaml", variant("id: sample", "id: one"))
    write(extra / "more", "two.yaml", variant("id: sample", "id: two"))
    scan = find_banks([one, extra / "more", tmp_path / "absent.yaml"])
    assert [b.id for b in scan.banks] == ["one", "two"]
    (error,) = scan.errors
    assert "absent.yaml" in str(error) and "no such file" in str(error)


def test_missing_default_folders_are_not_errors(builtin):
    builtin.rmdir()
    scan = find_banks()
    assert scan.banks == [] and scan.errors == []


def test_same_file_twice_is_not_a_duplicate(builtin):
    path = write(builtin, "sample.yaml", VALID_BANK)
    scan = find_banks([path, builtin])
    assert [b.id for b in scan.banks] == ["sample"] and scan.errors == []


def test_scan_of_an_empty_folder_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    scan = scan_paths([tmp_path / "empty"])
    assert scan.banks == [] and "no .yaml or .yml bank files" in str(scan.errors[0])
