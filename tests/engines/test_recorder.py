"""Recorder: writing to disk, level and time, no-device and vanished-device behaviour, repair."""

from __future__ import annotations

import builtins
import struct
import sys

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import AudioFileError
from mockview.engines.base import NoInputDeviceError
from mockview.engines.recorder import (
    SoundDeviceRecorder,
    import_sounddevice,
    list_input_devices,
    repair_audio_file,
)
from tests.engines.fakes import FakeSoundDevice

RATE = 48000


def _blocks(n, amplitude=0.5):
    t = np.arange(RATE // 20) / RATE
    return [amplitude * np.sin(2 * np.pi * 220 * t + i) for i in range(n)]


def test_records_every_block_to_file_and_to_listener(tmp_path):
    sd = FakeSoundDevice(_blocks(40))
    seen = []
    recorder = SoundDeviceRecorder(sd=sd)
    recorder.start(tmp_path / "a.wav", on_block=lambda b, r: seen.append((len(b), r)))
    assert sd.all_delivered.wait(10)
    result = recorder.stop()
    assert result.error is None
    assert result.sample_rate == RATE
    assert result.duration_s == pytest.approx(40 * 0.05, abs=1e-6)
    audio, rate = sf.read(result.path)
    assert rate == RATE and len(audio) == 40 * RATE // 20
    assert len(seen) == 40 and all(r == RATE for _, r in seen)
    assert 0.45 < recorder.level <= 0.5
    assert not recorder.is_recording


def test_flac_recording(tmp_path):
    sd = FakeSoundDevice(_blocks(10))
    recorder = SoundDeviceRecorder(sd=sd)
    recorder.start(tmp_path / "a.flac")
    assert sd.all_delivered.wait(10)
    result = recorder.stop()
    assert sf.info(str(result.path)).format == "FLAC"
    assert sf.info(str(result.path)).frames == 10 * RATE // 20


def test_no_default_input_is_a_clear_error(tmp_path):
    recorder = SoundDeviceRecorder(sd=FakeSoundDevice(has_input=False))
    with pytest.raises(NoInputDeviceError, match="No microphone found"):
        recorder.start(tmp_path / "a.wav")
    assert not recorder.is_recording
    assert list_input_devices(FakeSoundDevice(has_input=False)) == []


def test_missing_portaudio_is_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def no_portaudio(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_portaudio)
    with pytest.raises(NoInputDeviceError, match="No microphone found.*PortAudio"):
        import_sounddevice()


def test_device_vanishing_keeps_audio_so_far(tmp_path):
    sd = FakeSoundDevice(_blocks(30), vanish_after=12, stop_raises=True)
    recorder = SoundDeviceRecorder(sd=sd)
    recorder.start(tmp_path / "a.wav")
    assert sd.vanished.wait(10)
    # The writer notices on its own: error set and recording stopped, without Stop.
    assert recorder.wait_until_stopped(10)
    assert recorder.error and "stopped" in recorder.error
    assert not recorder.is_recording
    result = recorder.stop()
    assert result.error == recorder.error
    audio, _ = sf.read(result.path)
    assert len(audio) == 12 * RATE // 20
    assert np.abs(audio).max() > 0.4


def _cut_wav(tmp_path, seconds=2.0, keep_fraction=0.6):
    """A WAV as a killed writer leaves it: header sizes from an earlier flush, more data after."""
    path = tmp_path / "cut.wav"
    tone = 0.3 * np.sin(np.linspace(0, 2000, int(seconds * 16000)))
    sf.write(path, tone, 16000, subtype="PCM_16")
    raw = bytearray(path.read_bytes())
    data_at = raw.index(b"data") + 8
    struct.pack_into("<I", raw, 4, 36)  # sizes as at the start of the recording
    struct.pack_into("<I", raw, data_at - 4, 0)
    cut = data_at + int((len(raw) - data_at) * keep_fraction) | 1  # odd: half a sample at the end
    path.write_bytes(bytes(raw[:cut]))
    return path, (cut - data_at) // 2 / 16000


def test_repair_truncated_wav(tmp_path):
    path, expected_s = _cut_wav(tmp_path)
    duration = repair_audio_file(path)
    assert duration == pytest.approx(expected_s, abs=1e-3)
    audio, rate = sf.read(path)
    assert rate == 16000 and len(audio) / rate == pytest.approx(expected_s, abs=1e-3)


def test_repair_rejects_other_files(tmp_path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"not audio at all")
    with pytest.raises(AudioFileError, match="x.wav"):
        repair_audio_file(path)
    with pytest.raises(AudioFileError, match="does not exist"):
        repair_audio_file(tmp_path / "gone.wav")


def test_repair_is_the_audio_repair(tmp_path):
    """One implementation: the recorder's repair is engines.audio_repair (same file and length)."""
    from mockview.engines.audio_repair import repair_audio

    a, expected_s = _cut_wav(tmp_path)
    b = tmp_path / "copy.wav"
    b.write_bytes(a.read_bytes())
    duration_s = repair_audio_file(a)
    assert duration_s == pytest.approx(repair_audio(b))
    assert duration_s == pytest.approx(expected_s, abs=1e-3)
    assert a.read_bytes() == b.read_bytes()


def _assert_kept_after_full_disk(recorder, result, *, at_least_s):
    assert recorder.wait_until_stopped(10)  # the writer ended on its own, no uncaught exception
    assert not recorder.is_recording
    assert result.error is not None and result.error.startswith("The disk is full")
    assert "microphone" not in result.error.lower() and "kept" in result.error
    kept_s = repair_audio_file(result.path)  # what recovery does with a crash-cut file
    assert kept_s >= at_least_s


def test_a_full_disk_stops_the_recording_says_so_and_keeps_the_audio(tmp_path, monkeypatch):
    """libsndfile reports a full disk as "System error."; free space tells the cause."""
    writes = 0
    real_write = sf.SoundFile.write

    def write_until_full(self, data):
        nonlocal writes
        writes += 1
        if writes > 20:
            raise sf.LibsndfileError(2, "System error.")  # SF_ERR_SYSTEM
        return real_write(self, data)

    monkeypatch.setattr(sf.SoundFile, "write", write_until_full)
    monkeypatch.setattr(
        "mockview.engines.recorder.shutil.disk_usage", lambda _p: type("U", (), {"free": 4096})()
    )
    sd = FakeSoundDevice(_blocks(40))
    recorder = SoundDeviceRecorder(sd=sd)
    recorder.start(tmp_path / "a.wav")
    assert recorder.wait_until_stopped(10)
    result = recorder.stop()
    _assert_kept_after_full_disk(recorder, result, at_least_s=0.5)
    assert "stopped at 0:01" in result.error


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 300 KB file system: about 3 s of 48 kHz 16-bit audio fit (root only)."""
    import os
    import subprocess

    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(folder)])
    if mounted.returncode != 0:
        pytest.skip("this machine refuses to mount a tmpfs (a container without CAP_SYS_ADMIN)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)  # lazy: even if a file is open


def test_a_really_full_disk_mid_recording(tiny_disk):
    sd = FakeSoundDevice(_blocks(120))  # 6 s: the disk fills after about 3
    recorder = SoundDeviceRecorder(sd=sd)
    recorder.start(tiny_disk / "a.wav")
    assert recorder.wait_until_stopped(10)
    result = recorder.stop()
    _assert_kept_after_full_disk(recorder, result, at_least_s=2.0)


def test_a_full_disk_before_recording_is_a_clear_refusal(tiny_disk):
    (tiny_disk / "filler").write_bytes(b"\0" * (300 * 1024 - 4096 * 2))
    recorder = SoundDeviceRecorder(sd=FakeSoundDevice(_blocks(5)))
    try:
        recorder.start(tiny_disk / "a.wav")
    except OSError as exc:
        assert str(exc).startswith("The disk is full")
    else:  # the header fitted: the first blocks do not, and that is reported as above
        assert recorder.wait_until_stopped(10)
        assert recorder.stop().error.startswith("The disk is full")
