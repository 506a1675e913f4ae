"""Reading settings.toml so that nothing in it is lost, and everything unusable is reported.

A hand-edited file can hold a typo. Before, one syntax error made the app ignore the whole file
(a log line only) and overwrite it with defaults at the next change; a value of the wrong type
was dropped silently. Now: the lines that parse are kept (a line that breaks the syntax is set
aside and the rest read again), each unusable value is reported with its line, the defaults are
used for those only, and the file as it was is copied aside before the app writes over it.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockview.core.settings import Settings

# A settings file is a few hundred bytes; a larger one is not ours (and is not parsed).
MAX_SETTINGS_BYTES = 256 * 1024
# A syntax error costs one line; after this many the file is beyond repair by dropping lines.
MAX_DROPPED_LINES = 20
KEPT_PREFIX = "settings.unusable-"

# Values a hand edit could set to something the app cannot use, with the reason for each bound.
CHOICES: dict[str, tuple[str, ...]] = {
    "device": ("auto", "cpu", "cuda"),
    "practice_order": ("sequence", "shuffled", "weakest"),
    "theme": ("system", "light", "dark"),
}
RANGES: dict[str, tuple[int, int, str]] = {
    "speech_rate_wpm": (80, 300, "slower or faster speech is hard to follow"),
    "model_answer_wpm": (80, 300, "slower or faster speech is hard to follow"),
    "cpu_threads": (0, 256, "0 means one per core"),
    "default_target_s": (10, 600, "answers run from 10 seconds to 10 minutes"),
}


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[str] = field(default_factory=list)
    kept_as: Path | None = None  # the file as it was, copied aside because part was unusable

    def notice(self) -> str:
        """One message for the user, or "" when the file was read whole."""
        if not self.problems:
            return ""
        shown = "; ".join(self.problems[:3])
        if len(self.problems) > 3:
            shown += f"; and {len(self.problems) - 3} more"
        kept = f" Your file is kept as {self.kept_as.name}." if self.kept_as else ""
        return f"Some settings could not be used, so their defaults apply: {shown}.{kept}"


def read_settings(cls: type[Settings], path: Path) -> LoadedSettings:
    settings = cls()
    try:
        if not path.exists():
            return LoadedSettings(settings)
        data = path.read_bytes()[: MAX_SETTINGS_BYTES + 1]
    except OSError as exc:
        return LoadedSettings(settings, [f"{path.name} cannot be read ({exc.strerror or exc})"])
    if len(data) > MAX_SETTINGS_BYTES:
        problems = [f"{path.name} is over {MAX_SETTINGS_BYTES // 1024} KB, not a settings file"]
        return LoadedSettings(settings, problems, _keep_aside(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8", errors="replace")
        problems = [f"line {line}: not UTF-8 text"]
    else:
        problems = []
    raw, syntax = _parse_salvaging(text)
    problems += sorted(syntax + _apply(settings, raw, text), key=_line_number)
    return LoadedSettings(settings, problems, _keep_aside(path) if problems else None)


def _parse_salvaging(text: str) -> tuple[dict[str, Any], list[str]]:
    """The file's values; a line that breaks the syntax is blanked and the rest parsed again."""
    lines = text.splitlines()
    problems: list[str] = []
    for _ in range(MAX_DROPPED_LINES):
        try:
            return tomllib.loads("\n".join(lines)), problems
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            reason = re.sub(r"\s*\(at line.*\)$", "", str(exc))
            if found is None or not 1 <= int(found.group(1)) <= len(lines):
                break
            number = int(found.group(1))
            reason = _plain(reason, lines[number - 1])
            problems.append(f"line {number}: {reason} ({_shown(lines[number - 1].strip())})")
            lines[number - 1] = ""
    first = f" (first: {problems[0]})" if problems else ""
    return {}, [f"the file could not be read at all{first}"]


def _plain(reason: str, line: str) -> str:
    """tomllib's wording for the usual hand-editing slips, said plainly."""
    if line.count('"') % 2 == 1 or line.count("'") % 2 == 1:
        return "a quote is not closed"
    if "=" not in line:
        return "expected name = value"
    return reason[:1].lower() + reason[1:]


def _line_number(problem: str) -> int:
    found = re.match(r"line (\d+):", problem)
    return int(found.group(1)) if found else 0


def _apply(settings: Settings, raw: dict[str, Any], text: str) -> list[str]:
    problems = []
    known = {f.name for f in dataclasses.fields(settings)}
    for key in raw:
        if key not in known:
            problems.append(f"{_where(text, key)}unknown setting {_shown(key)}")
    for name in known & raw.keys():
        value, default = raw[name], getattr(settings, name)
        wrong = _wrong(name, value, default)
        if wrong:
            problems.append(f"{_where(text, name)}{name} {wrong}")
        else:
            setattr(settings, name, list(value) if isinstance(value, list) else value)
    return problems


def _wrong(name: str, value: Any, default: Any) -> str:
    """Why `value` cannot be used for the setting `name`, or ""."""
    if isinstance(default, bool):
        return "" if isinstance(value, bool) else f"should be true or false, not {_shown(value)}"
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"should be a whole number, not {_shown(value)}"
        if name in RANGES:
            low, high, why = RANGES[name]
            if not low <= value <= high:
                return f"should be {low} to {high} ({why}), not {_shown(value)}"
        return ""
    if isinstance(default, list):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ""
        return f"should be a list of words in quotes, not {_shown(value)}"
    if not isinstance(value, str):
        return f"should be text in quotes, not {_shown(value)}"
    if name in CHOICES and value not in CHOICES[name]:
        return f"should be one of {', '.join(CHOICES[name])}, not {_shown(value)}"
    return ""


def _where(text: str, key: str) -> str:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    found = pattern.search(text)
    return f"line {text.count(chr(10), 0, found.start()) + 1}: " if found else ""


def _shown(value: object) -> str:
    """A user's value as a message shows it: quoted, one line, at most 40 characters."""
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= 40 else text[:37] + "..."


def _keep_aside(path: Path) -> Path | None:
    """Copy the file as it was beside it (once per distinct content); None if that fails."""
    try:
        data = path.read_bytes()
        for kept in sorted(path.parent.glob(f"{KEPT_PREFIX}*.toml")):
            if kept.read_bytes() == data:
                return kept
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{KEPT_PREFIX}{stamp}.toml")
        shutil.copyfile(path, target)
        return target
    except OSError:
        return None
