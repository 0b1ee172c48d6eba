"""Driver for `make bench-import`: generate the catalogue, import it with Tagmine and with the two
Python baselines (pandas, and a plain streaming csv-module loop) in the same run, and print the
times, the ratios and the peak RSS."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_common import fresh, timed, venv_python  # noqa: E402

REPEATS = 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tagmine", required=True)
    parser.add_argument("--generator", required=True)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    python = venv_python(args.work, "pandas")

    catalogue = args.work / f"tags-{args.rows}.csv"
    if not catalogue.exists():
        print(f"Generating {catalogue} …", flush=True)
        subprocess.run([args.generator, str(args.rows), str(catalogue)], check=True)
    size = catalogue.stat().st_size / 2**20
    print(f"Catalogue: {args.rows:,} rows, {size:.0f} MiB; Tagmine and the plain loop best of {REPEATS} "
          "alternating runs, pandas one run")

    env = dict(os.environ, CI="1")

    def tagmine() -> tuple[float, int]:
        db = args.work / "tagmine.db"
        fresh(db)
        subprocess.run([args.tagmine, "init", "--db", str(db)], check=True, env=env, stdout=subprocess.DEVNULL)
        return timed([args.tagmine, "import", "--db", str(db), str(catalogue)], env, quiet=True)

    def baseline(name: str) -> tuple[float, int]:
        db = args.work / f"{name}.db"
        fresh(db)
        return timed([str(python), str(Path(__file__).with_name(name)), str(catalogue), str(db)])

    # Tagmine and the plain loop (the faster baseline, the one the goal is against) alternate, best
    # of REPEATS each, so a slow spell on a shared machine falls on both; pandas runs once. Peak
    # RSS is the largest of the runs.
    runs: dict[str, list[tuple[float, int]]] = {"tagmine": [], "plain.py": []}
    for _ in range(REPEATS):
        runs["tagmine"].append(tagmine())
        runs["plain.py"].append(baseline("plain.py"))
    tagmine_s, tagmine_rss = min(s for s, _ in runs["tagmine"]), max(r for _, r in runs["tagmine"])
    results = {"baseline.py": baseline("baseline.py"),
               "plain.py": (min(s for s, _ in runs["plain.py"]), max(r for _, r in runs["plain.py"]))}

    pandas_s, pandas_rss = results["baseline.py"]
    plain_s, plain_rss = results["plain.py"]
    print(f"tagmine import       : {tagmine_s:7.2f} s   peak RSS {tagmine_rss / 1024:6.0f} MiB")
    print(f"pandas + sqlite3     : {pandas_s:7.2f} s   peak RSS {pandas_rss / 1024:6.0f} MiB   "
          f"{pandas_s / tagmine_s:5.2f}x")
    print(f"csv module + sqlite3 : {plain_s:7.2f} s   peak RSS {plain_rss / 1024:6.0f} MiB   "
          f"{plain_s / tagmine_s:5.2f}x")
    print(f"speed-up over the faster baseline: {min(pandas_s, plain_s) / tagmine_s:.2f}x "
          "(goal ≥ 2x, peak RSS unchanged)")


if __name__ == "__main__":
    main()
