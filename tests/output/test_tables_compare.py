"""unionstats.output.tables: text cells safe from formula injection."""

from __future__ import annotations

import pytest

from unionstats.output.tables import safe_text

INJECTED = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (INJECTED, "'" + INJECTED),
        ("+1", "'+1"),
        ("-A1", "'-A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("华新机械有限公司工会", "华新机械有限公司工会"),
        ("a=b", "a=b"),
    ],
)
def test_safe_text(text, written):
    assert safe_text(text) == written
