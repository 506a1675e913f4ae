"""Killing the process for real: mid-recording (then recovery) and mid-write (then integrity)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import soundfile as sf

from mockview.core import paths
from mockview.core.history import HistoryService
from tests.core.history.helpers import FakeFeedback
from tests.support.speech import espeak_wav

pytestmark = pytest.mark.slow

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))

WRITER = textwrap.dedent("""
    import sys
    from mockview.core.history import HistoryService
    from tests.core.history.helpers import feedback, question, transcript, write_tone

    service = HistoryService.open()
    n = 0
    while True:
        attempt = service.start_attempt("ai-cto", question(f"q{n % 7}"))
        write_tone(attempt.audio_path, 0.05)
        service.mark_transcribing(attempt.id)
        service.complete_attempt(attempt.id, 0.05, transcript("word " * 200), feedback(n / 1000))
        print(attempt.id, flush=True)  # only after the commit returned
        n += 1
""")

RECORDER = textwrap.dedent("""
    import time
    from mockview.core.bank.model import Question
    from mockview.core.history import HistoryService
    from mockview.engines.recorder import SoundDeviceRecorder

    service = HistoryService.open()
    question = Question(id="q01", section="s", text="Tell me about yourself.",
                        model_answer="", key_points=())
    attempt = service.start_attempt("ai-cto", question, "tiny.en", "cpu")
    recorder = SoundDeviceRecorder()
    recorder.start(attempt.audio_path)
    print("started", attempt.id, flush=True)
    while True:  # the parent kills us; until then report progress
        print("elapsed", recorder.elapsed_s, flush=True)
        time.sleep(0.2)
""")


def _child(script: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
    )


def test_kill_while_writing_attempts_keeps_every_committed_one():
    child = _child(WRITER)
    committed = []
    try:
        for line in child.stdout:
            committed.append(line.strip())
            if len(committed) >= 40:
                break
        os.kill(child.pid, signal.SIGKILL)
        # Lines already printed but not yet read are commits too.
        rest, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    committed += rest.split()
    assert child.returncode == -signal.SIGKILL
    assert len(committed) >= 40

    with HistoryService.open() as service:
        conn = service.repository.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for attempt_id in committed:
            attempt = service.get(attempt_id)
            assert attempt is not None and attempt.state == "done"
            assert attempt.transcript.text.startswith("word word")
        assert len(service.attempts()) >= len(committed)
        # The one being written when the kill came (if any) waits for recovery, nothing worse.
        assert len(service.pending_recovery()) <= 1


@pytest.mark.audio
def test_kill_while_recording_then_recover(virtual_audio, tmp_path):
    from mockview.engines.recorder import repair_audio_file
    from mockview.engines.transcriber import WhisperTranscriber

    said = (
        "I led the platform team for three years. We moved our search to vector retrieval "
        "with pgvector, and we measured answer quality every week. I hired four engineers "
        "and we shipped the new assistant to every customer by the end of the year."
    )
    clip = espeak_wav(said, tmp_path / "answer.wav")
    player = None
    child = _child(RECORDER)
    try:
        first = child.stdout.readline().split()
        assert first[0] == "started", first
        attempt_id = first[1]
        # Elapsed time counts from the first audio the device delivers: through PulseAudio's
        # ALSA plugin a new process gets its first input block about 1.9 s after the stream
        # starts (measured), and audio that never arrived cannot be on disk.
        started = None
        for line in child.stdout:  # wait until the recorder has written 4.5 s
            recorded_s = float(line.split()[1])
            if started is None and recorded_s > 0:
                started = time.monotonic() - recorded_s
                player = virtual_audio.play_into_mic(clip)  # answer once the mic is live
            if recorded_s >= 4.5:
                break
        os.kill(child.pid, signal.SIGKILL)
        elapsed_s = time.monotonic() - started
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        if player is not None:
            player.kill()
            player.wait()
    assert child.returncode == -signal.SIGKILL

    transcriber = WhisperTranscriber(cpu_threads=2)

    def process(path):
        transcript = transcriber.transcribe(path)
        return transcript, FakeFeedback(figures={"word_count": float(len(transcript.words))})

    with HistoryService.open() as service:
        pending = service.pending_recovery()
        assert [a.id for a in pending] == [attempt_id]
        assert pending[0].state == "recording"
        recovered = service.recover(pending[0], process, repair=repair_audio_file)
        assert recovered.state == "recovered", recovered.error
        assert recovered.duration_s >= elapsed_s - 1.0
        info = sf.info(str(recovered.audio_path))
        assert info.frames / info.samplerate >= elapsed_s - 1.0
        assert recovered.audio_path.parent == paths.data_dir() / "recordings" / "ai-cto"
        # About 4 s of the answer were recorded: its first sentence.
        heard = {w.strip(".,").lower() for w in recovered.transcript.text.split()}
        assert len(heard & {"led", "platform", "team", "three", "years"}) >= 3, heard
        assert recovered.figures["word_count"] >= 3
        assert service.pending_recovery() == []
