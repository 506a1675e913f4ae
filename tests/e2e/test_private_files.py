"""What MockView writes stays in its own folders and is readable by its user only.

Each command runs in a fresh process with a fresh home and the usual umask 022, as a user's shell
would start it; the first transcription loads onnxruntime, which wrote a device id under
~/.cache/Microsoft before ORT_DISABLE_TELEMETRY was set (engines/__init__.py).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKVIEW_", "XDG_"))}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    env["HOME"] = str(home)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from mockview.cli import main; "
            "sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_commands_write_only_private_files_in_their_own_folders(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # An earlier version left the data folder world-readable: it is tightened on start.
    data = home / ".local/share/mockview"
    data.mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    clip = tmp_path / "answer.wav"
    subprocess.run(
        ["espeak-ng", "-w", str(clip), "We measure adoption and cost every week."], check=True
    )
    done = _run(home, "transcribe", str(clip))
    assert done.returncode == 0, done.stderr
    assert "every week" in done.stdout.lower()
    settings = home / ".config/mockview/settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    assert _run(home, "history", "list").returncode == 0

    ours = {home / ".local/share/mockview", home / ".config/mockview", home / ".cache/mockview"}
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written, "the history command creates its database"
    strays = [p for p in written if not any(p.is_relative_to(folder) for folder in ours)]
    assert strays == [], f"written outside MockView's folders: {strays}"
    for path in home.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        if any(path.is_relative_to(folder) for folder in ours):
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
