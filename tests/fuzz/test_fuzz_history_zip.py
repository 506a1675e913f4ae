"""Fuzz: hostile history zips imported into a store holding one attempt.

Any zip must give an ImportResult or a HistoryError with a bounded message, within seconds and
200 MB; after a refusal the database holds exactly what it held before and the data folder has
no file it did not have (no staging folder, no partial audio).
"""

from __future__ import annotations

import copy
import io
import json
import math
import shutil
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mockview.core.history import HistoryError, HistoryService
from mockview.core.history.export import export_zip
from mockview.core.history.importer import import_zip
from tests.core.history.helpers import add_done, question
from tests.support.bounded import bounded

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**30), 2**63, 1e308, -0.0])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "2026-13-45T99:00:00+00:00", "yesterday", "2026-01-01T00:00:00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
NAMES = st.text(max_size=40) | st.sampled_from(
    ["attempts.json", "audio/", "audio/../x.wav", "/etc/x", "C:x", "audio/a/b.wav", "audio\\..\\x"]
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data folder holding one attempt, and the parts of a valid export of two others."""
    root = tmp_path_factory.mktemp("fuzz-history")
    with HistoryService.open(root / "store") as store:
        add_done(store, q=question("q0"), audio_s=0.05)
    with HistoryService.open(root / "source") as source:
        for i in (1, 2):
            add_done(source, q=question(f"q{i}"), audio_s=0.05)
        path = export_zip(source, "ai-cto", root / "export.zip").path
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("attempts.json"))
        members = {n: zf.read(n) for n in zf.namelist() if n != "attempts.json"}
    return root / "store", manifest, members


def _pick_container(data, value):
    """A dict or list somewhere inside `value` (walking down at random), or `value` itself."""
    while True:
        children = list(value.values()) if isinstance(value, dict) else list(value)
        inner = [c for c in children if isinstance(c, dict | list) and c]
        if not inner or not data.draw(st.booleans(), label="descend"):
            return value
        value = data.draw(st.sampled_from(inner), label="into")


def _mutate_manifest(data, manifest):
    op = data.draw(st.sampled_from(["set", "delete", "top", "date", "number"]), label="op")
    rows = manifest.get("attempts")
    rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    if op == "top" or not rows:
        key = data.draw(st.sampled_from(["format", "version", "attempts", "bank_id"]))
        manifest[key] = data.draw(VALUES)
        return
    row = data.draw(st.sampled_from(rows), label="row")
    if op == "date":
        row["started_at"] = data.draw(st.text(max_size=30) | SCALARS)
    elif op == "number":
        figures = row.get("figures") if isinstance(row.get("figures"), dict) else {}
        figure = data.draw(st.sampled_from(sorted(figures) or ["coverage"]))
        row["figures"] = {figure: data.draw(st.floats() | st.integers() | VALUES)}
    else:
        target = _pick_container(data, row)
        if isinstance(target, dict):
            keys = st.sampled_from(sorted(target)) if target else st.nothing()
            key = data.draw(keys | st.text(max_size=6))
            if op == "delete":
                target.pop(key, None)
            else:
                target[key] = data.draw(VALUES)
        elif target:
            index = data.draw(st.integers(0, len(target) - 1))
            if op == "delete":
                del target[index]
            else:
                target[index] = data.draw(VALUES)


def _manifest_text(data, manifest):
    text = json.dumps(manifest, allow_nan=True)
    style = data.draw(st.sampled_from(["plain", "deep", "bytes", "cut"]), label="manifest")
    if style == "deep":  # deep nesting in place of one row
        depth = data.draw(st.integers(30, 50_000))
        return text.replace('"attempts": [', '"attempts": [' + "[" * depth + "]" * depth + ",", 1)
    if style == "bytes":
        return data.draw(st.binary(max_size=200))
    if style == "cut":
        return text[: data.draw(st.integers(0, len(text)))]
    return text


def _build_zip(data, manifest, members) -> bytes:
    members = dict(members)
    for _ in range(data.draw(st.integers(0, 2), label="member changes")):
        op = data.draw(st.sampled_from(["add", "replace", "remove"]))
        if op == "add":
            members[data.draw(NAMES)] = data.draw(st.binary(max_size=300))
        elif members:
            name = data.draw(st.sampled_from(sorted(members)))
            if op == "replace":
                members[name] = data.draw(st.binary(max_size=300))
            else:
                del members[name]
    buffer = io.BytesIO()
    method = data.draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(buffer, "w", method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        zf.writestr("attempts.json", _manifest_text(data, manifest))
        for name, blob in members.items():
            try:
                zf.writestr(name, blob)
            except (ValueError, IndexError, UnicodeEncodeError):
                pass  # a name zipfile itself cannot write (empty, a lone surrogate)
    raw = bytearray(buffer.getvalue())
    damage = data.draw(st.sampled_from(["none", "flip", "truncate"]), label="damage")
    if damage == "flip" and raw:
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    elif damage == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    return bytes(raw)


def _state(folder: Path):
    conn = sqlite3.connect(folder / "history.sqlite3")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    conn.close()
    return rows, sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_zip_imports_whole_or_not_at_all(template, data):
    store, manifest, members = template
    if data.draw(st.integers(0, 9), label="random file") == 0:
        blob = data.draw(st.binary(max_size=400) | st.just(b"PK\x05\x06" + bytes(18)))
    else:
        manifest = copy.deepcopy(manifest)
        for _ in range(data.draw(st.integers(0, 3), label="manifest changes")):
            _mutate_manifest(data, manifest)
        blob = _build_zip(data, manifest, members)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(store, folder)
        source = Path(tmp) / "in.zip"
        source.write_bytes(blob)
        with HistoryService.open(folder) as service:
            before = _state(folder)
            outcome = bounded(
                lambda: import_zip(service, source),
                errors=(HistoryError,),
                seconds=5.0,
                megabytes=200.0,
            )
            after = _state(folder)
            if outcome.error is not None:
                assert after == before, str(outcome.error)
                reason = str(outcome.error).replace(str(source), "").lstrip(": ")
                event(f"refused: {reason.split('(')[0].split(':')[-1][:45]}")
            else:
                result = outcome.result
                event(f"imported {result.added}, skipped {result.skipped}")
                assert result.added + result.skipped >= 0
                # Every attempt added has its row and (if it had one) its audio, nothing else.
                assert not [f for f in after[1] if ".import-" in f or f.endswith(".part")]
                for attempt in service.attempts():
                    assert math.isfinite(attempt.duration_s)
                    _ = attempt.transcript, attempt.feedback  # readable back
