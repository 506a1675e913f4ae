"""What Whisper wrote checked against the speech in the signal (engines.decode_checks)."""

from __future__ import annotations

import numpy as np

from mockview.core.transcript import Segment, Word
from mockview.engines import decode_checks as dc


def words(*spec: tuple[str, float, float]) -> list[Word]:
    return [Word(t, a, b) for t, a, b in spec]


def test_sentences_split_at_end_marks_and_keep_an_unfinished_one():
    ws = words(("Go", 0, 0.5), ("on.", 0.5, 1), ("Why?", 1, 1.5), ("and", 2, 2.2))
    assert [[w.text for w in s] for s in dc.sentences(ws)] == [["Go", "on."], ["Why?"], ["and"]]


def test_an_ending_piled_up_after_the_speech_is_implausible():
    # A 2.8 s clip: speech to 2.2 s, then ten words in the last half second (as tiny.en wrote).
    spans = [(0.1, 2.2)]
    real = words(("Go", 0.1, 0.8), ("forward", 0.8, 1.1), ("ten", 1.1, 1.6), ("meters.", 1.6, 1.9))
    tail = [
        Word(t, 2.3 + 0.04 * k, 2.3 + 0.04 * k)
        for k, t in enumerate("see you in the next one.".split())
    ]
    assert dc.implausible(real + tail, spans) == set(range(4, 10))


def test_a_real_sentence_with_stretched_timestamps_is_kept():
    # "10" stretched over 3.8 s of silence: most of its words still touch speech.
    spans = [(31.7, 33.1)]
    ws = words(
        ("Go", 31.72, 32.64),
        ("forward", 32.64, 32.98),
        ("10", 32.98, 36.82),
        ("meters.", 36.82, 36.82),
    )
    assert dc.implausible(ws, spans) == set()


def test_plausible_rebuilds_the_text_of_a_trimmed_segment():
    seg = Segment(
        "Go. Bye bye.", 0, 3, tuple(words(("Go.", 0, 0.5), ("Bye", 2.9, 2.9), ("bye.", 2.9, 2.9)))
    )
    out, dropped = dc.plausible([seg], [(0.0, 0.6)])
    assert dropped == 2
    assert [s.text for s in out] == ["Go."]


def test_a_stretch_of_speech_left_bare_is_a_hole_to_decode_again():
    spans = [(0.0, 4.0), (6.0, 9.0), (10.0, 10.5)]
    ws = words(*[(f"w{k}", 0.3 * k, 0.3 * k + 0.25) for k in range(12)])  # cover 0-3.6 s only
    ws.append(Word("process...", 3.5, 8.9))  # a word stretched over the skipped sentence
    assert dc.holes(spans, ws, 11.0) == [(5.75, 9.25)]  # the 0.5 s span is too short to matter


def test_a_word_running_into_a_hole_ends_where_it_starts():
    clipped = dc.clip_to_hole(words(("process...", 3.5, 8.9), ("ok", 1, 2)), (5.75, 9.25))
    assert [(w.start_s, w.end_s) for w in clipped] == [(3.5, 5.75), (1, 2)]


def test_silence_has_no_speech_spans():
    assert dc.speech_spans(np.zeros(32000, dtype=np.float32)) == []


def test_an_ending_piled_into_a_moment_is_implausible_even_inside_speech():
    # A live stretch cut right after the speech: the invented words sit inside the VAD's span.
    spans = [(14.5, 24.2)]
    real = words(("by", 23.0, 23.3), ("a", 23.3, 23.4), ("process.", 23.4, 24.0))
    tail = words(("We'll", 24.03, 24.21), ("see", 24.21, 24.21), ("you", 24.21, 24.21))
    tail += words(("next", 24.21, 24.21), ("one.", 24.21, 24.21))
    assert dc.implausible(real + tail, spans) == {3, 4, 5, 6, 7}


def test_a_lone_word_is_dropped_only_when_short_and_improbable():
    spans = [(0.0, 10.0)]
    invented = [Word("Okay.", 4.1, 4.16, probability=0.0076)]
    short_real = [Word("So.", 4.1, 4.15, probability=0.5)]
    assert dc.implausible(invented, spans) == {0}
    assert dc.implausible(short_real, spans) == set()


def test_a_phrase_repeated_over_and_over_is_a_loop():
    loop = "Thank you for watching, " + "see you in the next video, " * 20
    assert dc.looping(Segment(loop, 0, 7))
    assert not dc.looping(Segment("Unless a system is established for the frequent review.", 0, 7))


def test_a_lone_filler_is_kept_unless_it_lasts_no_time():
    spans = [(0.0, 10.0)]
    assert dc.implausible([Word("Um.", 4.1, 4.2, probability=0.05)], spans) == set()
    assert dc.implausible([Word("Uh.", 4.1, 4.1, probability=0.05)], spans) == {0}


def test_a_segment_timed_over_a_hole_splits_so_the_refill_goes_between():
    # The first pass timed one segment over 70-89 s and skipped the sentence at 81.5-83.8 s.
    seg = Segment(
        "My father. We must go.",
        70.0,
        89.0,
        tuple(words(("My", 70, 70.5), ("father.", 70.5, 81.0), ("We", 84, 84.5), ("go.", 85, 89))),
    )
    refill = Segment("The air.", 81.5, 83.8, tuple(words(("The", 81.5, 82), ("air.", 82, 83.8))))
    parts = dc.around(seg, (81.25, 84.05))
    text = " ".join(s.text for s in sorted([*parts, refill], key=lambda s: s.start_s))
    assert text == "My father. The air. We go."
    assert [p.end_s for p in parts] == [81.0, 89.0]


def test_a_segment_clear_of_a_hole_stays_whole():
    seg = Segment("Go on.", 1.0, 2.0, tuple(words(("Go", 1.0, 1.5), ("on.", 1.5, 2.0))))
    assert dc.around(seg, (5.0, 6.0)) == [seg]


def test_speech_left_bare_after_the_last_word_of_a_span_is_a_hole():
    # "the frosty air" heard, "passed through the coat" (83.6-84.8 s) skipped.
    spans = [(82.69, 84.77)]
    ws = words(("the", 81.02, 82.8), ("frosty", 82.8, 83.28), ("air", 83.28, 83.6))
    assert dc.holes(spans, ws, 120.0) == [(83.6, 85.02)]  # from the word's end, not into it
    # Words covering the span leave no hole, however few there are inside it.
    covered = words(("the", 82.6, 83.5), ("coat.", 83.5, 84.6))
    assert dc.holes(spans, covered, 120.0) == []
