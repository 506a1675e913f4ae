"""analyze(): one transcript (and optionally its audio) against one question -> Feedback."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from mockview.core.bank.model import Question
from mockview.core.feedback import (
    alignment,
    coverage,
    offtopic,
    pace,
    pauses,
    prosody,
    repetition,
    restarts,
    summary,
    tips,
)
from mockview.core.feedback import filled_pauses as filled
from mockview.core.feedback import fillers as filler_rules
from mockview.core.feedback.model import Feedback, FillerHit, KeyPointResult, Structure, TermHit
from mockview.core.feedback.structure import find_structure
from mockview.core.feedback.tokens import Token, spoken, tokenize
from mockview.core.feedback.verdict import judge
from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.settings import DEFAULT_FILLERS, DEFAULT_HEDGES
from mockview.core.transcript import Transcript, Word

# content_score = 100 x weighted mean of these parts (weights re-spread over the parts a
# question has: no key points or no terms leave their share to the others).
SCORE_WEIGHTS = {"key_points": 0.6, "terms": 0.15, "similarity": 0.25}
# Similarity to the model answer at or above this counts in full: a spoken answer in one's
# own words rarely passes a cosine of about 0.5 even when it says the same things.
SIMILARITY_FULL = 0.5


def analyze(
    transcript: Transcript,
    question: Question | None,
    *,
    audio: np.ndarray | None = None,
    sample_rate: int = 16000,
    lead_in_s: float = 0.0,
    fillers: Sequence[str] | None = None,
    hedges: Sequence[str] | None = None,
    idf: dict[str, float] | None = None,
    filled_pauses: bool = True,
    filled_pause_params: filled.Params | None = None,
    voice: VoiceTrack | None = None,
    others: Sequence[Question] = (),
) -> Feedback:
    """Measures one answer. `question` None (free practice) skips the content part.

    With `audio`, filled pauses heard between the words ("um" that Whisper left out) join the
    fillers (FillerHit.from_audio; see model.FillerHit for where they sit); `filled_pauses`
    False turns that off, `filled_pause_params` tunes it (bench/filled_pause_eval.py); `voice`,
    the frames measured while `audio` was recorded, saves measuring them after Stop.

    `idf` weighs concepts by how rare they are in the bank (coverage.idf_for_bank(bank));
    without it the shipped banks' weights are used (coverage.shipped_idf()); an empty dict
    means the built-in weights (generic words count less), for comparison. `others`, the rest of
    the question's bank, lets an answer that fits one of them better be flagged off-topic.
    """
    if idf is None:
        idf = coverage.shipped_idf()
    filler_list = list(DEFAULT_FILLERS if fillers is None else fillers)
    hedge_list = list(DEFAULT_HEDGES if hedges is None else hedges)
    tokens = tokenize(transcript)  # position == index into transcript.words
    words = spoken(tokens)  # without bare punctuation: what is counted and timed
    timed = any(t.end_s > 0 for t in words)

    claimed: set[int] = set()
    filler_hits = filler_rules.find(words, filler_list, claimed)
    filler_idx = set(claimed)
    hedge_hits = filler_rules.find(words, hedge_list, claimed)

    audio_arr = None
    if audio is not None and timed:
        audio_arr = np.asarray(audio, dtype=np.float32).reshape(-1)
    if not timed:
        found_pauses = []
    elif audio_arr is not None and audio_arr.size:
        found_pauses = pauses.confirmed(words, audio_arr, sample_rate)
    else:
        found_pauses = pauses.from_timestamps(words)

    if audio_arr is not None and audio_arr.size and filled_pauses:
        heard = _heard_fillers(
            audio_arr,
            sample_rate,
            words,
            len(tokens),
            filler_hits,
            filler_list,
            lead_in_s,
            filled_pause_params or filled.DEFAULT,
            voice,
        )
        if heard:
            filler_hits = sorted(filler_hits + heard, key=lambda h: (h.start_s, h.word_index))

    audio_s = len(audio) / sample_rate if audio is not None and sample_rate > 0 else 0.0
    recording_s = pace.recording_length(words, transcript.duration_s, audio_s)
    target_s = float(question.target_s) if question is not None else 0.0
    if timed:
        timing = pace.measure(words, found_pauses, recording_s, lead_in_s, target_s)
    else:
        timing = pace.measure([], [], recording_s, lead_in_s, 0.0)

    model_answer = question.model_answer if question is not None else ""
    index = coverage.ConceptIndex.build(tokens, skip=filler_idx)
    points = list(question.key_points) if question is not None else []
    kp = coverage.key_points(index, tokens, points, idf)
    term_hits = coverage.terms(words, list(question.terms) if question is not None else [])
    sim = coverage.similarity(index, model_answer, idf) if model_answer else 0.0
    spans = alignment.sentence_spans(tokens)
    share = sum(1 for k in kp if k.covered) / len(kp) if kp else 0.0

    feedback = Feedback(
        duration_s=round(timing.duration_s, 3),
        lead_in_s=lead_in_s,
        response_delay_s=round(timing.response_delay_s, 3),
        speaking_s=round(timing.speaking_s, 3),
        answer_s=round(timing.answer_s, 3),
        target_s=target_s,
        target_verdict=timing.target_verdict,
        word_count=len(words),
        content_word_count=len(words) - len(filler_idx),
        words_per_minute=round(timing.words_per_minute, 2),
        articulation_wpm=round(timing.articulation_wpm, 2),
        pace_windows=timing.pace_windows,
        fillers=filler_hits,
        filler_counts=filler_rules.counts(filler_hits),
        hedges=hedge_hits,
        hedge_counts=filler_rules.counts(hedge_hits),
        pauses=found_pauses,
        pauses_confirmed=audio_arr is not None and audio_arr.size > 0,
        repeats=repetition.immediate(words, skip=filler_idx),
        restarts=restarts.find(words, filler_idx),
        overused=repetition.overused(words, skip=claimed, model_answer=model_answer),
        key_points=kp,
        terms=term_hits,
        coverage=round(share, 4),
        similarity=round(sim, 4),
        content_score=round(content_score(kp, term_hits, sim, question), 1),
        model_sentences=alignment.model_sentences(index, tokens, model_answer, spans, idf)
        if model_answer
        else [],
        transcript_sentences=alignment.spoken_sentences(tokens, spans, model_answer, idf),
        off_topic=offtopic.check(index, tokens, question, others, idf)
        if question is not None and others
        else None,
        structure=find_structure(tokens)
        if question is not None and question.behavioural
        else Structure(),
    )
    if audio_arr is not None and audio_arr.size:
        feedback = dataclasses.replace(
            feedback,
            voice=prosody.measure_voice(
                audio_arr, sample_rate, words, timing.pace_windows, track=voice
            ),
        )
    verdict, verdict_text = judge(
        len(words), len(words) - len(filler_idx), timing.speaking_s if timed else None
    )
    if verdict:
        # Rates over a few seconds are noise (verdict.py): withheld, and nothing to coach.
        feedback = dataclasses.replace(
            feedback,
            verdict=verdict,
            verdict_text=verdict_text,
            words_per_minute=0.0,
            articulation_wpm=0.0,
            pace_windows=[],
        )
        return dataclasses.replace(feedback, observations=[summary.verdict_observation(feedback)])
    feedback = dataclasses.replace(feedback, observations=summary.observations(feedback))
    return dataclasses.replace(feedback, tips=tips.next_time(feedback, tokens, question))


# Which entry of the user's filler list an audio-found filler counts under, by the sound heard;
# the first of these the list has is used when the list lacks the sound's own label.
_HEARD_LABELS = ("um", "uh", "hmm", "er", "ah")


def _heard_fillers(
    audio: np.ndarray,
    sample_rate: int,
    words: list[Token],
    total_words: int,
    transcribed: list[FillerHit],
    filler_list: Sequence[str],
    lead_in_s: float,
    params: filled.Params,
    voice: VoiceTrack | None,
) -> list[FillerHit]:
    """Filled pauses in the gaps between spoken words, as FillerHits with from_audio True."""
    listed = {" ".join(f.lower().split()) for f in filler_list}
    fallback = next((lab for lab in _HEARD_LABELS if lab in listed), None)
    if fallback is None:
        return []  # the user counts no vocal filler
    timed = [Word(t.raw, t.start_s, t.end_s) for t in words]
    # Vocal fillers the transcript has ("Um,"): the sound next to them is already counted.
    # ("So," or "like," are words; an "um" beside them is not.)
    vocal = {
        i
        for h in transcribed
        if h.filler in _HEARD_LABELS or h.filler == "mm"
        for i in range(h.word_index, h.word_index + h.word_count)
    }
    known = [i for i, t in enumerate(words) if t.index in vocal]
    found = filled.find_filled_pauses(
        audio,
        sample_rate,
        timed,
        known=known,
        start_s=max(0.0, lead_in_s),
        params=params,
        track=voice,
    )
    out = []
    for p in found:
        label = p.kind if p.kind in listed else fallback
        out.append(
            FillerHit(
                filler=label,
                text=f"({label})",
                word_index=words[p.gap].index if p.gap < len(words) else total_words,
                word_count=0,
                start_s=p.start_s,
                end_s=p.end_s,
                from_audio=True,
            )
        )
    return out


def content_score(
    kp: Sequence[KeyPointResult],
    term_hits: Sequence[TermHit],
    sim: float,
    question: Question | None,
) -> float:
    if question is None:
        return 0.0
    parts: dict[str, float] = {}
    if kp:
        parts["key_points"] = sum(min(1.0, k.strength / coverage.COVERED_AT) for k in kp) / len(kp)
    if term_hits:
        parts["terms"] = sum(1 for t in term_hits if t.said) / len(term_hits)
    if question.model_answer.strip():
        parts["similarity"] = min(1.0, sim / SIMILARITY_FULL)
    total_w = sum(SCORE_WEIGHTS[k] for k in parts)
    if total_w <= 0:
        return 0.0
    return 100.0 * sum(SCORE_WEIGHTS[k] * v for k, v in parts.items()) / total_w
