"""A private PulseAudio server with a virtual speaker and microphone (see AUDIO-TESTING.md).

Whatever is played goes to the `speakers` sink; `record_speakers` captures its monitor.
`play_into_mic` plays a WAV into `micfeed`, whose monitor is remapped as the default input
`virtual_mic`, so the app records it exactly as from a microphone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class VirtualAudio:
    def __init__(self) -> None:
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="mockview-pulse-"))
        self._env_before: dict[str, str | None] = {}

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime_dir), "PULSE_SERVER": ""}

    def start(self) -> None:
        if not shutil.which("pulseaudio"):
            raise RuntimeError("pulseaudio is not installed (make test installs it)")
        self._set_env("XDG_RUNTIME_DIR", str(self.runtime_dir))
        self._set_env("PULSE_SERVER", f"unix:{self.runtime_dir}/pulse/native")
        subprocess.run(
            [
                "pulseaudio",
                "--daemonize=yes",
                "--exit-idle-time=-1",
                "-n",
                "--use-pid-file=yes",
                "--load=module-native-protocol-unix",
                "--load=module-null-sink sink_name=speakers",
                "--load=module-null-sink sink_name=micfeed",
                "--load=module-remap-source source_name=virtual_mic master=micfeed.monitor",
            ],
            check=True,
            capture_output=True,
            env=self._child_env(),
        )
        deadline = time.monotonic() + 10
        while self._pactl("info").returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the virtual PulseAudio server did not start")
            time.sleep(0.05)
        self._pactl("set-default-sink", "speakers")
        self._pactl("set-default-source", "virtual_mic")

    def stop(self) -> None:
        self._pactl("exit")
        for key, value in self._env_before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def play_into_mic(self, wav: Path) -> subprocess.Popen:
        """Starts playing `wav` into the virtual microphone; wait() on the result to finish."""
        return subprocess.Popen(["paplay", "--device=micfeed", str(wav)], env=self._child_env())

    def record_speakers(self, out_wav: Path) -> subprocess.Popen:
        """Starts recording what is played; terminate() the result to stop (the WAV stays valid)."""
        return subprocess.Popen(
            [
                "parecord",
                "--device=speakers.monitor",
                "--file-format=wav",
                "--channels=1",
                "--rate=16000",
                str(out_wav),
            ],
            env=self._child_env(),
        )

    def _child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["XDG_RUNTIME_DIR"] = str(self.runtime_dir)
        env.pop("PULSE_SERVER", None)
        return env

    def _pactl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], capture_output=True, env=self._child_env())

    def _set_env(self, key: str, value: str) -> None:
        self._env_before.setdefault(key, os.environ.get(key))
        os.environ[key] = value
