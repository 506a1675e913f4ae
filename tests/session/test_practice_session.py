"""The practice session without Qt: the happy path and every failure path ends in a usable state."""

from __future__ import annotations

import sys
import threading
import time

from mockview.session.states import State
from tests.ui.fakes import FakeRecorder, FakeTranscriber

S = State


def test_session_imports_no_qt():
    import subprocess

    code = "import mockview.session.practice, sys; print(any('PySide6' in m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_record_stop_processed(rig):
    r = rig()
    r.load()
    r.record()
    assert r.session.state is S.RECORDING
    attempt_id = r.session._current_id
    r.session.stop()
    r.loop.until(lambda: r.events.processed_ids)
    assert r.events.states == [S.STARTING, S.RECORDING, S.STOPPING, S.PROCESSING, S.IDLE]
    assert r.events.processed_ids == [(attempt_id, False)]
    stored = r.history.get(attempt_id)
    assert stored.state == "done" and stored.figures["filler_count"] >= 3
    assert r.transcriber.calls[0][1] == ("FAISS", "pgvector")
    assert r.events.threads == {r.loop.owner.name}  # every event on the owner thread


def test_failing_stop_does_not_stick_in_stopping(rig):
    r = rig()
    r.load()
    r.record()
    r.recorder.stop_error = OSError("device unavailable")
    r.session.stop()
    r.loop.until(lambda: r.events.failures)
    failure, behind = r.events.failures[0]
    assert r.session.state is S.IDLE and not behind
    assert "could not be closed cleanly" in failure.message
    assert r.history.get(failure.attempt_id).state == "failed"  # kept, Retry can use it
    r.recorder.stop_error = None
    r.record()  # Record works again
    assert r.session.state is S.RECORDING


def test_microphone_changed_while_recording_stops_the_one_in_use(rig):
    r = rig()
    r.load()
    r.record()
    old, new = r.recorder, FakeRecorder()
    assert r.session.change_settings(recorder=new) is False  # held back
    assert r.session.recorder is old
    r.session.stop()
    r.loop.until(lambda: r.session.state is S.IDLE)
    assert old.stopped == 1 and not old.is_recording
    assert new.stopped == 0 and new.path is None
    assert r.session.recorder is new  # applied once the answer was recorded
    assert r.events.processed_ids
    r.record()
    assert new.is_recording


def test_quit_during_a_long_transcription_cancels_it(rig, tmp_path):
    r = rig()
    r.transcriber.hold = threading.Event()  # never released: only cancelling ends it
    r.load()
    r.record()
    attempt_id = r.session._current_id
    r.session.stop()
    r.loop.until(lambda: r.session.state is S.PROCESSING)
    r.loop.until(lambda: r.model.busy and r.transcriber.calls)
    started = time.monotonic()
    r.session.shutdown()
    assert r.model.shutdown(5.0)
    assert time.monotonic() - started < 2.0
    assert r.session.state is S.CLOSED
    # Left "transcribing": the next start recovers it.
    from mockview.core.history.service import HistoryService

    r.history.close()
    with HistoryService.open(tmp_path / "data") as again:
        assert [a.id for a in again.pending_recovery()] == [attempt_id]
    r.history = HistoryService.open(tmp_path / "data")


def test_no_microphone_is_a_message_and_no_row(rig):
    r = rig(recorder=FakeRecorder(fail=True))
    r.load()
    r.record()
    assert r.session.state is S.IDLE
    assert "No microphone" in r.events.messages["microphone"]
    assert "Settings" in r.events.messages["microphone"]
    assert r.history.attempts() == []


def test_model_failing_to_load_keeps_the_audio(rig):
    r = rig(transcriber=FakeTranscriber(None, fail_load=True))
    r.load()
    r.record()
    r.session.stop()
    r.loop.until(lambda: r.events.failures)
    failure, _ = r.events.failures[0]
    assert "not available" in failure.message and "not found" in failure.message
    assert failure.audio_path.exists() and failure.duration_s > 5
    assert r.session.state is S.IDLE


def test_transcription_failure_then_retry(rig):
    r = rig()
    r.load()
    r.transcriber.fail_transcribe = True
    r.record()
    r.session.stop()
    r.loop.until(lambda: r.events.failures)
    failure, _ = r.events.failures[0]
    assert "decoder crashed" in failure.message
    r.transcriber.fail_transcribe = False
    assert r.session.retry(failure.attempt, r.bank)
    assert r.session.state is S.PROCESSING
    r.loop.until(lambda: r.events.processed_ids)
    assert r.history.get(failure.attempt_id).state == "done"
    assert r.session.state is S.IDLE


def test_microphone_lost_mid_way_keeps_and_processes_the_audio(rig):
    r = rig()
    r.load()
    r.record()
    r.recorder.error_value = "The microphone was unplugged. The answer up to then is kept."
    meter = r.session.meter()
    assert meter.elapsed_s == 1.0
    assert r.session.state is S.STOPPING
    assert "unplugged" in r.events.messages["recording"]
    r.loop.until(lambda: r.events.processed_ids)


def test_silent_microphone_is_noticed(rig):
    r = rig()
    r.load()
    r.record()
    r.recorder.level_value, r.recorder.elapsed_value = 0.0, 4.0
    assert r.session.meter().silent
    r.recorder.level_value = 0.3
    assert not r.session.meter().silent


def test_answering_again_while_the_last_is_processed(rig):
    r = rig()
    r.transcriber.gate = threading.Event()
    r.model.load(r.transcriber)  # still loading: the first answer waits for it
    r.record()
    first = r.session._current_id
    r.session.stop()
    r.loop.until(lambda: r.session.state is S.PROCESSING)
    r.record()  # answer again at once
    assert r.session.state is S.RECORDING
    second = r.session._current_id
    r.transcriber.gate.set()
    r.loop.until(lambda: r.events.processed_ids)
    assert r.events.processed_ids == [(first, True)]  # "behind": not shown over the recording
    r.session.stop()
    r.loop.until(lambda: len(r.events.processed_ids) == 2)
    assert r.events.processed_ids[1] == (second, False)


def test_model_change_while_recording_waits_for_the_answer(rig):
    r = rig()
    r.load()
    r.record()
    other = FakeTranscriber(r.transcript)
    assert r.session.change_settings(transcriber=other) is False
    assert r.model.transcriber is r.transcriber
    r.session.stop()
    r.loop.until(lambda: r.events.processed_ids)
    assert r.model.transcriber is other
    r.loop.until(lambda: other.loaded)


def test_live_transcription_through_two_stretches(rig):
    from mockview.engines.live import LiveTranscription

    def make_live(transcriber, terms, on_update):
        return LiveTranscription(transcriber, terms, on_update)

    r = rig(make_live=make_live)
    r.transcriber.windowed = True
    r.load()
    r.record()
    r.session.stop()
    r.loop.until(lambda: r.events.processed_ids)
    attempt = r.history.get(r.events.processed_ids[0][0])
    assert attempt.transcript.extra["stretches"] == 2
    assert [w.text for w in attempt.transcript.words] == [w.text for w in r.transcript.words]
    # The second stretch is conditioned on the first one's last words.
    assert r.transcriber.contexts[0] == ""
    assert (
        r.transcriber.contexts[1]
        == "embed them. Then, uh, we store the vectors in FAISS or pgvector."
    )
    assert r.events.live and r.events.live[0].startswith("Um, so")


def test_live_audio_is_reused_after_stop(rig, monkeypatch):
    """The pipeline takes the 16 kHz audio the live transcription already resampled."""
    from mockview.engines.live import LiveTranscription
    from mockview.session import pipeline

    reads: list[object] = []
    load = pipeline.load_audio_16k
    monkeypatch.setattr(pipeline, "load_audio_16k", lambda p: reads.append(p) or load(p))

    def make_live(transcriber, terms, on_update):
        return LiveTranscription(transcriber, terms, on_update, keep_audio=True)

    r = rig(make_live=make_live)
    r.transcriber.windowed = True
    r.load()
    r.record()
    r.session.stop()
    r.loop.until(lambda: r.events.processed_ids)
    assert reads == []  # the recording was not read back from disk
    attempt = r.history.get(r.events.processed_ids[0][0])
    assert abs(attempt.duration_s - len(r.recorder.audio) / 16000) < 0.01
    assert attempt.figures["long_pause_count"] >= 1  # pauses checked against that audio
    assert attempt.transcript.extra["last_decode_s"] >= 0


def test_a_full_disk_after_recording_keeps_retry_and_replay(rig, monkeypatch):
    """The answer is recorded, then the disk fills: neither the result nor the failure can be
    stored. The failure still carries the attempt (read, not written) so Replay has its audio,
    and Retry stores the result once there is room again."""
    from mockview.core.history.records import HistoryError

    r = rig()
    r.load()
    full = True

    def when_full(real):
        def write(*args, **kwargs):
            if full:
                raise HistoryError("Could not save the attempt: the disk is full")
            return real(*args, **kwargs)

        return write

    for name in ("mark_transcribing", "complete_attempt", "fail_attempt"):
        monkeypatch.setattr(r.history, name, when_full(getattr(r.history, name)))
    r.record()
    r.session.stop()
    r.loop.until(lambda: r.events.failures)
    failure, _ = r.events.failures[0]
    assert "disk is full" in failure.message
    assert "disk is full" in r.events.messages["history"]
    assert failure.attempt is not None and failure.attempt.state == "failed"
    assert failure.audio_path is not None and failure.audio_path.exists()
    assert failure.duration_s > 5
    assert r.session.state is S.IDLE

    full = False  # the user freed some space
    assert r.session.retry(failure.attempt, r.bank)
    r.loop.until(lambda: r.events.processed_ids)
    assert r.history.get(failure.attempt_id).state == "done"
