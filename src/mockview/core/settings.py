"""Typed user settings with their defaults in one place, read from and saved to a TOML file.

Written with tomli-w and read with tomllib. The hand-written writer this replaced escaped only
backslash, quote and newline, so a carriage return, tab or other control character in any
string setting (a device name, a filler, the last bank's path) produced a file tomllib
rejects, and every setting went back to its default on the next start
(tests/core/test_settings.py round-trips such strings).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

if TYPE_CHECKING:
    from mockview.core.settings_file import LoadedSettings

log = logging.getLogger(__name__)

DEFAULT_FILLERS = [
    "um",
    "uh",
    "er",
    "ah",
    "hmm",
    "like",
    "so",
    "you know",
    "i mean",
    "kind of",
    "sort of",
    "basically",
    "actually",
    "literally",
    "anyway",
    "right",
]
DEFAULT_HEDGES = ["maybe", "i think", "i guess", "probably", "just", "perhaps"]


@dataclass
class Settings:
    # Speech synthesis
    voice: str = ""  # empty: the engine's default voice
    speech_rate_wpm: int = 160  # questions
    model_answer_wpm: int = 150  # model answers: the pace a coach recommends for answering
    read_question_aloud: bool = True
    # Recording
    input_device: str = ""  # empty: the system default input
    # Transcription
    model: str = (
        "bundled"  # "bundled" (tiny.en), a faster-whisper name such as "base.en", or a folder
    )
    device: str = "auto"  # auto | cpu | cuda
    cpu_threads: int = 0  # 0: as many as the machine has cores
    allow_model_download: bool = False
    # Feedback
    default_target_s: int = 90
    fillers: list[str] = field(default_factory=lambda: list(DEFAULT_FILLERS))
    hedges: list[str] = field(default_factory=lambda: list(DEFAULT_HEDGES))
    # Practice
    practice_order: str = "sequence"  # sequence | shuffled | weakest
    hide_question_text: bool = False
    theme: str = "system"  # system | light | dark
    welcome_shown: bool = False
    last_bank: str = ""
    last_question: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Reads settings (see load_settings); each problem with the file is logged."""
        loaded = load_settings(path)
        for problem in loaded.problems:
            log.warning("%s: %s", path, problem)
        return loaded.settings

    def save(self, path: Path) -> None:
        """Writes the file atomically: a crash or a full disk leaves the old file, never half."""
        write_atomic(path, to_toml(dataclasses.asdict(self)).encode("utf-8"))


def to_toml(values: dict[str, Any]) -> str:
    """TOML text of flat settings values (str, int, float, bool and lists of them)."""
    return tomli_w.dumps(values)


def load_settings(path: Path) -> LoadedSettings:
    from mockview.core.settings_file import read_settings

    return read_settings(Settings, path)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` through a private temp file in the same folder (then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
