"""Turning an article of numbered questions and answers (text or Markdown) into a Bank."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from mockview.core.bank import extract
from mockview.core.bank.article import ArticleParser, RawQuestion, answer_text
from mockview.core.bank.errors import BankError, shorten
from mockview.core.bank.loader import BANK_SIZE_WHY, MAX_BANK_BYTES, parse_bank
from mockview.core.bank.model import Bank, Question, Section
from mockview.core.bank.validator import ID_PATTERN
from mockview.core.bank.writer import dump_bank

# An article of a hundred questions with answers is about 60 kB (the platform-lead fixture is
# 5 kB for 8), so 2 MB is far beyond any article. Its bank is about twice its size (2.0 MB of
# article made 4.2 MB of bank), so the importer refuses a bank over the bank limit as well.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
ARTICLE_SIZE_WHY = "an article of a hundred questions is about 60 kB; split a longer one"

SHORT_ANSWER_WORDS, LONG_ANSWER_WORDS = 40, 400

_BEHAVIOURAL = re.compile(r"behaviou?r|situational|\bSTAR\b", re.IGNORECASE)
# A question that asks for a story: its answer is checked for Situation, Task, Action, Result.
_STORY_QUESTION = re.compile(
    r"^((can|could) you |please )?("
    r"(tell me about|describe) (a|an) ([\w-]+ ){0,3}(time|situation|occasion|moment|incident)\b"
    r"|tell me about (a|an) [^?]*\byou\b"
    r"|give (me )?an example (of|when|where)\b"
    r"|walk me through a (time|situation)\b"
    r")",
    re.IGNORECASE,
)


class ArticleError(BankError):
    """An article the importer cannot turn into a bank (no questions found, unreadable)."""


@dataclass
class ImportResult:
    bank: Bank
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        n_q, n_s = len(self.bank.questions), len(self.bank.sections)
        return f"{n_q} question{'s' * (n_q != 1)} in {n_s} section{'s' * (n_s != 1)}"


class _UniqueIds:
    """Makes ids unique with -2, -3, ...; each base remembers its next number.

    Remembering it keeps thousands of headings with one slug to one step each, not one per
    heading before them.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next_n: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        candidate, n = base, self.next_n.get(base, 2)
        if candidate in self.taken:
            candidate = f"{base}-{n}"
            while candidate in self.taken:
                n += 1
                candidate = f"{base}-{n}"
            self.next_n[base] = n + 1
        self.taken.add(candidate)
        return candidate


def _numbering_warnings(raws: list[RawQuestion]) -> list[str]:
    warnings, prev = [], None
    for r in raws:
        if r.number is None:
            continue
        if prev is None and r.number != 1:
            warnings.append(f"line {r.line}: numbering starts at {r.number}, not 1")
        elif prev is not None and r.number == prev:
            warnings.append(f"line {r.line}: question number {r.number} appears twice")
        elif prev is not None and r.number < prev:
            warnings.append(f"line {r.line}: numbering goes back from {prev} to {r.number}")
        elif prev is not None and r.number > prev + 1:
            gap = f"{prev + 1}" if r.number == prev + 2 else f"{prev + 1}-{r.number - 1}"
            warnings.append(
                f"line {r.line}: numbering jumps from {prev} to {r.number} (no question {gap})"
            )
        prev = r.number
    return warnings


def import_article(
    text: str, source_name: str, *, bank_id: str | None = None, title: str | None = None
) -> ImportResult:
    """Questions, answers and sections recognised in `text`; key points and terms made up."""
    parser = ArticleParser(text)
    parser.parse()
    if not parser.raws:
        raise ArticleError(
            source_name,
            "no questions found; expected numbered questions such "
            'as "1. What ...?", "Q1: ...", "### 1. ..." or "Question: ... / '
            'Answer: ..."',
        )
    warnings = _numbering_warnings(parser.raws)
    if parser.parts and all(r.section is None for r in parser.raws):
        # No headings in the body: the introduction's part ranges say where each question goes.
        for position, raw in enumerate(parser.raws, 1):
            number = raw.number or position
            raw.section = next((t for a, b, t in parser.parts if a <= number <= b), None)
    bank_id = bank_id or extract.slug(Path(source_name).stem, 6, skip_stop_words=False)
    if not ID_PATTERN.match(bank_id):
        raise ArticleError(
            source_name,
            f'"{shorten(bank_id)}" is not a valid bank id: use lowercase letters, digits and '
            "single hyphens",
            field="id",
        )
    bank_title = title or parser.title or Path(source_name).stem
    sections: dict[str, Section] = {}  # by title, in order of first use
    section_id, question_id = _UniqueIds(), _UniqueIds()
    questions: list[Question] = []
    for raw in parser.raws:
        answer = answer_text(raw.paragraphs)
        label = f"line {raw.line}: question {raw.number or len(questions) + 1}"
        n_words = len(extract.words(answer))
        points = extract.extract_key_points(answer) if answer else []
        if not answer or len(points) < 3:
            warnings.append(
                f"{label} has no answer; left out"
                if not answer
                else f"{label}: no key points could be made from its answer "
                f"({n_words} words); left out"
            )
            continue
        if n_words < SHORT_ANSWER_WORDS:
            warnings.append(f"{label}: short answer ({n_words} words)")
        elif n_words > LONG_ANSWER_WORDS:
            warnings.append(
                f"{label}: long answer ({n_words} words, about "
                f"{round(n_words / extract.SPEAKING_WPM * 60)} s at "
                f"{extract.SPEAKING_WPM} words per minute)"
            )
        section_title = raw.section or "Questions"
        if section_title not in sections:
            sid = section_id(
                extract.slug(re.sub(r"(?i)\bquestions?\b", "", section_title))
                if re.search(r"[A-Za-z0-9]", section_title)
                else "questions"
            )
            sections[section_title] = Section(id=sid, title=section_title)
        section = sections[section_title]
        number = len(questions) + 1
        qid = question_id(f"q{number:02d}-{extract.slug(raw.text)}")
        questions.append(
            Question(
                id=qid,
                section=section.id,
                text=raw.text,
                model_answer=answer,
                key_points=tuple(points),
                terms=tuple(extract.extract_terms(answer)),
                target_s=extract.target_seconds(
                    answer, behavioural=bool(_BEHAVIOURAL.search(section_title))
                ),
                number=number,
                auto_extracted=True,
                behavioural=bool(_STORY_QUESTION.match(raw.text.strip())),
            )
        )
    if not questions:
        shown = "; ".join(warnings[:3]) + (f"; and {len(warnings) - 3} more" * (len(warnings) > 3))
        raise ArticleError(source_name, f"questions were found but none has an answer: {shown}")
    bank = Bank(
        id=bank_id,
        title=bank_title,
        sections=tuple(sections.values()),
        questions=tuple(questions),
        description=f"Imported from {Path(source_name).name}",
    )
    # The bank must survive the trip through the file format before anyone sees it: a bank the
    # loader would refuse is never offered to be written.
    text = dump_bank(bank)
    _check_size(text, bank, source_name)
    return ImportResult(replace(parse_bank(text, source_name), path=None), warnings)


def _check_size(text: str, bank: Bank, source_name: str) -> None:
    """Refuse an article whose bank would be over the loader's limit, saying how to split it."""
    size = len(text.encode("utf-8"))
    if size <= MAX_BANK_BYTES:
        return
    n = len(bank.questions)
    per_bank = max(1, int(n * MAX_BANK_BYTES * 0.9 / size))  # a margin for uneven answers
    raise ArticleError(
        source_name,
        f"the bank made from this article would be {size / 1e6:.1f} MB ({n} questions), over "
        f"the {MAX_BANK_BYTES / 1e6:.0f} MB a bank file may be ({BANK_SIZE_WHY}); split the "
        f"article into parts of at most {per_bank} questions and import each part",
    )
