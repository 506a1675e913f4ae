"""Installs MockView's menu entry, icons and AppStream metainfo for the current user (freedesktop).

`mockview --install-desktop` and `make run` call `install()`. Files are written only when
missing or different, so running it on every `make run` costs a few small reads.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mockview.core import paths

APP_ID = "io.github.mockview.MockView"

# Characters that make the Desktop Entry spec require an Exec argument to be quoted.
_EXEC_RESERVED = set(" \t\"'\\><~|&;$*?#()`")


class DesktopInstallError(Exception):
    """The entry cannot be installed (no launcher script, an unwritable folder)."""


@dataclass(frozen=True)
class InstallResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME")
    # The spec says a relative value is invalid and is to be ignored.
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launcher() -> Path:
    """The installed script beside this Python: mockview-gui (no console on Windows), else
    mockview. Absolute, so the menu finds it though the venv's bin/ is not on PATH."""
    scripts = Path(sys.executable).parent  # not resolved: a venv's python is a link out of it
    for name in ("mockview-gui", "mockview"):
        for candidate in (scripts / name, scripts / f"{name}.exe"):
            if candidate.is_file():
                return candidate.absolute()
    raise DesktopInstallError(
        f"no mockview-gui or mockview script in {_short(str(scripts))}: install MockView "
        "(pip install . or pipx install .) before its desktop entry"
    )


def exec_argument(arg: str) -> str:
    """One argument of an Exec key, quoted and escaped as the Desktop Entry spec asks."""
    if "\n" in arg or "\r" in arg:
        raise DesktopInstallError(f"a line break in {_short(arg)!r} cannot go in a desktop entry")
    arg = arg.replace("%", "%%")  # field codes start with %
    if any(c in _EXEC_RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    # The value is unescaped as a string before it is split into arguments: \ doubles again.
    return arg.replace("\\", "\\\\")


def desktop_entry(template: str, script: Path) -> str:
    """The shipped entry with Exec and TryExec naming this installation's script."""
    lines = []
    for line in template.splitlines():
        if line.startswith(("Exec=", "TryExec=")):
            continue
        lines.append(line)
        if line.startswith("Type="):
            lines.append(f"TryExec={str(script).replace(chr(92), chr(92) * 2)}")
            lines.append(f"Exec={exec_argument(str(script))}")
    return "\n".join(lines) + "\n"


def planned_files(data_home: Path, script: Path) -> dict[Path, bytes]:
    """Each file to install, by destination, with its content."""
    assets = paths.assets_dir()
    template = (assets / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    icons = data_home / "icons" / "hicolor"
    return {
        data_home / "applications" / f"{APP_ID}.desktop": desktop_entry(template, script).encode(),
        icons / "scalable" / "apps" / f"{APP_ID}.svg": (assets / "mockview.svg").read_bytes(),
        icons / "256x256" / "apps" / f"{APP_ID}.png": (assets / "mockview-256.png").read_bytes(),
        data_home / "metainfo" / f"{APP_ID}.metainfo.xml": (
            assets / f"{APP_ID}.metainfo.xml"
        ).read_bytes(),
    }


def install(data_home: Path | None = None, script: Path | None = None) -> InstallResult:
    """Write the entry, icons and metainfo under data_home; files already right are left alone."""
    home = data_home if data_home is not None else xdg_data_home()
    result = InstallResult()
    for target, content in planned_files(home, script or launcher()).items():
        try:
            if target.is_file() and target.read_bytes() == content:
                result.unchanged.append(target)
                continue
            _write(target, content)
        except OSError as error:
            raise DesktopInstallError(
                f"{_short(str(target))}: cannot be written ({error.strerror or error})"
            ) from error
        result.written.append(target)
    return result


def _write(target: Path, content: bytes) -> None:
    # Readable by the desktop's indexers, which run as the user, whatever the private umask.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, target)  # a menu never reads half a file
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
