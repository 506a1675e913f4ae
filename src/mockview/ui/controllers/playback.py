"""Replay of a recording and read-aloud of a text, with polled positions for the UI.

Read-aloud is session.read_aloud.ReadAloud (its own thread synthesizes piece by piece and
plays); this controller starts and stops it and polls the word being said.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mockview.session.read_aloud import ReadAloud

POLL_MS = 100
WORD_POLL_MS = 40  # the lit word follows speech within this


class PlaybackController(QObject):
    position_changed = Signal(float, str)  # position_s, state
    error = Signal(str)
    speech_requested = Signal(str)  # reading of ("question" | "model_answer" | "preview") asked
    speech_started = Signal(str)  # ... its sound started
    speech_finished = Signal(str)  # ... ended, was stopped or failed
    word_spoken = Signal(str, int, int)  # what, start and end offsets of the word said now

    def __init__(self, player, speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.speaker = speaker
        self.recording_path: Path | None = None  # what Replay plays
        # The position is polled on the UI thread; Player.on_finished (called on PortAudio's
        # thread) is deliberately not used, so no UI code ever runs on the audio thread.
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.reading: ReadAloud | None = None
        self.reading_what = ""
        self._reading_started = False
        self._word: tuple[int, int] | None = None
        self._word_timer = QTimer(self)
        self._word_timer.setInterval(WORD_POLL_MS)
        self._word_timer.timeout.connect(self._poll_reading)

    def set_recording(self, path: Path | None) -> None:
        self.stop()
        self.recording_path = path

    def toggle_replay(self) -> None:
        if self.player is None:
            self.error.emit("No sound output: replay is not available.")
            return
        if self.is_reading:
            self.stop_reading()
        if self.player.state == "playing":
            self.player.pause()
        elif self.player.state == "paused" and self._playing_recording:
            self.player.resume()
        else:
            self.play_recording(0.0)
        self._poll()

    def play_recording(self, start_s: float) -> None:
        """Plays the recording from `start_s` (a clicked word); seeks when already playing."""
        if self.player is None or self.recording_path is None:
            self.error.emit("No recording to play.")
            return
        self.stop_reading()
        try:
            if self._playing_recording and self.player.state != "stopped":
                self.player.seek(start_s)
                if self.player.state == "paused":
                    self.player.resume()
            else:
                self.player.play(self.recording_path, start_s)
        except Exception as exc:  # noqa: BLE001 - AudioOutputError and driver errors alike
            self.error.emit(str(exc))
            return
        self._playing_recording = True
        self._timer.start()
        self._poll()

    _playing_recording = False

    @property
    def is_reading(self) -> bool:
        return self.reading is not None and not self.reading.finished

    def speak(self, text: str, voice: str, rate_wpm: int, what: str = "question") -> None:
        """Reads `text` aloud piece by piece (never blocks); a newer request replaces an older."""
        if self.speaker is None or self.player is None:
            self.error.emit("Speech is not available: the question is shown as text only.")
            return
        self.stop()
        self.reading = ReadAloud(self.speaker, self.player, text, voice, rate_wpm)
        self.reading_what, self._reading_started, self._word = what, False, None
        self._playing_recording = False
        self.reading.start()
        self.speech_requested.emit(what)
        self._word_timer.start()
        self._poll_reading()

    def _poll_reading(self) -> None:
        reading = self.reading
        if reading is None:
            self._word_timer.stop()
            return
        if reading.state == "speaking" and not self._reading_started:
            self._reading_started = True
            self.speech_started.emit(self.reading_what)
        word = reading.current_word()
        if word is not None and word != self._word:
            self._word = word
            self.word_spoken.emit(self.reading_what, word[0], word[1])
        if reading.finished:
            self._end_reading()

    def _end_reading(self) -> None:
        reading, self.reading = self.reading, None
        self._word_timer.stop()
        if reading is None:
            return
        if reading.state == "failed":
            self.error.emit(reading.error)
        self._word = None
        self.speech_finished.emit(self.reading_what)

    def stop_reading(self) -> None:
        if self.reading is not None:
            self.reading.stop()
            self._end_reading()

    def stop(self) -> None:
        self.stop_reading()
        if self.player is not None and self.player.state != "stopped":
            self.player.stop()
        self._timer.stop()
        self._poll()

    def _poll(self) -> None:
        if self.player is None:
            return
        state = self.player.state
        if self._playing_recording:
            self.position_changed.emit(float(self.player.position_s), state)
        if state == "stopped":
            self._timer.stop()
