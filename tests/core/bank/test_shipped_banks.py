"""The banks shipped in questions/ load cleanly; ai-cto has 30 questions in 3 sections."""

from __future__ import annotations

from mockview.core import paths
from mockview.core.bank.discovery import scan_paths


def test_shipped_banks_validate():
    scan = scan_paths([paths.builtin_banks_dir()])
    assert scan.errors == [], [str(e) for e in scan.errors]
    bank = scan.get("ai-cto")
    assert bank is not None, "questions/ai-cto.yaml is missing"
    assert len(bank.questions) == 30 and len(bank.sections) == 3
    assert [len(bank.section_questions(s.id)) for s in bank.sections] == [10, 10, 10]
    assert [q.number for q in bank.questions] == list(range(1, 31))
    assert all(q.terms for q in bank.questions[10:20])  # the technical section names its tools
