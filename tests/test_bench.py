"""Tests of the benchmark's generator (unionstats.sample at a Scale) and of its runner (bench/).

Nothing here is timed: speed is the benchmark's business (issue 6). These tests check
that a tiny city is reproducible, holds what the generator says it does, imports through
the real importer with the figures it was made from, and that ``python -m bench --scale
tiny`` runs end to end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

import bench.__main__ as bench_main
from bench.scales import BENCH_SCALES
from unionstats import sample
from unionstats.importer import import_files
from unionstats.metrics.compute import compute_metrics
from unionstats.sample import Scale, ledgers, write_city, write_sample, write_welfare_ledger
from unionstats.store import close_store, open_store

REPO_ROOT = Path(__file__).resolve().parent.parent
TINY = Scale(units=40, parents=2, years=2, welfare_rows=800, one_unit_files=4, finance_units=2)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> sample.CitySample:
    return write_city(tmp_path_factory.mktemp("city"), scale=TINY)


@pytest.fixture(scope="module")
def imported(city: sample.CitySample, tmp_path_factory: pytest.TempPathFactory):
    """The tiny city imported into a fresh SQLite store: (reports, engine)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'city.db'}"
    reports = import_files(city.paths, url=url)
    yield reports, open_store(url)
    close_store(url)


def grids(path: Path) -> dict[str, list[tuple]]:
    """Every sheet of a file as rows of values (a CSV is read as GB18030)."""
    if path.suffix == ".csv":
        return {path.stem: [tuple(r) for r in csv.reader(io.StringIO(path.read_bytes().decode("gb18030")))]}
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def data_rows(grid: list[tuple]) -> list[tuple]:
    """Rows with a 序号 (an int in the first cell): the data, not titles, headers or totals."""
    return [row for row in grid if row and isinstance(row[0], int)]


def header_of(grid: list[tuple]) -> tuple:
    return next(row for row in grid if row and row[0] == "序号")


# ---------------------------------------------------------------------------- the generator


def test_write_sample_with_a_scale_writes_the_city(city, tmp_path):
    paths = write_sample(tmp_path, scale=TINY)
    assert [p.name for p in paths] == [p.name for p in city.paths]


def test_same_seed_and_scale_same_bytes(city, tmp_path):
    again = write_city(tmp_path / "again", scale=TINY)
    assert [p.name for p in again.paths] == [p.name for p in city.paths]
    for path in again.paths:
        assert path.read_bytes() == (city.paths[0].parent / path.name).read_bytes(), path.name
    assert again.totals == city.totals


def test_writing_in_two_processes_gives_the_same_bytes(city, tmp_path):
    again = write_city(tmp_path / "parallel", scale=TINY, workers=2)
    for path in again.paths:
        assert path.read_bytes() == (city.paths[0].parent / path.name).read_bytes(), path.name


def test_another_seed_gives_another_city(city, tmp_path):
    other = write_city(tmp_path / "other", seed=7, scale=TINY)
    assert other.totals != city.totals


def test_the_city_has_its_units_under_its_parents(city):
    registry = next(p for p in city.paths if p.suffix == ".csv")
    rows = [r for r in grids(registry)[registry.stem] if r and r[0].isdigit()]
    names = [r[1] for r in rows]
    assert len(names) == len(set(names)) == TINY.units == city.totals["units"]
    parents = Counter(r[2] for r in rows)
    assert len(parents) == TINY.parents
    assert all(parent.endswith("街道总工会") for parent in parents)
    assert set(parents.values()) == {TINY.units // TINY.parents}
    assert 0 < sum(r[4] == "未建" for r in rows) < TINY.units  # some firms have no union yet
    assert sample.SEED_UNIT not in names  # its 2024 ledger is the product's example, not a city's


def test_the_manifest_counts_the_data_rows_of_each_file(city):
    kinds = Counter(f["kind"] for f in city.files)
    assert kinds["membership"] == TINY.parents
    assert kinds["dues"] == TINY.parents * TINY.years
    assert kinds["welfare"] == TINY.parents * TINY.years + TINY.one_unit_files
    assert set(kinds) == {"membership", "dues", "welfare", "competitions", "units", "finance"}
    for entry in city.files:
        if entry["kind"] in ("membership", "dues", "welfare", "competitions"):
            path = city.paths[0].parent / entry["file"]
            assert sum(len(data_rows(g)) for g in grids(path).values()) == entry["rows"], entry


def test_one_unit_ledgers_name_their_unit_above_the_header_and_have_no_unit_column(city):
    assert len(city.own_ledgers) == TINY.one_unit_files
    for path in city.own_ledgers:
        (grid,) = grids(path).values()
        unit = next(str(row[0]) for row in grid[:4] if row[0] and str(row[0]).startswith("填报单位:"))
        assert path.name.startswith(unit.removeprefix("填报单位:").split()[0])
        assert not {"单位", "单位名称", "基层工会"} & set(header_of(grid))
        assert data_rows(grid)


def test_no_two_ledger_files_share_a_unit_and_a_year(city):
    """Contract §2: the 街道 ledgers leave out the unit-years their units send themselves."""
    seen: dict[tuple[str, int], str] = {}
    for entry in city.files:
        if entry["kind"] != "welfare":
            continue
        path = city.paths[0].parent / entry["file"]
        (grid,) = grids(path).values()
        header = header_of(grid)
        year = int(path.name[path.name.index("年") - 4 : path.name.index("年")])
        if "单位" in header or "单位名称" in header or "基层工会" in header:
            column = next(i for i, h in enumerate(header) if h in ("单位", "单位名称", "基层工会"))
            units = {row[column] for row in data_rows(grid)}
        else:
            units = {path.name.removesuffix(f"{year}年帮扶慰问台账.xlsx")}
        for unit in units:
            assert (unit, year) not in seen, (unit, year, seen.get((unit, year)), path.name)
            seen[(unit, year)] = path.name


def test_the_welfare_ledger_is_about_the_rows_asked_for(city):
    assert abs(city.totals["welfare_rows"] - TINY.welfare_rows) < 0.15 * TINY.welfare_rows


# ---------------------------------------------------------------------------- through the importer


def test_the_city_imports_clean_with_the_rows_it_was_written_with(city, imported):
    reports, _ = imported
    assert {r["status"] for r in reports} == {"imported"}
    by_file = {r["file"]: r for r in reports}
    for entry in city.files:
        sheets = by_file[entry["file"]]["sheets"]
        assert {s["kind"] for s in sheets} == {entry["kind"]}, entry
        assert sum(s["stored"] for s in sheets) == entry["rows"], entry
        assert sum(s["rejected"] + s["warned"] for s in sheets) == 0, [p for s in sheets for p in s["problems"]][:3]


def test_the_metrics_add_up_to_the_facts_the_city_was_made_from(city, imported):
    _, engine = imported
    metrics = compute_metrics(engine, by="all")
    overall = metrics[metrics["category"].isna()]

    def total(metric: str) -> float:
        return overall.loc[overall["metric"] == metric, "value"].sum()

    assert total("welfare_amount") == pytest.approx(city.totals["welfare_amount"])
    assert total("welfare_count") == pytest.approx(city.totals["welfare_count"])
    assert total("dues_due") == pytest.approx(city.totals["dues_due"])
    assert total("dues_collected") == pytest.approx(city.totals["dues_paid"])
    members = overall[overall["metric"] == "members"].set_index("period")["value"]
    assert {int(p): v for p, v in members.items()} == {y: city.totals[f"members_{y}"] for y in TINY.year_range}


def test_metrics_by_parent_know_every_parent(city, imported):
    _, engine = imported
    by_parent = compute_metrics(engine, by="parent")
    parents = set(by_parent.loc[by_parent["metric"] == "members", "unit"])
    assert len(parents) == TINY.parents and all(p.endswith("街道总工会") for p in parents)


def test_a_big_ledger_has_exactly_its_rows_and_imports_them(tmp_path):
    ledger = write_welfare_ledger(tmp_path / "ledger.xlsx", 1_500, scale=TINY)
    (grid,) = grids(ledger.path).values()
    assert ledger.sheets == ("慰问台账",)
    assert len(data_rows(grid)) == ledger.rows == 1_500
    assert [str(row[0]).startswith("填报单位:") for row in grid[:2]] == [False, True]  # two title rows
    amounts = [row[5] for row in data_rows(grid)]
    assert 0.05 < sum(isinstance(a, str) for a in amounts) / len(amounts) < 0.15  # about 10% typed as text

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    (report,) = import_files([ledger.path], url=url)
    assert [(s["stored"], s["rejected"]) for s in report["sheets"]] == [(1_500, 0)]
    metrics = compute_metrics(open_store(url), by="all")
    welfare = metrics[(metrics["metric"] == "welfare_amount") & metrics["category"].isna()]
    assert welfare["value"].sum() == pytest.approx(ledger.amount)
    close_store(url)


def test_a_ledger_past_the_sheet_limit_is_split_by_half_year(tmp_path, monkeypatch):
    monkeypatch.setattr(ledgers, "LEDGER_SHEET_ROWS", 500)
    ledger = write_welfare_ledger(tmp_path / "ledger.xlsx", 1_200, scale=TINY)
    sheets = grids(ledger.path)
    assert list(sheets) == ["1-6月", "7-12月"]
    assert sum(len(data_rows(g)) for g in sheets.values()) == 1_200
    assert all(grid[-2][0] == "合计" for grid in sheets.values())  # a 合计 row, then the signature


# ---------------------------------------------------------------------------- the runner


def test_the_runner_runs_end_to_end_at_tiny_scale(tmp_path):
    """Its own parts; the dashboard and PostgreSQL hooks have their own tests (below for the call)."""
    env = {**os.environ, "UNIONSTATS_BENCH_OUT": str(tmp_path / "cache")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "tiny",
            "--repeat",
            "1",
            "--only",
            "imports,files,growth",
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert {"machine", "generation", "imports", "files", "growth", "statistic", "seconds"} <= set(results)
    assert {"cpu", "cores", "memory_gb", "python", "packages", "commit"} <= set(results["machine"])
    assert results["seconds"] > 0

    for measured in results["imports"].values():
        for way in ("pandas_openpyxl", "calamine", "unionstats"):
            assert measured[way]["seconds"] > 0 and measured[way]["peak_rss_mb"] > 0
        assert set(measured["ratios"]) == {"pandas_over_unionstats", "unionstats_over_calamine"}
        assert measured["targets"]["rows_stored"] is True  # the only target a tiny run can judge
    assert results["files"]["one_call"]["seconds"] > 0 and results["files"]["single_calls"]["seconds"] > 0
    assert results["files"]["rows_stored"] is True
    for point in results["growth"]["rows"] + results["growth"]["units"]:
        assert point["import_seconds"] > 0 and point["metrics_seconds"] > 0
        assert point["rejected"] == point["warned"] == 0
    assert [p["rows"] for p in results["growth"]["rows"]] == list(BENCH_SCALES["tiny"].growth_rows)
    assert results["growth"]["plot"] is None or (tmp_path / "out" / "performance-growth.png").stat().st_size > 0
    assert "(a)pandas" in done.stdout


def test_the_runner_calls_a_hook_module_and_notes_a_missing_one(monkeypatch, tmp_path):
    calls = []

    class Hook:
        @staticmethod
        def run(scale_name, out_dir):
            calls.append((scale_name, out_dir))
            return {"first_paint_seconds": 1.5}

    real_import = bench_main.importlib.import_module
    monkeypatch.setattr(bench_main.importlib, "import_module", lambda name: Hook if name == "bench.fake" else real_import(name))
    assert bench_main._hook("fake", "tiny", tmp_path, print)["first_paint_seconds"] == 1.5
    assert calls == [("tiny", tmp_path)]
    assert "skipped" in bench_main._hook("no_such_part", "tiny", tmp_path, print)


@pytest.mark.browser
def test_the_app_part_times_a_bare_app_and_ours_the_same_way(tmp_path):
    """``python -m bench.app --scale tiny``: both apps started, every page of the navigation
    clicked, 概览's filter rerun timed, and the ratios ours / bare judged against issue 18."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.app", "--scale", "tiny", "--out", str(tmp_path)],
        cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tmp_path / "app.json").read_text(encoding="utf-8"))
    pages = result["pages"]
    assert pages[0] == "概览" and len(pages) == len(set(pages)) >= 9
    for app in ("bare", "ours"):
        measured = result[app]
        assert measured["first_paint_seconds"] > 0
        assert [c["page"] for c in measured["runs"]["switch"]] == [*pages[1:], pages[0]]  # one round, every click a switch
        assert set(measured["page_median_seconds"]) == set(pages)
        assert measured["switch_slowest_seconds"] >= measured["switch_median_seconds"] > 0
    assert len(result["ours"]["runs"]["filter_rerun"]) == 2 and "filter_rerun" not in result["bare"]["runs"]
    assert set(result["verdict"]) == {"switch_median_ratio", "switch_slowest_ratio", "first_paint_ratio", "filter_rerun_seconds"}
    assert "看板/空" in done.stdout
