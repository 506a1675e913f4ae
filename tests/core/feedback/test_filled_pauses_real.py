"""Filled pauses found from the audio on real human speech (../shared/speech), through tiny.en.

The spontaneous clip has two real "um" (forced-alignment times 17.455-17.675 and 20.735-20.955 s;
tiny.en's word times run 0.3-0.6 s later). Unprompted, tiny.en writes neither; the audio check must
find both and nothing else. With the app's default prompt tiny.en writes both: they must be counted
once. Read clips have no filler: nothing may be heard there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mockview.core.feedback import analyze

SPEECH = Path(__file__).resolve().parents[3].parent / "shared" / "speech"
SPONTANEOUS = SPEECH / "spontaneous" / "batchalign_test.mp3"
UMS = [(17.455, 17.675), (20.735, 20.955)]
READ = [
    "read/ljspeech_LJ001-0001.flac",
    "read/pocketsphinx_forever_input_2.flac",  # a drawn-out last vowel, no filler
    "read/deepspeech_new-home-in-the-stars.flac",
    "read/fasterwhisper_stereo_diarization_ch0.flac",
]
VOCAL = {"um", "uh", "hmm", "er", "ah"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SPONTANEOUS.is_file(),
        reason=f"real speech clips not found at {SPEECH} (the project's shared/speech folder)",
    ),
]


def _at_an_um(start_s: float, end_s: float) -> bool:
    return any(start_s < b + 0.8 and end_s > a - 0.4 for a, b in UMS)


@pytest.fixture(scope="module")
def engines():
    from mockview.engines.transcriber import WhisperTranscriber

    engines = {
        mode: WhisperTranscriber(device="cpu", prompt_mode=mode) for mode in ("none", "short_terms")
    }
    # Whisper's first pass alone (no re-decoding of speech it skipped): it writes neither "um".
    engines["first_pass"] = WhisperTranscriber(device="cpu", prompt_mode="none", vad_filter=False)
    return engines


def test_ums_whisper_left_out_are_heard_in_the_audio(engines):
    from mockview.engines.audio_files import load_audio_16k

    audio = load_audio_16k(SPONTANEOUS)
    transcript = engines["first_pass"].transcribe(audio)
    assert not any(w.text.strip(" ,.").lower() in VOCAL for w in transcript.words)
    fb = analyze(transcript, None, audio=audio)
    heard = [h for h in fb.fillers if h.from_audio]
    assert len(heard) == 2, heard
    for hit, (a, b) in zip(heard, UMS, strict=True):
        assert hit.start_s < b + 0.8 and hit.end_s > a - 0.4, (hit, a, b)
        assert hit.word_count == 0 and hit.filler == "um"
        assert 0 <= hit.word_index <= len(transcript.words)
    assert fb.filler_counts.get("um") == 2
    assert fb.figures["filler_count"] == 2.0


def test_ums_whisper_wrote_are_counted_once(engines):
    from mockview.engines.audio_files import load_audio_16k

    audio = load_audio_16k(SPONTANEOUS)
    transcript = engines["short_terms"].transcribe(audio)
    fb = analyze(transcript, None, audio=audio)
    vocal = [h for h in fb.fillers if h.filler in VOCAL]
    assert len(vocal) == 2, vocal
    assert all(_at_an_um(h.start_s, h.end_s) for h in vocal), vocal


def test_ums_are_counted_once_whichever_way_they_were_found(engines):
    """Unprompted, the app's re-decoding of skipped speech writes one "um": the audio finds the
    other, and neither is counted twice."""
    from mockview.engines.audio_files import load_audio_16k

    audio = load_audio_16k(SPONTANEOUS)
    fb = analyze(engines["none"].transcribe(audio), None, audio=audio)
    vocal = [h for h in fb.fillers if h.filler in VOCAL]
    assert len(vocal) == 2, vocal
    assert all(_at_an_um(h.start_s, h.end_s) for h in vocal), vocal


@pytest.mark.parametrize("relpath", READ)
def test_nothing_heard_in_read_speech(engines, relpath):
    from mockview.engines.audio_files import load_audio_16k

    audio = load_audio_16k(SPEECH / relpath)
    for mode in ("none", "short_terms"):
        fb = analyze(engines[mode].transcribe(audio), None, audio=audio)
        assert [h for h in fb.fillers if h.from_audio] == [], relpath


def test_voice_frames_measured_while_recording_hear_the_same(engines):
    from mockview.core.feedback.voice_track import VoiceTrack
    from mockview.engines.audio_files import load_audio_16k

    audio = load_audio_16k(SPONTANEOUS)
    track = VoiceTrack()
    for pos in range(0, len(audio), 800):  # 50 ms blocks, as the recorder writes them
        track.add(audio[pos : pos + 800])
    track.finish()
    transcript = engines["first_pass"].transcribe(audio)
    after_stop = analyze(transcript, None, audio=audio).fillers
    while_recording = analyze(transcript, None, audio=audio, voice=track).fillers
    assert len(after_stop) == 2
    assert while_recording == after_stop
