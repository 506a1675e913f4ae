"""Making key points, domain terms, target lengths and ids out of an imported answer's text."""

from __future__ import annotations

import math
import re

SPEAKING_WPM = 160
TARGET_MIN_S, TARGET_MAX_S, BEHAVIOURAL_TARGET_S = 60, 120, 120
MAX_TERMS = 8
POINT_MAX_WORDS = 14

_STOP = set(
    """a an the and or but of in on at to for from by with as is are was were be been being
do does did done doing have has had having you your yours i me my we our us they their them it
its this that these those what whats what's how why which when where who whom whose can could would
should will shall may might must if then than so such into about over under between within without
across through tell give describe explain walk share talk discuss name list outline define compare
me example time times vs situation handled handle there here very just more most any each every all
""".split()
)

_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx|Mr|Mrs|Ms|Dr|Inc|Ltd|U\.S|U\.K)\.$")
_ENUM_LEAD = re.compile(
    r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|fifth|finally|lastly|next|then|also|"
    r"additionally|moreover|furthermore|simultaneously|meanwhile|in addition|for (?:example|"
    r"instance)|at inference|beyond metrics|for training|for availability|line \d+ is)\b[,:]?\s*",
    re.IGNORECASE,
)
_SUBJECT_LEAD = re.compile(r"^(?:I|We)\s+(?=[a-z])")
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;:]|\s[—–-]\s|—|,\s+(?=(?:which|while|where|so|but|ensuring|allowing|enabling|"
    r"then|because|and then|making|leading)\b))\s*"
)
# A leading "In 2023," or "Using X," frames the point; the point itself comes after it.
_INTRO = re.compile(
    r"^(?:in|by|when|if|at|as|with|for|using|after|before|within|recognizing|while|although|"
    r"post mortem|three quarters later|underpinning it all)\b[^,]{0,60},\s+",
    re.IGNORECASE,
)
_ONSET = re.compile(r"^(?:[bcdfghjklmnpqrstvwxz]{2,})")
_COMMON_ONSETS = {
    "bl",
    "br",
    "ch",
    "cl",
    "cr",
    "dr",
    "dw",
    "fl",
    "fr",
    "gl",
    "gn",
    "gr",
    "kn",
    "ph",
    "pl",
    "pr",
    "ps",
    "sc",
    "sch",
    "scr",
    "sh",
    "shr",
    "sk",
    "sl",
    "sm",
    "sn",
    "sp",
    "spl",
    "spr",
    "st",
    "str",
    "sw",
    "th",
    "thr",
    "tr",
    "tw",
    "wh",
    "wr",
    "sq",
    "chr",
    "phr",
    "sph",
    "gh",
    "rh",
    "scl",
    "squ",
    "ts",
}
_WORD = re.compile(r"[A-Za-z0-9][\w'’@./+-]*[A-Za-z0-9%]|[A-Za-z0-9]")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def split_sentences(text: str) -> list[str]:
    """Sentences of an answer; line breaks (list items) end a sentence too."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip().lstrip("-*• ").strip()
        if not line:
            continue
        start = 0
        for m in re.finditer(r"[.!?](?:[\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9$])", line):
            # Only the word before the stop can be an abbreviation ("approx" is the longest);
            # searching from the sentence start took quadratic time on "e.g. A e.g. A ...".
            if _ABBREVIATIONS.search(line[max(start, m.start() - 8) : m.start() + 1]):
                continue
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


def slug(text: str, max_words: int = 3, *, skip_stop_words: bool = True) -> str:
    """Lowercase hyphenated id part from the first meaningful words: 'key-responsibilities-ai'."""
    text = re.sub(r"['’]", "", text.lower())  # "what’s" is one word, not "what" and "s"
    tokens = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)
    picked = [t for t in tokens if not (skip_stop_words and t in _STOP)] or tokens
    return "-".join(picked[:max_words]).strip("-") or "item"


# --- terms -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?<![\w@])[A-Za-z0-9][A-Za-z0-9@+/&.’'-]*[A-Za-z0-9+]|(?<![\w@])[A-Z]{2}")
_UNIT_NUMBER = re.compile(
    r"^\$?\d[\d,.]*(?:%|[a-z]{1,2})?(?:-[a-z]+)*$"
)  # 5k, 12ms, 18-month, 2019s: numbers a recogniser writes without help
_COMMON_ACRONYMS = {"I", "OK", "AM", "PM", "TV", "ID", "US", "UK", "EU"}


def _term_class(token: str) -> int | None:
    """Priority of a token as a domain term (lower is stronger), None when it is ordinary."""
    core = (
        re.sub(r"(?:['’]s|s)$", "", token)
        if re.search(r"[A-Z]{2}(?:['’]s|s)$", token)
        else re.sub(r"['’]s$", "", token)
    )
    if not core or _UNIT_NUMBER.match(core) or re.match(r"^[a-z]+-\d+$", core):
        return None
    has_digit = any(c.isdigit() for c in core)
    has_alpha = any(c.isalpha() for c in core)
    if has_digit and has_alpha:
        return 0  # ZeRO-3, p95, S3, recall@10
    if re.search(r"[a-z][A-Z]", core) or re.match(r"^[A-Z]{2,}[a-z]", core):
        return 0  # pgVector, MLflow, OpenTelemetry, KServe, QLoRA
    if core.islower() and len(core) >= 3 and _unusual_onset(core):
        return 1  # pgvector, dbt, kubectl: lower-case names no English word starts like
    letters = re.sub(r"[^A-Za-z]", "", core)
    if len(letters) >= 2 and letters.isupper() and letters not in _COMMON_ACRONYMS:
        return 1  # FAISS, RAG, CI/CD
    return None


def _char_before(text: str, index: int) -> str:
    """The last non-space character before `index` ("" if none), without copying `text`."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return text[index - 1] if index > 0 else ""


def _unusual_onset(word: str) -> bool:
    """True for words no English word starts like: "pgvector", "kubectl"."""
    m = _ONSET.match(word.lower())
    return m is not None and m.group(0) not in _COMMON_ONSETS


def extract_terms(text: str, limit: int = MAX_TERMS) -> list[str]:
    """Acronyms, mixed-case names, letter-digit tokens, and plain words listed alongside them."""
    found: dict[str, tuple[int, int]] = {}  # term -> (priority, position)
    for m in _TOKEN.finditer(text):
        token = m.group(0).rstrip(".’'")
        cls = _term_class(token)
        if cls is None:
            continue
        term = re.sub(r"['’]s$", "", token)
        term = term[:-1] if re.search(r"[A-Z]{2}s$", term) else term
        if term not in found:
            found[term] = (cls, m.start())
    # Capitalised words inside a sentence name products and places (Kafka, Redis, Weaviate);
    # runs of three or more are titles of programmes or offices, which a recogniser spells fine.
    offset = 0
    for sentence in split_sentences(text):
        for m in re.finditer(r"[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*)*", sentence):
            run = m.group(0).split()
            if m.start() == 0 or _char_before(sentence, m.start()) in (":", "“", '"'):
                run = run[1:]
            if not run or len(run) > 2:
                continue
            for word in run:
                word = re.sub(r"['’]s$", "", word).strip("-")
                if (
                    len(word) >= 3
                    and word[1:].islower()
                    and word.lower() not in _STOP
                    and word not in found
                ):
                    found[word] = (2, offset + m.start())
        offset += len(sentence) + 1
    best = sorted(found.items(), key=lambda kv: kv[1])[:limit]
    return [term for term, _ in sorted(best, key=lambda kv: kv[1][1])]


# --- key points ------------------------------------------------------------------------------


_DANGLING = {
    "like",
    "yet",
    "via",
    "using",
    "toward",
    "towards",
    "while",
    "whether",
    "not",
    "nor",
    "e.g",
    "e.g.",
    "i.e",
    "i.e.",
    "say",
    "such",
}


def _shorten(sentence: str) -> str:
    text = sentence.strip().rstrip(".!?;:").strip()
    for _ in range(3):  # "Finally, I calculate ..." -> "calculate ..."
        text = _ENUM_LEAD.sub("", text).strip()
        text = _SUBJECT_LEAD.sub("", text).strip()
        shorter = _INTRO.sub("", text)
        if len(shorter.split()) >= 6:
            text = shorter
    tokens = text.split()
    if len(tokens) > POINT_MAX_WORDS:
        # Cut at the last clause break that keeps at least five words, else at the word limit.
        head = " ".join(tokens[:POINT_MAX_WORDS])
        cuts = [
            m.start() for m in _CLAUSE_BREAK.finditer(head) if len(head[: m.start()].split()) >= 5
        ]
        text = head[: cuts[-1]] if cuts else head
    tokens = text.strip(" ,;:—–-").split()
    while len(tokens) > 3 and tokens[-1].lower().strip(",;:") in _STOP | _DANGLING:
        tokens.pop()  # a point never ends on "a", "for", "like"
    text = " ".join(tokens).strip(" ,;:—–-")
    return text[:1].upper() + text[1:] if text else text


def _score(sentence: str) -> float:
    tokens = words(sentence)
    if not tokens:
        return 0.0
    content = [t for t in tokens if t.lower() not in _STOP]
    terms = [t for t in tokens if _term_class(t) is not None]
    numbers = [t for t in tokens if any(c.isdigit() for c in t)]
    enum = 3.0 if _ENUM_LEAD.match(sentence) else 0.0
    density = (len(content) + 2 * len(terms) + len(numbers)) / math.sqrt(len(tokens))
    return density + enum


def _clauses(sentence: str) -> list[str]:
    parts = [
        p
        for p in re.split(r"\s*(?:;|:|\s[—–]\s|—|, (?:and|while|then|but) )\s*", sentence)
        if len(p.split()) >= 3
    ]
    return parts or [sentence]


def extract_key_points(answer: str, *, minimum: int = 3, maximum: int = 5) -> list[str]:
    """3-5 short points: the answer's densest sentences, in the order they were said."""
    sentences = [s for s in split_sentences(answer) if len(words(s)) >= 3]
    if len(sentences) < minimum:  # a short answer: use its clauses instead
        sentences = [c for s in sentences for c in _clauses(s)]
    if len(sentences) < minimum:  # still short: slice the words evenly
        sentences = _word_slices(answer, minimum)
    want = max(minimum, min(maximum, round(len(sentences) * 0.6)))
    ranked = sorted(range(len(sentences)), key=lambda i: (-_score(sentences[i]), i))
    points: list[str] = []
    for i in sorted(ranked[:want]):
        point = _shorten(sentences[i])
        if point and point.lower() not in (p.lower() for p in points):
            points.append(point)
    for i in ranked[want:]:  # duplicates removed above: top up from the next best
        if len(points) >= minimum:
            break
        point = _shorten(sentences[i])
        if point and point.lower() not in (p.lower() for p in points):
            points.append(point)
    if len(points) < minimum:  # repeated sentences collapsed into too few points
        points = [_shorten(p) for p in _word_slices(answer, minimum)]
    return points[:maximum] if len(points) >= minimum else []


def _word_slices(text: str, parts: int) -> list[str]:
    tokens = text.split()
    if len(tokens) < parts:
        return []
    step = math.ceil(len(tokens) / parts)
    return [" ".join(tokens[i : i + step]) for i in range(0, len(tokens), step)]


def target_seconds(answer: str, *, behavioural: bool = False) -> int:
    """Speaking time of the answer at 160 WPM, clamped to 60-120 s (behavioural: 120 s)."""
    if behavioural:
        return BEHAVIOURAL_TARGET_S
    seconds = len(words(answer)) / SPEAKING_WPM * 60
    return int(min(TARGET_MAX_S, max(TARGET_MIN_S, 5 * round(seconds / 5))))
