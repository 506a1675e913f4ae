"""Where MockView keeps its files: platformdirs folders, overridable by environment variables."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "mockview"

# Environment variables that move each folder (tests and portable installs use them).
DATA_DIR_ENV = "MOCKVIEW_DATA_DIR"
CONFIG_DIR_ENV = "MOCKVIEW_CONFIG_DIR"
CACHE_DIR_ENV = "MOCKVIEW_CACHE_DIR"


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """Attempts database and recordings."""
    return _dir(DATA_DIR_ENV, platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """Settings file."""
    return _dir(CONFIG_DIR_ENV, platformdirs.user_config_dir(APP_NAME))


def cache_dir() -> Path:
    """Synthesized question audio and other things that can be made again."""
    return _dir(CACHE_DIR_ENV, platformdirs.user_cache_dir(APP_NAME))


def user_banks_dir() -> Path:
    """The user's own question banks."""
    return data_dir() / "banks"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def _shipped(name: str) -> Path:
    """A folder that ships with MockView: inside the package when installed from a wheel, else
    at the top of the checkout (a clone, or the editable install `make` does)."""
    # setup.py maps the checkout's questions/ and assets/ to mockview/questions and
    # mockview/assets in the wheel; an editable install imports src/mockview, which has neither.
    installed = resources.files("mockview") / name
    if installed.is_dir():
        return Path(str(installed))
    # src/mockview/core/paths.py -> the top of the checkout.
    return Path(__file__).resolve().parents[3] / name


def builtin_banks_dir() -> Path:
    """Banks shipped with MockView: `questions/` of the project."""
    return _shipped("questions")


def assets_dir() -> Path:
    """Icons, the desktop entry and the AppStream metainfo: `assets/` of the project."""
    return _shipped("assets")
