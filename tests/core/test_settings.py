"""Settings survive a save and load whatever their strings hold; nothing in a bad file is lost."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from mockview.core.settings import Settings, load_settings
from mockview.core.settings_file import CHOICES

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

# Free text: the settings with a fixed set of choices (theme, device...) are checked apart.
STRING_FIELDS = [
    f.name for f in dataclasses.fields(Settings) if f.type in ("str", str) and f.name not in CHOICES
]
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


def test_a_typo_costs_only_its_line_and_the_file_is_kept_aside(tmp_path: Path):
    path = tmp_path / "settings.toml"
    Settings(theme="dark", speech_rate_wpm=190, voice="Joe").save(path)
    text = path.read_text(encoding="utf-8").replace('voice = "Joe"', 'voice = "Joe')
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('voice = "Joe') + 1

    loaded = load_settings(path)

    assert loaded.settings == Settings(theme="dark", speech_rate_wpm=190)
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(f"line {line}: ")
    assert loaded.kept_as is not None and loaded.kept_as.read_text(encoding="utf-8") == text
    assert f"line {line}" in loaded.notice() and loaded.kept_as.name in loaded.notice()
    # The app then saves over the file: the user's version is still beside it.
    loaded.settings.save(path)
    assert loaded.kept_as.read_text(encoding="utf-8") == text
    # Loading the same unusable file again keeps one copy, not one per start.
    path.write_text(text, encoding="utf-8")
    assert load_settings(path).kept_as == loaded.kept_as
    assert len(list(tmp_path.glob("settings.unusable-*.toml"))) == 1


def test_wrong_types_and_values_are_reported_with_their_lines(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text(
        'voice = 3\nspeech_rate_wpm = true\nfillers = ["um", 2]\ntheme = "dark"\n'
        'new_key = 1\ndevice = "tpu"\nmodel_answer_wpm = 5000\n',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings(theme="dark")
    report = "\n".join(loaded.problems)
    assert "line 1: voice should be text in quotes, not 3" in report
    assert "line 2: speech_rate_wpm should be a whole number, not True" in report
    assert "line 3: fillers should be a list" in report
    assert 'line 5: unknown setting "new_key"' in report
    assert 'line 6: device should be one of auto, cpu, cuda, not "tpu"' in report
    assert "line 7: model_answer_wpm should be 80 to 300" in report
    assert len(loaded.problems) == 6
    assert Settings.load(path) == Settings(theme="dark")


def test_a_value_shown_in_a_message_is_bounded(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text(f'speech_rate_wpm = {"9" * 4000}\nvoice = "{"x" * 5000}\n', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems and all(len(p) < 200 for p in loaded.problems)


def test_a_file_beyond_repair_falls_back_whole_and_is_kept(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe" + b"[[[\n" * 40)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.kept_as is not None and loaded.kept_as.read_bytes() == path.read_bytes()
    assert "could not be read at all" in loaded.notice()


def test_save_replaces_atomically_and_privately(tmp_path: Path, monkeypatch):
    path = tmp_path / "own" / "settings.toml"
    Settings(theme="dark").save(path)
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        Settings(theme="light").save(path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]
    assert path.stat().st_mode & 0o077 == 0  # mkstemp creates 0600
