"""`mockview --install-desktop`: the menu entry, icons and metainfo, valid and written only once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockview import cli, desktop
from mockview.core import paths
from mockview.desktop import APP_ID, DesktopInstallError

TARGETS = [
    f"applications/{APP_ID}.desktop",
    f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    f"icons/hicolor/256x256/apps/{APP_ID}.png",
    f"metainfo/{APP_ID}.metainfo.xml",
]


def fake_script(folder: Path, name: str = "mockview-gui") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return script


def validator(name: str, package: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: install {package} (scripts/install-system-deps.sh test)"
    return found


def test_install_writes_entry_icons_and_metainfo_then_only_what_changed(tmp_path: Path) -> None:
    script = fake_script(tmp_path / "venv" / "bin")
    share = tmp_path / "share"

    first = desktop.install(share, script)
    assert sorted(first.written) == sorted(share / t for t in TARGETS)
    assert (share / TARGETS[1]).read_bytes() == (paths.assets_dir() / "mockview.svg").read_bytes()
    png = (share / TARGETS[2]).read_bytes()
    # A PNG, and 256 x 256 as its folder says (IHDR width and height, scripts/render-icon.py).
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[16:24] == (256).to_bytes(4, "big") * 2
    entry = (share / TARGETS[0]).read_text()
    assert f"\nExec={script}\n" in entry and f"\nTryExec={script}\n" in entry
    assert "Exec=mockview-gui" not in entry
    assert (share / TARGETS[0]).stat().st_mode & 0o777 == 0o644  # menus index it as the user

    again = desktop.install(share, script)
    assert again.written == [] and len(again.unchanged) == 4

    (share / TARGETS[3]).write_text("stale")
    moved = fake_script(tmp_path / "other venv" / "bin")
    third = desktop.install(share, moved)
    assert sorted(third.written) == sorted([share / TARGETS[0], share / TARGETS[3]])
    assert '\nExec="' + str(moved) + '"\n' in (share / TARGETS[0]).read_text()


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("/opt/mv/bin/mockview-gui", "/opt/mv/bin/mockview-gui"),
        ("/home/a b/bin/mockview", '"/home/a b/bin/mockview"'),
        ("/srv/$HOME/100%/mockview", '"/srv/\\\\$HOME/100%%/mockview"'),
        ('/x/"q"\\y', '"/x/\\\\"q\\\\"\\\\\\\\y"'),
    ],
)
def test_exec_argument_is_quoted_and_escaped_as_the_spec_asks(arg: str, expected: str) -> None:
    assert desktop.exec_argument(arg) == expected


def test_a_line_break_in_the_script_path_is_refused() -> None:
    with pytest.raises(DesktopInstallError, match="line break"):
        desktop.exec_argument("/tmp/a\nb/mockview")


def test_launcher_is_the_gui_script_beside_python_else_the_console_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    with pytest.raises(DesktopInstallError, match="no mockview-gui or mockview script"):
        desktop.launcher()
    console = fake_script(bin_dir, "mockview")
    assert desktop.launcher() == console
    gui = fake_script(bin_dir, "mockview-gui")
    assert desktop.launcher() == gui


def test_xdg_data_home_is_used_unless_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop.xdg_data_home() == tmp_path
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")  # invalid by the spec: ignored
    assert desktop.xdg_data_home() == Path.home() / ".local" / "share"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="freedesktop only")
def test_cli_prints_what_it_wrote_then_that_it_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setattr(sys, "executable", str(fake_script(tmp_path / "bin").parent / "python"))
    assert cli.main(["--install-desktop"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {tmp_path / 'share' / t}" for t in TARGETS
    ]
    assert cli.main(["--install-desktop"]) == 0
    assert capsys.readouterr().out == "MockView's desktop entry is up to date (4 files)\n"


def test_cli_says_why_it_cannot_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "empty" / "python"))
    assert cli.main(["--install-desktop"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mockview: ") and "Traceback" not in err
    assert not (tmp_path / "share").exists()


@pytest.mark.slow
def test_installed_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    tool = validator("desktop-file-validate", "desktop-file-utils")
    # A path with a space and a $ exercises the quoting the validator checks.
    script = fake_script(tmp_path / "my $apps" / "bin")
    desktop.install(tmp_path / "share", script)
    done = subprocess.run(
        [tool, str(tmp_path / "share" / TARGETS[0])], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout + done.stderr


@pytest.mark.slow
def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = validator("appstreamcli", "appstream")
    metainfo = paths.assets_dir() / f"{APP_ID}.metainfo.xml"
    done = subprocess.run(
        [tool, "validate", "--no-net", str(metainfo)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
