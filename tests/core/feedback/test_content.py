"""Coverage of key points, terms, similarity and the side-by-side alignment."""

from __future__ import annotations

from mockview.core.feedback import analyze
from tests.core.feedback.helpers import question, transcript

MODEL = (
    "We use stage-gate funding so each bet earns its next tranche. We track ROI against "
    "a business KPI every quarter. We monitor data drift with PSI and retrain when it moves."
)
POINTS = [
    "Stage-gate funding",
    "ROI tied to a business KPI each quarter",
    "Drift monitored with PSI triggers retraining",
]
Q = question(POINTS, terms=["PSI", "pgvector", "ZeRO-3"], model_answer=MODEL)


def test_paraphrase_covers_the_key_point():
    fb = analyze(transcript("We gate funding in stages, so a project earns more money later."), Q)
    assert fb.key_points[0].covered
    assert fb.key_points[0].start_index == 1  # "gate" ... "stages"
    assert not fb.key_points[2].covered


def test_key_point_records_where_it_was_said():
    text = "First we hire. Later on we monitor drift using PSI and then retrain the model."
    fb = analyze(transcript(text), Q)
    kp = fb.key_points[2]
    assert kp.covered and kp.strength > 0.6
    assert text.split()[kp.start_index] == "monitor"
    assert kp.start_s == transcript(text).words[kp.start_index].start_s


def test_off_topic_answer_scores_low():
    text = (
        "In my last role I led a team of twelve engineers. We had a conflict about code "
        "reviews, so I set up pairing sessions and the conflict faded within a month."
    )
    fb = analyze(transcript(text), Q)
    assert fb.coverage == 0.0
    assert fb.content_score < 20


def test_full_answer_scores_high():
    fb = analyze(transcript(MODEL), Q)
    assert fb.coverage == 1.0 and fb.content_score > 80
    assert all(s.status == "covered" for s in fb.model_sentences)
    assert all(s.status == "shared" for s in fb.transcript_sentences)


def test_terms_tolerate_spacing_hyphens_and_number_words():
    fb = analyze(transcript("We stored vectors in pg vector and trained with zero three."), Q)
    said = {t.term: t.said for t in fb.terms}
    assert said == {"PSI": False, "pgvector": True, "ZeRO-3": True}
    assert fb.figures["terms_said"] == 2 and fb.figures["terms_total"] == 3
    fb = analyze(transcript("We use PGVector, ZeRO-3 and psi."), Q)
    assert all(t.said for t in fb.terms)


def test_alignment_marks_missing_and_extra_sentences():
    text = "We use stage gate funding for every bet. My favourite food is pasta."
    fb = analyze(transcript(text), Q)
    assert [s.status for s in fb.model_sentences] == ["covered", "missing", "missing"]
    assert [s.status for s in fb.transcript_sentences] == ["shared", "extra"]
    assert fb.model_sentences[0].match == 0


def test_shipped_bank_answers_rank_their_own_question_first():
    from mockview.core.bank.discovery import find_banks
    from mockview.core.feedback.coverage import idf_for_bank

    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    idf = idf_for_bank(bank)
    for answer in bank.questions[:3]:
        tr = transcript(" ".join(answer.model_answer.split()))
        scores = {q.id: analyze(tr, q, idf=idf) for q in bank.questions}
        assert max(scores, key=lambda i: scores[i].content_score) == answer.id
        assert scores[answer.id].coverage >= 0.8
        assert max(f.coverage for i, f in scores.items() if i != answer.id) <= 0.34
        # Without explicit weights analyze() falls back to the shipped banks' own.
        assert analyze(tr, answer).coverage == scores[answer.id].coverage
