"""Driver for `make bench-pretrained`.

1. Speed: the same generated clips through Tagmine's musicnn (`tagmine features --extractor
   musicnn-msd --jobs N`) and through the original (TensorFlow CPU with N intra- and inter-op
   threads, graph built once, musicnn's own librosa input pipeline), N = 1 and 2, in this run:
   seconds of audio per second for both and the ratio; plus the largest tag-probability gap
   between the two on these clips.
2. Fine-tuning speed: seconds per epoch of `--fine-tune backend` and `--fine-tune all` on the same
   number of random 3-second patches, batches of 16, Tagmine's trainer (`tagmine-bench-finetune`)
   against the same fine-tuning of the original graph in TensorFlow (tf_finetune.py: Adam, the
   head at 1e-3, the pretrained variables at 1e-4, moving statistics), with 1 and 2 threads in this
   run. Tagmine trains a fold per core, so with 2 threads it runs two trainings at once and its
   figure is the time per epoch of one training divided by two (epochs per second of the machine).
3. Accuracy: on the demo catalogue, out-of-fold accuracy and training time of a head on
   logmel-stats against heads on the musicnn-msd and musicnn-mtt embeddings (feature extraction)
   and against fine-tuning musicnn-msd's dense layers.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench_common import fresh, run_accuracy  # noqa: E402

REPEATS = 2


def write_clips(python: Path, folder: Path, count: int, seconds: float) -> list[Path]:
    """count clips of seconds at 16 kHz: tones over a pulse with noise, each different."""
    paths = [folder / f"clip{index:03d}.wav" for index in range(count)]
    if all(path.exists() for path in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    script = f"""
import numpy as np, soundfile as sf
rate, n = 16000, int({seconds} * 16000)
for index in range({count}):
    rng = np.random.default_rng(index)
    t = np.arange(n) / rate
    f0 = 110 * 2 ** (rng.integers(0, 24) / 12)
    tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8))
    pulse = np.exp(-(t % rng.uniform(0.3, 0.7)) * 8)
    y = tone * (0.3 + 0.7 * pulse) + 0.2 * rng.standard_normal(n)
    sf.write("{folder}/clip%03d.wav" % index, (0.05 * y / np.abs(y).max()).astype(np.float32), rate, subtype="PCM_16")
"""
    subprocess.run([str(python), "-c", script], check=True)
    return paths


def tagmine(binary: Path, *arguments: str, env: dict) -> str:
    result = subprocess.run([str(binary), *arguments], env=env, capture_output=True, text=True)
    if result.returncode not in (0, 3):
        sys.exit(f"tagmine {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


def best(runs: int, action) -> float:
    return min(action() for _ in range(runs))


def speed(args, env: dict, work: Path, clips: list[Path], audio_seconds: float) -> float:
    catalogue = work / "pretrained-clips.csv"
    catalogue.write_text("id,path,tags\n" + "".join(f"c{i:03d},{path},bench\n" for i, path in enumerate(clips)))
    base = work / "pretrained-base.db"
    fresh(base)
    tagmine(args.tagmine, "init", "--db", str(base), env=env)
    tagmine(args.tagmine, "import", "--db", str(base), str(catalogue), env=env)
    store = work / "pretrained-speed.db"

    def ours(jobs: int) -> float:
        fresh(store)
        shutil.copy(base, store)
        started = time.perf_counter()
        tagmine(args.tagmine, "features", "--db", str(store), "--extractor", "musicnn-msd", "--max-seconds", "0",
                "--jobs", str(jobs), env=env)
        return time.perf_counter() - started

    def original(threads: int) -> float:
        result = subprocess.run(
            [str(args.tf_python), str(HERE / "tf_musicnn.py"), "--musicnn", str(args.unpacked), "--threads",
             str(threads), *map(str, clips)], capture_output=True, text=True, check=True)
        return json.loads(result.stdout)["seconds"]

    print(f"Speed: {len(clips)} clips × {args.seconds:g} s at 16 kHz ({audio_seconds:.0f} s of audio), musicnn-msd,"
          f" best of {REPEATS}")
    print(f"  {'threads':>7}  {'TensorFlow':>18}  {'Tagmine':>18}  {'ratio':>6}")
    for threads in (1, 2):
        tf_seconds = best(REPEATS, lambda: original(threads))
        our_seconds = best(REPEATS, lambda: ours(threads))
        print(f"  {threads:>7}  {tf_seconds:7.2f} s {audio_seconds / tf_seconds:6.0f}×rt  "
              f"{our_seconds:7.2f} s {audio_seconds / our_seconds:6.0f}×rt  {tf_seconds / our_seconds:5.2f}×")

    # Parity on these clips: mean tag probabilities per clip, Tagmine against TensorFlow.
    theirs = json.loads(subprocess.run(
        [str(args.tf_python), str(HERE / "tf_musicnn.py"), "--musicnn", str(args.unpacked), *map(str, clips)],
        capture_output=True, text=True, check=True).stdout)
    gap = 0.0
    for path in clips:
        ours_json = json.loads(tagmine(args.tagmine, "autotag", "--json", "--max-seconds", "0", str(path), env=env))
        for label, probability in zip(theirs["labels"], theirs["tags"][str(path)]):
            gap = max(gap, abs(ours_json["tags"][label] - probability))
    print(f"  largest |Δ| of a mean tag probability, Tagmine vs TensorFlow, over these clips: {gap:.2e}")
    return gap


def fine_tuning(args, work: Path) -> None:
    patches, epochs, batch = args.finetune_patches, 3, 16
    print(f"\nFine-tuning speed: {patches} random 3-second patches, batches of {batch}, seconds per epoch "
          f"(from the second), musicnn-msd")
    print(f"  {'depth':>7}  {'threads':>7}  {'TensorFlow':>10}  {'Tagmine':>8}  {'ratio':>6}")
    for depth in ("backend", "all"):
        for threads in (1, 2):
            theirs = json.loads(subprocess.run(
                [str(args.tf_python), str(HERE / "tf_finetune.py"), "--musicnn", str(args.unpacked), "--depth", depth,
                 "--patches", str(patches), "--epochs", str(epochs), "--batch", str(batch), "--threads", str(threads)],
                capture_output=True, text=True, check=True).stdout)["secondsPerEpoch"]
            ours = json.loads(subprocess.run(
                [str(args.finetune_bench), str(work / "models"), depth, str(patches), str(epochs), str(batch),
                 str(threads)], capture_output=True, text=True, check=True).stdout)["secondsPerEpoch"] / threads
            print(f"  {depth:>7}  {threads:>7}  {theirs:9.2f}s  {ours:7.2f}s  {theirs / ours:5.2f}×")


def accuracy(args, env: dict, work: Path) -> None:
    demo = work / "pretrained-demo"
    if not (demo / "tags.csv").exists():
        tagmine(args.tagmine, "demo", "generate", "--out", str(demo), "--tracks", str(args.demo_tracks), env=env)
    store = work / "pretrained-demo.db"
    fresh(store)
    tagmine(args.tagmine, "init", "--db", str(store), env=env)
    tagmine(args.tagmine, "import", "--db", str(store), str(demo / "tags.csv"), env=env)
    tagmine(args.tagmine, "label", "genre", "--db", str(store), "--map", "genre-seed", "--name", "genre-v1", env=env)
    extraction = {}
    for extractor in ("logmel-stats", "musicnn-msd", "musicnn-mtt"):
        started = time.perf_counter()
        tagmine(args.tagmine, "features", "--db", str(store), "--extractor", extractor, env=env)
        extraction[extractor] = time.perf_counter() - started
    rows = [
        ("head on logmel-stats (softmax)", "logmel-stats", ["--model", "softmax"]),
        ("head on logmel-stats (MLP)", "logmel-stats", ["--model", "mlp"]),
        ("features: musicnn-msd + softmax", "musicnn-msd", ["--model", "softmax"]),
        ("features: musicnn-mtt + softmax", "musicnn-mtt", ["--model", "softmax"]),
        ("fine-tune musicnn-msd dense layers", "musicnn-msd", ["--fine-tune", "dense"]),
    ]
    print(f"\nAccuracy: demo catalogue ({args.demo_tracks} tracks), genre-v1, 5 folds grouped by artist, out-of-fold")
    print(f"  {'':36}  {'accuracy':>8}  {'train':>8}  {'features':>9}")
    for index, (title, extractor, options) in enumerate(rows):
        name = f"bench-{index}"
        tagmine(args.tagmine, "train", "genre-v1", "--db", str(store), "--extractor", extractor, "--group-by", "artist",
                "--name", name, *options, env=env)
        with sqlite3.connect(store) as db:
            run, seconds = db.execute("SELECT id, seconds FROM run WHERE name = ?", (name,)).fetchone()
        value = run_accuracy(store, run)
        print(f"  {title:36}  {value:8.3f}  {seconds:7.2f}s  {extraction[extractor]:8.1f}s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tagmine", type=Path, required=True)
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--tf-python", type=Path, required=True)
    parser.add_argument("--clips", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=9.0)
    parser.add_argument("--demo-tracks", type=int, default=1000)
    parser.add_argument("--speed-only", action="store_true", help="skip the accuracy table")
    parser.add_argument("--finetune-bench", type=Path, required=True, help="tagmine-bench-finetune")
    parser.add_argument("--finetune-patches", type=int, default=64)
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    args.tagmine = args.tagmine.resolve()
    args.unpacked = work / "musicnn-unpacked"
    if not (args.unpacked / "musicnn").exists():
        zipfile.ZipFile(args.wheel).extractall(args.unpacked)
    env = dict(os.environ, TAGMINE_MODELS=str(work / "models"), CI="1")
    for model in ("musicnn-msd", "musicnn-mtt"):
        print(tagmine(args.tagmine, "models", "install", model, "--from", str(args.wheel), env=env).strip())

    clips = write_clips(args.tf_python, work / "pretrained-clips", args.clips, args.seconds)
    speed(args, env, work, clips, args.clips * args.seconds)
    fine_tuning(args, work)
    if not args.speed_only:
        accuracy(args, env, work)


if __name__ == "__main__":
    main()
