"""Reading an article's lines: which start a question, which are answer, heading or noise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A question number, "1" to "999999": any count an article can hold (one of 2 MB, the import
# limit, has room for well under 100,000 questions with answers), and short enough to read as an
# int without Python's 4,300-digit limit. A longer run of digits is a figure, not a number.
_QNUM = r"\d{1,6}(?!\d)"
_QUESTION_WORDS = set(
    """what what's whats how why which when where who whom whose describe explain
tell give walk can could would will should do does did have has is are share talk discuss name list
outline define compare imagine suppose if in""".split()
)
_NUMBERED_Q = re.compile(rf"^(?:Q|Question)\s*({_QNUM})\s*[:.)\-–—]\s*(.+)$", re.IGNORECASE)
_LABELLED_Q = re.compile(r"^(?:Q|Question)\s*[:.]\s*(.+)$", re.IGNORECASE)
_LISTED_Q = re.compile(rf"^({_QNUM})\s*[.)]\s+(.+)$")
_ANSWER_MARK = re.compile(r"^(?:A\d*|Ans|Answer\s*\d*)\s*:\s*(.*)$", re.IGNORECASE)
# Closing #s are stripped after the match: "(.*?)\s*#*$" took quadratic time on a long line.
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1\s*(.*)$")
_LABEL_ONLY = re.compile(rf"^(?:Q(?:uestion)?\s*\d*|A(?:nswer)?\s*\d*|{_QNUM})\s*[:.)]?$", re.I)
_NOISE = re.compile(
    r"^(?:related|see also|read more|also read|recommended(?: reading)?|further reading|you may "
    r"also like|share this|sign up|subscribe|click here|advertisement|sponsored)\b|^https?://\S+$"
    r"|©|\ball rights reserved\b|^copyright\b",
    re.IGNORECASE,
)
_STOP_HEADING = re.compile(
    r"^(?:in )?(?:conclusion|conclusions|final thoughts|closing thoughts|wrapping up|wrap-up|"
    r"key takeaways|summary|about the author|references|further reading)\b",
    re.IGNORECASE,
)
_PART_PREFIX = re.compile(r"^part\s+\w+\s*[:.\-–—]?\s*", re.IGNORECASE)
_RANGE_SUFFIX = re.compile(r"\(\s*\d+\s*(?:[-–—]\s*\d+)?\s*\)\s*:?$")
_PART_RANGE = re.compile(
    # The first number may be a range that lost its dash, "(110)" for 1-10: up to twice as long.
    r"^part\s+\w+\s*[:.\-–—]\s*(.+?)\s*\(\s*(\d{1,12})\s*(?:[-–—]|to)?\s*(\d{0,6})\s*\)",
    re.IGNORECASE,
)
# A question wraps over a few lines at most; past this the lines that follow are its answer.
MAX_QUESTION_CHARS = 600
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_LIST_ITEM = re.compile(rf"^(?:[-*•]\s+|{_QNUM}[.)]\s+)")


@dataclass
class _Line:
    kind: str  # blank, noise, question, answer, heading, text
    text: str = ""
    number: int | None = None
    level: int = 0  # Markdown heading level; 0 for plain lines
    rest: str = ""  # answer text that followed a bold question on the same line


@dataclass
class RawQuestion:
    number: int | None
    text: str
    line: int
    section: str | None
    level: int
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])


def _inline(text: str) -> str:
    """Markdown emphasis, code and links reduced to their words."""
    # Bounded lengths keep a line of unclosed "![a![a..." from taking quadratic time.
    text = re.sub(r"!\[[^\]]{0,300}\]\([^)]{0,2000}\)", "", text)
    text = re.sub(r"\[([^\]]{1,300})\]\([^)]{0,2000}\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])", r"\1", text)
    text = text.replace("`", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def _looks_like_question(text: str) -> bool:
    first = text.split()[0].lower().strip('*_"“') if text.split() else ""
    return len(text.split()) <= 60 and (
        text.rstrip("*_ ").endswith("?") or first in _QUESTION_WORDS
    )


def _question(text: str, *, strong: bool) -> tuple[int | None, str] | None:
    """(number, question) when `text` starts a question; `strong` for headings and bold lines."""
    if m := _NUMBERED_Q.match(text):
        return int(m.group(1)), m.group(2)
    if m := _LABELLED_Q.match(text):
        return None, m.group(1)
    if (m := _LISTED_Q.match(text)) and (strong or _looks_like_question(m.group(2))):
        return int(m.group(1)), m.group(2)
    return None


def _classify(raw: str) -> _Line:
    s = _SPACES.sub(" ", raw.replace("\ufeff", "")).strip()
    s = re.sub(r"^>\s?", "", s)
    if not s:
        return _Line("blank")
    if m := _MD_HEADING.match(s):
        level, inner = len(m.group(1)), _inline(m.group(2).rstrip("#").rstrip())
        if q := _question(inner, strong=True):
            return _Line("question", _inline(q[1]), q[0], level)
        return _Line("heading", inner.rstrip(":"), level=level)
    if _NOISE.search(s):
        return _Line("noise", s)
    strong = False
    if m := _BOLD_LEAD.match(s):
        inner, rest = m.group(2).strip(), m.group(3).strip()
        if _LABEL_ONLY.match(inner):
            s = f"{inner} {rest}".strip()
        elif (q := _question(inner, strong=True)) and rest:
            return _Line("question", _inline(q[1]), q[0], rest=rest)
        else:
            strong = not rest
            s = f"{inner} {rest}".strip()
    if q := _question(s, strong=strong):
        return _Line("question", _inline(q[1]), q[0])
    if m := _ANSWER_MARK.match(s):
        return _Line("answer", m.group(1))
    return _Line("text", s)


def _heading_like(text: str) -> bool:
    return (
        0 < len(text.split()) <= 12
        and len(text) <= 100
        and not _LIST_ITEM.match(text)
        and text[-1] not in ".!?,;"
        and not text[0].islower()
    )


def _section_title(text: str) -> str:
    title = _RANGE_SUFFIX.sub("", _PART_PREFIX.sub("", text.strip())).strip().strip(" :–—-")
    return title or text.strip()


class ArticleParser:
    def __init__(self, text: str):
        self.lines = [_classify(line) for line in text.splitlines()]
        n = len(self.lines)
        # What follows each line decides whether a short line is a heading or a footer.
        self.next_is_question = [False] * n
        self.question_after = [False] * n
        upcoming, any_after = False, False
        for i in range(n - 1, -1, -1):
            self.next_is_question[i], self.question_after[i] = upcoming, any_after
            kind = self.lines[i].kind
            if kind == "question":
                upcoming = any_after = True
            elif kind not in ("blank", "noise"):
                upcoming = False
        self.parts = self._part_ranges()
        self.title: str | None = None
        self.raws: list[RawQuestion] = []
        self.current: RawQuestion | None = None
        self.section: str | None = None
        self.stopped = False

    def _part_ranges(self) -> list[tuple[int, int, str]]:
        """(first, last, title) from "Part 2 – Technical (11-20)" lines before the first question.

        A range that lost its dash ("(110)") is read as continuing the previous part.
        """
        parts: list[tuple[int, int, str]] = []
        for line in self.lines:
            if line.kind == "question":
                break
            m = _PART_RANGE.match(line.text) if line.kind in ("text", "heading") else None
            if not m:
                continue
            start, end = m.group(2), m.group(3)
            if not end:
                expected = str(parts[-1][1] + 1 if parts else 1)
                if not (start.startswith(expected) and len(start) > len(expected)):
                    continue
                start, end = expected, start[len(expected) :]
            if int(end) >= int(start):
                parts.append((int(start), int(end), _section_title(m.group(1))))
        return parts

    def _finish(self) -> None:
        self.current = None

    def _standalone(self, i: int) -> bool:
        def blank(j: int) -> bool:
            return j < 0 or j >= len(self.lines) or self.lines[j].kind in ("blank", "noise")

        return blank(i - 1) and blank(i + 1)

    def parse(self) -> None:
        continuing = False  # the question's text may run on to the next line
        seen_text = False
        for i, line in enumerate(self.lines):
            kind = line.kind
            if kind == "question":
                self.current = RawQuestion(line.number, line.text, i + 1, self.section, line.level)
                self.raws.append(self.current)
                self.stopped = False
                continuing = not line.rest and line.text[-1] not in "?.!:"
                if line.rest:
                    self.current.paragraphs[-1].append(line.rest)
                continue
            if kind in ("blank", "noise"):
                continuing = False
                if self.current and self.current.paragraphs[-1]:
                    self.current.paragraphs.append([])
                continue
            if kind == "heading":
                continuing = False
                q = self.current
                if q and q.level and line.level > q.level and not self.stopped:
                    q.paragraphs[-1].append(line.text)  # a sub-heading inside an answer
                    continue
                first = self.title is None and not self.raws
                if first:
                    self.title = line.text
                self._finish()
                if _STOP_HEADING.match(line.text):
                    self.stopped = True
                elif self.question_after[i] and not (first and line.level == 1):
                    self.section = _section_title(line.text)
                continue
            text = line.text
            seen_text_before, seen_text = seen_text, True
            if kind == "text" and _heading_like(text):
                if self.title is None and not self.raws and not seen_text_before:
                    self.title = _inline(text)  # the first line names the article
                    continue
                if _inline(text) == self.title:
                    continue  # the title repeated above the questions is not a section
                if self.next_is_question[i]:
                    self._finish()
                    self.section = _section_title(text)
                    continue
                if _STOP_HEADING.match(text) or (
                    self._standalone(i) and self.current and not self.question_after[i]
                ):
                    self._finish()  # a conclusion or footer: nothing after it is an answer
                    self.stopped = True
                    continue
            if self.current is None or self.stopped:
                if self.title is None and not self.raws and _heading_like(text):
                    self.title = _inline(text)
                continue
            if (
                continuing
                and not any(self.current.paragraphs[-1])
                and kind == "text"
                and len(self.current.text) < MAX_QUESTION_CHARS
            ):
                self.current.text = f"{self.current.text} {_inline(text)}"
                continuing = self.current.text[-1] not in "?.!:"
                continue
            continuing = False
            if kind == "text" and _heading_like(text) and self._standalone(i):
                continue  # a stray heading between answers is not part of one
            self.current.paragraphs[-1].append(text)


def answer_text(paragraphs: list[list[str]]) -> str:
    out = []
    for para in paragraphs:
        if not para:
            continue
        joined = para[0]
        for line in para[1:]:
            joined += ("\n" if _LIST_ITEM.match(line) else " ") + line
        out.append("\n".join(_inline(part) for part in joined.split("\n")))
    return "\n\n".join(p for p in out if p)
