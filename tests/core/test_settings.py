"""Settings survive a save and load whatever their strings hold; bad files fall back to defaults."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from mockview.core.settings import Settings

HOSTILE = [
    "line\rbreak",
    "two\nlines",
    "crlf\r\nend",
    'a "quoted" name',
    "single 'quotes'",
    "back\\slash\\",
    "C:\\Users\\me\\banks\\new.yaml",
    "tab\there",
    "bell\x07 esc\x1b nul\x00 del\x7f",
    "unicode: Zoë, 日本語, emoji 🎤, rtl \u202e",
    '"""',
    "'''",
    'key = "value"\n[table]',
    " ",
    "",
]

STRING_FIELDS = [f.name for f in dataclasses.fields(Settings) if f.type in ("str", str)]
LIST_FIELDS = [f.name for f in dataclasses.fields(Settings) if f.type in ("list[str]", list[str])]


def test_there_are_string_and_list_settings():
    assert {"voice", "input_device", "model", "last_bank", "last_question"} <= set(STRING_FIELDS)
    assert {"fillers", "hedges"} <= set(LIST_FIELDS)


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_strings_round_trip_in_every_string_setting(tmp_path: Path, text: str):
    path = tmp_path / "settings.toml"
    values = {name: f"{text}<{name}>" for name in STRING_FIELDS}
    values |= {name: [text, f"{name} {text}", "um"] for name in LIST_FIELDS}
    saved = Settings(**values, speech_rate_wpm=171, welcome_shown=True)
    saved.save(path)

    tomllib.loads(path.read_text(encoding="utf-8"))  # the file itself is valid TOML
    loaded = Settings.load(path)
    assert loaded == saved
    assert loaded != Settings()  # nothing fell back to the defaults


def test_saved_file_keeps_each_string_on_one_line(tmp_path: Path):
    path = tmp_path / "settings.toml"
    Settings(voice="a\rb\nc", last_bank="x\r\ny").save(path)
    raw = path.read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").split("\n")
    assert 'voice = "a\\rb\\nc"' in lines
    assert 'last_bank = "x\\r\\ny"' in lines


def test_defaults_round_trip(tmp_path: Path):
    path = tmp_path / "sub" / "settings.toml"
    Settings().save(path)
    assert Settings.load(path) == Settings()
    assert not path.with_suffix(".tmp").exists()


def test_unreadable_or_mistyped_values_fall_back(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('voice = "unterminated\n', encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text(
        'voice = 3\nspeech_rate_wpm = true\nfillers = ["um", 2]\ntheme = "dark"\nnew_key = 1\n',
        encoding="utf-8",
    )
    loaded = Settings.load(path)
    assert loaded == Settings(theme="dark")
