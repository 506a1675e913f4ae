"""Bank YAML to a node tree within bounds (nesting, aliases, number length), never expanded.

A bank file is user input: a few hundred bytes of YAML can nest past the stack, or use aliases
(`&a [*b, *b, ...]`, the "billion laughs") that build hundreds of millions of values. The tree
is composed here from the parser's events, one at a time and without recursion, and each bound
is checked as the tree grows, before any value is built; a refusal never shows a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from mockview.core.bank.errors import BankError, shorten

# A bank nests four collections deep: the bank, its question list, a question, its key points.
# Twenty leaves room for a mistake to reach the validator, whose messages say more, and stays
# far below where a deep "[[[[..." breaks a YAML library: libyaml stops at 1,000 levels, and
# PyYAML's own composer and constructor recurse once per level (its composer overflows the
# stack between 400 and 500 levels).
MAX_DEPTH = 20

# A bank needs no aliases (`&name` ... `*name`); one may reuse a list of terms in a few
# questions. Every node an alias brings in counts as if it were written out, so the 443-byte
# "billion laughs" (387 million values, 1.9 GB and minutes when built) stops at this budget
# after reading a few lines, without building anything.
MAX_ALIAS_NODES = 1_000

# A bank's numbers are seconds, a few digits. Python refuses to read an integer of more than
# 4,300 digits (with a ValueError, not a YAML error) and is slow on long ones below that.
MAX_NUMBER_DIGITS = 20

# libyaml's parser is ~10x faster than pure Python's (a 2 MB bank: 0.11 s against 0.96 s).
PARSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SYNTAX = "YAML syntax error"


def compose(text: str, path: str | Path | None = None, *, parser: type = PARSER) -> Node | None:
    """The node tree of one YAML document (None when there is none), within the bounds above.

    `parser` is a PyYAML loader class (libyaml's or pure Python's); only its events and tag
    resolution are used, so both give the same tree, bounds and messages.
    """
    loader = None
    try:
        loader = parser(text)  # pure Python checks every character here
        return _Composer(loader, path).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "unreadable YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, 1,000 levels
            raise BankError(path, _too_deep(), line=line) from None
        raise BankError(path, f"{_SYNTAX}: {shorten(problem, 120)}", line=line) from None
    except ReaderError as exc:
        raise BankError(
            path,
            f"{_SYNTAX}: {_character(exc.character)} is not allowed in YAML text; delete it",
            line=_reader_line(text, exc),
        ) from None
    except yaml.YAMLError as exc:
        raise BankError(path, f"{_SYNTAX}: {shorten(str(exc), 120)}") from None
    except UnicodeEncodeError:  # a lone surrogate: text that did not come from a UTF-8 file
        raise BankError(path, "not valid Unicode text (a lone surrogate character)") from None
    finally:
        if loader is not None:
            loader.dispose()


def _too_deep() -> str:
    return (
        f"lists and mappings nest more than {MAX_DEPTH} levels deep here; a bank nests 4 "
        f"(the bank, its questions, a question, its key points), limit {MAX_DEPTH}"
    )


def _character(character: object) -> str:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "?")
    return f"character U+{code:04X}"


def _reader_line(text: str, exc: ReaderError) -> int | None:
    # Pure Python counts characters; libyaml counts bytes of the UTF-8 text.
    if not isinstance(exc.position, int):
        return None
    if exc.encoding == "unicode":
        return text.count("\n", 0, exc.position) + 1
    return text.encode("utf-8").count(b"\n", 0, exc.position) + 1


@dataclass
class _Open:
    """A collection whose end has not been read yet."""

    node: CollectionNode
    anchor: str | None
    size: int = 1  # nodes in it so far, counting what aliases bring in
    key: Node | None = None  # a mapping's key waiting for its value


class _Composer:
    """PyYAML's composer without its recursion, counting depth and what aliases bring in."""

    def __init__(self, loader: Any, path: str | Path | None):
        self.loader = loader
        self.path = path
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Node, int | None]] = {}  # size None while still open
        self.aliased = 0  # nodes reached through aliases so far
        self.root: Node | None = None

    def fail(self, event: Any, message: str) -> NoReturn:
        raise BankError(self.path, message, line=event.start_mark.line + 1)

    def document(self) -> Node | None:
        get = self.loader.get_event
        get()  # stream start
        if isinstance(get(), StreamEndEvent):  # else a document start
            return None
        while not isinstance(event := get(), DocumentEndEvent):
            self.add_event(event)
        if not isinstance(event := get(), StreamEndEvent):
            self.fail(event, f"{_SYNTAX}: a bank is one YAML document; a second one starts here")
        return self.root

    def add_event(self, event: Any) -> None:
        start: Any = event.start_mark  # Any: libyaml's events carry its own Mark type
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
            end: Any = event.end_mark
            node = ScalarNode(tag, event.value, start, end, style=event.style)
            self.anchor(event, node, 1)
            self.add(node, 1)
        elif isinstance(event, CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                self.fail(event, _too_deep())
            kind = MappingNode if isinstance(event, MappingStartEvent) else SequenceNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.loader.resolve(kind, None, event.implicit)
            collection = kind(tag, [], start, None, flow_style=event.flow_style)
            self.anchor(event, collection, None)
            self.stack.append(_Open(collection, event.anchor))
        elif isinstance(event, SequenceEndEvent | MappingEndEvent):
            done = self.stack.pop()
            done.node.end_mark = event.end_mark
            if done.anchor is not None:
                self.anchors[done.anchor] = (done.node, done.size)
            self.add(done.node, done.size)
        elif isinstance(event, AliasEvent):
            self.alias(event)

    def anchor(self, event: Any, node: Node, size: int | None) -> None:
        name = event.anchor
        if name is None:
            return
        if name in self.anchors:
            first = self.anchors[name][0].start_mark.line + 1
            self.fail(
                event,
                f"{_SYNTAX}: anchor &{shorten(name)} is defined twice (first on line {first})",
            )
        self.anchors[name] = (node, size)

    def alias(self, event: AliasEvent) -> None:
        name = event.anchor or ""
        if name not in self.anchors:
            self.fail(event, f"{_SYNTAX}: alias *{shorten(name)} has no anchor &{shorten(name)}")
        node, size = self.anchors[name]
        if size is None:
            self.fail(event, f"alias *{shorten(name)} refers to a value that contains it")
        self.aliased += size
        if self.aliased > MAX_ALIAS_NODES:
            self.fail(
                event,
                f"YAML aliases (*name) here repeat more than {MAX_ALIAS_NODES:,} values; a bank "
                "needs few or none, so write the values out "
                f"(limit {MAX_ALIAS_NODES:,} values reached through aliases)",
            )
        self.add(node, size)

    def add(self, node: Node, size: int) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.node, SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None


class BankConstructor(SafeConstructor):
    """PyYAML's safe values, refusing numbers longer than a bank has before reading them."""

    def construct_yaml_int(self, node: ScalarNode) -> int:
        # Letters count too: "0x" and 5,000 hex digits reads fine but cannot be printed.
        digits = sum(ch.isalnum() for ch in node.value)
        if digits > MAX_NUMBER_DIGITS:
            raise ConstructorError(
                None,
                None,
                f"a number of {digits:,} digits; a bank's numbers are seconds, a few digits "
                f"(limit {MAX_NUMBER_DIGITS})",
                node.start_mark,
            )
        return super().construct_yaml_int(node)


# The type stubs do not allow a subclass here; PyYAML copies the table for it.
BankConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", BankConstructor.construct_yaml_int
)
