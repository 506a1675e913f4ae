"""The side-by-side view: each model-answer sentence covered or missing, each spoken sentence
shared with the model answer or extra, with the stretch of the answer that matches."""

from __future__ import annotations

from collections.abc import Sequence

from mockview.core.feedback.coverage import ConceptIndex, best_window, text_concepts
from mockview.core.feedback.lexicon import concepts, weight
from mockview.core.feedback.model import SentenceMatch
from mockview.core.feedback.tokens import Token, split_sentences, token_sentences

MODEL_COVERED_AT = 0.5
SPOKEN_SHARED_AT = 0.4


def model_sentences(
    index: ConceptIndex,
    tokens: Sequence[Token],
    model_answer: str,
    spoken_spans: list[tuple[int, int]],
    idf: dict[str, float] | None,
) -> list[SentenceMatch]:
    out = []
    for text in split_sentences(model_answer):
        score, first, last, _ = best_window(index, text_concepts(text), idf)
        if first is None or first < 0:
            out.append(SentenceMatch(text=text, status="missing"))
            continue
        a, b = index.token_of[first], index.token_of[last]
        match = next((k for k, (s, e) in enumerate(spoken_spans) if s <= a <= e), -1)
        out.append(
            SentenceMatch(
                text=text,
                status="covered" if score >= MODEL_COVERED_AT else "missing",
                score=round(score, 3),
                start_index=a,
                end_index=b,
                start_s=tokens[a].start_s,
                match=match,
            )
        )
    return out


def spoken_sentences(
    tokens: Sequence[Token],
    spans: list[tuple[int, int]],
    model_answer: str,
    idf: dict[str, float] | None,
) -> list[SentenceMatch]:
    model = [set(text_concepts(s)) for s in split_sentences(model_answer)]
    everything = set().union(*model) if model else set()
    out = []
    for a, b in spans:
        said = {c for t in tokens[a : b + 1] for c in concepts(t.norm)}
        total = sum(weight(c, idf) for c in said)
        score = sum(weight(c, idf) for c in said & everything) / total if total > 0 else 0.0
        best, best_k = 0.0, -1
        for k, m in enumerate(model):
            shared = sum(weight(c, idf) for c in said & m)
            if shared > best:
                best, best_k = shared, k
        out.append(
            SentenceMatch(
                text=" ".join(t.raw for t in tokens[a : b + 1]),
                status="shared" if score >= SPOKEN_SHARED_AT and said else "extra",
                score=round(score, 3),
                start_index=a,
                end_index=b,
                start_s=tokens[a].start_s,
                match=best_k,
            )
        )
    return out


def sentence_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    return token_sentences(list(tokens))
