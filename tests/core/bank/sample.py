"""A small valid bank as text, and helpers to write broken variants of it for tests."""

from __future__ import annotations

from pathlib import Path

VALID_BANK = """\
id: sample
title: Sample bank
description: Two sections for tests.
sections:
  - id: basics
    title: Basics
  - id: stories
    title: Stories
questions:
  - id: q01-caching
    section: basics
    question: Why would you add a cache?
    model_answer: |
      A cache keeps hot data close to the code that reads it, which cuts latency.

      It also takes load off the database, but every cache needs a plan for invalidation.
    key_points:
      - keeps hot data close
      - takes load off the database
      - needs an invalidation plan
    terms: [Redis, TTL]
    target_s: 75

  - id: q02-outage
    section: stories
    question: Tell me about an outage you handled.
    model_answer: |
      A bad deploy took checkout down; I rolled it back in eight minutes and we added a canary.
    key_points:
      - rolled back in eight minutes
      - found the root cause
      - added a canary stage
    target_s: 120
    auto_extracted: true
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def variant(old: str, new: str, text: str = VALID_BANK) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def billion_laughs_as_key() -> str:
    """A 443-byte bank whose fourth mapping key is nine lists of nine aliases each.

    Built, the key is 9**9 = 387 million strings (a hostile tester's `bank validate` on it ran past
    60 s at 1.9 GB); a message that repr()s it never ends.
    """
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = (
        "id: laughs\n"
        "title: Billion laughs\n"
        "description: nine levels of nine aliases used as a key\n"
        "? [" + ",\n   ".join(levels) + "]\n"
        ": x\n"
    )
    assert len(text.encode()) == 443, len(text.encode())
    return text


HUGE_NUMBER = "1" * 5000  # Python refuses int() of more than 4,300 digits with a ValueError
