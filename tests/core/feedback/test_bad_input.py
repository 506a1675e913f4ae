"""Empty, untimed, question-less and very long input: sensible feedback, no crash."""

from __future__ import annotations

import time

import numpy as np

from mockview.core.feedback import analyze
from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.transcript import Segment, Transcript, Word
from tests.core.feedback.helpers import question, transcript

Q = question(
    ["Stage-gate funding", "ROI each quarter"],
    terms=["PSI"],
    model_answer="We use stage-gate funding. We check ROI each quarter.",
)


def test_silence_gives_zero_figures_and_says_so():
    empty = Transcript("", (), duration_s=12.0)
    fb = analyze(empty, Q, audio=np.zeros(16000 * 12, np.float32), lead_in_s=1.0)
    assert fb.word_count == 0 and fb.words_per_minute == 0 and fb.pauses == []
    assert fb.duration_s == 11.0 and fb.coverage == 0.0 and fb.content_score == 0.0
    assert fb.verdict == "no_speech" and [o.kind for o in fb.observations] == ["verdict"]
    assert all(isinstance(v, float) for v in fb.figures.values())


def test_words_without_times():
    words = tuple(Word(w, 0.0, 0.0) for w in "Um, we gate funding in stages.".split())
    fb = analyze(
        Transcript("x", (Segment("x", 0, 0, words),), duration_s=0.0),
        Q,
        audio=np.zeros(1600, np.float32),
    )
    assert fb.words_per_minute == 0 and fb.pauses == []
    assert fb.filler_count == 1 and fb.key_points[0].covered


def test_text_without_words_still_counts():
    fb = analyze(Transcript("Um, we gate funding in stages.", (), duration_s=5.0), Q)
    assert fb.word_count == 6 and fb.filler_count == 1


def test_no_question_and_no_key_points():
    fb = analyze(transcript("Um, we ship weekly."), None)
    assert fb.key_points == [] and fb.content_score == 0.0 and fb.target_verdict == ""
    bare = analyze(transcript("we ship weekly"), question(model_answer="", target_s=0))
    assert bare.coverage == 0.0 and bare.model_sentences == []


def test_thirty_minutes_of_words_runs_fast():
    sentence = (
        "Um, so we gate funding in stages and, you know, check the ROI each quarter "
        "with the the finance team. "
    )
    text = sentence * 280  # ~5,000 words, 33 minutes at 150 WPM
    tr = transcript(text, gaps={i: 0.6 for i in range(0, 5000, 37)})
    audio = np.zeros(int(16000 * tr.duration_s), np.float32)
    # As after Stop in the app: the voice frames were measured while recording.
    track = VoiceTrack()
    track.add(audio)
    track.finish()
    started = time.perf_counter()
    fb = analyze(tr, Q, audio=audio, voice=track)
    elapsed = time.perf_counter() - started
    assert fb.word_count > 5000 and fb.filler_count > 800
    assert elapsed < 2.0, f"analysis took {elapsed:.2f} s"


def test_indices_point_into_transcript_words_even_with_bare_punctuation():
    texts = ["Um,", "-", "we", "ship,", "you", "know,", "weekly.", "...", "The", "the", "end."]
    words = tuple(Word(w, 0.5 + i * 0.4, 0.8 + i * 0.4) for i, w in enumerate(texts))
    tr = Transcript(" ".join(texts), (Segment("x", 0.5, words[-1].end_s, words),), 6.0)
    fb = analyze(tr, Q)
    assert [(h.filler, h.word_index) for h in fb.fillers] == [("um", 0), ("you know", 4)]
    assert fb.word_count == 9
    assert [r.word_index for r in fb.repeats] == [8]
    assert fb.transcript_sentences[-1].text.startswith("The")
