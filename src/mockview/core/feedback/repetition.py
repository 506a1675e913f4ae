"""Repetition: words said twice in a row, and content words or phrases leaned on too often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Set as AbstractSet

from mockview.core.feedback.lexicon import STOPWORDS, stem
from mockview.core.feedback.model import Overused, Repeat
from mockview.core.feedback.tokens import Token, text_words

MAX_RUN = 3  # longest repeated run looked for: "I think I think" is two words
OVERUSE_MIN_COUNT = 4
OVERUSE_MIN_SHARE = 0.03
PHRASE_MIN_COUNT = 3
PHRASE_MIN_SHARE = 0.015
# A word the model answer itself uses this often is the topic, not a habit.
MODEL_SHARE_FACTOR = 2.0


def _key(token: Token) -> str:
    return token.norm.replace("'", "")


def immediate(tokens: list[Token], skip: AbstractSet[int] = frozenset()) -> list[Repeat]:
    """ "the the", "I think I think": case- and punctuation-insensitive, fillers skipped."""
    keys = [_key(t) for t in tokens]
    out: list[Repeat] = []
    i = 0
    while i < len(tokens):
        found = 0
        for n in range(MAX_RUN, 0, -1):
            if i + 2 * n > len(tokens):
                continue
            if any(t.index in skip for t in tokens[i : i + 2 * n]):
                continue
            if keys[i : i + n] == keys[i + n : i + 2 * n]:
                found = n
                break
        if found:
            out.append(
                Repeat(
                    text=" ".join(t.raw for t in tokens[i : i + 2 * found]),
                    word_index=tokens[i].index,
                    word_count=found,
                    start_s=tokens[i].start_s,
                )
            )
            i += found  # "the the the" reports twice: two stumbles
        else:
            i += 1
    return out


def overused(
    tokens: list[Token], skip: AbstractSet[int] = frozenset(), model_answer: str = ""
) -> list[Overused]:
    total = len(tokens)
    if total == 0:
        return []
    model_words = [w for w in text_words(model_answer) if w not in STOPWORDS]
    model_counts = Counter(stem(w) for w in model_words)
    model_total = max(1, len(text_words(model_answer)))
    content = [
        (t.index, stem(t.norm), t.norm)
        for t in tokens
        if t.index not in skip and t.norm not in STOPWORDS and not t.norm[:1].isdigit()
    ]
    counts = Counter(s for _, s, _ in content)
    shown: dict[str, str] = {}
    for _, s, norm in content:
        shown.setdefault(s, norm)
    out = []
    for s, c in counts.items():
        share = c / total
        usual = model_counts.get(s, 0) / model_total
        often = c >= OVERUSE_MIN_COUNT and share > OVERUSE_MIN_SHARE
        if often and share > usual * MODEL_SHARE_FACTOR:
            out.append(Overused(text=shown[s], count=c, share=round(share, 4)))
    pairs: Counter[tuple[str, str]] = Counter()
    texts: dict[tuple[str, str], str] = {}
    for (i, a, na), (j, b, nb) in zip(content, content[1:], strict=False):
        if j == i + 1:
            pairs[(a, b)] += 1
            texts.setdefault((a, b), f"{na} {nb}")
    model_stems = [stem(w) for w in model_words]
    model_pairs = set(zip(model_stems, model_stems[1:], strict=False))
    for pair, c in pairs.items():
        if c >= PHRASE_MIN_COUNT and c / total > PHRASE_MIN_SHARE and pair not in model_pairs:
            out.append(Overused(text=texts[pair], count=c, share=round(c / total, 4)))
    out.sort(key=lambda o: -o.count)
    return out
