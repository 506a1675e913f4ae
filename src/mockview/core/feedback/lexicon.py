"""Words to comparable concepts: stopwords, a light stemmer, number words, domain synonyms."""

from __future__ import annotations

from functools import lru_cache

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further get gets got had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how how's
    i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
    myself no nor not of off on once only or other ought our ours ourselves out over own same
    shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs
    them themselves then there there's these they they'd they'll they're they've this those
    through to too under until up very was wasn't we we'd we'll we're we've were weren't what
    what's when when's where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves
    um uh er ah hmm mm like just really actually basically literally anyway well okay ok yeah
    yes kind sort thing things lot lots way also even still much many every one two first second
    third able going gonna want wanna say said tell told know think guess mean maybe probably
    perhaps quite rather something anything everything make makes made use uses used using
    """.split()
)

NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "percent": "%",
}

# Inflections come off first, then at most one derivational suffix; either only when at least
# three letters remain. "er" stays on: stripping it turns "steering" into "ste".
_INFLECTIONS = ("ies", "ied", "ings", "ing", "ed", "es", "s", "ly")
_DERIVATIONS = sorted(
    """
    izations ization isations isation ational ations ation ators ator nesses ness ments ment
    ities ity ances ance ences ence izes ized ize ises ised ise ables able ibles ible ically
    ical ally ful ously ous ives ive ists ist isms ism al ic e y
    """.split(),
    key=len,
    reverse=True,
)
_KEEP_DOUBLE = set("lsz")


def _strip(w: str, suffixes) -> tuple[str, bool]:
    for suffix in suffixes:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix in ("s", "es") and w.endswith(("ss", "us", "is")):
                continue
            base = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            return base, True
    return w, False


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A light suffix-stripping stem: 'funding'/'funded'/'funds' -> 'fund', 'stages' -> 'stag'.

    It only needs to be consistent (the same stem for a word's forms), not linguistically right.
    """
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isalpha():
        return w
    w, changed = _strip(w, _INFLECTIONS)
    if changed and len(w) >= 4 and w[-1] == w[-2] and w[-1] not in _KEEP_DOUBLE:
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    w, _ = _strip(w, _DERIVATIONS)
    return w


# Words an answer may use for a key point's words. Each group maps to its first word's stem.
# Built for interview answers about technology leadership; extend with care: every group that
# joins unrelated ideas raises off-topic scores (the bench measures both directions).
_SYNONYM_GROUPS = [
    "fund budget financing invest investment capital funding",
    "stage phase gate tranche milestone",
    "cost spend expense price cheap expensive",
    "profit ebitda margin revenue earnings",
    "roi payback",
    "customer client user",
    "hire recruit talent hiring recruitment",
    "staff employee workforce people headcount",
    "risk threat hazard danger exposure",
    "privacy confidential pii gdpr personal",
    "regulation regulatory regulator compliance comply legal law",
    "security secure protect protection",
    "monitor monitoring track observe observability alert dashboard",
    "drift degrade degradation decay",
    "retrain refresh",
    "experiment pilot trial prototype poc proof",
    "board executive leadership ceo c-suite",
    "metric kpi okr indicator measure measurement",
    "goal objective target aim",
    "strategy strategic roadmap plan vision",
    "priority prioritize prioritization rank ranking",
    "fast quick rapid speed velocity accelerate",
    "platform infrastructure stack",
    "compute gpu accelerator hardware",
    "latency delay lag",
    "ethic ethical fair fairness bias responsible",
    "explain explainability interpret interpretable transparent transparency",
    "govern governance oversight council committee",
    "vendor supplier provider third-party",
    "buy purchase procure procurement license",
    "build develop in-house",
    "culture mindset",
    "collaborate collaboration cooperate cross-functional together",
    "fail failure mistake incident outage",
    "lesson learn learning",
    "communicate communication share present storytelling",
    "label annotate annotation",
    "synthetic generated simulated",
    "retrieval retrieve search rag",
    "embedding embed vector",
    "reduce cut lower decrease shrink save saving",
    "increase grow growth raise boost improve improvement uplift lift",
    "automate automation automatic",
    "quarter quarterly",
    "test testing evaluate evaluation validate validation",
    "deploy deployment ship release rollout production",
    "document documentation documented",
    "reuse reusable component",
    "scale scalable scaling",
    "value impact benefit",
    "feature capability",
    "audit auditable traceability lineage",
    "open-source oss",
    "architecture blueprint design",
    "feasibility feasible doable doability viable viability practical",
    "grid matrix quadrant",
    "complexity complex tricky difficult",
    "stop cancel kill halt",
    "pivot redirect",
    "backlog queue",
    "differentiate differentiator differentiation unique edge",
    "commodity off-the-shelf",
    "partner partnership alliance",
    "tco ownership",
    "weigh consider balance trade-off tradeoff",
    "lock-in lock dependence dependency",
    "revisit reassess reconsider",
    "shift change evolve",
    "independent external outside",
    "anomaly outlier",
    "replicate replica replication copy",
    "resilience resilient redundancy redundant failover",
    "sla service-level",
    "beat outperform exceed",
    "reshape transform",
    "safety safe",
    "salary pay compensation",
    "guardrail filter",
    "redact mask scrub strip",
    "nightly night",
    "rollback revert",
    "sample subset",
    "critic judge",
    "penalise penalize punish disadvantage",
    "spike surge peak burst",
    "autoscaling autoscale",
    "lobby advocate push",
    "harmonise harmonize harmonised harmonized common",
    "monoculture homogeneous sameness",
    "rubric scorecard criteria",
    "bake-off head-to-head",
    "chatbot assistant bot",
    "invent invented fabricate hallucinate hallucination",
    "disable shut",
    "immediately instantly",
]


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        words = group.split()
        head = stem(words[0])
        for w in words:
            table.setdefault(stem(w), head)
    return table


SYNONYMS = _build_synonyms()

# Stems so common in this domain that they say little about which point is meant.
GENERIC = frozenset(
    stem(w)
    for w in """
    ai model models data team teams business company organization organisation system systems
    product products process work need needs new time help clear across within right
    approach ensure level key core set sets drive drives run run area areas part
    """.split()
)


def concept(word: str) -> str:
    """One normalised word to the concept it is compared by ("" for a stopword)."""
    w = word.lower().strip("'-")
    if not w or w in STOPWORDS:
        return ""
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if w.endswith("k") and w[:-1].isdigit():
        return w[:-1] + "000"
    if any(c.isdigit() for c in w):
        return w.replace(",", "")
    if len(w) < 2:
        return ""
    s = stem(w)
    return SYNONYMS.get(s, s)


def concepts(word: str) -> list[str]:
    """A word may hold several ("stage-gate" -> stage, gate; "70-20-10" -> 70, 20, 10)."""
    if SYNONYMS.get(stem(word.lower())) is not None or "-" not in word:
        c = concept(word)
        return [c] if c else []
    out = []
    for part in word.split("-"):
        c = concept(part)
        if c:
            out.append(c)
    return out


def weight(c: str, idf: dict[str, float] | None = None) -> float:
    """How much a concept says about a point: its (square-root) IDF when weights are given,
    else lower for generic words. A concept the weights never saw counts as rare."""
    if idf:
        return idf.get(c, UNSEEN_WEIGHT)
    return 0.4 if c in GENERIC else 1.0


UNSEEN_WEIGHT = 2.0  # about sqrt(IDF) of a concept in none of 30 questions
