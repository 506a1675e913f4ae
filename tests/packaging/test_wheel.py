"""The wheel carries the banks, icons, desktop entry and metainfo, and works installed from it.

Built offline from a copy of the sources (the checkout gets no build/ or egg-info), installed
non-editable into a fresh venv that borrows the project venv's dependencies through a .pth file
(installing PySide6 and the model afresh would download about 600 MB). Measured: about 6 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from mockview import __version__
from mockview.desktop import APP_ID

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the fresh venv's layout is POSIX's"),
]

ROOT = Path(__file__).resolve().parents[2]
# What a build reads; README.md is the long description.
SOURCES = ["pyproject.toml", "setup.py", "README.md", "src", "questions", "assets"]
SHIPPED = [
    "mockview/questions/ai-cto.yaml",
    "mockview/assets/mockview.svg",
    "mockview/assets/mockview-256.png",
    f"mockview/assets/{APP_ID}.desktop",
    f"mockview/assets/{APP_ID}.metainfo.xml",
    "mockview/assets/style.qss",
]


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in [*SOURCES, *(p.name for p in ROOT.glob("LICEN[CS]E*"))]:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("dist")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", out, source],
        cwd=source,
    )  # fmt: skip
    (built,) = out.glob("mockview-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    python = venv / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=venv.parent).strip()  # fmt: skip
    # A path line in a .pth joins sys.path after the venv's own site-packages, and .pth files
    # inside it are not read: the checkout's editable hook stays out, the wheel's copy wins.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "mockview-test-deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    # --ignore-installed: pip sees the project venv's mockview too, and must leave it alone.
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q",
         wheel], cwd=venv.parent)  # fmt: skip
    return venv


def clean_env(private_dirs: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COV_", "COVERAGE"))}
    env["MOCKVIEW_DATA_DIR"] = str(private_dirs / "data")
    return env


def test_the_wheel_carries_banks_icons_entry_and_metainfo(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in SHIPPED if name not in names]
    assert not missing, f"not in {wheel.name}: {missing}"
    # Every module of the checkout is packaged (setup.py finds the packages).
    modules = {
        "mockview/" + p.relative_to(ROOT / "src" / "mockview").as_posix()
        for p in (ROOT / "src" / "mockview").rglob("*.py")
    }
    assert modules - names == set()
    entry_points = (
        zipfile.ZipFile(wheel).read(f"mockview-{__version__}.dist-info/entry_points.txt").decode()
    )
    assert "[gui_scripts]\nmockview-gui = mockview.cli:main" in entry_points
    assert "[console_scripts]\nmockview = mockview.cli:main" in entry_points


def test_installed_from_the_wheel_it_finds_its_own_banks_and_assets(
    fresh_venv: Path, private_dirs: Path
) -> None:
    env = clean_env(private_dirs)
    probe = (
        "import mockview; from mockview.core import paths; "
        "print(mockview.__file__); print(paths.builtin_banks_dir()); print(paths.assets_dir())"
    )
    lines = run([fresh_venv / "bin" / "python", "-c", probe], cwd=private_dirs, env=env).split()
    for line in lines:
        assert Path(line).is_relative_to(fresh_venv), f"{line} is not the wheel's copy"

    listing = run([fresh_venv / "bin" / "mockview", "bank", "list"], cwd=private_dirs, env=env)
    (row,) = [line for line in listing.splitlines() if line.startswith("ai-cto ")]
    assert row.split()[-2:] == ["30", str(Path(lines[1]) / "ai-cto.yaml")]

    version = run([fresh_venv / "bin" / "mockview", "--version"], cwd=private_dirs, env=env)
    assert version.strip() == f"mockview {__version__}"
    assert (fresh_venv / "bin" / "mockview-gui").is_file()


def test_installed_from_the_wheel_it_installs_its_desktop_entry(
    fresh_venv: Path, private_dirs: Path
) -> None:
    env = {**clean_env(private_dirs), "XDG_DATA_HOME": str(private_dirs / "share")}
    out = run([fresh_venv / "bin" / "mockview", "--install-desktop"], cwd=private_dirs, env=env)
    assert out.count("wrote ") == 4
    entry = (private_dirs / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"\nExec={fresh_venv / 'bin' / 'mockview-gui'}\n" in entry
