"""The stemmer (Snowball English) and the concept table built on it."""

from __future__ import annotations

import threading

import pytest

from mockview.core.feedback.lexicon import GENERIC, SYNONYMS, concept, concepts, stem


def test_forms_of_a_word_share_a_stem():
    assert stem("use") == stem("used") == stem("using") == stem("uses")
    assert stem("fund") == stem("funding") == stem("funded") == stem("funds")
    assert stem("stage") == stem("stages") == stem("staging")
    assert stem("stop") == stem("stopped") == stem("stopping")
    assert stem("labelled") == stem("labeled") == stem("labelling") == stem("label")


def test_unrelated_words_keep_apart():
    assert stem("logic") != stem("logs")
    assert stem("logic") != stem("logging")
    assert stem("story") != stem("store")
    assert stem("finally") != stem("finance")


def test_british_and_american_spellings_meet():
    for british, american in [
        ("harmonised", "harmonized"),
        ("organisation", "organization"),
        ("optimisation", "optimization"),
        ("prioritise", "prioritize"),
        ("analysing", "analyzing"),
        ("containerised", "containerized"),
    ]:
        assert stem(british) == stem(american), (british, american)
    assert stem("promise") == stem("promised") == stem("promising")
    assert stem("rise") == "rise"  # too short to be an -ise ending


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("product", "production"),
        ("execution", "executive"),
        ("responses", "responsible"),
        ("practice", "practical"),
        ("generation", "generated"),
    ],
)
def test_words_kept_out_of_a_wrong_synonym_group(word, other):
    assert concept(word) != concept(other)


def test_synonym_groups_still_join():
    assert concept("deployment") == concept("production") == concept("shipping")
    assert concept("executives") == concept("board") == concept("leadership")
    assert concept("responsible") == concept("ethical") == concept("fairness")
    assert concept("SLAs") == concept("sla")
    assert concept("prioritise") == concept("prioritization") == concept("ranking")
    assert stem("product") in GENERIC
    assert set(SYNONYMS.values()) <= set(SYNONYMS)


def test_short_words_acronyms_and_compounds_are_left_whole():
    assert stem("GPU") == "gpu" and stem("ROI") == "roi"
    assert stem("team's") == "team"
    assert stem("70-20-10") == "70-20-10"
    assert concepts("stage-gate") == [concept("stage"), concept("gate")]
    assert concepts("off-the-shelf") == [concept("commodity")]
    assert concept("the") == "" and concept("using") == ""


def test_stem_is_safe_across_threads():
    words = [
        f"{base}{suffix}"
        for base in ("deploy", "measur", "stabl", "hir")
        for suffix in ("ing", "ed", "ement", "es", "ability")
    ] * 50
    expected = {w: stem.__wrapped__(w) for w in words}
    errors: list[str] = []

    def work() -> None:
        for w in words:
            if stem.__wrapped__(w) != expected[w]:
                errors.append(w)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
