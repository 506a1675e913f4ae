"""Test-wide setup: headless Qt, private data/config/cache folders, and the virtual audio server."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.pulse import VirtualAudio  # noqa: E402


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Every test gets its own data, config and cache folders; nothing touches the user's."""
    for name in ("MOCKVIEW_DATA_DIR", "MOCKVIEW_CONFIG_DIR", "MOCKVIEW_CACHE_DIR"):
        folder = tmp_path / name.split("_")[1].lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    return tmp_path


@pytest.fixture(scope="session")
def virtual_audio():
    """A PulseAudio server with `speakers` (default sink) and `virtual_mic` (default source)."""
    audio = VirtualAudio()
    audio.start()
    yield audio
    audio.stop()
