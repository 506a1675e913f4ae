"""The real recorder on the virtual microphone: what is played comes back, also after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
import soundfile as sf

from mockview.engines.recorder import SoundDeviceRecorder, repair_audio_file
from tests.support.speech import espeak_wav

pytestmark = [pytest.mark.slow, pytest.mark.audio]

SENTENCE = "Um, the hardest part was, uh, hiring people who could write code and talk to customers."


def _words(text):
    return "".join(c if c.isalnum() or c == " " else " " for c in text.lower()).split()


def test_recording_transcribes_back_to_what_was_played(virtual_audio, tmp_path):
    import sounddevice as sd

    sd._terminate()
    sd._initialize()
    from mockview.engines.transcriber import WhisperTranscriber

    clip = espeak_wav(SENTENCE, tmp_path / "said.wav")
    blocks = []
    recorder = SoundDeviceRecorder()
    recorder.start(tmp_path / "answer.wav", on_block=lambda b, r: blocks.append(len(b)))
    virtual_audio.play_into_mic(clip).wait(30)
    assert recorder.level > 0.05 or max(blocks) > 0
    result = recorder.stop()
    assert result.error is None and result.sample_rate > 0
    assert result.duration_s >= sf.info(str(clip)).duration
    assert sum(blocks) == sf.info(str(result.path)).frames
    words = _words(WhisperTranscriber().transcribe(result.path).text)
    assert {"hardest", "hiring", "people", "code", "customers"} <= set(words)


RECORD_SCRIPT = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from mockview.engines.recorder import SoundDeviceRecorder
    blocks = [0]
    started = threading.Event()
    def on_block(block, rate):
        blocks[0] += 1
        if blocks[0] == 40:  # two seconds recorded
            print("RECORDING", flush=True)
    r = SoundDeviceRecorder()
    r.start(Path(sys.argv[1]), on_block=on_block)
    threading.Event().wait()
""")


def test_killed_recording_is_readable_and_repairable(virtual_audio, tmp_path):
    clip = espeak_wav(SENTENCE + " " + SENTENCE, tmp_path / "said.wav")
    out = tmp_path / "killed.wav"
    player = virtual_audio.play_into_mic(clip)
    proc = subprocess.Popen(
        [sys.executable, "-c", RECORD_SCRIPT, str(out)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert proc.stdout.readline().strip() == "RECORDING"
        # Let the writer pass at least one more flush, then kill it mid-recording.
        proc.stdout.close()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        player.kill()
    size_before = out.stat().st_size
    info = sf.info(str(out))  # readable as is: the header is rewritten at each flush
    assert info.duration >= 1.4
    duration = repair_audio_file(out)
    assert duration >= info.duration - 0.01
    assert out.stat().st_size <= size_before
    assert sf.read(out)[0].shape[0] > 0


def test_no_sound_system_reports_no_microphone(tmp_path):
    """A process that finds no audio server or card gets the clear message, not a traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("PULSE_SERVER",)}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no PulseAudio socket here
    script = textwrap.dedent(
        """
        from pathlib import Path
        from mockview.engines.base import NoInputDeviceError
        from mockview.engines.recorder import SoundDeviceRecorder
        try:
            SoundDeviceRecorder().start(Path(r"%s"))
        except NoInputDeviceError as exc:
            print("MESSAGE:", exc)
        else:
            print("RECORDING")
    """
        % (tmp_path / "x.wav")
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    if "RECORDING" in done.stdout:
        pytest.skip("this machine has a sound card of its own")
    assert "MESSAGE: No microphone found. Check that one is plugged in" in done.stdout
