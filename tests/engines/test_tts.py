"""Speech synthesis: cache keys and reuse (with a fake engine), and the real eSpeak NG driver."""

from __future__ import annotations

import threading
import wave

import pytest
import soundfile as sf

from mockview.engines.tts import Pyttsx3Speaker, SpeechSynthesisError


def _fake_job(log):
    """Stands in for the synthesizer process: a WAV whose length follows text and rate."""

    def job(request):
        log.append((request["text"], request["rate_wpm"], threading.current_thread().name))
        with wave.open(request["out"], "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(22050)
            frames = len(request["text"]) * 22050 * 10 // request["rate_wpm"]
            f.writeframes(b"\x01\x00" * frames)
        return ""

    return job


@pytest.fixture
def fake_speaker(tmp_path, monkeypatch):
    log = []
    speaker = Pyttsx3Speaker(tmp_path / "cache")
    monkeypatch.setattr(speaker, "_job", _fake_job(log))
    return speaker, log


def test_second_call_is_served_from_the_cache(fake_speaker, tmp_path):
    speaker, log = fake_speaker
    first = speaker.synthesize("What is RAG?", rate_wpm=160)
    second = speaker.synthesize("What is RAG?", rate_wpm=160)
    assert first == second and first.parent == tmp_path / "cache" / "tts"
    assert speaker.synth_count == 1 and len(log) == 1
    assert sf.info(str(first)).duration > 0
    # Only finished files are in the cache: no temporary names left behind.
    assert [p.name for p in first.parent.iterdir()] == [first.name]


def test_rate_and_voice_make_distinct_entries(fake_speaker):
    speaker, log = fake_speaker
    slow = speaker.synthesize("What is RAG?", rate_wpm=120)
    fast = speaker.synthesize("What is RAG?", rate_wpm=200)
    other = speaker.synthesize("What is RAG else?", rate_wpm=120)
    assert len({slow, fast, other}) == 3 and speaker.synth_count == 3
    assert speaker.path_for("x", "en-gb", 160) != speaker.path_for("x", "en-us", 160)
    assert sf.info(str(slow)).duration > sf.info(str(fast)).duration


def test_all_jobs_run_on_one_worker_thread(fake_speaker):
    speaker, log = fake_speaker
    futures = [speaker.prefetch(f"Question {i}") for i in range(5)]
    callers = [threading.Thread(target=speaker.synthesize, args=(f"Answer {i}",)) for i in range(3)]
    for t in callers:
        t.start()
    for t in callers:
        t.join()
    assert all(f.result(timeout=10).is_file() for f in futures)
    assert {name for _, _, name in log} == {"tts"} and len(log) == 8


def test_same_text_prefetched_twice_is_synthesized_once(fake_speaker):
    speaker, log = fake_speaker
    a, b = speaker.prefetch("Same"), speaker.prefetch("Same")
    assert a.result(timeout=10) == b.result(timeout=10)
    assert len(log) == 1


def test_empty_text_is_refused(fake_speaker):
    speaker, _ = fake_speaker
    with pytest.raises(SpeechSynthesisError):
        speaker.synthesize("   ")


@pytest.mark.slow
def test_real_espeak_voices_and_rate(tmp_path):
    speaker = Pyttsx3Speaker(tmp_path)
    voices = speaker.voices()
    assert any("English" in v.name for v in voices)
    english = next(v for v in voices if "English" in v.name)
    slow = speaker.synthesize("Tell me about a project that failed.", english.name, 120)
    fast = speaker.synthesize("Tell me about a project that failed.", english.name, 220)
    assert sf.info(str(slow)).duration > 1.3 * sf.info(str(fast)).duration
    again = speaker.synthesize("Tell me about a project that failed.", english.name, 120)
    assert again == slow and speaker.synth_count == 2
    with pytest.raises(SpeechSynthesisError, match="no longer installed: choose another"):
        speaker.synthesize("Hello", voice="No Such Voice")


@pytest.mark.slow
def test_each_job_gets_its_own_voice_and_rate(tmp_path):
    # One reused pyttsx3 engine let voice and rate lag a job behind; every job must be exact.
    speaker = Pyttsx3Speaker(tmp_path)
    text = "Hello there, how are you?"
    first = sf.info(str(speaker.synthesize(text, "", 160))).frames
    british = sf.info(str(speaker.synthesize(text, "English (Great Britain)", 220))).frames
    assert british < 0.85 * first
    speaker.path_for(text, "", 160).unlink()
    again = sf.info(str(speaker.synthesize(text, "", 160))).frames
    assert abs(again - first) <= 0.02 * first


def test_a_run_that_wrote_nothing_is_tried_again(tmp_path, monkeypatch):
    log = []
    writes = _fake_job(log)
    calls = []

    def flaky(request):  # the first run ends without writing the file, as eSpeak's now and then
        calls.append(request["out"])
        return "" if len(calls) == 1 else writes(request)

    speaker = Pyttsx3Speaker(tmp_path / "cache")
    monkeypatch.setattr(speaker, "_job", flaky)
    path = speaker.synthesize("What is RAG?")
    assert len(calls) == 2 and sf.info(str(path)).duration > 0


def test_a_synthesizer_that_never_writes_is_an_error(tmp_path, monkeypatch):
    speaker = Pyttsx3Speaker(tmp_path / "cache")
    monkeypatch.setattr(speaker, "_job", lambda request: "")
    with pytest.raises(SpeechSynthesisError, match="wrote no audio"):
        speaker.synthesize("What is RAG?")
    assert not any((tmp_path / "cache").rglob("*.wav"))
