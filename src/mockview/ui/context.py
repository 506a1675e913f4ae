"""What the composition root hands to the window: settings, store, banks and engines, built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockview.core.bank.model import Bank
from mockview.core.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    settings_path: Path
    history: Any  # HistoryService, or None when the store could not be opened
    banks: list[Bank]
    bank_errors: list[str]
    speaker: Any  # Speaker, or None when speech synthesis is unavailable
    player: Any  # Player, or None when there is no sound output
    recorder: Any  # Recorder, or None when sound input is unavailable
    make_transcriber: Callable[[Settings], Any]
    analyze: Callable[..., Any]  # core.feedback.analyze
    load_audio: Callable[[Path], Any]  # path -> 16 kHz mono float32
    make_live: Callable[..., Any] | None = None  # (transcriber, terms, on_update) -> live
    make_recorder: Callable[[Settings], Any] | None = None  # rebuilt when the microphone changes
    list_inputs: Callable[[], list] | None = None  # [InputDevice] for the settings dialog
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
