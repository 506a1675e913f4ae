"""Content: which key points were said (and where), which terms, and closeness to the model answer.

A key point counts as said when most of its content words (as concepts: stemmed, synonyms
merged, see lexicon.py) occur close together somewhere in the answer, in any order and
inflection, so "we gate funding in stages" covers "stage-gate funding". Each concept is
weighted (IDF over the bank when given, else generic words count less), and the best window
of the transcript decides. The threshold COVERED_AT was calibrated on bench/feedback_eval.py.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from mockview.core.bank.model import Bank, Question
from mockview.core.feedback.lexicon import NUMBER_WORDS, concepts, weight
from mockview.core.feedback.model import KeyPointResult, TermHit
from mockview.core.feedback.tokens import Token, normalise, text_words

log = logging.getLogger(__name__)

COVERED_AT = 0.45
# A point not covered but with at least this strength is "partly" said: the answer touched it
# without enough of its words. bench/coaching_eval.py against the paraphrase labels (spoken
# through tiny.en): of the points a paraphrase expresses but that miss COVERED_AT, 0.3 shows
# 34/53 as partly (0.25: 38, 0.2: 44), while 2.8% of other questions' points come out partly
# (0.25: 4.6%, 0.2: 10%): a point never said should rarely read as half said.
PARTLY_AT = 0.3
# A point of two or more concepts is never covered by one word alone, however rare.
MIN_CONCEPTS = 2
PREFIX_CREDIT = 0.7  # "priorit" vs "prior": the stemmer missed, the word is still there
MIN_PREFIX = 4
FUZZY_RATIO = 0.8
FUZZY_CREDIT = 0.6
WINDOW_MIN = 12
WINDOW_PER_CONCEPT = 3


@dataclass
class ConceptIndex:
    """The transcript's concepts in order, and where each occurs."""

    token_of: list[int]  # content position -> token index
    concept_at: list[str]
    positions: dict[str, list[int]]

    @classmethod
    def build(cls, tokens: Sequence[Token], skip: Iterable[int] = ()) -> ConceptIndex:
        skipped = set(skip)
        token_of: list[int] = []
        concept_at: list[str] = []
        positions: dict[str, list[int]] = {}
        for t in tokens:
            if t.index in skipped:
                continue
            for c in concepts(t.norm):
                positions.setdefault(c, []).append(len(concept_at))
                token_of.append(t.index)
                concept_at.append(c)
        return cls(token_of, concept_at, positions)

    def occurrences(self, c: str) -> list[tuple[list[int], float]]:
        """Where `c` was said: exact positions at full credit, near-miss stems at PREFIX_CREDIT."""
        if c in self.positions:
            return [(self.positions[c], 1.0)]
        out = []
        if len(c) >= MIN_PREFIX and c.isalpha():
            for other, pos in self.positions.items():
                credit = near_miss(c, other)
                if credit:
                    out.append((pos, credit))
        return out


@lru_cache(maxsize=65536)
def near_miss(c: str, other: str) -> float:
    """Credit for `other` said where concept `c` was wanted: a stem the stemmer left longer or
    shorter ("priorit" vs "prior"), or a misheard word ("remulator"); 0 when neither.

    Cached, and difflib's cheap upper bounds go first: the same pairs recur for every sentence
    of the model answer (0.36 s of a 15-minute answer's analysis before, bench/stop_to_results).
    """
    if len(other) < MIN_PREFIX:
        return 0.0
    if other.startswith(c) or c.startswith(other):
        return PREFIX_CREDIT
    if FUZZY_RATIO < 1.0 and abs(len(other) - len(c)) <= 2:
        m = SequenceMatcher(None, c, other)
        if m.real_quick_ratio() >= FUZZY_RATIO and m.quick_ratio() >= FUZZY_RATIO:
            if m.ratio() >= FUZZY_RATIO:
                return FUZZY_CREDIT
    return 0.0


def text_concepts(text: str) -> list[str]:
    return [c for w in text_words(text) for c in concepts(w)]


def best_window(
    index: ConceptIndex, wanted: Sequence[str], idf: dict[str, float] | None
) -> tuple[float, int, int, tuple[str, ...]]:
    """(score, first position, last position, concepts found) of the best-matching window."""
    unique = list(dict.fromkeys(wanted))
    if not unique or not index.concept_at:
        return 0.0, -1, -1, ()
    weights = {c: weight(c, idf) for c in unique}
    total = sum(weights.values())
    occ = {c: index.occurrences(c) for c in unique}
    starts = sorted({p for lists in occ.values() for pos, _ in lists for p in pos})
    width = max(WINDOW_MIN, WINDOW_PER_CONCEPT * len(unique))
    best: tuple[float, int, int, tuple[str, ...]] = (0.0, -1, -1, ())
    for start in starts:
        end = start + width
        got, found = 0.0, []
        first: int | None = None
        last: int | None = None
        for c in unique:
            credit, at = 0.0, None
            for pos, value in occ[c]:
                k = bisect_left(pos, start)
                if k < len(pos) and pos[k] < end and value > credit:
                    credit, at = value, pos[k]
            if at is not None:
                got += credit * weights[c]
                found.append(c)
                first = at if first is None else min(first, at)
                last = at if last is None else max(last, at)
        score = got / total if total > 0 else 0.0
        if score > best[0] + 1e-9:
            # A positive score means a concept was found, so its positions are set.
            assert first is not None and last is not None
            best = (score, first, last, tuple(found))
    return best


def key_points(
    index: ConceptIndex,
    tokens: Sequence[Token],
    points: Sequence[str],
    idf: dict[str, float] | None,
) -> list[KeyPointResult]:
    """Each point's best match: `status` "said" when covered, "partly" when its strength
    reaches PARTLY_AT, "missed" otherwise; `missing` the point's content words not found."""
    out = []
    for point in points:
        want = text_concepts(point)
        score, first, last, found = best_window(index, want, idf)
        if first is None or first < 0:
            out.append(KeyPointResult(text=point, status="missed", missing=point_words(point)))
            continue
        a, b = index.token_of[first], index.token_of[last]
        covered = score >= COVERED_AT and len(found) >= min(MIN_CONCEPTS, len(set(want)))
        out.append(
            KeyPointResult(
                text=point,
                covered=covered,
                strength=round(score, 3),
                start_index=a,
                end_index=b,
                start_s=round(tokens[a].start_s, 3),
                end_s=round(tokens[b].end_s, 3),
                matched=found,
                status=point_status(covered, score),
                missing=point_words(point, exclude=found),
            )
        )
    return out


def point_status(covered: bool, strength: float) -> str:
    if covered:
        return "said"
    return "partly" if strength >= PARTLY_AT else "missed"


def point_words(point: str, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The point's content words as written ("KPI", "retraining"), less those whose concepts are
    all in `exclude` or in a word listed before ("stage" after "Stage-gate"), in order."""
    known = set(exclude)
    out = []
    for word, have in _word_concepts(point):
        if not all(c in known for c in have):
            out.append(word)
            known.update(have)
    return tuple(out)


@lru_cache(maxsize=4096)
def _word_concepts(point: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word as written, its concepts) for each content word of a point, each word once."""
    out: dict[str, tuple[str, ...]] = {}
    for chunk in point.split():
        for part in re.split(r"[\u2013\u2014/]", chunk):
            word = re.sub(r"^\W+|\W+$", "", part)
            have = tuple(concepts(normalise(word))) if word else ()
            if have:
                out.setdefault(word, have)
    return tuple(out.items())


def _compact(parts: Iterable[str]) -> str:
    return "".join(NUMBER_WORDS.get(p, p) for p in parts)


def _term_parts(text: str) -> list[str]:
    return [p for p in re.split(r"[^a-z0-9]+", text.lower()) if p]


MAX_TERM_WORDS = 4


def terms(tokens: Sequence[Token], wanted: Sequence[str]) -> list[TermHit]:
    """A term is said when 1-4 consecutive spoken words spell it, spaces, hyphens and case aside
    ("pg vector" ~ "pgvector", "zero three" ~ "ZeRO-3"); a plural "s" is allowed."""
    parts = [_term_parts(t.norm) for t in tokens]
    compact = [_compact(p) for p in parts]
    out = []
    for term in wanted:
        target = _compact(_term_parts(term))
        hit = None
        if target:
            for i in range(len(tokens)):
                if not compact[i] or not target.startswith(compact[i][: len(target)]):
                    continue  # most words cannot start the term: skip them cheaply
                joined: list[str] = []
                for j in range(i, min(i + MAX_TERM_WORDS, len(tokens))):
                    joined.extend(parts[j])
                    spelled = _compact(joined)
                    if spelled in (target, target + "s", target + "es"):
                        hit = tokens[i]
                        break
                    if len(spelled) >= len(target) + 2:
                        break
                if hit is not None:
                    break
        out.append(
            TermHit(
                term=term,
                said=hit is not None,
                word_index=hit.index if hit is not None else -1,
                start_s=hit.start_s if hit is not None else 0.0,
            )
        )
    return out


def similarity(index: ConceptIndex, model_answer: str, idf: dict[str, float] | None) -> float:
    """Cosine of weighted concept vectors (sqrt term frequency times concept weight)."""
    model = Counter(text_concepts(model_answer))
    said = Counter(index.concept_at)
    if not model or not said:
        return 0.0

    def vec(counts: Counter[str]) -> dict[str, float]:
        return {c: math.sqrt(n) * weight(c, idf) for c, n in counts.items()}

    a, b = vec(model), vec(said)
    dot = sum(v * b.get(c, 0.0) for c, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm > 0 else 0.0


def bank_idf(documents: Iterable[str]) -> dict[str, float]:
    """Weight of each concept over documents (one per question: its text, answer and key points).

    The square root of IDF: plain IDF let one rare word carry a point, and rare words are the
    ones a recogniser mishears (measured on spoken paraphrases, bench/feedback_eval.py).
    """
    docs = [set(text_concepts(d)) for d in documents]
    n = len(docs)
    df = Counter(c for d in docs for c in d)
    return {c: math.sqrt(max(0.0, math.log((n + 1) / (k + 0.5)))) for c, k in df.items()}


def question_document(question: Question) -> str:
    return " ".join([question.text, question.model_answer, *question.key_points])


@lru_cache(maxsize=16)
def idf_for_bank(bank: Bank) -> dict[str, float]:
    """bank_idf over a Bank's questions, cached per bank: pass it to analyze(idf=...)."""
    return bank_idf(question_document(q) for q in bank.questions)


@lru_cache(maxsize=1)
def shipped_idf() -> dict[str, float] | None:
    """Weights from the banks shipped with the app, for callers that pass no idf: how common a
    concept is across these questions says how common it is in interview answers generally.
    Read once (a few tens of ms); None when no shipped bank loads."""
    from mockview.core import paths
    from mockview.core.bank.loader import BankError, load_bank

    questions: list[Question] = []
    for path in sorted(paths.builtin_banks_dir().glob("*.yaml")):
        try:
            questions.extend(load_bank(path).questions)
        except (BankError, OSError) as exc:
            log.warning("Coverage weights skip %s: %s", path, exc)
    return bank_idf(question_document(q) for q in questions) if len(questions) >= 5 else None
