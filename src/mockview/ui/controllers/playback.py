"""Replay of a recording and playback of synthesized speech, with a polled position for the UI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mockview.ui.workers.jobs import JobRunner

POLL_MS = 100


class PlaybackController(QObject):
    position_changed = Signal(float, str)  # position_s, state
    error = Signal(str)
    speech_started = Signal(str)  # path of a synthesized WAV that started playing

    def __init__(self, player, speaker, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.speaker = speaker
        self.jobs = jobs
        self.recording_path: Path | None = None  # what Replay plays
        # The position is polled on the UI thread; Player.on_finished (called on PortAudio's
        # thread) is deliberately not used, so no UI code ever runs on the audio thread.
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._speech_token = 0
        # Read by synthesis jobs on pool threads: a plain list, never the QObject's attributes.
        self._latest_speech = [0]

    def set_recording(self, path: Path | None) -> None:
        self.stop()
        self.recording_path = path

    def toggle_replay(self) -> None:
        if self.player is None:
            self.error.emit("No sound output: replay is not available.")
            return
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

    def speak(self, text: str, voice: str, rate_wpm: int) -> None:
        """Synthesizes off the UI thread, then plays; a newer request supersedes an older one."""
        if self.speaker is None or self.player is None:
            self.error.emit("Speech is not available: the question is shown as text only.")
            return
        self.stop()
        self._speech_token += 1
        token = self._latest_speech[0] = self._speech_token
        speaker, player, latest = self.speaker, self.player, self._latest_speech

        def work() -> Path:
            path = speaker.synthesize(text, voice, rate_wpm)
            if token == latest[0]:  # not superseded meanwhile
                player.play(path, 0.0)
            return path

        self.jobs.submit(work, lambda path: self._spoken(token, path), self.error.emit)

    def _spoken(self, token: int, path: Path) -> None:
        if token == self._speech_token:
            self._playing_recording = False
            self.speech_started.emit(str(path))

    def stop(self) -> None:
        self._speech_token += 1  # a synthesis still running will not start playing
        self._latest_speech[0] = self._speech_token
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
