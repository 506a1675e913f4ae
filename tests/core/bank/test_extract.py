"""Key points, terms, target lengths and ids made from answer text."""

from __future__ import annotations

from mockview.core.bank.extract import (
    extract_key_points,
    extract_terms,
    slug,
    split_sentences,
    target_seconds,
)

ANSWER = (
    "My approach has three parts. First, I map every source into one catalogue so owners "
    "are clear. Second, I add contracts with freshness checks on each pipeline. Third, I "
    "publish a weekly quality score to every team. It works. Over a year this cut "
    "incidents by 40% and made audits routine."
)


def test_terms_cover_acronyms_mixed_case_digits_and_listed_names():
    text = (
        "We store vectors in FAISS or pgvector, train with ZeRO-3 sharding, watch p95 "
        "latency and trace calls with OpenTelemetry; a 5k-event window and an 18-month "
        "plan are plain numbers. Checkout was slow, so we moved hot keys to Redis."
    )
    terms = extract_terms(text)
    for expected in ["FAISS", "pgvector", "ZeRO-3", "p95", "OpenTelemetry", "Redis"]:
        assert expected in terms
    for plain in ["5k-event", "18-month", "Checkout", "We"]:
        assert plain not in terms
    assert terms.index("FAISS") < terms.index("pgvector") < terms.index("ZeRO-3")


def test_terms_are_capped_and_plural_acronyms_folded():
    terms = extract_terms("APIs and SLAs: " + " ".join(f"X{i}Y" for i in range(20)), limit=8)
    assert len(terms) == 8
    assert extract_terms("Our APIs and the API.") == ["API"]


def test_key_points_prefer_enumerated_dense_sentences_in_order():
    points = extract_key_points(ANSWER)
    assert 3 <= len(points) <= 5
    assert points[0].startswith("Map every source")
    assert any(p.startswith("Add contracts") for p in points)
    assert all(p != "It works" for p in points)
    joined = " | ".join(points)
    assert joined.index("Map every") < joined.index("Add contracts")


def test_key_points_from_a_short_answer_use_clauses():
    points = extract_key_points(
        "I cache hot keys in Redis; I expire them after a minute; I warm them on deploy."
    )
    assert len(points) == 3


def test_sentences_respect_abbreviations():
    parts = split_sentences("Costs fell in the U.S. market, e.g. in Ohio. Then we grew.")
    assert parts == ["Costs fell in the U.S. market, e.g. in Ohio.", "Then we grew."]


def test_target_seconds_from_length_clamped():
    assert target_seconds("word " * 100) == 60  # 37 s, raised to the floor
    assert target_seconds("word " * 240) == 90
    assert target_seconds("word " * 600) == 120
    assert target_seconds("word " * 100, behavioural=True) == 120


def test_slug_skips_filler_words():
    assert slug("What are the key responsibilities of an AI CTO?") == "key-responsibilities-ai"
    assert slug("What’s your approach to cloud cost?") == "approach-cloud-cost"
    assert slug("???") == "item"
