"""What the composition root hands to the window: settings, store, banks and engines, built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mockview.core.bank.model import Bank
from mockview.core.settings import Settings
from mockview.engines.base import InputDevice, Player, Recorder, Speaker, Transcriber
from mockview.session.ports import MakeLive

if TYPE_CHECKING:
    from mockview.core.history.service import HistoryService


@dataclass
class AppContext:
    settings: Settings
    settings_path: Path
    history: HistoryService | None  # None when the store could not be opened
    banks: list[Bank]
    bank_errors: list[str]
    speaker: Speaker | None  # None when speech synthesis is unavailable
    player: Player | None  # None when there is no sound output
    recorder: Recorder | None  # None when sound input is unavailable
    make_transcriber: Callable[[Settings], Transcriber]
    make_live: MakeLive | None = None
    make_recorder: Callable[[Settings], Recorder] | None = None  # when the microphone changes
    list_inputs: Callable[[], list[InputDevice]] | None = None  # for the settings dialog
    # Problems found while building engines, shown as banners: key -> message.
    engine_errors: dict[str, str] = field(default_factory=dict)
    data_dir: Path | None = None

    def save_settings(self) -> str:
        """Saves settings; returns an error message, or "" when saved."""
        try:
            self.settings.save(self.settings_path)
        except OSError as exc:
            return f"Could not save settings to {self.settings_path}: {exc.strerror or exc}"
        return ""
