"""Helpers shared by the benchmark drivers under Benchmarks/."""

import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str], env: dict[str, str] | None = None, quiet: bool = False) -> tuple[float, int]:
    """Runs command; returns wall seconds and the child's peak RSS in KiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL if quiet else None)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def fresh(db: Path, keep_main: bool = False) -> None:
    """Removes a SQLite database and its WAL and shared-memory files (only those with keep_main)."""
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def venv_python(work: Path, package: str, distribution: str | None = None) -> Path:
    """The Python of the benchmarks' virtual environment in work, with package (importable name;
    distribution is its PyPI name when that differs) installed."""
    python = work / "venv" / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    if subprocess.run([str(python), "-c", f"import {package}"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", distribution or package], check=True)
    return python


def run_accuracy(store: Path, run: int) -> float:
    """Out-of-fold top-1 accuracy of a Tagmine run (by id), from its stored probabilities."""
    with sqlite3.connect(store) as db:
        classes = json.loads(db.execute("SELECT classes FROM run WHERE id = ?", (run,)).fetchone()[0])
        rows = db.execute(
            """SELECT l.class, p.probabilities FROM run_prediction p JOIN run r ON r.id = p.run_id
               JOIN label l ON l.track_id = p.track_id AND l.label_set_id = r.label_set_id WHERE p.run_id = ?""",
            (run,)).fetchall()
    hits = 0
    for label, blob in rows:
        values = struct.unpack(f"<{len(blob) // 4}f", blob)
        hits += classes[max(range(len(values)), key=values.__getitem__)] == label
    return hits / len(rows)
