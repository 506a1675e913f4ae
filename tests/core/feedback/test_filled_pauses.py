"""Filled pauses heard in the audio between words, on synthetic sound: a steady voiced tone in a
gap is one filler; noise, silence, a click, a hum, a lost sentence are none."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.core.feedback import analyze
from mockview.core.feedback import filled_pauses as fp
from mockview.core.feedback.model import Feedback, FillerHit
from mockview.core.transcript import Segment, Transcript, Word

RATE = 16000
rng = np.random.default_rng(7)


def voiced(
    f0: float, seconds: float, formants=((700, 90), (1200, 110)), f0_end=None, level=0.1
) -> np.ndarray:
    """A harmonic sound (glottal-like spectrum shaped by formant resonances): a vowel."""
    n = int(seconds * RATE)
    f0_track = np.linspace(f0, f0_end or f0, n)
    phase = 2 * np.pi * np.cumsum(f0_track) / RATE
    out = np.zeros(n)
    for k in range(1, int(4000 / max(f0, f0_end or f0))):
        freq = k * f0
        gain = sum(1.0 / (1.0 + ((freq - fc) / bw) ** 2) for fc, bw in formants) / k**0.5
        out += gain * np.sin(k * phase)
    ramp = min(n // 2, int(0.02 * RATE))
    if ramp:
        env = np.ones(n)
        env[:ramp] = np.linspace(0, 1, ramp)
        env[-ramp:] = np.linspace(1, 0, ramp)
        out *= env
    return (level * out / (np.abs(out).max() + 1e-9)).astype(np.float32)


def word_sound(seed: int) -> np.ndarray:
    """A spoken word stand-in: short syllables whose pitch and vowel move, with closures."""
    r = np.random.default_rng(seed)
    parts = []
    for _ in range(3):
        f0 = r.uniform(110, 200)
        f1, f2 = r.uniform(300, 800), r.uniform(900, 2400)
        parts.append(voiced(f0, 0.1, ((f1, 80), (f2, 120)), f0_end=f0 * r.uniform(0.8, 1.25)))
        parts.append(np.zeros(int(0.03 * RATE), np.float32))
    return np.concatenate(parts)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.float32)


def compose(pieces) -> tuple[np.ndarray, list[Word]]:
    """pieces: ("word text", None) for a word sound, or (None, array) for raw audio. Returns
    the audio with room noise and the words' timestamps."""
    chunks, words, t = [silence(0.4)], [], 0.4
    for text, audio in pieces:
        if text is not None:
            audio = word_sound(len(words))
            words.append(Word(text, round(t, 3), round(t + len(audio) / RATE, 3)))
        chunks.append(audio)
        t += len(audio) / RATE
    chunks.append(silence(0.5))
    out = np.concatenate(chunks)
    out += rng.normal(0, 0.001, len(out)).astype(np.float32)
    return out, words


def um() -> np.ndarray:
    """Human-like "um": an open vowel then a nasal murmur (energy below 400 Hz), flat pitch."""
    return np.concatenate(
        [voiced(115, 0.3, f0_end=112), voiced(112, 0.15, formants=((250, 60),), f0_end=110)]
    )


def test_steady_voiced_tone_between_two_words_is_one_filler():
    audio, words = compose(
        [
            ("so", None),
            (None, silence(0.2)),
            (None, voiced(120, 0.45)),
            (None, silence(0.2)),
            ("then", None),
        ]
    )
    found = fp.find_filled_pauses(audio, RATE, words)
    assert len(found) == 1, found
    hit = found[0]
    assert hit.gap == 1  # before words[1]
    assert hit.start_s == pytest.approx(words[0].end_s + 0.2, abs=0.06)
    assert hit.end_s == pytest.approx(words[0].end_s + 0.65, abs=0.06)
    assert hit.kind == "uh"


def test_um_with_a_nasal_ending_is_labelled_um():
    audio, words = compose(
        [("so", None), (None, silence(0.2)), (None, um()), (None, silence(0.2)), ("then", None)]
    )
    found = fp.find_filled_pauses(audio, RATE, words)
    assert [(h.gap, h.kind) for h in found] == [(1, "um")]


@pytest.mark.parametrize(
    "name, middle",
    [
        ("white noise", lambda: rng.normal(0, 0.05, int(0.6 * RATE)).astype(np.float32)),
        ("silence", lambda: silence(0.6)),
        (
            "a click",
            lambda: np.concatenate([silence(0.3), np.array([0.9, -0.9], np.float32), silence(0.3)]),
        ),
        ("a short tone", lambda: voiced(120, 0.12)),
        ("a gliding tone", lambda: voiced(110, 0.5, f0_end=220)),
        ("a 3 s hum", lambda: voiced(100, 3.0)),
    ],
)
def test_no_filler_in_noise_silence_click_or_non_filler_sound(name, middle):
    audio, words = compose(
        [("so", None), (None, silence(0.2)), (None, middle()), (None, silence(0.2)), ("then", None)]
    )
    assert fp.find_filled_pauses(audio, RATE, words) == [], name


def test_gap_next_to_a_transcribed_filler_is_skipped():
    audio, words = compose(
        [("so", None), (None, silence(0.2)), (None, um()), (None, silence(0.2)), ("um,", None)]
    )
    assert fp.find_filled_pauses(audio, RATE, words, known=[1]) == []
    assert len(fp.find_filled_pauses(audio, RATE, words)) == 1


def test_before_the_first_and_after_the_last_word():
    audio, words = compose(
        [(None, um()), (None, silence(0.3)), ("so", None), (None, silence(0.3)), (None, um())]
    )
    assert [h.gap for h in fp.find_filled_pauses(audio, RATE, words)] == [0, 1]
    # The lead-in (before the answer starts) is not searched.
    assert [h.gap for h in fp.find_filled_pauses(audio, RATE, words, start_s=0.9)] == [1]


def test_a_word_stretched_over_the_filler_lends_it_the_gap():
    """Whisper timed "I" from the end of the word before over the "um" it left out."""
    audio, words = compose(
        [("fun.", None), (None, silence(0.3)), (None, um()), (None, silence(0.15)), ("I", None)]
    )
    stretched = Word("I", words[0].end_s, words[1].end_s)  # starts where "fun." ends
    found = fp.find_filled_pauses(audio, RATE, [words[0], stretched])
    assert [h.gap for h in found] == [1]


def test_a_gap_full_of_syllables_lost_its_words():
    """A sentence the transcript dropped is no filler, even if one vowel in it is steady."""
    lost = np.concatenate([word_sound(11), voiced(120, 0.4), word_sound(12), word_sound(13)])
    audio, words = compose(
        [("so", None), (None, silence(0.2)), (None, lost), (None, silence(0.2)), ("then", None)]
    )
    assert fp.find_filled_pauses(audio, RATE, words) == []


def test_too_short_or_empty_audio():
    assert fp.find_filled_pauses(np.zeros(10, np.float32), RATE, []) == []
    assert fp.find_filled_pauses(np.zeros(RATE, np.float32), 0, []) == []


def _transcript(words: list[Word], duration_s: float) -> Transcript:
    text = " ".join(w.text for w in words)
    seg = Segment(text, words[0].start_s, words[-1].end_s, tuple(words))
    return Transcript(text, (seg,), duration_s)


def test_analyze_counts_an_audio_found_filler_in_the_gap():
    audio, words = compose(
        [
            ("I", None),
            ("think", None),
            (None, silence(0.2)),
            (None, um()),
            (None, silence(0.2)),
            ("so.", None),
        ]
    )
    tr = _transcript(words, len(audio) / RATE)
    fb = analyze(tr, None, audio=audio)
    heard = [h for h in fb.fillers if h.from_audio]
    assert len(heard) == 1, fb.fillers
    hit = heard[0]
    assert (hit.filler, hit.text, hit.word_index, hit.word_count) == ("um", "(um)", 2, 0)
    assert words[1].end_s < hit.start_s < hit.end_s < words[2].start_s
    assert fb.filler_counts == {"um": 1}
    assert fb.figures["filler_count"] == 1.0
    # Three words are too few to judge: the rate is withheld, the count is not.
    assert fb.verdict == "too_short" and fb.figures["fillers_per_minute"] == 0
    assert fb.word_count == 3 and fb.content_word_count == 3  # no word was added
    # Off by request, and without audio: the transcript alone.
    assert analyze(tr, None, audio=audio, filled_pauses=False).fillers == []
    assert analyze(tr, None).fillers == []
    # A list without any vocal filler counts none from the audio.
    assert analyze(tr, None, audio=audio, fillers=["like"]).fillers == []
    # A list with "uh" but not "um" counts it under "uh".
    assert [h.filler for h in analyze(tr, None, audio=audio, fillers=["uh"]).fillers] == ["uh"]


def test_analyze_keeps_fillers_in_time_order_and_after_the_last_word():
    audio, words = compose(
        [
            ("Um,", None),
            ("yes,", None),
            ("we", None),
            ("did", None),
            (None, silence(0.2)),
            (None, um()),
            (None, silence(0.3)),
        ]
    )
    tr = _transcript(words, len(audio) / RATE)
    fb = analyze(tr, None, audio=audio)
    assert [(h.from_audio, h.word_index, h.word_count) for h in fb.fillers] == [
        (False, 0, 1),
        (True, 4, 0),  # after the last word: len(transcript.words)
    ]
    assert [h.start_s for h in fb.fillers] == sorted(h.start_s for h in fb.fillers)


def test_round_trip_and_old_records():
    hit = FillerHit("um", "(um)", 3, 0, 1.2, 1.6, from_audio=True)
    fb = Feedback(fillers=[hit], filler_counts={"um": 1})
    assert Feedback.from_dict(fb.to_dict()).fillers == [hit]
    old = fb.to_dict()
    del old["fillers"][0]["from_audio"]  # written before the field existed
    assert Feedback.from_dict(old).fillers[0].from_audio is False
