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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

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
        """Reads settings; missing keys take defaults, unknown or mistyped keys are ignored."""
        settings = cls()
        if not path.exists():
            return settings
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            log.warning("Ignoring unreadable settings file %s: %s", path, exc)
            return settings
        for f in dataclasses.fields(cls):
            if f.name not in raw:
                continue
            value = raw[f.name]
            default = getattr(settings, f.name)
            if isinstance(default, bool) != isinstance(value, bool):
                continue
            if isinstance(default, list):
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    setattr(settings, f.name, list(value))
            elif isinstance(value, type(default)):
                setattr(settings, f.name, value)
        return settings

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(to_toml(dataclasses.asdict(self)).encode("utf-8"))
        tmp.replace(path)


def to_toml(values: dict[str, Any]) -> str:
    """TOML text of flat settings values (str, int, float, bool and lists of them)."""
    return tomli_w.dumps(values)
