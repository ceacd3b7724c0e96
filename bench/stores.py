"""The dashboard's and PostgreSQL's benchmark store: a city's files imported once, cached.

``city_store(scale)`` imports every file of ``bench.generate.city_files(scale)`` through
the normal importer into a SQLite file under ``bench/out/`` and keeps it: the key is the
city's folder name (seed, scale, generator version), so new files make a new store; a
newer schema is applied by ``open_store`` when the benchmark opens it (migrations upgrade
in place). Built under a temporary name and renamed when complete, under a file lock,
like the generator's cache.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.generate import OUT_DIR, city_dir, city_files, locked
from unionstats.sample import DEFAULT_SEED, Scale


def city_store(scale: Scale, seed: int = DEFAULT_SEED, *, say=print) -> Path:
    """The SQLite file holding ``scale``'s city, imported on first use (minutes at 10,000 units)."""
    path = OUT_DIR / f"store-{city_dir(scale, seed).name}.db"
    with locked(path):
        if not path.exists():
            city = city_files(scale, seed)
            say(f"导入城市数据到 {path.name}({len(city.paths)} 个文件)……")
            started = time.perf_counter()
            scratch = path.with_name(path.name + ".building")
            for leftover in scratch.parent.glob(scratch.name + "*"):
                leftover.unlink()
            import_city(city.paths, f"sqlite:///{scratch}")
            scratch.rename(path)
            say(f"  完成,用时 {time.perf_counter() - started:.0f} 秒")
        upgrade(f"sqlite:///{path}")
    return path


def upgrade(url: str) -> None:
    """Bring the store to the newest schema now, not inside a measured first paint."""
    from unionstats.store import close_store, open_store

    open_store(url)
    close_store(url)


def import_city(paths: list[Path], url: str) -> dict:
    """Import ``paths`` into the store at ``url`` (one batch per file); seconds and rows stored.

    Raises RuntimeError when a file could not be read: a benchmark on half a city would
    measure the wrong thing.
    """
    from unionstats.importer import import_files
    from unionstats.store import close_store, open_store

    open_store(url)
    started = time.perf_counter()
    reports = import_files(paths, url=url, on_overlap="keep")
    seconds = time.perf_counter() - started
    failed = [r["file"] for r in reports if r["status"] not in ("imported", "duplicate")]
    if failed:
        raise RuntimeError(f"{len(failed)} 个文件没有导入:{', '.join(failed[:5])}")
    if url.startswith("sqlite"):
        # the whole store in the one file before it is renamed: no WAL left beside it
        from sqlalchemy import text

        with open_store(url).connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    close_store(url)
    stored = sum(s["stored"] for r in reports for s in r["sheets"])
    return {"seconds": round(seconds, 2), "files": len(paths), "rows_stored": stored}
