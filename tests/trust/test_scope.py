"""A 基层工会 user reads only their own unit and the units below it — through every library
call, and on every page (issue 7, item 4; product.md "Where it runs").

The store holds the sample data (23 units under three 街道总工会). Two unit users are
tried: 华新 (one company union) and 东城 (a 街道总工会: itself and its eight units).
Every public read function is called as each of them and its whole answer is searched
for the names of the other units and of the people in the other units' ledgers; none
may appear. A guard test makes sure a new read function cannot forget ``viewer``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
import inspect
import io
import pkgutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

import unionstats
from tests.stores import postgres_schema
from tests.workbooks import xlsx
from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError, UsageError
from unionstats.importer import import_bytes, import_sample, preview_bytes
from unionstats.metrics import catalog, ledgers
from unionstats.metrics import compute as metrics
from unionstats.store import audit, close_store, list_batches, open_store, set_setting, undo_batch, users
from unionstats.store.schema import FACT_TABLES, competitions, welfare
from unionstats.store.schema import units as registry
from unionstats.store.units import unit_parents
from views.common import plain_markdown

HUAXIN = "华新机械有限公司工会"
DONGCHENG = "东城街道总工会"
PARENTS = {"东城街道总工会", "南湖街道总工会", "西城街道总工会", "未指定"}  # 上级工会 labels may show


@dataclasses.dataclass
class District:
    """A store with the sample data, and for each unit user: viewer and forbidden words."""

    url: str
    engine: object
    viewers: dict[str, Viewer]
    forbidden: dict[str, set[str]]  # user → other units' names and their people's names


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path_factory) -> Iterator[District]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('scope') / 'district.db'}"
        yield _district(url)
        close_store(url)
        return
    with postgres_schema() as url:
        yield _district(url)


def _district(url: str) -> District:
    engine = open_store(url)
    import_sample(engine)
    viewers = {
        "华新": Viewer("华新", UNIT, users.unit_scope(engine, HUAXIN)),
        "东城": Viewer("东城", UNIT, users.unit_scope(engine, DONGCHENG)),
    }
    every_unit = set(catalog.unit_tree(engine)["unit"])
    forbidden = {}
    for name, viewer in viewers.items():
        people_inside, people_outside = set(), set()
        with engine.connect() as conn:
            for column in (welfare.c.recipient, competitions.c.person):
                table = column.table
                for unit, person in conn.execute(select(table.c.unit, column).where(column.is_not(None)).distinct()):
                    (people_inside if unit in viewer.units else people_outside).add(person)
        # a name shared by people inside and outside the scope is no leak; short names
        # (张伟) could be part of anything: only names of three characters or more
        forbidden[name] = (every_unit - viewer.units - PARENTS) | {
            p for p in people_outside - people_inside if len(p) >= 3 and "*" not in p
        }
    assert viewers["华新"].units == {HUAXIN} and len(viewers["东城"].units) == 9
    assert all(len(words) > 20 for words in forbidden.values())
    return District(url, engine, viewers, forbidden)


# --- reading every answer as text ------------------------------------------------------------


def text_of(answer) -> str:
    """Everything a read function returned, as text: frames, models, bytes of files."""
    if answer is None:
        return ""
    if isinstance(answer, pd.DataFrame):
        return answer.to_csv(index=False) + " ".join(map(str, answer.columns)) + " ".join(map(str, answer.index))
    if isinstance(answer, pd.Series):
        return answer.to_csv()
    if isinstance(answer, bytes):
        if answer[:2] == b"PK":  # xlsx, pptx, docx: the XML of every part
            with zipfile.ZipFile(io.BytesIO(answer)) as archive:
                return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        return answer.decode("utf-8", "replace")
    if dataclasses.is_dataclass(answer):
        return "".join(text_of(getattr(answer, f.name)) for f in dataclasses.fields(answer))
    if isinstance(answer, dict):
        return "".join(text_of(k) + text_of(v) for k, v in answer.items())
    if isinstance(answer, list | tuple | set | frozenset):
        return "".join(text_of(v) for v in answer)
    return str(answer)


def leaks(call, viewer: Viewer, words: set[str]) -> list[str]:
    """The forbidden words in what ``call(viewer)`` answers (or the sentence it refuses with)."""
    try:
        text = text_of(call(viewer))
    except UsageError as error:  # e.g. "no figures for this scope": the sentence is checked too
        text = error.message
    return sorted(w for w in words if w in text)


# --- every public read function ----------------------------------------------------------------

TODAY = dt.date(2025, 1, 15)
KINDS = ("membership", "dues", "welfare", "competitions", "units", "finance", "activities", "roster")


def read_calls(engine) -> list[tuple[str, callable]]:
    """(label, call(viewer)) for every public read of the library, with typical arguments."""
    calls = []
    for by in metrics.BY_CHOICES:
        for period in metrics.PERIOD_CHOICES:
            calls.append(
                (
                    f"compute_metrics by={by} {period}",
                    lambda v, by=by, p=period: metrics.compute_metrics(engine, by=by, period=p, viewer=v),
                )
            )
    calls.append(
        ("compute_metrics parents=all", lambda v: metrics.compute_metrics(engine, by="unit", parents=sorted(PARENTS), viewer=v))
    )
    for name in ("unit_tree", "years", "fund_types"):
        calls.append((f"catalog.{name}", lambda v, f=getattr(catalog, name): f(engine, viewer=v)))
    if hasattr(catalog, "reporting_status"):
        for kind in KINDS:
            for period in ("2023", "2024", "2024-06"):
                calls.append(
                    (
                        f"catalog.reporting_status {kind} {period}",
                        lambda v, k=kind, p=period: catalog.reporting_status(engine, k, p, viewer=v),
                    )
                )
    for name, function in _public_functions(ledgers):
        if "viewer" in inspect.signature(function).parameters:
            calls.append((f"ledgers.{name}", lambda v, f=function: f(engine, viewer=v)))
            calls.append((f"ledgers.{name} years", lambda v, f=function: f(engine, viewer=v, years=("2019", "2024"))))
    calls.append(("list_batches", lambda v: [{k: b[k] for k in b if k != "file_name"} for b in list_batches(engine, viewer=v)]))
    try:
        from unionstats.report.model import build_report
    except ImportError:  # the report is being written in parallel
        build_report = None
    if build_report is not None:
        for year in ("2023", "2024"):
            calls.append((f"build_report {year}", lambda v, y=year: build_report(engine, y, viewer=v, today=TODAY)))
            calls.append(
                (
                    f"build_report {year} by parent",
                    lambda v, y=year: build_report(engine, y, parent=DONGCHENG, viewer=v, today=TODAY),
                )
            )
    return calls


def _public_functions(module) -> list[tuple[str, callable]]:
    return [
        (name, f)
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and f.__module__ == module.__name__
    ]


@pytest.mark.parametrize("user", ["华新", "东城"])
def test_no_read_function_shows_another_units_rows(district, user):
    viewer = district.viewers[user]
    calls = read_calls(district.engine)
    assert len(calls) >= 35
    found = {label: leaks(call, viewer, district.forbidden[user]) for label, call in calls}
    assert {label: words for label, words in found.items() if words} == {}
    # and the same calls as an admin do show them: the check would see a leak
    admin = Viewer("管理", ADMIN)
    seen = set().union(*(leaks(call, admin, district.forbidden[user]) for _, call in calls[:6]))
    assert len(seen) > 10


@pytest.mark.parametrize("user", ["华新", "东城"])
def test_no_report_file_shows_another_unit(district, user):
    report = pytest.importorskip("unionstats.report")
    from unionstats.report.model import build_report

    viewer = district.viewers[user]
    model = build_report(district.engine, "2024", viewer=viewer, today=TODAY)
    for fmt in report.FORMATS:
        data = report.render(model, fmt)
        assert leaks(lambda v, data=data: data, viewer, district.forbidden[user]) == [], fmt


def test_the_viewers_own_rows_are_all_there(district):
    own = metrics.compute_metrics(district.engine, by="unit", viewer=district.viewers["东城"])
    everything = metrics.compute_metrics(district.engine, by="unit")
    inside = everything[everything["unit"].isin(district.viewers["东城"].units)].reset_index(drop=True)
    pd.testing.assert_frame_equal(own.reset_index(drop=True), inside)


def test_asking_for_another_unit_by_name_gives_nothing(district):
    viewer = district.viewers["华新"]
    other = "启明电子有限公司工会"
    assert metrics.compute_metrics(district.engine, by="unit", units=[other], viewer=viewer).empty
    assert metrics.compute_metrics(district.engine, by="unit", parents=["西城街道总工会"], viewer=viewer).empty
    for name, function in _public_functions(ledgers):
        if "units" in inspect.signature(function).parameters:
            assert function(district.engine, units=[other], viewer=viewer).empty, name
    try:
        from unionstats.report.model import build_report
    except ImportError:
        return
    with pytest.raises(UsageError) as refused:
        build_report(district.engine, "2024", unit=other, viewer=viewer)
    assert "无权查看" in refused.value.message


def test_a_signed_out_page_viewer_sees_nothing(district):
    from views.session import NOBODY

    assert metrics.compute_metrics(district.engine, viewer=NOBODY).empty
    assert catalog.years(district.engine, viewer=NOBODY) == []
    assert list_batches(district.engine, viewer=NOBODY) == []


# --- writes: import, undo, settings, users, audit ------------------------------------------------


def test_a_unit_user_imports_only_their_own_units_rows(district):
    viewer = district.viewers["华新"]
    rows = [["单位名称", "年度", "职工人数", "会员人数"], [HUAXIN, 2030, 100, 90], ["启明电子有限公司工会", 2030, 50, 40]]
    report, parsed = import_bytes(district.engine, xlsx(rows), "两个单位.xlsx", viewer=viewer, today=dt.date(2030, 12, 31))
    assert report["status"] == "imported"
    (sheet,) = report["sheets"]
    assert (sheet["stored"], sheet["rejected"]) == (1, 1)
    assert "第3行的单位「启明电子有限公司工会」不在本账号的范围内" in sheet["problems"][0]["message"]
    assert parsed.sheets[0].rejected_rows["原因"].str.contains("不在本账号的范围内").all()
    stored = metrics.compute_metrics(district.engine, by="unit", years=("2030", "2030"))
    assert set(stored["unit"]) == {HUAXIN}
    undo_batch(district.engine, report["batch"], viewer=viewer)  # their own batch: allowed


def test_the_store_refuses_another_units_rows_even_past_the_parser(district):
    from unionstats.ingest.parse import parse_file
    from unionstats.store import commit_file

    rows = [["单位名称", "年度", "职工人数", "会员人数"], ["启明电子有限公司工会", 2031, 50, 40]]
    parsed = parse_file(xlsx(rows), "别人的.xlsx")  # parsed without the viewer's scope
    with pytest.raises(AccessDeniedError, match="只能导入本单位及下属单位"):
        commit_file(district.engine, parsed, viewer=district.viewers["华新"])
    assert metrics.compute_metrics(district.engine, years=("2031", "2031")).empty


# --- a unit account never changes the unit tree (issue 17, finding 2) -----------------------------

NANHU = "南湖街道总工会"
REGISTRY = ["单位名称", "上级工会", "年度", "已建会"]


def unit_tree_of(engine) -> dict[str, str]:
    tree = catalog.unit_tree(engine)
    return dict(zip(tree["unit"], tree["parent"], strict=True))


@contextlib.contextmanager
def undone_after(engine):
    """Batches stored inside are undone after: the district store is the module's."""
    before = {b["id"] for b in list_batches(engine)}
    try:
        yield
    finally:
        for batch in list_batches(engine):
            if batch["id"] not in before and batch["status"] == "active":
                undo_batch(engine, batch["id"])


# (user, file rows, the reason each row is rejected with)
TREE_ATTACKS = {
    # 华新 moves itself from 东城 to 南湖, which would then see its aid recipients
    "a unit re-parents itself": (
        "华新",
        [REGISTRY, [HUAXIN, NANHU, 2024, "是"]],
        f"与「{HUAXIN}」现在的上级工会「{DONGCHENG}」不同:本账号不能更改单位的上级工会",
    ),
    # the same through a membership table's 上级工会 (parents come from membership and dues too)
    "a unit re-parents itself in a membership table": (
        "华新",
        [["单位名称", "上级工会", "年度", "职工人数", "会员人数"], [HUAXIN, NANHU, 2024, 100, 90]],
        f"与「{HUAXIN}」现在的上级工会「{DONGCHENG}」不同",
    ),
    # a 街道 renames its child's parent to any text, creating a parent
    "a street renames its child's parent": (
        "东城",
        [REGISTRY, [HUAXIN, "东城街道工会联合会", 2024, "是"]],
        f"与「{HUAXIN}」现在的上级工会「{DONGCHENG}」不同",
    ),
    # a 街道 without a parent gives itself one
    "a street gives itself a parent": (
        "东城",
        [REGISTRY, [DONGCHENG, NANHU, 2024, "是"]],
        f"而「{DONGCHENG}」目前没有上级工会:本账号不能设定单位的上级工会",
    ),
}


@pytest.mark.parametrize("attack", TREE_ATTACKS)
def test_a_unit_user_cannot_change_the_unit_tree(district, attack):
    user, rows, reason = TREE_ATTACKS[attack]
    engine, viewer = district.engine, district.viewers[user]
    tree = unit_tree_of(engine)
    data = xlsx(rows)
    with undone_after(engine):
        preview = preview_bytes(engine, data, "单位信息.xlsx", viewer=viewer, today=TODAY)
        report, parsed = import_bytes(engine, data, "单位信息.xlsx", viewer=viewer, today=TODAY)
        assert unit_tree_of(engine) == tree
        assert users.unit_scope(engine, DONGCHENG) == district.viewers["东城"].units
        assert HUAXIN not in users.unit_scope(engine, NANHU)
    (sheet,) = report["sheets"]
    assert (sheet["stored"], sheet["rejected"]) == (0, 1)
    assert report["batch"] is None  # nothing stored: no batch
    assert reason in sheet["problems"][0]["message"] and sheet["problems"][0]["message"].startswith("第2行")
    assert parsed.sheets[0].rejected_rows["原因"].str.contains(reason, regex=False).all()  # the rejected-rows download
    (shown,) = preview.sheets
    assert (shown.stored, shown.rejected) == (0, 1)
    assert [p["message"] for p in shown.problems] == [p["message"] for p in sheet["problems"]]


def test_the_store_refuses_a_changed_parent_even_past_the_parser(district):
    from unionstats.ingest.parse import parse_file
    from unionstats.store import commit_file

    tree = unit_tree_of(district.engine)
    parsed = parse_file(xlsx([REGISTRY, [HUAXIN, NANHU, 2024, "是"]]), "改上级.xlsx")  # parsed without the viewer's tree
    with pytest.raises(AccessDeniedError, match="本账号不能更改单位的上级工会"):
        commit_file(district.engine, parsed, viewer=district.viewers["华新"])
    assert unit_tree_of(district.engine) == tree


def test_a_unit_users_rows_keep_the_parent_the_tree_gives(district):
    engine, viewer = district.engine, district.viewers["东城"]
    tree = unit_tree_of(engine)
    rows = [REGISTRY, [HUAXIN, DONGCHENG, 2024, "是"], [DONGCHENG, None, 2024, "是"], ["示范区人民医院工会", None, 2024, "是"]]
    with undone_after(engine):
        report, _ = import_bytes(engine, xlsx(rows), "东城单位信息.xlsx", viewer=viewer, today=TODAY)
        assert (report["sheets"][0]["stored"], report["sheets"][0]["rejected"]) == (3, 0)
        with engine.connect() as conn:
            stored = dict(
                conn.execute(select(registry.c.unit, registry.c.parent).where(registry.c.batch_id == report["batch"])).all()
            )
        # a blank 上级工会 is stored as the tree's, so it cannot displace the row that gives it
        assert stored == {HUAXIN: DONGCHENG, DONGCHENG: None, "示范区人民医院工会": DONGCHENG}
        assert unit_tree_of(engine) == {**tree, DONGCHENG: "未指定"}  # 东城's first row of its own: a node, no parent
    new_unit = Viewer("新", UNIT, frozenset({HUAXIN, DONGCHENG, "没有的工会"}))
    assert unit_parents(engine, viewer=new_unit) == {HUAXIN: DONGCHENG, DONGCHENG: None, "没有的工会": None}


@pytest.mark.parametrize(
    "rows",
    [[REGISTRY, [HUAXIN, DONGCHENG, 2035, "是"]], [["单位名称", "已建会"], [HUAXIN, "是"]]],
    ids=["年度 2035", "no 年度: the import's year"],
)
def test_a_unit_users_registry_does_not_open_a_year(district, rows):
    engine = district.engine
    years = catalog.years(engine)
    with undone_after(engine):
        report, parsed = import_bytes(
            engine, xlsx(rows), "华新单位信息.xlsx", viewer=district.viewers["华新"], today=dt.date(2035, 6, 1)
        )
        assert catalog.years(engine) == years  # the admin's default year (the newest) stays
    (sheet,) = report["sheets"]
    assert (sheet["stored"], sheet["rejected"]) == (0, 1)
    assert "库中还没有该年度的数据:本账号导入的单位信息不能新开一个年度" in sheet["problems"][0]["message"]
    assert parsed.sheets[0].rejected_rows["原因"].str.contains("不能新开一个年度").all()


def test_an_admin_still_changes_the_tree_and_opens_years(district):
    engine, admin = district.engine, Viewer("管理", ADMIN)
    rows = [REGISTRY, [HUAXIN, NANHU, 2035, "是"]]
    with undone_after(engine):
        report, _ = import_bytes(engine, xlsx(rows), "管理员单位信息.xlsx", viewer=admin, today=dt.date(2035, 6, 1))
        assert report["sheets"][0]["stored"] == 1
        assert unit_tree_of(engine)[HUAXIN] == NANHU and catalog.years(engine)[-1] == "2035"
    assert unit_tree_of(engine)[HUAXIN] == DONGCHENG


def test_a_unit_user_cannot_change_the_tree_by_undoing_an_admins_batch(district):
    # the admin moves 华新 under 南湖 with a one-unit 单位信息: a batch of 华新's rows only, which
    # 华新's account may list; undoing it would move 华新 back, so the account may not
    engine, admin = district.engine, Viewer("管理", ADMIN)
    with undone_after(engine):
        report, _ = import_bytes(engine, xlsx([REGISTRY, [HUAXIN, NANHU, 2024, "是"]]), "改隶.xlsx", viewer=admin, today=TODAY)
        assert unit_tree_of(engine)[HUAXIN] == NANHU
        assert report["batch"] in {b["id"] for b in list_batches(engine, viewer=district.viewers["华新"])}
        with pytest.raises(AccessDeniedError, match="会改变单位的上级工会"):
            undo_batch(engine, report["batch"], viewer=district.viewers["华新"])
        assert unit_tree_of(engine)[HUAXIN] == NANHU  # refused in its transaction: nothing undone
        assert next(b for b in list_batches(engine) if b["id"] == report["batch"])["status"] == "active"
    assert unit_tree_of(engine)[HUAXIN] == DONGCHENG  # the admin may


def test_an_observer_cannot_import_or_undo(district):
    observer = Viewer("观察", OBSERVER)
    with pytest.raises(AccessDeniedError, match="观察者"):
        import_bytes(district.engine, b"anything", "x.xlsx", viewer=observer)
    batch = list_batches(district.engine)[-1]["id"]
    with pytest.raises(AccessDeniedError, match="观察者"):
        undo_batch(district.engine, batch, viewer=observer)


def test_a_unit_user_lists_and_undoes_only_batches_of_their_units(district):
    viewer = district.viewers["华新"]
    theirs = list_batches(district.engine, viewer=viewer)
    every = list_batches(district.engine)
    assert 0 < len(theirs) < len(every)
    hidden = [b for b in every if b["id"] not in {t["id"] for t in theirs}]
    assert any("南湖" in b["file_name"] for b in hidden)
    # a district-wide batch also holds other units' rows: not theirs to undo
    shared = next(b for b in theirs if "会员统计表（2020-2024年）" in b["file_name"])
    for batch in (shared, hidden[0]):
        with pytest.raises(AccessDeniedError, match="不是本单位的批次"):
            undo_batch(district.engine, batch["id"], viewer=viewer)
    assert len(list_batches(district.engine)) == len(every)
    # the same sentence for a batch that does not exist: ids of others are not confirmed
    with pytest.raises(AccessDeniedError, match="不是本单位的批次"):
        undo_batch(district.engine, 999_999, viewer=viewer)


def test_only_an_admin_changes_settings_or_reads_users_and_the_log(district):
    for viewer in (*district.viewers.values(), Viewer("观察", OBSERVER)):
        with pytest.raises(AccessDeniedError, match="只有区总工会管理员可以修改设置"):
            set_setting(district.engine, "targets", {"membership_rate": 0.5}, viewer=viewer)
        with pytest.raises(AccessDeniedError):
            audit.list_entries(district.engine, viewer=viewer)
        with pytest.raises(AccessDeniedError):
            users.list_users(district.engine, by=viewer)
    preferences = importlib.import_module("unionstats.preferences")
    for name, function in _public_functions(preferences):
        if name.startswith("save_"):
            assert "viewer" in inspect.signature(function).parameters, f"preferences.{name} takes no viewer"


# --- the guard: a read function cannot forget the viewer -----------------------------------------

# Public functions that take an engine but read no unit's facts (or refuse non-admins
# themselves): the reason is given for each.
NOT_FACT_READS = {
    "unionstats.store.batches.store_version": "a counter for caches",
    "unionstats.store.settings.get_setting": "settings, not facts",
    "unionstats.store.settings.setting_once": "the store's own values",
    "unionstats.store.batches.find_active_batch": "id and time of a duplicate file (the uploader has the file)",
    "unionstats.store.batches.find_overlaps": "ids of earlier batches of the file's own units (commit_file says them too)",
    "unionstats.store.batches.batch_units_of": "used after the viewer check",
    "unionstats.store.batches.keep_missing_file": "writes the file the uploader holds, of the batch holding it",
    "unionstats.store.engine.write_transaction": "a transaction",
    "unionstats.store.engine.reading": "a connection",
    "unionstats.store.engine.alembic_config": "migrations",
    "unionstats.importer.parse_options": "rules from settings",
    "unionstats.store.audit.record": "writes",
    "unionstats.store.audit.record_in": "writes",
    "unionstats.store.audit.users_in_log": "admin page only, after the viewer check",
    "unionstats.store.audit.count_entries": "a count",
    "unionstats.store.users.get_user": "one account, for sign-in",
    "unionstats.store.users.count_admins": "a count, for the first-admin hint",
    "unionstats.store.users.authenticate": "sign-in",
    "unionstats.store.users.viewer_for": "builds the viewer",
    "unionstats.store.units.unit_scope": "builds the viewer",
    "unionstats.store.users.start_session": "sign-in",
    "unionstats.store.users.resume_session": "sign-in",
    "unionstats.store.users.end_session": "sign-out",
    "unionstats.store.users.signed_token": "sign-in: signs the session cookie",
    "unionstats.store.users.token_in": "sign-in: checks the session cookie's signature",
    # the operator's command line on the server: whoever runs it can read the database
    # anyway; no page calls these (docs/security.md)
    "unionstats.store.backup.backup": "operator's backup of the whole store",
    "unionstats.store.backup.restore": "operator's restore",
    "unionstats.store.backup.table_checksums": "row counts and checksums for the crash tests",
    "unionstats.store.backup.key_advice": "where the key is, for backup and restore",
}
GUARDED_BY_OTHER_NAME = {"by"}  # users.*: the acting admin


def test_every_public_function_that_takes_an_engine_takes_the_viewer():
    missing = []
    for module_info in pkgutil.walk_packages(unionstats.__path__, "unionstats."):
        if ".migrations" in module_info.name or module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in _public_functions(module):
            parameters = inspect.signature(function).parameters
            if "engine" not in parameters or f"{module.__name__}.{name}" in NOT_FACT_READS:
                continue
            if module.__name__.startswith("unionstats.preferences") and not name.startswith("save_"):
                continue  # reading the user's own rules and targets: settings, not facts
            if not ({"viewer"} | GUARDED_BY_OTHER_NAME) & set(parameters):
                missing.append(f"{module.__name__}.{name}")
    assert missing == [], "these read the store without a viewer: add viewer=None and restrict rows in SQL"


def test_the_fact_tables_are_the_ones_the_checks_know():
    assert set(FACT_TABLES) == set(KINDS)


# --- every page, as a signed-in 基层工会 user -------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "views").glob("*.py") if p.stem not in ("__init__", "account", "common", "session"))


def shown_bytes(app) -> bytes:
    """Every element and block the page drew, serialised (text, tables as Arrow, charts as JSON)."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return b"".join(found)


def forbidden_words(engine, viewer: Viewer) -> set[str]:
    every_unit = set(catalog.unit_tree(engine)["unit"])
    inside, outside = set(), set()
    with engine.connect() as conn:
        for column in (welfare.c.recipient, competitions.c.person):
            for unit, person in conn.execute(select(column.table.c.unit, column).where(column.is_not(None)).distinct()):
                (inside if unit in viewer.units else outside).add(person)
    return (every_unit - viewer.units - PARENTS) | {p for p in outside - inside if len(p) >= 3 and "*" not in p}


@pytest.mark.usefixtures("cheap_passwords")
@pytest.mark.parametrize("page", PAGES)
def test_a_unit_user_sees_no_other_unit_on_any_page(page, sample_url, open_page, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    engine = open_store(sample_url)
    users.add_user(engine, "华新", "unit-pass-123", role=UNIT, unit=HUAXIN)
    token = users.start_session(engine, "华新")
    app = open_page(page, account_token=token)
    assert not app.exception, app.exception
    shown = shown_bytes(app)
    if page != "settings":  # 设置 holds rules and targets, no unit's figures
        assert HUAXIN.encode() in shown  # signed in, their own unit's figures are there
    forbidden = forbidden_words(engine, users.viewer_for(engine, "华新"))
    # a name is looked for as written and as Markdown shows it (escaped: plain_markdown)
    assert sorted(w for w in forbidden if w.encode() in shown or plain_markdown(w).encode() in shown) == []
    # the same page for an admin shows other units: the check would see a leak
    if page in ("overview", "compare", "membership", "welfare"):
        users.add_user(engine, "管理", "admin-pass-123", role=ADMIN)
        admin = open_page(page, account_token=users.start_session(engine, "管理"))
        assert not admin.exception
        assert any(w.encode() in shown_bytes(admin) for w in forbidden)


def test_signed_out_the_dashboard_shows_only_the_sign_in_form(sample_url, open_page, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    app = open_page("overview")
    assert not app.exception
    assert [t.value for t in app.text_input] == ["", ""] and app.title[0].value == "工会统计看板 · 登录"
    every_unit = set(catalog.unit_tree(open_store(sample_url))["unit"])
    shown = shown_bytes(app)
    assert [u for u in every_unit if u.encode() in shown] == []
