"""Reading aloud piece by piece (session.read_aloud) with the fake speaker and a player that
plays in real time: every piece in order, the word being said advances, Stop is immediate,
failures are a message and never a stuck state."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import soundfile as sf

from mockview.engines.base import EngineError
from mockview.session.read_aloud import ReadAloud, piece_timing
from mockview.session.reading_plan import plan_reading
from tests.support.clock_player import ClockPlayer
from tests.ui.fakes import FakeSpeaker

TEXT = "First sentence here. Then a second one, with more words in it. Done now."


class SlowSpeaker(FakeSpeaker):
    """Each piece takes `delay` to synthesize, on a thread of its own, as a real speaker does."""

    def __init__(self, cache_dir: Path, delay: float, fail_on: str = "") -> None:
        super().__init__(cache_dir)
        self.delay, self.fail_on = delay, fail_on

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
        future: Future = Future()

        def work() -> None:
            time.sleep(self.delay)
            if self.fail_on and self.fail_on in text:
                future.set_exception(EngineError("The speech synthesizer wrote no audio."))
            else:
                future.set_result(self.synthesize(text, voice, rate_wpm))

        threading.Thread(target=work, daemon=True).start()
        return future


def wait_until(check, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_every_piece_is_played_in_order_and_the_lit_word_advances(tmp_path):
    speaker, player = FakeSpeaker(tmp_path), ClockPlayer()
    reading = ReadAloud(speaker, player, TEXT, "en-us", 150)
    reading.start()
    lit = []
    while not reading.finished:
        word = reading.current_word()
        if word and (not lit or lit[-1] != word):
            lit.append(word)
        time.sleep(0.005)
    assert reading.state == "done" and reading.error == ""
    assert [c[0] for c in speaker.calls] == [p.text for p in reading.plan.pieces]
    assert len(player.played) == len(reading.plan.pieces) == 3
    assert player.streams == 1  # each piece queued on the stream while the one before played
    assert all(c[1:] == ("en-us", 150) for c in speaker.calls)
    starts = [a for a, _ in lit]
    assert starts == sorted(starts) and len(set(starts)) >= 6  # it moved word by word
    assert max(starts) > len(TEXT) // 2  # and on into the pieces queued after the first
    assert {TEXT[a:b] for a, b in lit} <= set(TEXT.split())


def test_a_player_that_cannot_queue_plays_each_piece_on_its_own(tmp_path):
    player = ClockPlayer(can_queue=False)
    reading = ReadAloud(FakeSpeaker(tmp_path), player, TEXT)
    reading.start()
    wait_until(lambda: reading.finished)
    assert reading.state == "done" and player.streams == len(player.played) == 3


def test_the_next_piece_is_synthesized_while_one_plays(tmp_path):
    speaker, player = SlowSpeaker(tmp_path, delay=0.15), ClockPlayer()
    reading = ReadAloud(speaker, player, TEXT)
    started = time.monotonic()
    reading.start()
    wait_until(lambda: reading.finished)
    # Three pieces of 0.2 s each: synthesized one after another it would take 3 x 0.35 s.
    assert reading.state == "done"
    assert time.monotonic() - started < 0.15 + 3 * 0.2 + 0.25
    assert reading.first_audio_s is not None and reading.first_audio_s < 0.3


def test_stop_is_immediate_while_speaking_and_while_preparing(tmp_path):
    player = ClockPlayer()
    reading = ReadAloud(FakeSpeaker(tmp_path), player, TEXT)
    reading.start()
    wait_until(lambda: reading.state == "speaking")
    reading.stop()
    assert reading.state == "stopped" and player.state == "stopped"
    reading.join(1.0)
    assert reading.state == "stopped" and player.streams == 1

    slow = ReadAloud(SlowSpeaker(tmp_path, delay=5.0), ClockPlayer(), TEXT)
    slow.start()
    time.sleep(0.05)
    t = time.monotonic()
    slow.stop()
    slow.join(1.0)
    assert time.monotonic() - t < 0.2 and slow.state == "stopped"


def test_a_failing_piece_is_a_message_not_a_stuck_state(tmp_path):
    player = ClockPlayer()
    reading = ReadAloud(SlowSpeaker(tmp_path, 0.01, fail_on="second"), player, TEXT)
    reading.start()
    wait_until(lambda: reading.finished)
    assert reading.state == "failed"
    assert reading.error == "The speech synthesizer wrote no audio."
    assert player.played[0].is_file() and reading.current_word() is None


def test_nothing_to_read_fails_at_once_with_a_message(tmp_path):
    reading = ReadAloud(FakeSpeaker(tmp_path), ClockPlayer(), "  🚀  ")
    reading.start()
    assert reading.state == "failed" and "nothing to read" in reading.error


def test_words_spread_over_the_voiced_part_of_a_piece(tmp_path):
    rate = 22050
    audio = np.zeros(int(1.5 * rate), np.float32)
    t = np.arange(rate) / rate
    audio[int(0.25 * rate) : int(1.25 * rate)] = 0.3 * np.sin(2 * np.pi * 200 * t)
    path = tmp_path / "piece.wav"
    sf.write(str(path), audio, rate)
    piece = plan_reading("Go to the governance board.").pieces[0]
    timing = piece_timing(piece, path)
    assert abs(timing.voiced_from_s - 0.25) < 0.02 and abs(timing.voiced_to_s - 1.25) < 0.02
    assert timing.word_at(0.0) == 0 and timing.word_at(1.4) == len(piece.words) - 1
    ends = np.diff((0.25, *timing.ends_s))
    assert ends[3] > ends[2]  # "governance" takes longer than "the"


def test_a_synthesizer_that_hangs_ends_the_reading_with_a_message(tmp_path):
    class Hung(FakeSpeaker):
        def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
            return Future()  # never done

    reading = ReadAloud(Hung(tmp_path), ClockPlayer(), TEXT, piece_timeout_s=0.2)
    reading.start()
    wait_until(lambda: reading.finished, timeout_s=3)
    assert reading.state == "failed" and "no sound within" in reading.error


def test_a_rate_out_of_range_is_brought_inside_it(tmp_path):
    assert ReadAloud(FakeSpeaker(tmp_path), ClockPlayer(), TEXT, rate_wpm=5).rate_wpm == 80
    assert ReadAloud(FakeSpeaker(tmp_path), ClockPlayer(), TEXT, rate_wpm=10**6).rate_wpm == 300
