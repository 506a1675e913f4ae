"""The virtual audio server works: what is played into the microphone can be recorded."""

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.audio]


def test_sounddevice_sees_pulse(virtual_audio):
    import sounddevice as sd

    sd._terminate()
    sd._initialize()
    names = [d["name"] for d in sd.query_devices()]
    assert "pulse" in names or "default" in names
