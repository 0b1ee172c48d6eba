"""Driver for `make bench-train`: 2,000 generated clips in 50 learnable classes, their logmel-stats
features extracted once by Tagmine, then 5-fold out-of-fold prediction with Tagmine's softmax
regression and MLP against scikit-learn's LogisticRegression (lbfgs) and MLPClassifier on the same
standardisation, features and folds, in the same run. Prints wall time, ratio and accuracy."""

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench_common import fresh, run_accuracy, timed, venv_python  # noqa: E402

CLASSES = 50
# Every timing is the best of this many runs: on a shared 2-core machine single runs vary by ±20 %.
REPEATS = 3


def write_clips(python: Path, folder: Path, count: int) -> Path:
    """count 2-second clips; class c = pitch (c % 10) × timbre (c // 10), with per-clip jitter. Returns the CSV."""
    csv = folder / "catalogue.csv"
    if csv.exists():
        return csv
    folder.mkdir(parents=True, exist_ok=True)
    script = f"""
import numpy as np, soundfile as sf
rate, n, classes = 22050, 44100, {CLASSES}
rows = ["id,path,tags,label"]
for index in range({count}):
    rng = np.random.default_rng(index)
    label = index % classes
    pitch, timbre = label % 10, label // 10
    t = np.arange(n) / rate
    f0 = 110 * 2 ** ((pitch * 2.5 + rng.uniform(-0.8, 0.8)) / 12)
    decay = [0.5, 1.0, 1.6, 2.4, 3.5][timbre]
    tone = sum(np.sin(2 * np.pi * f0 * k * t) * k ** -decay for k in range(1, 12) if f0 * k < rate / 2)
    pulse = np.exp(-(t % rng.uniform(0.25, 0.6)) * rng.uniform(3, 12))
    y = tone * (0.4 + 0.6 * pulse) + rng.uniform(0.05, 0.4) * rng.standard_normal(n)
    path = "{folder}/clip%04d.wav" % index
    sf.write(path, (0.8 * y / np.abs(y).max()).astype(np.float32), rate, subtype="PCM_16")
    rows.append("c%04d,%s,bench,class%02d" % (index, path, label))
open("{csv}", "w").write("\\n".join(rows) + "\\n")
"""
    subprocess.run([str(python), "-c", script], check=True)
    return csv


def compare(args, python: Path, store: Path, version: str, title: str, env: dict[str, str]) -> None:
    """Times Tagmine's softmax regression and MLP on version against scikit-learn on the same
    features and folds (run 1 of the store names them), and prints the table and the ratios."""
    # One BLAS thread per job, as Tagmine runs: numpy's OpenBLAS otherwise takes every core, and
    # "n_jobs=1" would time two threads against Tagmine's one.
    one_thread = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    # The repeats interleave Tagmine and scikit-learn, so a slow spell on a shared machine falls on
    # both sides instead of on whichever ran then.
    runs, baseline = {}, {}
    for _ in range(REPEATS):
        for name, extra in [("softmax", []), ("mlp", ["--model", "mlp", "--hidden", "256"])]:
            for jobs in (1, 2):
                seconds = timed([args.tagmine, "train", version, "--db", str(store), "--seed", "1", "--jobs", str(jobs),
                                 *extra], env=env, quiet=True)[0]
                with sqlite3.connect(store) as db:
                    run, training = db.execute("SELECT id, seconds FROM run ORDER BY id DESC LIMIT 1").fetchone()
                if (name, jobs) not in runs or seconds < runs[(name, jobs)][0]:
                    runs[(name, jobs)] = (seconds, run_accuracy(store, run), training)
        for jobs in (1, 2):
            output = subprocess.run([str(python), str(HERE / "baseline.py"), str(store), "--run", "1", "--jobs", str(jobs)],
                                    check=True, capture_output=True, text=True, env=one_thread).stdout
            for line in output.strip().splitlines():
                result = json.loads(line)
                key = (result["model"], jobs)
                if key not in baseline or result["seconds"] < baseline[key][0]:
                    baseline[key] = (result["seconds"], result["accuracy"])

    # "command" is the whole `tagmine train` process (start-up, reading the store, writing the run);
    # "training" is the run's own time, from reading the features to the final model, against
    # scikit-learn's from the features already in memory to its final model (no interpreter
    # start-up, imports or reading for it).
    print(f"\n{title}; out-of-fold accuracy; best of {REPEATS} runs")
    print(f"  {'':58} {'command':>8} {'training':>9} {'accuracy':>9}")
    rows = []
    for model, title_ours, title_theirs in [("softmax", "Tagmine softmax regression", "scikit-learn LogisticRegression lbfgs"),
                                            ("mlp", "Tagmine MLP 256", "scikit-learn MLPClassifier 256")]:
        for jobs in (1, 2):
            seconds, accuracy, training = runs[(model, jobs)]
            rows.append((f"{title_ours}, --jobs {jobs} (+ final model)", f"{seconds:8.2f}", training, accuracy))
            training, accuracy = baseline[("logistic" if model == "softmax" else "mlp", jobs)]
            rows.append((f"{title_theirs}, n_jobs={jobs} (+ final)", f"{'':>8}", training, accuracy))
    for label, command, training, accuracy in rows:
        print(f"  {label:<58} {command} {training:9.2f} {accuracy:9.3f}")
    for ours, theirs, name, goal in [
        (runs[("softmax", 1)], baseline[("logistic", 1)], "softmax vs LogisticRegression", 2),
        (runs[("mlp", 1)], baseline[("mlp", 1)], "MLP vs MLPClassifier", 1.5),
    ]:
        print(f"  {name}, one job: {theirs[0] / ours[0]:.2f}x faster as a whole command, "
              f"{theirs[0] / ours[2]:.2f}x in training; accuracy {100 * (ours[1] - theirs[1]):+.1f} points "
              f"(goal: ≥ {goal}x, accuracy at least scikit-learn's)")


def labeled_store(args, store: Path, env: dict[str, str], catalogue: list[str], attribute: str, version: str,
                  split: list[str]) -> Path:
    """A fresh store of the catalogue (its path and import options), labeled from attribute as
    version, split by split's options, with logmel-stats features."""
    fresh(store)

    def tagmine(*arguments: str) -> None:
        subprocess.run([args.tagmine, *arguments, "--db", str(store)], check=True, env=env, stdout=subprocess.DEVNULL)

    tagmine("init")
    tagmine("import", *catalogue)
    tagmine("labels", "import", "--task", attribute, "--attribute", attribute, "--name", version)
    tagmine("split", version, *split)
    tagmine("features", "--extractor", "logmel-stats")
    return store


def fsdd_store(args, env: dict[str, str]) -> Path:
    """A store of FSDD's 3,000 spoken digits (../shared/data/fsdd layout: labels.csv and
    recordings/), labeled by digit, with six speaker-held-out folds and logmel-stats features."""
    folder = args.work / "train-fsdd"
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = folder / "fsdd.csv"
    with open(args.fsdd / "labels.csv", newline="") as source, open(catalogue, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "path", "tags", "digit", "speaker"])
        for row in csv.DictReader(source):
            writer.writerow([Path(row["filename"]).stem, str((args.fsdd / row["filename"]).resolve()), "speech",
                             row["label"], row["speaker"]])
    return labeled_store(args, folder / "train-bench.db", env, [str(catalogue), "--audio-root", str(args.fsdd.resolve())],
                         "digit", "digits", ["--from-attribute", "speaker"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=2000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tagmine", required=True)
    parser.add_argument("--fsdd", type=Path, help="FSDD's folder: also compare on its 3,000 real clips")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)

    venv_python(work, "librosa")  # soundfile comes with it
    python = venv_python(work, "sklearn", "scikit-learn")
    catalogue = write_clips(python, work / f"train-clips-{args.clips}", args.clips)
    env = dict(os.environ, CI="1")
    store = labeled_store(args, work / "train-bench.db", env, [str(catalogue)], "label", "bench",
                          ["--folds", "5", "--seed", "1"])
    compare(args, python, store, "bench",
            f"{args.clips} generated clips, {CLASSES} classes, logmel-stats (512 values), 5 folds", env)
    if args.fsdd and (args.fsdd / "labels.csv").exists():
        compare(args, python, fsdd_store(args, env), "digits",
                "FSDD: 3,000 real spoken digits, 10 classes, logmel-stats, 6 speaker-held-out folds", env)


if __name__ == "__main__":
    main()
