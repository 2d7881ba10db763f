"""The api files' layout without the standard library's Python encoder: the same bytes as json.dumps."""

from __future__ import annotations

import gc
import json

from hypothesis import given
from hypothesis import strategies as st
from mkdocs_advocacy.publish.jsontext import indented

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@given(values)
def test_any_json_value_is_laid_out_as_json_dumps_lays_it_out(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(st.dictionaries(st.text(), values, max_size=4), st.integers(0, 3))
def test_a_row_nested_in_a_list_is_indented_as_in_the_whole(row, level):
    assert indented(row, level) == json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def test_an_api_row_leaves_nothing_for_the_cycle_collector():
    row = {"slug": "ana-silva", "name": "Ana \u00e9 \"Silva\"", "badges": ["a", "b"], "points": 1.5, "tier": None}
    gc.collect()
    for _ in range(100):
        indented(row, 1)
    assert gc.collect() == 0
