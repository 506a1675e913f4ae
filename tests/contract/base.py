"""Contracts for the engine protocols (engines/base.py): one base class of assertions each.

Each contract is subclassed twice, once for the fake the UI tests use (tests/ui/fakes.py) and
once for the real engine, so that a fake cannot drift from what the real engine does without
a test failing. A subclass supplies the engine through fixtures; the assertions live here.
Only behaviour the app relies on is asserted (see the docstring of each contract).
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import soundfile as sf

from mockview.core.transcript import Transcript
from mockview.engines.audio_files import TARGET_RATE, load_audio_16k
from mockview.engines.base import Cancelled, NoInputDeviceError, RecordingResult, Voice
from tests.support.speech import espeak_wav

SENTENCE = "We cached the embeddings in Redis, so the second request was fast."


def _wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        threading.Event().wait(0.02)  # polling a property the engine's thread updates
    return condition()


class RecorderContract:
    """Subclasses provide fixtures:

    - `recorder`: a Recorder on a working input;
    - `speak`: a callable that makes about two seconds of speech reach `recorder`'s input and
      returns once it has been recorded;
    - `recorder_without_device`: a Recorder whose input does not exist.
    """

    def test_records_to_the_path_and_hands_on_every_block(self, recorder, speak, tmp_path):
        path = tmp_path / "answer.wav"
        blocks: list[tuple[np.ndarray, int, bool, float]] = []

        def on_block(block, rate):
            blocks.append((block, rate, recorder.is_recording, recorder.level))

        assert not recorder.is_recording
        recorder.start(path, on_block)
        assert recorder.is_recording
        before = recorder.elapsed_s
        speak()
        during = recorder.elapsed_s
        assert during >= before + 1.0, "elapsed_s grows while recording"
        assert recorder.is_recording and recorder.error is None
        assert 0.0 <= recorder.level <= 1.0
        assert blocks, "blocks reach on_block while recording, not only at stop()"
        sf.info(str(path))  # the file is there and readable from the start (crash recovery)

        result = recorder.stop()
        assert not recorder.is_recording
        assert isinstance(result, RecordingResult)
        assert result.path == path and result.error is None
        info = sf.info(str(path))
        assert info.channels == 1 and info.samplerate == result.sample_rate > 0
        assert result.duration_s > 0
        assert result.duration_s == pytest.approx(info.duration, abs=0.05)
        assert result.duration_s >= during - 0.05
        audio, _ = sf.read(str(path), dtype="float32")
        assert float(np.abs(audio).max()) > 0.01, "the speech is in the file"

        for block, rate, recording, level in blocks:
            assert isinstance(block, np.ndarray) and block.ndim == 1
            assert block.dtype == np.float32
            assert rate == result.sample_rate
            assert recording, "on_block is called while is_recording"
            assert 0.0 <= level <= 1.0
        assert max(level for *_, level in blocks) > 0.0, "level follows the sound"
        # Live transcription hears the whole answer: every recorded frame went to on_block.
        assert sum(len(b) for b, *_ in blocks) == info.frames

    def test_start_without_an_input_device_raises_no_input_device(
        self, recorder_without_device, tmp_path
    ):
        with pytest.raises(NoInputDeviceError) as raised:
            recorder_without_device.start(tmp_path / "answer.wav")
        assert str(raised.value), "the message is shown to the user"
        assert not recorder_without_device.is_recording


class PlayerContract:
    """Subclasses provide the fixture `player`: a Player on a working output."""

    @pytest.fixture
    def clip(self, tmp_path):
        """A 4 s tone at 44.1 kHz (long enough that it does not end during a test)."""
        path = tmp_path / "clip.wav"
        t = np.arange(44100 * 4) / 44100
        sf.write(str(path), (0.3 * np.sin(2 * np.pi * 330 * t)).astype("float32"), 44100)
        return path

    def test_play_pause_seek_resume_stop(self, player, clip):
        assert player.state == "stopped"
        player.play(clip)
        assert player.state == "playing"
        assert player.duration_s == pytest.approx(4.0, abs=0.01)
        player.pause()
        assert player.state == "paused"
        held = player.position_s
        threading.Event().wait(0.3)
        assert player.position_s == pytest.approx(held, abs=0.05), "paused: position holds"
        player.seek(2.5)
        assert player.position_s == pytest.approx(2.5, abs=0.01)
        assert player.state == "paused"
        player.resume()
        assert player.state == "playing"
        player.stop()
        assert player.state == "stopped"

    @pytest.fixture
    def short(self, tmp_path):
        """0.3 s of tone at 22.05 kHz, as eSpeak NG writes a short sentence."""
        rate = 22050
        t = np.arange(int(0.3 * rate)) / rate
        path = tmp_path / "short.wav"
        sf.write(str(path), (0.3 * np.sin(2 * np.pi * 300 * t)).astype("float32"), rate)
        return path

    def test_only_a_file_like_the_one_playing_is_queued(self, player, short, tmp_path):
        other = tmp_path / "other.wav"
        sf.write(str(other), np.zeros(4410, np.float32), 44100)
        assert player.enqueue(short) is False  # nothing playing
        player.play(short)
        assert player.progress() == (0, pytest.approx(player.position_s, abs=0.05))
        assert player.enqueue(short) is True
        assert player.enqueue(other) is False  # another rate: played on its own
        player.stop()
        assert player.state == "stopped" and player.enqueue(short) is False

    def test_play_from_a_position_and_seek_while_playing(self, player, clip):
        player.play(clip, start_s=1.0)
        assert player.state == "playing"
        assert 1.0 <= player.position_s < 1.5
        player.seek(3.0)
        assert 3.0 <= player.position_s < 3.5
        player.seek(0.5)
        assert 0.5 <= player.position_s < 1.0
        player.stop()
        assert player.state == "stopped"

    def test_duration_is_the_files(self, player, clip, tmp_path):
        short = tmp_path / "short.wav"
        sf.write(str(short), np.zeros(int(1.5 * 22050), dtype="float32"), 22050)
        player.play(short)
        assert player.duration_s == pytest.approx(1.5, abs=0.01)
        player.stop()
        player.play(clip)
        assert player.duration_s == pytest.approx(4.0, abs=0.01)
        player.stop()


class SpeakerContract:
    """Subclasses provide the fixture `speaker`: a Speaker caching into a fresh folder."""

    TEXT = "Tell me about a project that failed."

    @pytest.fixture
    def voice(self, speaker):
        voices = speaker.voices()
        return next((v for v in voices if "English" in v.name), voices[0]).name

    def test_voices(self, speaker):
        voices = speaker.voices()
        assert isinstance(voices, list) and voices
        for v in voices:
            assert isinstance(v, Voice) and v.id and isinstance(v.name, str) and v.name
            assert isinstance(v.languages, tuple)

    def test_synthesize_gives_a_wav_with_sound(self, speaker, voice):
        path = speaker.synthesize(self.TEXT, voice, 160)
        assert path.is_file() and path.suffix == ".wav"
        info = sf.info(str(path))
        assert info.format == "WAV" and info.frames > 0
        audio, _ = sf.read(str(path), dtype="float32")
        assert float(np.abs(audio).max()) > 0.01

    def test_the_same_request_is_served_from_the_cache(self, speaker, voice):
        first = speaker.synthesize(self.TEXT, voice, 160)
        written = first.stat().st_mtime_ns
        again = speaker.synthesize(self.TEXT, voice, 160)
        assert again == first
        assert again.stat().st_mtime_ns == written, "not synthesized again"

    def test_prefetch_gives_the_file_synthesize_gives(self, speaker, voice):
        future = speaker.prefetch("A question read ahead.", voice, 160)
        path = future.result(timeout=60)
        assert path.is_file() and sf.info(str(path)).frames > 0
        assert speaker.synthesize("A question read ahead.", voice, 160) == path

    def test_another_rate_is_another_file(self, speaker, voice):
        normal = speaker.synthesize(self.TEXT, voice, 160)
        slow = speaker.synthesize(self.TEXT, voice, 120)
        assert slow != normal
        assert slow.is_file() and normal.is_file()


class TranscriberContract:
    """Subclasses provide fixtures:

    - `transcriber`: a Transcriber not loaded yet;
    - `loaded`: a loaded Transcriber that hears `speech` (may be shared by a class's tests).
    """

    @pytest.fixture(scope="class")
    @classmethod
    def speech(cls, tmp_path_factory) -> np.ndarray:
        """A spoken sentence (eSpeak NG), 16 kHz mono float32, as the app hands it on."""
        wav = espeak_wav(SENTENCE, tmp_path_factory.mktemp("speech") / "said.wav")
        return load_audio_16k(wav)

    def test_names(self, transcriber):
        assert isinstance(transcriber.model_name, str) and transcriber.model_name
        assert isinstance(transcriber.device, str) and transcriber.device

    def test_load(self, transcriber):
        assert transcriber.is_loaded is False
        transcriber.load()
        assert transcriber.is_loaded is True

    def test_words_are_sorted_and_within_the_offset_audio(self, loaded, speech):
        offset_s = 12.5
        length_s = len(speech) / TARGET_RATE
        result = loaded.transcribe(speech, ["embeddings", "Redis"], offset_s)
        assert isinstance(result, Transcript)
        assert result.text.strip() and result.words
        assert result.model_name == loaded.model_name
        for w in result.words:
            assert offset_s - 0.01 <= w.start_s <= w.end_s <= offset_s + length_s + 0.01, w
        starts = [w.start_s for w in result.words]
        assert starts == sorted(starts)
        # The offset moves every time, nothing else.
        plain = loaded.transcribe(speech, ["embeddings", "Redis"], 0.0)
        assert [w.start_s + offset_s for w in plain.words] == pytest.approx(starts, abs=0.01)

    def test_context_and_cancel_keywords(self, loaded, speech):
        result = loaded.transcribe(
            speech, (), 0.0, context="So I said that", cancel=threading.Event()
        )
        assert isinstance(result, Transcript) and result.words

    def test_cancel_already_set_raises_cancelled(self, loaded, speech):
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(Cancelled):
            loaded.transcribe(speech, (), 0.0, cancel=cancel)

    def test_silence_gives_no_words(self, loaded):
        quiet_room = np.random.default_rng(0).normal(0, 0.001, TARGET_RATE * 3)
        result = loaded.transcribe(quiet_room.astype(np.float32), (), 4.0)
        assert result.text == "" and result.words == []
