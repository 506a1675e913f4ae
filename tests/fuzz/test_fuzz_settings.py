"""Any settings.toml gives usable settings and a bounded report, and saving keeps the file aside."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from mockview.core.settings import Settings, load_settings
from tests.support.bounded import bounded

NAMES = [f.name for f in dataclasses.fields(Settings)]
scalar = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=60),
)
values = st.one_of(scalar, st.lists(scalar, max_size=5))
toml_line = st.one_of(
    st.builds(lambda k, v: f"{k} = {v!r}".replace("'", '"'), st.sampled_from(NAMES), values),
    st.text(max_size=80),
)


@given(st.lists(toml_line, max_size=25))
def test_any_settings_text_gives_settings_and_bounded_problems(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("settings")
    path = folder / "settings.toml"
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome = bounded(lambda: load_settings(path), errors=(), seconds=2, megabytes=50)
    loaded = outcome.result
    assert isinstance(loaded.settings, Settings)
    assert all(len(p) < 300 for p in loaded.problems)
    if loaded.problems:  # something was unusable: the file as it was is kept beside it
        assert loaded.kept_as is not None and loaded.kept_as.read_bytes() == path.read_bytes()
    loaded.settings.save(path)
    again = load_settings(path)
    assert again.problems == [] and again.settings == loaded.settings


@given(st.binary(max_size=2000))
def test_any_bytes_give_settings(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("settings") / "settings.toml"
    path.write_bytes(data)
    loaded = bounded(lambda: load_settings(path), errors=(), seconds=2, megabytes=50).result
    assert isinstance(loaded.settings, Settings)
