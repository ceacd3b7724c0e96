"""Every download of the pages goes through ``views.common.download_now``, which notes it in
the audit log (issue 17, finding 8): no page calls ``st.download_button`` itself, and the
rejected rows of an import, once a page of their own, are noted too."""

from __future__ import annotations

import ast

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.paths import ROOT
from tests.views.uploading import REJECTING_LEDGER, REJECTING_LEDGER_NAME, XLSX, upload
from unionstats.store import open_store
from unionstats.store.audit import list_entries, operator_name
from views.session import note_handed_file


def download_button_calls() -> list[str]:
    """Where dashboard.py and views/ call ``download_button`` (on any receiver): file:function."""

    def calls(node: ast.AST) -> list[ast.Call]:
        return [
            n
            for n in ast.walk(node)
            if isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")) == "download_button"
        ]

    found = set()
    for path in [ROOT / "dashboard.py", *sorted((ROOT / "views").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = set()
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in calls(function):
                if id(call) not in inside:
                    inside.add(id(call))
                    found.add(f"{path.name}:{function.name}")
        if any(id(call) not in inside for call in calls(tree)):
            found.add(f"{path.name}:<module>")
    return sorted(found)


def test_no_page_calls_download_button_but_the_audited_helper():
    assert download_button_calls() == ["common.py:download_now"]


def test_the_rejected_rows_download_is_noted_in_the_audit_log(sample_url, open_page, monkeypatch):
    # AppTest has no browser to ask for the file: the button's callable is caught as Streamlit
    # registers it, called as Streamlit's server would on a click, then the click's run follows
    written = {}
    register = MediaFileManager.add_deferred

    def catch(self, data_callable, mimetype, coordinates, file_name=None, **options):
        written[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", catch)
    monkeypatch.setenv("UNIONSTATS_USER", "李会计")
    app = upload(open_page("imports"), [(REJECTING_LEDGER_NAME, REJECTING_LEDGER, XLSX)])
    assert not [e for e in list_entries(open_store(sample_url), action="export") if e["detail"]["what"] == "被拒收的行"]
    assert written["被拒收的行.xlsx"]()[:2] == b"PK"  # the workbook
    next(b for b in app.get("download_button") if b.proto.label.startswith("下载被拒收的行")).click().run()
    assert not app.exception
    (entry,) = [e for e in list_entries(open_store(sample_url), action="export") if e["detail"]["what"] == "被拒收的行"]
    assert entry["user"] == operator_name(claimed="李会计")  # one-person mode: the system user, the name as claimed


@pytest.mark.parametrize("data", ["名称,数值\n华新,1\n", b"PK\x03\x04 a workbook"], ids=["text", "bytes"])
def test_a_handed_file_is_known_by_the_address_streamlit_serves_it_at(data):
    # forget_user deletes a session's download copies by these ids: they must be Streamlit's own
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    address = manager.execute_deferred(manager.add_deferred(lambda: data, "text/csv", "1.2", file_name="表.csv"))
    handed: set[str] = set()
    note_handed_file(handed, data, "text/csv", "表.csv")
    assert address == f"/media/{handed.pop()}.csv"
