"""The Player contract, for FakePlayer and for SoundDevicePlayer on the virtual speaker."""

from __future__ import annotations

import time

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

    def test_a_queued_file_follows_in_the_same_stream(self, player, short):
        player.play(short)
        assert player.enqueue(short)
        deadline = time.monotonic() + 10
        while player.progress()[0] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        finished, position_s = player.progress()
        assert finished == 1 and player.state == "playing" and position_s < 0.3
        while player.state == "playing" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert player.state == "stopped"
