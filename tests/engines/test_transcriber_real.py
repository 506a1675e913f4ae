"""The app's transcriber on real human speech (../shared/speech): nothing dropped, nothing invented.

Each case was a failure measured on these clips before the checks in engines.decode_checks:
- read clips joined with 3-6 s gaps: "by a similar process..." and the next sentence skipped;
- a 2.8 s clip: "Thanks for watching guys, see you in the next one." after the last word;
and the issue's cases: another question's terms must not appear, and the same audio gives the
same transcript and figures run after run.
"""

from __future__ import annotations

import difflib

import numpy as np
import pytest

from mockview.core.feedback import analyze
from tests.support import real_speech as rs

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not rs.available(),
        reason=f"real speech clips not found at {rs.SPEECH} (the project's shared/speech folder)",
    ),
]

# Question 11's terms (RAG over internal documents), none of which any clip says.
OTHER_TERMS = ["RAG", "FAISS", "pgvector", "ACL", "DAG", "PII", "LLM", "OpenTelemetry", "Jira"]


@pytest.fixture(scope="module")
def engine():
    from mockview.engines.transcriber import WhisperTranscriber

    return WhisperTranscriber(device="cpu")


@pytest.fixture(scope="module")
def reads():
    return rs.read_clips()


def matched_share(reference: list[str], heard: list[str]) -> float:
    blocks = difflib.SequenceMatcher(a=reference, b=heard, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(reference)


def test_no_sentence_is_dropped_from_joined_real_clips(engine, reads):
    order = np.random.default_rng(11).permutation(len(reads))
    joined = rs.joined([reads[i] for i in order], seed=1, gap_range=(3.0, 6.0))
    heard = rs.words_of(engine.transcribe(joined.audio).text)
    for clip in joined.clips:
        share = matched_share(rs.reference_words(clip), heard)
        assert share >= 0.7, (clip.name, clip.reference, " ".join(heard))


@pytest.mark.parametrize("tail", ["none", *rs.TAILS])
def test_no_words_are_invented_at_the_end(engine, reads, tail):
    for clip in reads:
        reference = rs.reference_words(clip)
        audio = clip.audio if tail == "none" else rs.tailed(clip, tail)
        heard = rs.words_of(engine.transcribe(audio).text)
        assert len(heard) <= len(reference) + 1, (clip.name, heard)


def test_another_questions_terms_never_appear(engine, reads):
    joined = rs.joined(reads, seed=0)
    text = engine.transcribe(joined.audio, OTHER_TERMS).text
    words = set(rs.words_of(text))
    assert not [t for t in OTHER_TERMS if t.lower() in words], text


def test_the_same_audio_gives_the_same_transcript_and_figures(engine):
    clip = next(c for c in rs.clips() if c.kind == "spontaneous")
    runs = []
    for _ in range(3):
        transcript = engine.transcribe(clip.audio)
        feedback = analyze(transcript, None, audio=clip.audio)
        runs.append(
            (transcript.text, [(w.start_s, w.end_s) for w in transcript.words], feedback.figures)
        )
    assert runs[0] == runs[1] == runs[2]
