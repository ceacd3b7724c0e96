"""Run a command as a fresh child process and measure it: wall time and peak RSS.

Peak RSS is the child's own ``ru_maxrss`` from ``os.wait4`` (exact, no polling); wall
time runs from just before the fork to the moment the child is reaped, so interpreter
start-up and imports are included, as they are for a user.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    """One finished child: ``seconds`` of wall time, ``peak_rss_mb`` (MiB), exit code, output."""

    seconds: float
    peak_rss_mb: float
    exit_code: int
    stdout: str
    stderr: str

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 4), "peak_rss_mb": round(self.peak_rss_mb, 1), "exit_code": self.exit_code}


class ChildFailed(RuntimeError):
    """A measured command did not exit 0: the benchmark would time an error."""


def run_child(argv: Sequence[str | Path], *, env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Run ``argv`` in the repository root and wait for it; raises ChildFailed on a
    non-zero exit when ``check``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=err, cwd=REPO_ROOT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        run = Run(
            seconds,
            usage.ru_maxrss / 1024,  # KiB on Linux
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if check and run.exit_code != 0:
        command = " ".join(str(a) for a in argv)
        raise ChildFailed(f"exit {run.exit_code}: {command[:300]}\n{run.stderr[-2000:]}")
    return run


def summarise(runs: Sequence[Run]) -> dict:
    """The runs of one measurement: each run, the median wall time and the largest peak RSS."""
    return {
        "seconds": round(statistics.median(r.seconds for r in runs), 4),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
        "runs": [r.as_dict() for r in runs],
    }


def python(*args: str | Path) -> list[str | Path]:
    """A command line running this interpreter."""
    return [sys.executable, *args]


def machine() -> dict:
    """What the numbers were measured on: CPU, cores, memory, versions, commit."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    packages = ("pandas", "numpy", "openpyxl", "python-calamine", "SQLAlchemy", "plotly", "kaleido", "streamlit")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(version, name) for name in packages},
        "commit": _git("rev-parse", "HEAD"),
        "worktree_changed": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def _version(version, name: str) -> str | None:
    try:
        return version(name)
    except Exception:  # not installed
        return None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
