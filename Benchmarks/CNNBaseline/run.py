"""`make bench-cnn`: one CNN architecture trained k-fold by Tagmine and by PyTorch on the CPU in one
run: the same generated log-mel spectrograms, folds, batch size, optimiser (Adam 0.001) and epochs,
augmentation off. Reports seconds per training epoch, per 1,000 predictions, peak memory and
out-of-fold accuracy, and Tagmine's ratios.

PyTorch runs the folds one after another with `--threads` threads (how it is usually run), with
its oneDNN convolutions and without them; Tagmine (im2col + OpenBLAS sgemm) trains `--threads`
folds at once, one thread each (how `tagmine train --jobs` runs). The ratios are against the
faster PyTorch.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def generate(work: Path, clips: int, mels: int, frames: int, folds: int, seed: int = 7):
    """Four kinds of pattern in noise, at random places: tones, clicks, rising and falling sweeps."""
    rng = np.random.default_rng(seed)
    x = (-60 + 4 * rng.standard_normal((clips, mels, frames))).astype(np.float32)
    y = np.arange(clips, dtype=np.int32) % 4
    band, phase = rng.integers(2, mels - 2, clips), rng.integers(0, 12, clips)
    m, f = np.meshgrid(np.arange(mels), np.arange(frames), indexing="ij")
    for i in range(clips):
        on = {0: np.abs(m - band[i]) <= 1, 1: (f + phase[i]) % 8 < 2,
              2: (f + phase[i]) % 24 == (m + band[i]) % 24, 3: (f + phase[i]) % 24 == (band[i] - m) % 24}[int(y[i])]
        x[i][on] += 25
    fold = (rng.permutation(clips) % folds).astype(np.int32)
    x.tofile(work / "cnn-data.f32")
    y.tofile(work / "cnn-labels.i32")
    fold.tofile(work / "cnn-folds.i32")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--bench", type=Path, required=True, help="the tagmine-bench-cnn program")
    parser.add_argument("--architecture", default="compact")
    parser.add_argument("--clips", type=int, default=400)
    parser.add_argument("--mels", type=int, default=128)
    parser.add_argument("--frames", type=int, default=130)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    generate(args.work, args.clips, args.mels, args.frames, args.folds)
    toml = args.work / f"cnn-{args.architecture}.toml"
    toml.write_text(subprocess.run([str(args.bench), "--architecture", args.architecture, "--print"],
                                   check=True, capture_output=True, text=True).stdout)
    data = [str(args.work / name) for name in ("cnn-data.f32", "cnn-labels.i32", "cnn-folds.i32")]
    shape = [str(args.mels), str(args.frames), "4", str(args.epochs), str(args.batch), str(args.threads)]
    results = {}
    torch = ["/usr/bin/python3", str(HERE / "torch_cnn.py"), str(toml), *data, *shape]
    for name, command, onednn in (
        ("tagmine", [str(args.bench), *data, *shape, args.architecture], "1"),
        ("pytorch", torch, "1"),
        ("pytorch, no oneDNN", torch, "0"),
    ):
        output = args.work / f"cnn-{name.replace(', ', '-').replace(' ', '-')}.json"
        with output.open("w") as sink:
            process = subprocess.Popen(command, stdout=sink, env={**os.environ, "TAGMINE_BENCH_ONEDNN": onednn})
            _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{name} failed: {' '.join(command)}")
        results[name] = json.loads(output.read_text())
        results[name]["peakMiB"] = usage.ru_maxrss / 1024
    t = results["tagmine"]
    p = min((results["pytorch"], results["pytorch, no oneDNN"]), key=lambda r: r["epochSeconds"])
    print(f"{args.architecture} on {args.clips} clips of {args.mels} x {args.frames}, {args.folds} folds + final, "
          f"{args.epochs} epochs, batch {args.batch}, {args.threads} threads "
          f"(OpenBLAS {t['blasCore']}, PyTorch {p['torch']})")
    print(f"{'':20} {'s/epoch':>9} {'s/1000 predictions':>19} {'peak MiB':>9} {'accuracy':>9}")
    for name, r in results.items():
        print(f"{name:20} {r['epochSeconds']:9.2f} {r['predictPer1000']:19.2f} {r['peakMiB']:9.0f} {r['accuracy']:9.3f}")
    print(f"Tagmine / PyTorch{'' if p['onednn'] else ' without oneDNN'} speed per epoch: {p['epochSeconds'] / t['epochSeconds']:.2f}x; "
          f"per prediction: {p['predictPer1000'] / t['predictPer1000']:.2f}x; "
          f"peak memory: {t['peakMiB'] / p['peakMiB']:.2f}x PyTorch's")


if __name__ == "__main__":
    main()
