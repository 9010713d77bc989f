"""Privacy mode: names become initials."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenregie.domain.privacy_display import display_name, initials


@pytest.mark.parametrize("name,expected", [
    ("J. de Vries", "J.d.V."),
    ("Jan de Vries", "J.d.V."),
    ("jan de vries", "J.d.V."),
    ("Anne-Marie van den Berg", "A.M.v.d.B."),
    ("J.P. Jansen", "J.P.J."),
    ("K. 't Hart", "K.t.H."),
    ("Fatima El Amrani", "F.E.A."),
    ("Özlem Yılmaz", "Ö.Y."),
    ("de Vries", "D.V."),
    ("Ali El", "A.E."),
    ("Jansen", "J."),
    ("", "?"),
    ("   ", "?"),
    ("123", "?"),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_display_name_only_hides_in_privacy_mode():
    assert display_name("J. de Vries", False) == "J. de Vries"
    assert display_name("J. de Vries", True) == "J.d.V."


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëö", min_size=2,
                        max_size=12), min_size=1, max_size=5))
def test_initials_never_show_a_whole_name_part(parts):
    name = " ".join(parts)
    shown = initials(name)
    # one letter and a dot per part: never two letters of a name side by side
    assert re.fullmatch(r"(?:[^\W\d_]\.)+", shown)
    assert len(shown) == 2 * len(parts)
