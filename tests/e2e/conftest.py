"""End-to-end fixtures: a guard that fails the test on any network call, and PortAudio re-scans."""

from __future__ import annotations

import os
import socket
import sys

import pytest

_network_calls: list[str] = []


def _audit(event: str, args: tuple) -> None:
    # Unix sockets (PulseAudio, D-Bus) are local; anything on an IP family is the network.
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
            _network_calls.append(f"connect {address!r}")
    elif event == "socket.getaddrinfo":
        _network_calls.append(f"getaddrinfo {args[0]!r}")


sys.addaudithook(_audit)  # audit hooks cannot be removed: this module is only loaded for e2e


@pytest.fixture
def no_network():
    """Fails the test if anything in this process looked up a host or connected over IP."""
    start = len(_network_calls)
    yield
    calls = _network_calls[start:]
    assert not calls, f"network calls at run time: {calls}"


def rescan_portaudio() -> None:
    """PortAudio lists devices when it initialises; make it see the current audio server."""
    if "sounddevice" in sys.modules:
        sd = sys.modules["sounddevice"]
        sd._terminate()
        sd._initialize()


@pytest.fixture
def no_audio_server(virtual_audio):
    """PortAudio finds no sound server and no card: there is no microphone at all."""
    saved = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = "unix:/nonexistent/pulse/native"
    rescan_portaudio()
    yield
    if saved is None:
        os.environ.pop("PULSE_SERVER", None)
    else:
        os.environ["PULSE_SERVER"] = saved
    rescan_portaudio()
