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


# One-word doubles that are grammar when said without a break ("we had had enough", "I knew
# that that was wrong", "what the problem is is"); with a comma or dash between them ("that,
# that was") they are a stumble.
GRAMMATICAL_DOUBLES = frozenset({"had", "that", "is"})
# A content word said again across a comma starts a new clause with it ("I like beans, beans
# are fun": anadiplosis, in the real batchalign clip); stumbles repeat function words (the, I,
# to), which STOPWORDS holds. Across a sentence end it still counts ("works. Works fine.").
# Intensifiers doubled for emphasis ("very, very important", "many many times"): a choice of
# style, comma or not, not a stumble.
EMPHATIC_DOUBLES = frozenset({"very", "really", "much", "many", "far", "more"})
_CUT_MARKS = ("-", "\u2014", "\u2013", "...", "\u2026")


def _key(token: Token) -> str:
    return token.norm.replace("'", "")


def _break_after(token: Token) -> bool:
    """A comma, dash, cut-off hyphen or sentence end right after the word."""
    return token.comma_after or token.sentence_end or token.raw.endswith(_CUT_MARKS)


def immediate(tokens: list[Token], skip: AbstractSet[int] = frozenset()) -> list[Repeat]:
    """Words said again straight away: "the the", "I think I think", "I, um, I", "we- we".

    Case and punctuation aside; the words in `skip` (fillers) are stepped over, so "I, um, I"
    is a repeat. One Repeat per run: "I I I" and "I like, I like, I like" are one each, with
    `word_count` the words of one copy and `text` every word of the run as said (fillers inside
    it included), so the run covers len(text.split()) of `tokens` from `word_index`. A run
    followed by another run of the same words ("I I think I think") reports both.
    Not stumbles: GRAMMATICAL_DOUBLES said without a break, EMPHATIC_DOUBLES always, a content
    word again after a comma ("beans, beans are fun").

    bench/coaching_eval.py: 11/11 labelled repeats found in the text, none false; through
    espeak-ng and tiny.en 5/11 (Whisper mostly writes a repeated word once); in the bank's 60
    written answers 2 false ("enforcement. Enforcement of the Act", "is: is there"); on the
    real spontaneous clip "I like, I like, I like" is one repeat (and the mic check "Test test").
    """
    where = {t.index: i for i, t in enumerate(tokens)}
    kept = [t for t in tokens if t.index not in skip and t.norm]
    keys = [_key(t) for t in kept]
    out: list[Repeat] = []
    i = 0
    while i < len(kept):
        n = next(
            (
                n
                for n in range(MAX_RUN, 0, -1)
                if keys[i : i + n] == keys[i + n : i + 2 * n] and i + 2 * n <= len(kept)
            ),
            0,
        )
        if not n or (n == 1 and _legit_double(kept, i, skip)):
            i += 1
            continue
        copies = 2
        while keys[i : i + n] == keys[i + copies * n : i + (copies + 1) * n]:
            copies += 1
        first, last = where[kept[i].index], where[kept[i + copies * n - 1].index]
        out.append(
            Repeat(
                text=" ".join(t.raw for t in tokens[first : last + 1]),
                word_index=kept[i].index,
                word_count=n,
                start_s=kept[i].start_s,
            )
        )
        i += (copies - 1) * n  # the last copy may start another run
    return out


def _legit_double(kept: list[Token], i: int, skip: AbstractSet[int]) -> bool:
    word = _key(kept[i])
    if word in EMPHATIC_DOUBLES:
        return True
    stepped_over = kept[i + 1].index - kept[i].index > 1 and any(
        j in skip for j in range(kept[i].index + 1, kept[i + 1].index)
    )
    if kept[i].comma_after and word not in STOPWORDS:
        return True
    return word in GRAMMATICAL_DOUBLES and not _break_after(kept[i]) and not stepped_over


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
