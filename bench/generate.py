"""The benchmark's files, generated once and cached under ``bench/out/`` (gitignored).

A cache entry is keyed by the seed, the scale and a hash of the code of the ``unionstats/sample/`` package, so
a change to the generator makes new files. Entries are written to a temporary name and
renamed when complete, under a file lock, so two processes asking for the same city at
once (the runner and a dashboard benchmark) make it once.

    from bench.generate import city_files, ledger_file
    city = city_files(CITY)              # unionstats.sample.CitySample, files in city.paths
    ledger = ledger_file(100_000)        # unionstats.sample.LedgerSample
"""

from __future__ import annotations

import ast
import fcntl
import functools
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from unionstats import sample
from unionstats.sample import CITY, DEFAULT_SEED, CitySample, LedgerSample, Scale

# UNIONSTATS_BENCH_OUT moves the cache (the tests put it in a temporary folder)
OUT_DIR = Path(os.environ.get("UNIONSTATS_BENCH_OUT") or Path(__file__).resolve().parent / "out")
WORKERS = min(2, os.cpu_count() or 1)  # processes writing a city's 街道


@functools.cache  # once per process: the code loaded is the code that writes the files
def generator_version() -> str:
    """10 hex digits of a hash of the code of the ``unionstats/sample/`` package: the syntax
    trees of its modules without docstrings, so that editing a comment or a docstring keeps
    the cached files."""
    digest = hashlib.sha256()
    for path in sorted(Path(sample.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:]
        digest.update(path.name.encode() + b"\0" + ast.dump(tree).encode())
    return digest.hexdigest()[:10]


def city_dir(scale: Scale = CITY, seed: int = DEFAULT_SEED) -> Path:
    """Where the city of ``scale`` is cached: ``<dir>/files/`` and ``<dir>/manifest.json``."""
    return OUT_DIR / f"city-{scale.key}-s{seed}-{generator_version()}"


def city_files(scale: Scale = CITY, seed: int = DEFAULT_SEED, *, quiet: bool = False) -> CitySample:
    """The city of ``scale``: generated on first use, read from the cache after.

    The manifest also records how long generating took (``seconds``, see ``generation_seconds``).
    """
    folder = city_dir(scale, seed)
    manifest = folder / "manifest.json"
    with locked(folder):
        if not manifest.exists():
            _say(quiet, f"生成城市规模数据 {scale.key}(种子 {seed})……")
            started = time.perf_counter()
            scratch = _scratch(folder)
            city = sample.write_city(scratch / "files", seed, scale, workers=WORKERS)
            seconds = time.perf_counter() - started
            record = {
                "seed": seed,
                "scale": asdict(scale),
                "generator": generator_version(),
                "seconds": round(seconds, 2),
                "files": city.files,
                "totals": city.totals,
                "own_ledgers": [p.name for p in city.own_ledgers],
            }
            (scratch / "manifest.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            scratch.rename(folder)
            _say(quiet, f"  完成:{len(city.files)} 个文件,用时 {seconds:.1f} 秒")
    record = json.loads(manifest.read_text(encoding="utf-8"))
    files = folder / "files"
    return CitySample(
        paths=[files / f["file"] for f in record["files"]],
        files=record["files"],
        totals=record["totals"],
        own_ledgers=[files / name for name in record["own_ledgers"]],
    )


def ledger_path(rows: int, seed: int = DEFAULT_SEED, scale: Scale = CITY) -> Path:
    return (
        OUT_DIR / f"ledger-{rows}-{scale.key}-s{seed}-{generator_version()}" / f"{scale.last_year}年帮扶慰问台账（{rows}行）.xlsx"
    )


def ledger_file(rows: int, seed: int = DEFAULT_SEED, scale: Scale = CITY, *, quiet: bool = False) -> LedgerSample:
    """The single-file welfare ledger of ``rows`` payments (``sample.write_welfare_ledger``), cached."""
    path = ledger_path(rows, seed, scale)
    folder = path.parent
    with locked(folder):
        if not (folder / "ledger.json").exists():
            _say(quiet, f"生成 {rows:,} 行帮扶慰问台账……")
            started = time.perf_counter()
            scratch = _scratch(folder)
            ledger = sample.write_welfare_ledger(scratch / path.name, rows, seed, scale)
            seconds = time.perf_counter() - started
            record = {
                "rows": ledger.rows,
                "amount": ledger.amount,
                "count": ledger.count,
                "sheets": list(ledger.sheets),
                "seconds": round(seconds, 2),
                "bytes": (scratch / path.name).stat().st_size,
            }
            (scratch / "ledger.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            scratch.rename(folder)
            _say(quiet, f"  完成:{path.stat().st_size / 1024**2:.1f} MB,用时 {seconds:.1f} 秒")
    record = json.loads((folder / "ledger.json").read_text(encoding="utf-8"))
    return LedgerSample(path, record["rows"], record["amount"], record["count"], tuple(record["sheets"]))


def generation_seconds(path_or_dir: Path) -> float | None:
    """How long the cached city (its folder) or ledger (its file) took to generate."""
    folder = path_or_dir if path_or_dir.is_dir() else path_or_dir.parent
    for name in ("manifest.json", "ledger.json"):
        if (folder / name).exists():
            return json.loads((folder / name).read_text(encoding="utf-8")).get("seconds")
    return None


def _scratch(folder: Path) -> Path:
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)  # left by a run that was stopped
    scratch.mkdir(parents=True)
    return scratch


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``.lock: two processes asking for the same files (or store) make them once."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, flush=True)


def generate_all(scale_name: str, seed: int = DEFAULT_SEED) -> None:
    """Every file ``python -m bench --scale scale_name`` uses, made ahead of a run."""
    from bench.scales import BENCH_SCALES

    scale = BENCH_SCALES[scale_name]
    city_files(scale.city, seed)
    for units in scale.growth_units:
        city_files(units, seed)
    for rows in sorted(set(scale.ledgers) | set(scale.growth_rows)):
        ledger_file(rows, seed, scale.city)


if __name__ == "__main__":  # python -m bench.generate [tiny|small|city]
    import sys

    generate_all(sys.argv[1] if len(sys.argv) > 1 else "city")
