"""Restarts: a phrase broken off and begun again ("we did- we decided"), cut-off words ("deci-").

Whisper writes a restart in several ways: "we did- we decided", "we did, we decided", "We did.
We decided", "so we did we decided", "I was going to- what we did was", or it drops the
abandoned words (nothing to find then). What gives one away:

- a word cut off with a hyphen ("did-", "deci-") is always a restart: the abandoned part runs
  from where the fresh start repeats its first word ("we deci- we decided"), else it is the cut
  word when that is said again whole ("la- latency"), else its clause, at most MAX_ABANDONED
  words ("I was going to-"). A hyphen before "and"/"or"/"to" and a hyphenated word suspends a
  compound ("pre- and post-training") and is no cut;
- otherwise a short phrase (1-4 words) at the start of its clause (after "so", "and", ...),
  followed across a break (comma, dash, "...", sentence end, filler, pause) by a phrase that
  begins with the same word and then says something else. Clauses often start alike ("We grew.
  We hired..."), so the abandoned phrase must look unfinished: it ends on a function word
  ("I think the,"), or on an auxiliary ("we did, we decided"; across a sentence end only when
  it is a sentence of its own and answers no question: "Did it work? It did." is whole), or its
  last word is said again with another ending ("we decide, we decided"), or the fresh start
  repeats two or more of its words and takes its last word up again ("the data team, the data
  platform team"). After an em dash or "..." any divergence counts;
- with no break at all, only two words opening with a function word ("so we did we decided"),
  or three of which two come again ("in the first in the second quarter"): longer ones were
  clauses going on in the bank's written answers ("its exposure and its ROI");
- lists are not restarts: three or more clauses opening with the same word ("we hired, we
  trained, and we shipped"). Two parallel clauses that end on a content word ("I fixed the
  bug, the team was happy"; "we use, we rely on") are left alone: precision over recall.
A phrase said again word for word ("we, we moved", "I like, I like") is a repeat, which
repetition.immediate() reports; find() leaves it out so nothing counts twice.

Measured by bench/coaching_eval.py: on the labelled answers of
bench/data/disfluency_scripts.yaml (the rules were written against them) 12/13 restarts found
with no false one; through espeak-ng and tiny.en 11/13 with one false (Whisper wrote "Did it
work, it did, it cut"); in the 60 written answers of the bank and the paraphrases (9,600
words, spoken too) no restart found.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from mockview.core.feedback.model import PAUSE_MIN_S, Restart
from mockview.core.feedback.tokens import Token

MAX_ABANDONED = 4
# Words that may open a clause before the restarted phrase: "so we did, we decided".
CONNECTORS = frozenset(
    "and but so then because well or now also okay ok yeah plus anyway actually".split()
)
# A phrase ending on one of these is unfinished: determiners, prepositions, subject pronouns,
# conjunctions. Object pronouns ("it", "them") end clauses and are left out.
NEVER_FINAL = frozenset(
    """a an the this these those our my your their his its some any every each no
    to of in on at for with from by about into onto over under than
    i we they he she you i'm we're they're it's that's there's we've i've
    and but or because if when which who where while""".split()
)
# Auxiliaries and modals end a clause cut short ("we did, we decided") but also an elliptical
# sentence ("Yes, we did."): across a sentence end they count only when they end a sentence of
# their own ("We did. We decided"), and not one that answers a question ("Did it work? It did.").
AUXILIARIES = frozenset(
    """is was were are am be been being have has had do did does will would can could should
    might must may shall""".split()
)
# "pre- and post-training", "short- to medium-term": a hyphen that suspends a compound.
_SUSPENDED_BEFORE = frozenset({"and", "or", "to"})
# Words that may join the last item of a list: "we hired, we trained, and we shipped".
_LIST_JOINS = frozenset({"and", "or"})
_DASHES = ("\u2014", "\u2013", "--")
_TRAIL = ("...", "\u2026")


def _key(t: Token) -> str:
    return t.norm.replace("'", "").strip("-")


def _cut(t: Token) -> bool:
    """The word ends with a hyphen: broken off ("deci-", "did-")."""
    raw = t.raw.rstrip("\"')")
    return raw.endswith("-") and not raw.endswith(_DASHES) and len(raw) > 1


def _strong(t: Token) -> bool:
    """An em dash or "..." after the word: a break a speaker makes mid-thought."""
    raw = t.raw.rstrip("\"')")
    return raw.endswith(_DASHES) or raw.endswith(_TRAIL)


def find(words: Sequence[Token], skip: AbstractSet[int] = frozenset()) -> list[Restart]:
    """Restarts among `words` (spoken tokens; their .index points into transcript.words).

    Words in `skip` (fillers) are stepped over and count as a break ("we did, um, we decided").
    Each Restart spans the abandoned words: `word_index` the first, `word_count` the transcript
    words up to the last (fillers inside included), `text` those words as said.
    """
    where = {t.index: i for i, t in enumerate(words)}
    kept = [t for t in words if t.index not in skip and t.norm]
    keys = [_key(t) for t in kept]
    n = len(kept)
    breaks = [False] + [_break(kept, b) for b in range(1, n)]  # breaks[b]: before kept[b]
    out: list[Restart] = []
    for b in range(1, n):
        prev = kept[b - 1]
        if _cut(prev) and _suspended(kept, keys, b):
            continue
        a = _abandoned(kept, keys, breaks, _clause_start(breaks, b), b)
        if a is None:
            continue
        first, last = where[kept[a].index], where[prev.index]
        out.append(
            Restart(
                text=" ".join(t.raw for t in words[first : last + 1]),
                word_index=kept[a].index,
                word_count=prev.index - kept[a].index + 1,
                start_s=kept[a].start_s,
                end_s=prev.end_s,
            )
        )
    return out


def _run_on(keys: list[str], length: int, same: int, b: int) -> bool:
    """A restart with no break before it, as Whisper often writes one ("so we did we decided",
    "in the first in the second quarter"): only short phrases, since longer ones are as often
    a clause that goes on ("its exposure and its ROI", "the tier is the product"), and opening
    with a function word ("year on year", "day by day" are idioms)."""
    short = length == 2 or (length == 3 and same == 2)
    return short and keys[b] in NEVER_FINAL and keys[b - 1] not in _LIST_JOINS


def _resaid(last: str, again: list[str]) -> bool:
    """The abandoned phrase's last word said again with another ending ("we decide, we
    decided"): one word begins the other."""
    if not again or again[0] == last or min(len(last), len(again[0])) < 3:
        return False
    return again[0].startswith(last) or last.startswith(again[0])


def _suspended(kept: list[Token], keys: list[str], b: int) -> bool:
    """ "pre- and post-training", "short- to long-term": the hyphen before kept[b] suspends a
    compound that the word after the conjunction completes."""
    return keys[b] in _SUSPENDED_BEFORE and b + 1 < len(kept) and "-" in kept[b + 1].norm


def _break(kept: list[Token], b: int) -> bool:
    """A pause in the words between kept[b-1] and kept[b]: punctuation, a filler or silence."""
    p, t = kept[b - 1], kept[b]
    if p.comma_after or p.sentence_end or t.comma_before or t.sentence_start:
        return True
    if _cut(p) or _strong(p):
        return True
    if t.index > p.index + 1:
        return True  # a filler (in skip) or bare punctuation ("-") between them
    return t.start_s - p.end_s >= PAUSE_MIN_S


def _clause_start(breaks: list[bool], b: int) -> int:
    """First word of the clause that ends at kept[b-1]."""
    s = b - 1
    while s > 0 and not breaks[s]:
        s -= 1
    return s


def _abandoned(
    kept: list[Token], keys: list[str], breaks: list[bool], start: int, b: int
) -> int | None:
    """First word of the phrase abandoned before kept[b], or None when this is no restart."""
    # The phrase may begin at the clause start or after its opening connectors.
    opens = [start]
    while opens[-1] < b - 1 and keys[opens[-1]] in CONNECTORS:
        opens.append(opens[-1] + 1)
    opens = [a for a in opens if b - a <= MAX_ABANDONED]
    cut = _cut(kept[b - 1])
    strong = cut or _strong(kept[b - 1])
    sentence = kept[b - 1].sentence_end or kept[b].sentence_start
    for a in reversed(opens):  # the shortest abandoned phrase first
        length = b - a
        if keys[a] != keys[b] or any(keys[i] == keys[i + 1] for i in range(a, b - 1)):
            continue  # a repeat inside ("I I I think") is repetition's to report
        same = 0
        while same < length and b + same < len(keys) and keys[a + same] == keys[b + same]:
            same += 1
        if same == length:
            return None  # said again word for word: a repeat, not a restart
        if not breaks[b] and not _run_on(keys, length, same, b):
            continue
        if strong:
            return a
        if _listed(keys, breaks, a, b):
            return None
        last = keys[b - 1]
        if last in NEVER_FINAL or _resaid(last, keys[b + length - 1 : b + length]):
            return a
        if last in AUXILIARIES and (not sentence or _own_sentence(kept, start)):
            return a
        if not breaks[b] and same >= 2:
            return a  # "in the first in the second quarter": no clause goes on like that
        # "the data team, the data platform team": the phrase said again, expanded.
        if not sentence and same >= 2 and last in keys[b + same : b + length + 3]:
            return a
    if not cut and not (strong and keys[b - 1] in NEVER_FINAL):
        return None
    # A cut-off word whose fresh start repeats nothing: the word itself when it is said again
    # whole ("la- latency"), else its clause up to MAX_ABANDONED words ("I was going to-",
    # "I was going to... what we did").
    word = keys[b - 1]
    if word == keys[b]:
        return None  # "we- we": a repeat
    if any(k.startswith(word) for k in keys[b : b + 3]):
        return b - 1
    return opens[-1] if opens else max(start, b - MAX_ABANDONED)


def _own_sentence(kept: list[Token], start: int) -> bool:
    """The clause is a sentence of its own, and not the short answer to a question just asked
    ("Did it work? It did.")."""
    if not kept[start].sentence_start:
        return False
    return start == 0 or not kept[start - 1].raw.rstrip("\"')").endswith("?")


def _listed(keys: list[str], breaks: list[bool], a: int, b: int) -> bool:
    """Three or more clauses opening with keys[a]: the phrase is a list item, not abandoned."""
    word = keys[a]

    def opens_with(s: int) -> bool:
        while s < len(keys) and keys[s] in _LIST_JOINS and keys[s] != word:
            s += 1
        return s < len(keys) and keys[s] == word

    items = 2
    # The clause before the abandoned one.
    if a > 0:
        s = a - 1
        while s > 0 and not breaks[s]:
            s -= 1
        if opens_with(s):
            items += 1
    # The clause after the fresh start.
    nxt = next((s for s in range(b + 1, len(keys)) if breaks[s]), None)
    if nxt is not None and opens_with(nxt):
        items += 1
    return items >= 3
