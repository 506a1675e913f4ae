"""History store query times on 10,000 attempts (30 questions, realistic figures and transcripts).

Usage: bench/history_queries.py [--attempts N] [--questions Q] [--runs R]

Fills a temporary database through the store's own repository (one transaction), then times
each query the app runs while the user browses history: a question's attempts (the list the
history view shows, newest first), best-of by a figure, a figure's series for a chart, and the
whole bank's summary (which also orders "weakest first"). Prints median and p95 in ms and the
target (50 ms); exits 1 when a median misses it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from mockview.core.history import Attempt, HistoryService, QuestionSnapshot
from mockview.core.transcript import Segment, Transcript, Word

TARGET_MS = 50.0
BANK = "ai-cto"
VOCAB = (
    "we",
    "the",
    "model",
    "retrieval",
    "pgvector",
    "evaluation",
    "team",
    "so",
    "um",
    "data",
    "latency",
    "users",
    "I",
    "think",
    "shipped",
    "metrics",
    "cost",
    "quality",
    "and",
    "uh",
)


def fake_transcript(rng: random.Random, words: int) -> Transcript:
    t, out = 0.0, []
    for _ in range(words):
        length = rng.uniform(0.15, 0.45)
        out.append(
            Word(
                rng.choice(VOCAB),
                round(t, 2),
                round(t + length, 2),
                round(rng.uniform(0.6, 1.0), 3),
            )
        )
        t += length + rng.uniform(0.02, 0.3)
    segments = tuple(
        Segment(
            " ".join(w.text for w in out[i : i + 20]),
            out[i].start_s,
            out[min(i + 19, len(out) - 1)].end_s,
            tuple(out[i : i + 20]),
        )
        for i in range(0, len(out), 20)
    )
    return Transcript(" ".join(w.text for w in out), segments, t + 1.0, "tiny.en", "cpu")


def fake_feedback(rng: random.Random, words: int, skill: float) -> tuple[dict, dict]:
    """A feedback dict the size of Feedback.to_dict() for a ~90 s answer, and its figures."""
    speaking = words / rng.uniform(120, 170) * 60
    fillers = max(0, int(rng.gauss(8 * (1 - skill), 2)))
    pauses = [
        {
            "after_index": rng.randrange(words),
            "start_s": rng.uniform(0, speaking),
            "duration_s": rng.uniform(0.25, 2.5),
            "at_sentence_boundary": rng.random() < 0.5,
            "after_comma": False,
            "confirmed": True,
        }
        for _ in range(rng.randint(10, 30))
    ]
    coverage = min(1.0, max(0.0, rng.gauss(skill, 0.15)))
    figures = {
        "duration_s": round(speaking + rng.uniform(1, 5), 2),
        "speaking_s": round(speaking, 2),
        "word_count": float(words),
        "words_per_minute": round(words / speaking * 60, 1),
        "articulation_wpm": round(words / speaking * 60 * 1.15, 1),
        "filler_count": float(fillers),
        "fillers_per_minute": round(fillers / speaking * 60, 2),
        "hedge_count": float(rng.randint(0, 6)),
        "pause_count": float(len(pauses)),
        "long_pause_count": float(sum(p["duration_s"] > 1 for p in pauses)),
        "response_delay_s": round(rng.uniform(0.3, 4.0), 2),
        "coverage": round(coverage, 3),
        "content_score": round(coverage * 80 + rng.uniform(0, 20), 1),
        "terms_said": float(rng.randint(0, 3)),
        "terms_total": 3.0,
    }
    feedback = {
        "fillers": [
            {
                "filler": "um",
                "text": "um",
                "word_index": rng.randrange(words),
                "word_count": 1,
                "start_s": 1.0,
                "end_s": 1.2,
            }
            for _ in range(fillers)
        ],
        "pauses": pauses,
        "key_points": [
            {
                "text": f"key point {k}",
                "covered": rng.random() < coverage,
                "strength": rng.random(),
                "matched": ["key", "point"],
            }
            for k in range(5)
        ],
        "model_sentences": [
            {
                "text": "A model answer sentence of about fifteen words " * 3,
                "status": "covered",
                "score": 0.5,
                "start_index": 3,
                "end_index": 9,
                "start_s": 1.5,
                "match": 2,
            }
            for _ in range(14)
        ],
        "transcript_sentences": [
            {
                "text": "A spoken sentence in the answer " * 4,
                "status": "shared",
                "score": 0.4,
                "start_index": 3,
                "end_index": 9,
                "start_s": 1.5,
                "match": 2,
            }
            for _ in range(16)
        ],
        "pace_windows": [[w * 5.0, rng.uniform(100, 180)] for w in range(18)],
        "observations": [{"kind": "pace", "severity": "low", "text": "Pace is fine."}] * 4,
        "figures": figures,
    }
    return feedback, figures


def fill(service: HistoryService, attempts: int, questions: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    repo = service.repository
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    skill = {q: rng.uniform(0.3, 0.8) for q in range(questions)}
    with repo.transaction() as conn:
        for n in range(attempts):
            q = rng.randrange(questions)
            words = rng.randint(150, 300)
            feedback, figures = fake_feedback(rng, words, min(0.95, skill[q] + n / attempts / 4))
            qid = f"q{q + 1:02d}"
            attempt_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            repo.insert(
                conn,
                Attempt(
                    id=attempt_id,
                    bank_id=BANK,
                    question=QuestionSnapshot(
                        qid,
                        f"Question {qid}?",
                        "A model answer. " * 40,
                        tuple(f"key point {k}" for k in range(5)),
                        ("FAISS", "pgvector"),
                        90,
                    ),
                    started_at=(start + dt.timedelta(minutes=40 * n)).isoformat(),
                    audio_path=service.audio_path_for(BANK, attempt_id),
                    state="done" if rng.random() > 0.02 else "failed",
                    duration_s=figures["duration_s"],
                    transcript=fake_transcript(rng, words),
                    feedback=feedback,
                    figures=figures,
                    model_name="tiny.en",
                    device="cpu",
                ),
            )


def _one_attempt(service: HistoryService, rng: random.Random) -> None:
    snapshot = QuestionSnapshot("q01", "Question q01?")
    attempt = service.start_attempt(BANK, snapshot)
    feedback, figures = fake_feedback(rng, 220, 0.6)

    class _Feedback:  # what complete_attempt needs from a Feedback
        def to_dict(self):
            return feedback

    result = _Feedback()
    result.figures = figures
    service.complete_attempt(attempt.id, 90.0, fake_transcript(rng, 220), result)


def _full(attempt):
    return attempt.transcript, attempt.feedback


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    qids = [f"q{q + 1:02d}" for q in range(args.questions)]
    with tempfile.TemporaryDirectory() as tmp:
        service = HistoryService.open(Path(tmp))
        t0 = time.perf_counter()
        fill(service, args.attempts, args.questions)
        fill_s = time.perf_counter() - t0
        service.repository.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_mb = sum(p.stat().st_size for p in Path(tmp).glob("history.sqlite3*")) / 1e6
        rng = random.Random(1)
        ids = [a.id for a in service.attempts(BANK, limit=500)]
        queries = [
            (
                "attempts_for (one question, list)",
                lambda: service.attempts_for(BANK, rng.choice(qids)),
            ),
            (
                "attempts_for + all its transcripts (not a UI path)",
                lambda: [a.transcript for a in service.attempts_for(BANK, rng.choice(qids))],
            ),
            (
                "get + transcript + feedback (one attempt)",
                lambda: _full(service.get(rng.choice(ids))),
            ),
            ("best by coverage", lambda: service.best(BANK, rng.choice(qids), "coverage")),
            (
                "best by fillers_per_minute",
                lambda: service.best(BANK, rng.choice(qids), "fillers_per_minute"),
            ),
            (
                "figure_series coverage",
                lambda: service.figure_series(BANK, rng.choice(qids), "coverage"),
            ),
            ("bank_summary (30 questions)", lambda: service.bank_summary(BANK, qids)),
            ("weakest_first", lambda: service.weakest_first(BANK, qids)),
            ("pending_recovery", service.pending_recovery),
            ("start + complete one attempt (2 commits)", lambda: _one_attempt(service, rng)),
        ]
        print(
            f"{args.attempts} attempts, {args.questions} questions; database {db_mb:.0f} MB, "
            f"filled in {fill_s:.1f} s; {args.runs} runs each\n"
        )
        print("| query | median ms | p95 ms | target ms |\n|---|---:|---:|---:|")
        missed = []
        for name, fn in queries:
            fn()  # warm the page cache as a running app would have it
            median, p95 = timed(fn, args.runs)
            flag = "" if median <= TARGET_MS else " (missed)"
            if flag and "not a UI path" not in name:
                missed.append(name)
            print(f"| {name} | {median:.2f} | {p95:.2f} | {TARGET_MS:.0f}{flag} |")
        service.close()
    if missed:
        print(f"\nover target: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
