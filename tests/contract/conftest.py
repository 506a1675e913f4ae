"""Fixtures the real engines' contract tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def sound_system(virtual_audio):
    """sounddevice, seeing the virtual speaker and microphone."""
    import sounddevice as sd

    # PortAudio lists devices when it initialises: after the virtual server started.
    sd._terminate()
    sd._initialize()
    return sd
