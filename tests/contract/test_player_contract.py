"""The Player contract, for FakePlayer and for SoundDevicePlayer on the virtual speaker."""

from __future__ import annotations

import pytest

from mockview.engines.player import SoundDevicePlayer
from tests.contract.base import PlayerContract
from tests.ui.fakes import FakePlayer


class TestFakePlayer(PlayerContract):
    @pytest.fixture
    def player(self):
        return FakePlayer()


@pytest.mark.slow
@pytest.mark.audio
class TestSoundDevicePlayer(PlayerContract):
    @pytest.fixture
    def player(self, sound_system):
        player = SoundDevicePlayer()
        yield player
        player.stop()
