"""Reading a question bank file: safe YAML, validated, errors name file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mockview.core.bank.model import Bank, Question, Section

# A bank is a few hundred kilobytes at most; anything much larger is not a bank, and refusing
# it before reading keeps a mistaken path (a video, a disk image) from stalling the app.
MAX_BANK_BYTES = 2 * 1024 * 1024

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 6
TARGET_S_MIN, TARGET_S_MAX = 10, 600

# libyaml's composer is ~10x faster and keeps the same line marks; pure Python otherwise.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BANK_FIELDS = {"id", "title", "description", "sections", "questions"}
SECTION_FIELDS = {"id", "title"}
QUESTION_FIELDS = {
    "id",
    "section",
    "question",
    "model_answer",
    "key_points",
    "terms",
    "target_s",
    "auto_extracted",
}


class BankError(Exception):
    """A bank (or article) the user supplied is unusable; the message says where and why."""

    def __init__(
        self,
        path: str | Path | None,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        question: str | None = None,
    ):
        self.path = Path(path) if path is not None else None
        self.line = line  # 1-based, None when unknown
        self.field = field
        self.question = question
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        parts = [str(self.path) if self.path is not None else "<bank>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.question:
            parts.append(f'question "{self.question}"')
        if self.field:
            parts.append(f'field "{self.field}"')
        return ", ".join(parts) + f": {self.reason}"


def load_bank(path: str | Path) -> Bank:
    """Read and validate one bank file; raise BankError naming the file, line and field."""
    path = Path(path)
    text = read_text_limited(path, MAX_BANK_BYTES, what="bank file")
    return parse_bank(text, path)


def read_text_limited(path: Path, max_bytes: int, *, what: str) -> str:
    """UTF-8 text of a user file, refusing missing, oversized, binary and non-UTF-8 files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BankError(path, "no such file") from None
    except OSError as exc:
        raise BankError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise BankError(path, f"is a folder, not a {what}")
    if size > max_bytes:
        raise BankError(
            path, f"{size / 1e6:.1f} MB is too large for a {what} (limit {max_bytes / 1e6:.0f} MB)"
        )
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise BankError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat
        raise BankError(path, f"too large for a {what} (limit {max_bytes / 1e6:.0f} MB)")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise BankError(path, f"binary data (a NUL byte), not a text {what}", line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BankError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line=line
        ) from None
    if not text.strip():
        raise BankError(path, f"the file is empty, expected a {what}")
    return text


def parse_bank(text: str, path: str | Path | None = None) -> Bank:
    """Validate bank YAML text (as read from `path`, used in messages) and build the Bank."""
    if not text.strip():
        raise BankError(path, "the file is empty, expected a bank")
    try:
        root = yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError(
            path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None
        ) from None
    if root is None:
        raise BankError(path, "the file is empty, expected a bank")
    return _Validator(path).bank(root)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Validator:
    """Walks the composed node tree so every complaint can carry the node's line."""

    def __init__(self, path: str | Path | None):
        self.path = path
        self._constructor = SafeConstructor()

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
                f"expected a mapping of fields for {what}, found {_kind(node)}",
                question=question,
            )
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.fail(key_node, f"field names must be text, found {key!r}", question=question)
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

    def value(self, node: Node) -> object:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.fail(node, f"unreadable value: {getattr(exc, 'problem', exc)}")

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
        value = self.value(node) if isinstance(node, ScalarNode) else node
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.fail(
                node, f"expected text, found {_kind(node, value)}", field=field, question=question
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
                f'"{value}" is not a valid id: use lowercase letters, digits and '
                "single hyphens, like q01-strategy",
                field=field,
                question=question,
            )
        return value

    def text_list(self, node: Node, field: str, *, question: str | None) -> list[str]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"expected a list, found {_kind(node)}", field=field, question=question)
        items = []
        for i, item in enumerate(node.value, 1):
            value = self.value(item) if isinstance(item, ScalarNode) else None
            if not isinstance(value, str) or not value.strip():
                found = (
                    "an empty item"
                    if isinstance(value, str) or value is None
                    else _kind(item, value)
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
                f"expected a list of at least one section, found {_kind(node)}",
                field="sections",
            )
        sections: list[Section] = []
        for item in node.value:
            fields = self.mapping(item, SECTION_FIELDS, what="a section")
            sid = self.ident(self.required(fields, "id", item, what="a section"), "sections.id")
            if any(s.id == sid for s in sections):
                self.fail(fields["id"][1], f'duplicate section id "{sid}"', field="sections.id")
            title = self.text(
                self.required(fields, "title", item, what="a section"), "sections.title"
            )
            sections.append(Section(id=sid, title=title))
        return sections

    def questions(self, node: Node, section_ids: set[str]) -> list[Question]:
        if not isinstance(node, SequenceNode) or not node.value:
            self.fail(
                node,
                f"expected a list of at least one question, found {_kind(node)}",
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
            self.fail(item, f"{what}: expected a mapping of fields, found {_kind(item)}")
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
            known = ", ".join(sorted(section_ids))
            self.fail(
                section_node,
                f'unknown section "{section}" (sections: {known})',
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
            given = self.value(node)
            if isinstance(given, bool) or not isinstance(given, int):
                self.fail(
                    node,
                    f"expected a whole number of seconds, found {_kind(node, given)}",
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
        auto = False
        if "auto_extracted" in fields:
            node = fields["auto_extracted"][1]
            flag = self.value(node)
            if not isinstance(flag, bool):
                self.fail(
                    node,
                    f"expected true or false, found {_kind(node, flag)}",
                    field="auto_extracted",
                    question=qid,
                )
            auto = flag
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
        )


def _kind(node: Node, value: object = None) -> str:
    """How a wrong value reads in a message: 'a list', 'a mapping', 'text "ninety"'."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if value is None and isinstance(node, ScalarNode):
        value = SafeConstructor().construct_object(node)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f'text "{shown}"'
    return type(value).__name__
