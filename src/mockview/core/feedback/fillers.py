"""Filler and hedge words found in the tokens, with the context rules that tell a filler "like"
from a verb and a filler "so" from a conjunction."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from mockview.core.feedback.lexicon import NUMBER_WORDS
from mockview.core.feedback.model import FillerHit
from mockview.core.feedback.tokens import Token, text_words

# How Whisper spells the vocal fillers: "Umm", "Uhh", "Hmm.", "Mm-hmm", "Erm", "Ahh".
_VOCAL = {
    "um": re.compile(r"^(u+h?m+|e+r+m+)$"),
    "uh": re.compile(r"^(u+h+|uh-huh)$"),
    "er": re.compile(r"^e+r+$"),
    "ah": re.compile(r"^a+h+$"),
    "hmm": re.compile(r"^(h+m+|m{2,}|m+-?h+m+|mhm+)$"),
    "mm": re.compile(r"^(m{2,}|m+-?h+m+|mhm+)$"),
}

# Words after which "like" is a verb or a preposition, not a filler.
_LIKE_GOVERNORS = frozenset(
    """would i'd you we they he she i look looks looked looking feel feels felt seem seems
    seemed sound sounds sounded something anything nothing just more less much not don't
    didn't do does really also things stuff exactly would've we'd they'd you'd lot""".split()
)
_NUMBERISH = frozenset(
    "a few couple half dozen hundred thousand million maybe around about".split()
) | frozenset(NUMBER_WORDS)
_SO_NOT_BEFORE = frozenset("that much many far long often well too few little".split())
_DETERMINERS = frozenset(
    """a an the this that what which some any every each one same another these those no
    certain different new particular specific whatever first right""".split()
)
_YOU_KNOW_REAL_BEFORE = frozenset(
    """do did don't didn't if as would will you'd you'll could should can let let's to may
    might i'd we'll they'll whether""".split()
)
_KNOW_OBJECTS = frozenset(
    "what how that why when where who whether if the a an it this him her them me us about".split()
)
_MEAN_REAL_BEFORE = frozenset("what do did don't didn't if when which that what's".split())
_MEAN_OBJECTS = frozenset("it that to the what this by a an".split())
# "the price came down anyway" is an adverb; "Anyway, ..." is a filler.
_SET_OFF_ONLY = frozenset("well okay ok yeah now anyway".split())


def _numberish(token: Token | None) -> bool:
    return token is not None and (token.norm in _NUMBERISH or token.norm[:1].isdigit())


def _like(tokens: list[Token], i: int, n: int) -> bool:
    t = tokens[i]
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if prev is not None and prev.norm in _LIKE_GOVERNORS and not t.comma_before:
        return False  # "I would like to", "I like it", "looks like"
    if t.comma_after:
        return True  # "like, three weeks", "and, like, we"
    return _numberish(nxt) and not t.sentence_start  # "took like three weeks"


def _so(tokens: list[Token], i: int, n: int) -> bool:
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.norm in _SO_NOT_BEFORE and not t.comma_after:
        return False  # "so that", "so much"
    # Sentence-initial "So" is a discourse filler ("Um, so" too); ", so we retrained" is a
    # conjunction.
    prev = tokens[i - 1] if i > 0 else None
    after_vocal = prev is not None and prev.sentence_start and _is_vocal(prev.norm)
    return t.sentence_start or after_vocal or (t.comma_before and t.comma_after)


def _is_vocal(norm: str) -> bool:
    return any(p.match(norm) for p in _VOCAL.values())


def _right(tokens: list[Token], i: int, n: int) -> bool:
    t = tokens[i]
    last = i == len(tokens) - 1
    if t.comma_before and (t.sentence_end or t.comma_after or last):
        return True  # a tag: "..., right?"
    return t.sentence_start and (t.comma_after or t.sentence_end)  # "Right, so ..."


def _kind_of(tokens: list[Token], i: int, n: int) -> bool:
    prev = tokens[i - 1] if i > 0 else None
    if prev is None or prev.sentence_end:
        return True
    return prev.norm not in _DETERMINERS and not prev.norm[:1].isdigit()  # not "a kind of model"


def _you_know(tokens: list[Token], i: int, n: int) -> bool:
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and not tokens[i].comma_before and prev.norm in _YOU_KNOW_REAL_BEFORE:
        return False  # "do you know", "as you know", "let you know"
    know = tokens[i + n - 1]
    nxt = tokens[i + n] if i + n < len(tokens) else None
    if know.comma_after or know.sentence_end or nxt is None:
        return True
    return nxt.norm not in _KNOW_OBJECTS  # not "you know what it costs"


def _i_mean(tokens: list[Token], i: int, n: int) -> bool:
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and not tokens[i].comma_before and prev.norm in _MEAN_REAL_BEFORE:
        return False  # "what I mean is"
    mean = tokens[i + n - 1]
    nxt = tokens[i + n] if i + n < len(tokens) else None
    if mean.comma_after or mean.sentence_end or nxt is None:
        return True
    return nxt.norm not in _MEAN_OBJECTS


def _set_off(tokens: list[Token], i: int, n: int) -> bool:
    t = tokens[i + n - 1]
    first = tokens[i]
    return (first.sentence_start and (t.comma_after or t.sentence_end)) or (
        first.comma_before and t.comma_after
    )


_RULES: dict[str, Callable[[list[Token], int, int], bool]] = {
    "like": _like,
    "so": _so,
    "right": _right,
    "kind of": _kind_of,
    "sort of": _kind_of,
    "you know": _you_know,
    "i mean": _i_mean,
}
for _word in _SET_OFF_ONLY:
    _RULES[_word] = _set_off


def _entries(words: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(label, words) per list entry, longest first so "you know" wins over "you"."""
    seen = {}
    for entry in words:
        parts = tuple(text_words(entry))
        if parts and parts not in seen:
            seen[parts] = " ".join(parts)
    return sorted(((label, parts) for parts, label in seen.items()), key=lambda e: -len(e[1]))


def _vocal_patterns(labels: set[str]) -> list[tuple[str, re.Pattern[str]]]:
    # "mm" variants count under "hmm" when the list has no "mm" of its own.
    out: list[tuple[str, re.Pattern[str]]] = [
        (label, _VOCAL[label]) for label in ("um", "uh", "er", "ah", "mm") if label in labels
    ]
    if "hmm" in labels:
        out.append(("hmm", _VOCAL["hmm"] if "mm" not in labels else re.compile(r"^h+m+$")))
    return out


def find(
    tokens: list[Token], words: Iterable[str], claimed: set[int] | None = None
) -> list[FillerHit]:
    """Occurrences of the listed words/phrases in spoken tokens; `claimed` holds Token.index
    values to skip, and gains those of every hit."""
    claimed = claimed if claimed is not None else set()
    entries = _entries(words)
    vocal = _vocal_patterns({label for label, _ in entries})
    norms = [t.norm for t in tokens]
    hits: list[FillerHit] = []
    for i, t in enumerate(tokens):
        if t.index in claimed:
            continue
        label = next((lab for lab, pattern in vocal if pattern.match(t.norm)), None)
        n = 1
        if label is None:
            for lab, parts in entries:
                n = len(parts)
                span = tokens[i : i + n]
                if tuple(norms[i : i + n]) != parts or any(s.index in claimed for s in span):
                    continue
                rule = _RULES.get(lab)
                if rule is None or rule(tokens, i, n):
                    label = lab
                    break
        if label is None:
            continue
        span = tokens[i : i + n]
        claimed.update(s.index for s in span)
        hits.append(
            FillerHit(
                filler=label,
                text=" ".join(s.raw for s in span),
                word_index=t.index,
                word_count=n,
                start_s=span[0].start_s,
                end_s=span[-1].end_s,
            )
        )
    return hits


def counts(hits: list[FillerHit]) -> dict[str, int]:
    out: dict[str, int] = {}
    for h in hits:
        out[h.filler] = out.get(h.filler, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
