"""The end-to-end test again, inside a network namespace with no network at all.

Any download or network call would fail there (and the audit hook of tests/e2e/conftest.py
reports it), so a pass proves the app needs no network at run time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.audio, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]


def _unshare_net() -> list[str]:
    """The command prefix that runs a program with no network; as root, or mapped to root."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.fail("unshare (util-linux) is needed to prove the app works offline")
    for prefix in ([unshare, "--net"], [unshare, "--net", "--map-root-user"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    pytest.fail("cannot create a network namespace here (unshare --net was refused)")


def test_namespace_has_no_network():
    out = subprocess.run(
        [*_unshare_net(), "cat", "/proc/net/dev"], capture_output=True, text=True, check=True
    ).stdout
    interfaces = [line.split(":")[0].strip() for line in out.splitlines()[2:]]
    assert interfaces == ["lo"]


def test_end_to_end_offline(tmp_path):
    env = dict(os.environ)
    env.pop("PULSE_SERVER", None)  # the inner run starts its own audio server
    proc = subprocess.run(
        [
            *_unshare_net(),
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "inner"),
            str(ROOT / "tests/e2e/test_full_stack.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "2 passed" in proc.stdout
