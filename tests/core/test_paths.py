"""Where the shipped banks and assets are found: inside an installed package, else the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core import paths

CHECKOUT = Path(__file__).resolve().parents[2]


def test_a_checkout_or_editable_install_finds_the_top_level_folders() -> None:
    assert paths.builtin_banks_dir() == CHECKOUT / "questions"
    assert paths.assets_dir() == CHECKOUT / "assets"
    assert (paths.builtin_banks_dir() / "ai-cto.yaml").is_file()
    assert (paths.assets_dir() / "mockview.svg").is_file()


def test_an_installed_package_finds_its_own_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The layout the wheel installs: mockview/questions and mockview/assets beside the modules.
    package = tmp_path / "site-packages" / "mockview"
    for name in ("questions", "assets"):
        (package / name).mkdir(parents=True)
    monkeypatch.setattr(paths.resources, "files", lambda name: package)
    assert paths.builtin_banks_dir() == package / "questions"
    assert paths.assets_dir() == package / "assets"
