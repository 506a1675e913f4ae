"""Test-wide setup: headless Qt, private data/config/cache folders, and the virtual audio server."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Fuzz budgets (tests/fuzz): a small one in `make test`, a bigger one in `make fuzz`
# (MOCKVIEW_FUZZ=deep). No deadline per example: the bound is checked by tests.support.bounded,
# which measures the call under test, not hypothesis's own work.
settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("MOCKVIEW_FUZZ", "ci"))

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
