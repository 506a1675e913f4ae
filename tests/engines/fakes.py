"""A fake sounddevice module for recorder/player tests: blocks come from a thread, not hardware."""

from __future__ import annotations

import threading

import numpy as np


class PortAudioError(Exception):
    pass


class CallbackStop(Exception):  # noqa: N818 - the name sounddevice uses
    pass


class _Default:
    def __init__(self, device):
        self.device = device


class FakeInputStream:
    """Delivers `blocks` (mono float32 arrays) to the callback, then optionally 'vanishes'."""

    def __init__(
        self, sd, *, device, samplerate, channels, dtype, blocksize, callback, finished_callback
    ):
        self.sd, self.callback, self.finished_callback = sd, callback, finished_callback
        self.active = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stop = threading.Event()

    def start(self):
        self.active = True
        self._thread.start()

    def _run(self):
        for i, block in enumerate(self.sd.blocks):
            if self._stop.is_set():
                break
            if self.sd.vanish_after is not None and i == self.sd.vanish_after:
                self.active = False  # the device is gone: PortAudio ends the stream
                self.finished_callback()
                self.sd.vanished.set()
                return
            self.callback(block.reshape(-1, 1), len(block), None, None)
            self.sd.delivered += 1
        self.sd.all_delivered.set()
        self._stop.wait()

    def stop(self):
        self._stop.set()
        if self.sd.stop_raises:
            raise PortAudioError("device unavailable")

    def close(self):
        self._stop.set()
        self.active = False


class FakeSoundDevice:
    """Module-like object with what the recorder uses."""

    PortAudioError = PortAudioError
    CallbackStop = CallbackStop

    def __init__(self, blocks=(), rate=48000, has_input=True, vanish_after=None, stop_raises=False):
        self.blocks = [np.asarray(b, dtype=np.float32) for b in blocks]
        self.rate = rate
        self.has_input = has_input
        self.vanish_after = vanish_after
        self.stop_raises = stop_raises
        self.delivered = 0
        self.vanished = threading.Event()
        self.all_delivered = threading.Event()
        self.default = _Default([0 if has_input else -1, -1])

    def query_devices(self, device=None, kind=None):
        info = {
            "name": "fake mic",
            "max_input_channels": 1,
            "max_output_channels": 0,
            "default_samplerate": float(self.rate),
        }
        if kind is None and device is None:
            return [info] if self.has_input else []
        if not self.has_input:
            raise PortAudioError("Error querying device -1")
        return info

    def InputStream(self, **kwargs):  # noqa: N802 - mirrors sounddevice
        return FakeInputStream(self, **kwargs)
