"""Story structure of an answer to a behavioural question: where the Situation, Task, Action and
Result are, which are missing, which are too thin to do their job.

How: the transcript is cut into units: sentences, cut again before a clause that names a part
("..., and the result was") or, after a comma or a silence, before a clause with a subject of
its own ("..., so I"); a run-on of more than RUN_ON_WORDS words is cut at such clauses without
a comma. Each unit gets a score per part from cue phrases (CUES: "the situation was", "last
year", "my task", "the result", "went up", a percentage) and from grammar: "I"/"we" with a
past-tense verb is someone acting, "we were ...ing"/"there was" is a setting, a change verb
after a measure ("churn dropped") or with its size ("I cut the bill by 35%") is a result, and
"I would"/"I think"/"what I learned" tells no story. A dynamic programme then gives each unit
one label so that the parts come in story order (S, T, A, R; any may be missing); a unit
without cues carries on the part before it; a story told from its result ("I cut the bill by
35 percent. At the time...") is allowed at a cost. Preambles, digressions, general opinions
and the lesson learned are labelled none: the result is what changed, not what was learned.

Measured by bench/structure_eval.py on 48 answers written and labelled in
bench/data/star_answers.yaml, spoken by espeak-ng and transcribed by the bundled model; the
cues were tuned in rounds, each reported on answers written after it and not looked at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mockview.core.feedback.model import StoryPart, Structure
from mockview.core.feedback.tokens import Token

PARTS = ("situation", "task", "action", "result")
_LABELS = ("S", "T", "A", "R", "N")
_NAME = dict(zip("STAR", PARTS, strict=True))

# A part with fewer words than this is "thin": too short to set a scene, state a goal, show
# what was done or say what changed. In bench/data/star_answers.yaml the parts written as thin
# have 5, 4, 3-4 and 3-5 words (situation, task, action, result: "This was at a bank.", "I
# fixed it."); the shortest parts written as full have 10, 6, 13 and 9 words. A result is also
# thin when it holds no figure and no word of change ("things were better", "people liked it").
THIN_WORDS = {"situation": 8, "task": 5, "action": 8, "result": 6}
RUN_ON_WORDS = 25  # a "sentence" longer than this is cut at clause starts without a comma
CLAUSE_GAP_S = 0.3  # a silence this long between two words counts as a comma
_START_COST = {"S": 0.0, "T": 0.6, "A": 1.0, "R": 1.2}  # a story told from its result costs most
_ADVANCE = 0.1  # moving on to the next part; staying is free
_CONTINUE = 0.5  # a unit with the same part as the one before: parts are contiguous

# Past-tense verbs (regular, or the irregular ones of spoken stories), and the ones that tell a
# state rather than a deed.
_V = r"(?:\w+ed|ran|met|wrote|rewrote|built|brought|set|put|got|sent|went|took|made|gave|led|"
_V += r"spoke|sat|drove|chose|began|found|told|held|paid|spent|won|split|shut|swapped|did|cut|"
_V += r"hit|let|sold|bought|taught|caught|drew|flew|threw|broke|froze|left|dealt|sought|fought)"
_STATE = (
    r"(?:was|were|had|wanted|need|needed|used|seemed|felt|thought|knew|believed|liked|kept|owned)"
)
# Verbs that report an outcome even after "I"/"we": "we launched on the original date".
_OUTCOME = r"(?:launched|shipped|delivered|signed|approved|won|promoted|renewed|became)"
# "I"/"we" changing a measure, a result when its size is said ("I cut the bill by 35 percent").
_AGENT_CHANGE = re.compile(
    r"\b(i|we) (increased|decreased|reduced|dropped|grew|improved|doubled|halved|tripled|lifted|"
    r"saved|cut|boosted|brought (\w+ ){1,3}(down|up))\b"
)
# Verbs of change: a result when a measure changes ("approvals went up", "sales dropped"), an
# action when "I"/"we" do it to something ("we dropped those features"), so not after them.
_CHANGE_VERB = (
    r"(?<!\bi )(?<!\bwe )\b(increased|decreased|reduced|dropped|fell|rose|grew|improved|"
    r"doubled|halved|tripled|lifted|saved|cut|boosted|shrank|stopped)\b"
)
_GOAL = r"(task|job|goal|aim|objective|mission|brief)"
_BY_SIZE = r"\bby (about |around |nearly |over |almost )?(a |an )?(\d\S*|half|third|quarter)\b"
_NOTHING_BAD = (
    r"\b(no|zero|without a single|without any) (\w+ )?(downtime|lost data|data loss|incidents?|"
    r"complaints?|errors?|outages?|defects?|bugs?)\b"
)
_ADV = r"(?:(?:also|then|first|just|quickly|immediately|personally|eventually|finally) )?"

# (label, pattern on the unit's lower-case words joined by spaces, weight)
CUES: tuple[tuple[str, str, float], ...] = (
    ("S", r"\bsituation\b", 3.0),
    ("S", r"\b(background|context) (was|is)\b", 2.0),
    ("S", r"\b(last|this|that) (year|spring|summer|autumn|fall|winter|quarter)\b", 2.0),
    ("S", r"\b(years?|months?|weeks?) ago\b", 2.0),
    ("S", r"\b(back (in|when)|early in my career|at the time|on top of that)\b", 1.5),
    ("S", r"\b(at|in) my (last|previous|old|first|former) (job|role|company|team|position)\b", 2.0),
    ("S", r"^(this|it) was (at|in|when|during|back)\b", 2.0),
    ("S", r"\bwhen i (was|joined|took over|started|worked|first)\b", 2.0),
    ("S", r"\bin (19|20)\d\d\b", 1.5),
    ("S", r"^as (the |a |an )?\w+ i\b", 1.0),
    ("S", r"\b(we|they|it|the \w+|our \w+) (were|was|had|kept) \w+ing\b", 1.0),
    ("S", r"\b(there (was|were)|we had|we were|it was|had been|we'd)\b", 0.7),
    ("S", r"\b(nobody|no one|barely|hardly)\b", 0.5),
    ("T", rf"\bmy ({_GOAL}|responsibility|part)\b", 2.0),
    ("T", rf"\b{_GOAL}( i was given| i had)? (was|is|to)\b", 1.5),
    ("T", r"\bi was (asked|tasked|told|expected)\b", 2.5),
    ("T", r"\bi was (responsible|in charge)\b", 1.0),  # a role (setting) or a duty (task)
    ("S", r"\bi was (responsible|in charge)\b", 1.0),
    ("T", r"\b(asked|told|wanted|needed|expected) me to\b", 2.5),
    ("T", r"\bi (had|needed|wanted|was going) to\b", 2.0),
    ("T", r"\bi wanted\b", 1.0),
    ("T", r"\bi (need|have|'ve got|have got) to\b", 1.5),  # a story told in the present
    ("T", r"\bwe needed to\b", 2.0),
    ("T", r"\bwe had to\b", 1.5),
    ("T", r"\b(was|it's) (on|up to) me\b", 2.5),
    ("T", r"\bi (owned|needed a|was the one)\b", 1.5),
    ("T", r"\b(figure out|find a way|find out|make sure)\b", 0.5),
    ("A", r"\b(what|here's what) (i|we) did\b", 3.0),
    ("A", r"\bthe first thing (i|we) did\b", 3.0),
    ("A", r"\b(so|then|first|next|afterwards|later|finally) (i|we)\b", 1.0),
    ("A", rf"\bi {_ADV}(?!(?:{_STATE}|{_OUTCOME})\b){_V}\b", 1.5),
    ("A", rf"\bwe {_ADV}(?!(?:{_STATE}|{_OUTCOME})\b){_V}\b", 1.2),
    ("A", r"\bi (also|then)\b", 0.8),
    ("R", r"\b(the|as a|end) results?\b|\boutcome\b", 3.0),
    ("R", r"\b(in the end|end(ed|s)? up|by the end of)\b", 2.0),
    ("R", r"\b(eventually|since then|which meant|that meant|after that)\b", 1.0),
    ("R", r"\b(went|go|gone|came|come) (up|down|back|away|from)\b", 2.0),
    ("R", _CHANGE_VERB, 1.5),
    ("R", r"\b(became|renewed)\b", 1.0),
    ("R", _BY_SIZE, 1.0),
    ("R", r"\bfrom (about |around )?\S+ to \S+", 1.0),
    ("R", r"\b(percent|per cent|basis points)\b", 1.5),
    ("R", r"\b(launched|shipped|delivered|signed|approved|won|promoted|compliant)\b", 0.8),
    ("R", r"\b(worked out|paid off|went well|was fine|were better|was better|unanimous)\b", 1.5),
    ("R", r"\b(now|today|since)\b", 0.4),
    ("R", _NOTHING_BAD, 1.0),
    ("R", r"\b(she|he|they|everyone|the board) agreed\b", 1.0),
    ("N", r"\b(i|we) (learned|learnt|realised|realized)\b|\btaught me\b", 3.0),
    ("N", r"\b(lesson|takeaway|looking back|in hindsight|next time|what i took)\b", 3.0),
    ("N", r"\bnow i (always|never|make sure)\b", 2.5),
    ("N", r"\bi (think|believe|feel|try|tend|usually|always|generally)\b", 2.0),
    ("N", r"\b(approach is|is important|it's important|are important|usually|in general)\b", 1.5),
    ("N", r"^for me\b|\b(is|are) (mostly|all|really) about\b", 1.5),
    ("N", r"\b(i would|i'd|i will|if (that|this) happened)\b", 2.0),
    ("N", r"\b(good|great|interesting) (one|question|example)\b|\blet me think\b", 3.0),
    ("N", r"\b(other story|i remember)\b", 2.0),
    ("N", r"^(thank you|thanks)\b", 2.0),
)
_COMPILED = tuple((label, re.compile(p), w) for label, p, w in CUES)

# Words that make a result measurable (a figure) or at least concrete (a change).
_NUMBER_WORDS = set(
    "two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety hundred thousand million billion half percent "
    "dozen twice doubled tripled halved zero".split()
)
_CHANGE = re.compile(
    r"\b(went|go|came) (up|down|back|away|from)\b|\bfrom \S+ to\b|\b(increased|decreased|"
    r"reduced|dropped|fell|rose|grew|improved|doubled|halved|tripled|lifted|saved|cut|stopped|"
    r"launched|shipped|delivered|signed|approved|won|promoted|compliant|faster|slower|fewer|"
    r"more|less|no longer|on time|kept working|became|renewed)\b"
)
# Phrases that name a part: a sentence is cut before them wherever they come.
_LABEL_PIVOT = re.compile(
    r"^((and|so|but) )?(as a result|the result|in the end|which meant|after that|"
    r"my (task|job|goal)|what i did)\b"
)
# Clause starts where a sentence may be cut in two: after a comma, or anywhere in a run-on.
_PIVOT = re.compile(r"^(so (i|we)|and (then|so|after|i|we|my|our)|then (i|we)|but (i|we|it|the))\b")
# After a comma only: a subject or a conjunction starts a new clause ("we had an outage once,
# I fixed it", "..., and one of the bets now brings in 8 percent").
_CLAUSE = re.compile(
    r"^((and|but|so|while|because) )?(i|we|she|he|they|it|my|our|the|one|then|after|that|this|"
    r"a|an|now|within|in|by|since|when)\b|^which\b"
)
# In a run-on (no commas to go by): "I" or "we" with a verb after it starts a clause.
_RUN_ON_CLAUSE = re.compile(r"^(i|we|she|he|they) (?!and\b|or\b)\w+")


@dataclass
class StoryUnit:
    """A sentence or clause of the answer with its score per label (S, T, A, R, N)."""

    tokens: list[Token]  # spoken tokens only
    text: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    cues: dict[str, list[str]] = field(default_factory=dict)


def find_structure(tokens: Sequence[Token]) -> Structure:
    """The story parts of a transcript's tokens (tokens.tokenize), in spoken order."""
    units = scored_units(tokens)
    if not units:
        return Structure(checked=True, missing=PARTS)
    labels = _best_labels(units)
    parts: list[StoryPart] = []
    numbers = False
    for letter in sorted(set(labels) - {"N"}, key=labels.index):
        mine = [u for u, lab in zip(units, labels, strict=True) if lab == letter]
        words = [t for u in mine for t in u.tokens]
        name = _NAME[letter]
        thin = len(words) < THIN_WORDS[name]
        if name == "result":
            numbers = any(_is_number(t) for t in words)
            thin = thin or not (numbers or any(_CHANGE.search(u.text) for u in mine))
        cues = [c for u in mine for c in u.cues.get(letter, [])]
        parts.append(
            StoryPart(
                part=name,
                start_index=words[0].index,
                end_index=words[-1].index,
                start_s=words[0].start_s,
                end_s=words[-1].end_s,
                word_count=len(words),
                cues=tuple(dict.fromkeys(cues))[:4],
                thin=thin,
            )
        )
    found = {p.part for p in parts}
    return Structure(
        checked=True,
        parts=parts,
        missing=tuple(p for p in PARTS if p not in found),
        thin=tuple(p.part for p in sorted(parts, key=lambda p: PARTS.index(p.part)) if p.thin),
        result_has_numbers=numbers,
    )


def scored_units(tokens: Sequence[Token]) -> list[StoryUnit]:
    """The answer cut into units, each scored per label (exposed for the bench's --show)."""
    words: list[Token] = []
    percent: set[int] = set()  # words followed by a "%" of their own ("35 %")
    for t in tokens:
        if t.norm:
            words.append(t)
        elif "%" in t.raw and words:
            percent.add(words[-1].index)
    units = _units(words, percent)
    total = sum(len(u.tokens) for u in units)
    seen = 0
    for unit in units:
        _score(unit, (seen + len(unit.tokens) / 2) / total)
        seen += len(unit.tokens)
    return units


def advice(structure: Structure) -> list[str]:
    """One line per missing or thin part, in story order, for tips and the report."""
    lines = []
    for name in PARTS:
        if name in structure.missing:
            lines.append(_ADVICE[name][0])
        elif name in structure.thin:
            lines.append(_ADVICE[name][1])
    return lines


_ADVICE = {
    "situation": ("no situation: where and when was this?", "thin situation: set the scene"),
    "task": ("no task: what did you have to achieve?", "thin task: what was your goal?"),
    "action": ("no action: what did you do yourself?", "thin action: say the steps you took"),
    "result": ("no result: what changed, by how much?", "thin result: what changed, by how much?"),
}


def _units(words: list[Token], percent: set[int]) -> list[StoryUnit]:
    sentences: list[list[Token]] = [[]]
    for t in words:
        sentences[-1].append(t)
        if t.sentence_end:
            sentences.append([])
    units = []
    for sentence in filter(None, sentences):
        long = len(sentence) > RUN_ON_WORDS
        start = 0
        for i in range(3, len(sentence) - 2):
            if i - start < 3:
                continue
            ahead = " ".join(t.norm for t in sentence[i : i + 3])
            # A silence before the word is as good as a comma (a recogniser may leave it out).
            gap = sentence[i].start_s - sentence[i - 1].end_s >= CLAUSE_GAP_S
            clause = _CLAUSE if sentence[i].comma_before or gap else _RUN_ON_CLAUSE
            loose = sentence[i].comma_before or gap or long
            if _LABEL_PIVOT.match(ahead) or (
                loose and (_PIVOT.match(ahead) or clause.match(ahead))
            ):
                units.append(sentence[start:i])
                start = i
        units.append(sentence[start:])
    return [StoryUnit(tokens=u, text=" ".join(_word(t, percent) for t in u)) for u in units]


def _word(token: Token, percent: set[int]) -> str:
    """The token's words for the cues; "35%" reads "35 percent", as it was spoken."""
    return f"{token.norm} percent" if "%" in token.raw or token.index in percent else token.norm


def _score(unit: StoryUnit, position: float) -> None:
    """Cue scores per label, with a nudge by place: settings come early, results late."""
    unit.scores = {label: 0.0 for label in _LABELS}
    for label, pattern, weight in _COMPILED:
        match = pattern.search(unit.text)
        if match:
            unit.scores[label] += weight
            unit.cues.setdefault(label, []).append(match.group(0))
    numbers = [t for t in unit.tokens if _is_number(t) and not _is_year(t)]
    if numbers:
        unit.scores["R"] += min(0.6, 0.2 * len(numbers))
        agent_change = _AGENT_CHANGE.search(unit.text)
        if agent_change:  # "I cut our cloud bill by 35 percent": a change with its size
            unit.scores["R"] += 1.5
            unit.cues.setdefault("R", []).append(agent_change.group(0))
    unit.scores["S"] += 0.5 * max(0.0, 1.0 - 3.0 * position)
    unit.scores["R"] += 1.0 * max(0.0, 3.0 * position - 2.0)


def _best_labels(units: list[StoryUnit]) -> list[str]:
    """Labels in story order (Viterbi over stages), each unit either its stage's part or none.

    Stages: 0 not started, 1 early result, 2 S, 3 T, 4 A, 5 R. Stages only move forward, and
    a stage is entered by a unit of its own part; after an early result the story may go on
    to S, T or A but not to a second result.
    """
    letter = ("N", "R", "S", "T", "A", "R")
    # best[(stage, last unit was none)] = (score, labels so far)
    best: dict[tuple[int, bool], tuple[float, list[str]]] = {(0, True): (0.0, [])}
    for unit in units:
        nxt: dict[tuple[int, bool], tuple[float, list[str]]] = {}
        offer = functools.partial(_keep_best, nxt)
        for (stage, was_none), (score, path) in best.items():
            offer((stage, True), score + unit.scores["N"], [*path, "N"])
            if stage:
                bonus = 0.0 if was_none else _CONTINUE
                own = unit.scores[letter[stage]] + bonus
                offer((stage, False), score + own, [*path, letter[stage]])
            for to in range(max(stage + 1, 2), 6):
                if stage == 1 and to == 5:
                    continue
                cost = _START_COST[letter[to]] if stage == 0 else _ADVANCE
                offer((to, False), score + unit.scores[letter[to]] - cost, [*path, letter[to]])
            if stage == 0:
                offer((1, False), score + unit.scores["R"] - _START_COST["R"], [*path, "R"])
        best = nxt
    return max(best.values(), key=lambda v: v[0])[1]


def _keep_best(
    table: dict[tuple[int, bool], tuple[float, list[str]]],
    key: tuple[int, bool],
    total: float,
    path: list[str],
) -> None:
    if key not in table or total > table[key][0]:
        table[key] = (total, path)


def _is_number(token: Token) -> bool:
    return any(c.isdigit() for c in token.norm) or token.norm in _NUMBER_WORDS


def _is_year(token: Token) -> bool:
    return len(token.norm) == 4 and token.norm.isdigit() and token.norm[:2] in ("19", "20")
