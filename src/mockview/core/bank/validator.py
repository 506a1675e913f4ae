"""Checking a composed bank node tree field by field, so every complaint carries its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mockview.core.bank.errors import BankError, shorten
from mockview.core.bank.model import Bank, Question, Section
from mockview.core.bank.yaml_bounds import BankConstructor

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 6
TARGET_S_MIN, TARGET_S_MAX = 10, 600

BANK_FIELDS = {"id", "title", "description", "sections", "questions"}
SECTION_FIELDS = {"id", "title", "behavioural"}
QUESTION_FIELDS = {
    "id",
    "section",
    "question",
    "model_answer",
    "key_points",
    "terms",
    "target_s",
    "auto_extracted",
    "behavioural",
}

_NOT_BUILT = object()  # a list or mapping: the validator reads its nodes, never builds it whole


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class BankValidator:
    """Walks the composed node tree so every complaint can carry the node's line.

    Only scalars are ever turned into values: lists and mappings are read node by node, so a
    value repeated through aliases is never built as a whole.
    """

    def __init__(self, path: str | Path | None):
        self.path = path
        self._constructor = BankConstructor()
        # A section's `behavioural:` is the default of its questions; Section does not keep it,
        # so a bank written back carries it on each question instead.
        self._behavioural_sections: set[str] = set()

    def fail(
        self,
        node: Node | None,
        message: str,
        *,
        field: str | None = None,
        question: str | None = None,
    ) -> NoReturn:
        line = _line(node) if node is not None else None
        raise BankError(self.path, message, line=line, field=field, question=question)

    def mapping(
        self, node: Node, allowed: set[str], *, what: str, question: str | None = None
    ) -> dict[str, tuple[Node, Node]]:
        if not isinstance(node, MappingNode):
            self.fail(
                node,
                f"expected a mapping of fields for {what}, found {self.kind(node)}",
                question=question,
            )
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, question=question, what="a field name")
            if not isinstance(key, str):
                self.fail(
                    key_node,
                    f"field names must be text, found {self.kind(key_node, key)}",
                    question=question,
                )
            if key in fields:
                self.fail(key_node, f"{what} has this field twice", field=key, question=question)
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail(
                    key_node,
                    f"unknown field in {what} (known: {known})",
                    field=key,
                    question=question,
                )
            fields[key] = (key_node, value_node)
        return fields

    def value(
        self,
        node: Node,
        *,
        field: str | None = None,
        question: str | None = None,
        what: str = "value",
    ) -> object:
        """A scalar's value; lists and mappings give _NOT_BUILT (see `kind` to describe them)."""
        if not isinstance(node, ScalarNode):
            return _NOT_BUILT
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            # ValueError: a date such as 2024-13-45 that YAML reads as a timestamp.
            problem = getattr(exc, "problem", None) or str(exc) or type(exc).__name__
            self.fail(
                node,
                f"unreadable {what}: {shorten(problem, 120)} (put text in quotes)",
                field=field,
                question=question,
            )

    def kind(self, node: Node, value: object = _NOT_BUILT) -> str:
        """How a wrong value reads in a message: 'a list', 'a mapping', 'text "ninety"'."""
        if isinstance(node, SequenceNode):
            return "a list"
        if isinstance(node, MappingNode):
            return "a mapping"
        if value is _NOT_BUILT:
            try:
                value = self._constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                return f'"{shorten(str(node.value))}"'
        if value is None:
            return "nothing"
        if isinstance(value, bool):
            return f"{str(value).lower()} (true/false)"
        if isinstance(value, int | float):
            return f"the number {shorten(repr(value))}"
        if isinstance(value, str):
            return f'text "{shorten(value, 30)}"'
        return type(value).__name__

    def required(
        self,
        fields: dict[str, tuple[Node, Node]],
        name: str,
        parent: Node,
        *,
        what: str,
        question: str | None = None,
    ) -> Node:
        if name not in fields:
            self.fail(parent, f"{what} is missing this field", field=name, question=question)
        return fields[name][1]

    def text(
        self, node: Node, field: str, *, question: str | None = None, required: bool = True
    ) -> str:
        value = self.value(node, field=field, question=question)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.fail(
                node,
                f"expected text, found {self.kind(node, value)}",
                field=field,
                question=question,
            )
        value = value.strip()
        if required and not value:
            self.fail(node, "must not be empty", field=field, question=question)
        return value

    def ident(self, node: Node, field: str, *, question: str | None = None) -> str:
        value = self.text(node, field, question=question)
        if not ID_PATTERN.match(value):
            self.fail(
                node,
                f'"{shorten(value)}" is not a valid id: use lowercase letters, digits and '
                "single hyphens, like q01-strategy",
                field=field,
                question=question,
            )
        return value

    def text_list(self, node: Node, field: str, *, question: str | None) -> list[str]:
        if not isinstance(node, SequenceNode):
            self.fail(
                node, f"expected a list, found {self.kind(node)}", field=field, question=question
            )
        items = []
        for i, item in enumerate(node.value, 1):
            value = self.value(item, field=field, question=question)
            if not isinstance(value, str) or not value.strip():
                found = (
                    "an empty item"
                    if isinstance(value, str) or value is None
                    else self.kind(item, value)
                )
                self.fail(
                    item, f"item {i}: expected text, found {found}", field=field, question=question
                )
            items.append(value.strip())
        return items

    def bank(self, root: Node) -> Bank:
        fields = self.mapping(root, BANK_FIELDS, what="the bank")
        bank_id = self.ident(self.required(fields, "id", root, what="the bank"), "id")
        title = self.text(self.required(fields, "title", root, what="the bank"), "title")
        description = ""
        if "description" in fields:
            description = self.text(fields["description"][1], "description", required=False)
        sections = self.sections(self.required(fields, "sections", root, what="the bank"))
        questions = self.questions(
            self.required(fields, "questions", root, what="the bank"), {s.id for s in sections}
        )
        return Bank(
            id=bank_id,
            title=title,
            sections=tuple(sections),
            questions=tuple(questions),
            description=description,
            path=Path(self.path) if self.path else None,
        )

    def sections(self, node: Node) -> list[Section]:
        if not isinstance(node, SequenceNode) or not node.value:
            self.fail(
                node,
                f"expected a list of at least one section, found {self.kind(node)}",
                field="sections",
            )
        sections: list[Section] = []
        seen: set[str] = set()  # a set: a 2 MB file can list tens of thousands of sections
        for item in node.value:
            fields = self.mapping(item, SECTION_FIELDS, what="a section")
            sid = self.ident(self.required(fields, "id", item, what="a section"), "sections.id")
            if sid in seen:
                self.fail(
                    fields["id"][1], f'duplicate section id "{shorten(sid)}"', field="sections.id"
                )
            seen.add(sid)
            title = self.text(
                self.required(fields, "title", item, what="a section"), "sections.title"
            )
            if self.flag(fields, "behavioural", field="sections.behavioural"):
                self._behavioural_sections.add(sid)
            sections.append(Section(id=sid, title=title))
        return sections

    def questions(self, node: Node, section_ids: set[str]) -> list[Question]:
        if not isinstance(node, SequenceNode) or not node.value:
            self.fail(
                node,
                f"expected a list of at least one question, found {self.kind(node)}",
                field="questions",
            )
        questions: list[Question] = []
        seen: dict[str, int] = {}
        for number, item in enumerate(node.value, 1):
            q = self.question(item, number, section_ids)
            if q.id in seen:
                self.fail(
                    item,
                    f"duplicate question id (first used on line {seen[q.id]})",
                    field="id",
                    question=q.id,
                )
            seen[q.id] = _line(item)
            questions.append(q)
        return questions

    def question(self, item: Node, number: int, section_ids: set[str]) -> Question:
        what = f"question {number}"
        if not isinstance(item, MappingNode):
            self.fail(item, f"{what}: expected a mapping of fields, found {self.kind(item)}")
        # The id comes first so that every later complaint can name the question.
        id_node = next(
            (v for k, v in item.value if isinstance(k, ScalarNode) and k.value == "id"), None
        )
        if id_node is None:
            self.fail(item, f"{what} is missing this field", field="id")
        qid = self.ident(id_node, "id", question=f"#{number}")
        fields = self.mapping(item, QUESTION_FIELDS, what=what, question=qid)

        def need(name: str) -> Node:
            return self.required(fields, name, item, what=what, question=qid)

        section_node = need("section")
        section = self.text(section_node, "section", question=qid)
        if section not in section_ids:
            known = _listing(sorted(section_ids))
            self.fail(
                section_node,
                f'unknown section "{shorten(section)}" (sections: {known})',
                field="section",
                question=qid,
            )
        text = self.text(need("question"), "question", question=qid)
        answer = self.text(need("model_answer"), "model_answer", question=qid)
        kp_node = need("key_points")
        key_points = self.text_list(kp_node, "key_points", question=qid)
        if not KEY_POINTS_MIN <= len(key_points) <= KEY_POINTS_MAX:
            self.fail(
                kp_node,
                f"expected {KEY_POINTS_MIN}-{KEY_POINTS_MAX} items, found {len(key_points)}",
                field="key_points",
                question=qid,
            )
        terms: list[str] = []
        if "terms" in fields:
            terms = self.text_list(fields["terms"][1], "terms", question=qid)
        target_s = 90
        if "target_s" in fields:
            node = fields["target_s"][1]
            given = self.value(node, field="target_s", question=qid)
            if isinstance(given, bool) or not isinstance(given, int):
                self.fail(
                    node,
                    f"expected a whole number of seconds, found {self.kind(node, given)}",
                    field="target_s",
                    question=qid,
                )
            target_s = given
            if not TARGET_S_MIN <= target_s <= TARGET_S_MAX:
                self.fail(
                    node,
                    f"expected {TARGET_S_MIN}-{TARGET_S_MAX} seconds, found {target_s}",
                    field="target_s",
                    question=qid,
                )
        auto = self.flag(fields, "auto_extracted", question=qid)
        behavioural = self.flag(
            fields,
            "behavioural",
            question=qid,
            default=section in self._behavioural_sections,
        )
        return Question(
            id=qid,
            section=section,
            text=text,
            model_answer=answer,
            key_points=tuple(key_points),
            terms=tuple(terms),
            target_s=target_s,
            number=number,
            auto_extracted=auto,
            behavioural=behavioural,
        )

    def flag(
        self,
        fields: dict[str, tuple[Node, Node]],
        name: str,
        *,
        field: str | None = None,
        question: str | None = None,
        default: bool = False,
    ) -> bool:
        """An optional true/false field; anything else (1, "true", a list) is refused at its line.

        `default` is what a missing field means (a section's default for its questions).
        """
        if name not in fields:
            return default
        node = fields[name][1]
        value = self.value(node, field=field or name, question=question)
        if not isinstance(value, bool):
            self.fail(
                node,
                f"expected true or false, found {self.kind(node, value)}",
                field=field or name,
                question=question,
            )
        return value


def _listing(names: list[str], shown: int = 8) -> str:
    """A few names for a message, each shortened, then how many more there are."""
    listed = ", ".join(shorten(name) for name in names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")
