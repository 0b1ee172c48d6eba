"""Driver for `make bench-features`: 500 generated 5-second 44.1 kHz clips, log-mel at 22050 Hz with
Tagmine (one job, `features dump`; then the store batch with --jobs 1 and --jobs 2, for the default
build, with Tagmine's own FFT, and, when given, an FFTW build) and with librosa in one process, in
the same run; each timing is the best of three alternating rounds. Prints clips per second, the
ratios and the parity figures (resampled clips from the batch; native-rate clips checked
separately)."""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
# Every timing is the best of this many runs: on a shared 2-core machine single runs vary by ±20 %.
REPEATS = 3
sys.path.insert(0, str(HERE.parent))
from bench_common import fresh, timed, venv_python  # noqa: E402


def write_clips(python: Path, folder: Path, count: int, rate: int, seconds: float) -> list[Path]:
    """count clips of harmonic tones, drums and noise, different per clip, as 16-bit WAV (made once)."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = [folder / f"clip{index:04d}.wav" for index in range(count)]
    if all(clip.exists() for clip in clips):
        return clips
    script = f"""
import numpy as np, soundfile as sf
rate, n = {rate}, int({rate} * {seconds})
for index in range({count}):
    rng = np.random.default_rng(index)
    t = np.arange(n) / rate
    f0 = rng.uniform(80, 400)
    tone = sum(np.sin(2 * np.pi * f0 * k * t * (1 + 0.01 * np.sin(2 * np.pi * rng.uniform(0.2, 3) * t))) / k
               for k in range(1, 9))
    beats = np.zeros(n); beats[:: int(rate * 60 / rng.uniform(60, 160))] = 1
    drums = np.convolve(beats, np.exp(-np.arange(2000) / 300) * rng.standard_normal(2000), mode="same")
    y = 0.3 * tone * (0.6 + 0.4 * np.sin(2 * np.pi * rng.uniform(0.1, 1) * t)) + 0.5 * drums
    y += 0.01 * rng.standard_normal(n)
    sf.write("{folder}/clip%04d.wav" % index, (0.9 * y / np.abs(y).max()).astype(np.float32), rate, subtype="PCM_16")
"""
    subprocess.run([str(python), "-c", script], check=True)
    return clips


def parity(ours: Path, theirs: Path, names: list[str]) -> tuple[float, float]:
    """Mean |Δ| over all bins and max |Δ| over bins within 60 dB of each clip's maximum, in dB."""
    means, maxima = [], []
    for name in names:
        a, b = np.load(ours / f"{name}.npy"), np.load(theirs / f"{name}.npy")
        assert a.shape == b.shape, f"{name}: shapes {a.shape} and {b.shape}"
        diff = np.abs(a - b)
        means.append(diff.mean())
        maxima.append(diff[b >= b.max() - 60].max())
    return float(np.mean(means)), float(np.max(maxima))


def batch_store(tagmine: str, work: Path, catalogue: Path, name: str, env: dict[str, str]) -> Path:
    """A fresh store named name with the clips imported, for `tagmine features` to extract into."""
    store = work / f"features-{name}.db"
    fresh(store)
    subprocess.run([tagmine, "init", "--db", str(store)], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([tagmine, "import", "--db", str(store), str(catalogue)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return store


def store_batch(tagmine: str, store: Path, jobs: int, env: dict[str, str]) -> float:
    """Seconds `tagmine features --extractor logmel --jobs N` takes on store, its features cleared first."""
    with sqlite3.connect(store) as db:
        db.executescript("DELETE FROM feature; DELETE FROM feature_failure;")
    return timed([tagmine, "features", "--db", str(store), "--extractor", "logmel", "--jobs", str(jobs)],
                 env=env, quiet=True)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=500)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tagmine", required=True)
    parser.add_argument("--tagmine-fftw", help="a build made with TAGMINE_FFT=fftw, timed beside the default")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    work = args.work.resolve()

    python = venv_python(work, "librosa")
    clips = write_clips(python, work / f"features-clips-{args.clips}", args.clips, 44_100, 5.0)
    native = write_clips(python, work / "features-native", 20, 22_050, 5.0)
    env = dict(os.environ, CI="1")
    keep = 20

    print(f"{len(clips)} clips of 5 s at 44.1 kHz → log-mel at 22050 Hz (n_fft 2048, hop 512, 128 mels)", flush=True)
    librosa_out = work / "features-librosa"
    tagmine_out = work / "features-tagmine"
    dump = [args.tagmine, "features", "dump", "--extractor", "logmel", "--format", "npy", "--out", str(tagmine_out)]
    # The store batch: the clips imported as a catalogue, extracted with one and two jobs.
    catalogue = work / "features-catalogue.csv"
    catalogue.write_text("id,path,tags\n" + "".join(f"{clip.stem},{clip},bench\n" for clip in clips))
    builds = [("own FFT", args.tagmine)] + ([("FFTW", args.tagmine_fftw)] if args.tagmine_fftw else [])
    stores = {(name, jobs): batch_store(binary, work, catalogue, f"{name.replace(' ', '-')}-jobs{jobs}", env)
              for name, binary in builds for jobs in (1, 2)}

    # Each round runs librosa and every Tagmine variant once, so a slow spell on a shared machine
    # falls on all of them; each timing is the best of its REPEATS rounds.
    librosa_seconds = tagmine_seconds = float("inf")
    batch = {key: float("inf") for key in stores}
    for _ in range(REPEATS):
        librosa_seconds = min(librosa_seconds, json.loads(subprocess.run(
            [str(python), str(HERE / "baseline.py"), "--out", str(librosa_out), "--keep", str(keep), *map(str, clips)],
            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])["seconds"])
        tagmine_seconds = min(tagmine_seconds, timed(dump + [str(clip) for clip in clips], env=env, quiet=True)[0])
        for (name, jobs), store in stores.items():
            binary = dict(builds)[name]
            batch[(name, jobs)] = min(batch[(name, jobs)], store_batch(binary, store, jobs, env))
    for store in stores.values():
        fresh(store)

    resampled_mean, resampled_max = parity(tagmine_out, librosa_out, [clip.stem for clip in clips[:keep]])
    native_librosa, native_tagmine = work / "features-native-librosa", work / "features-native-tagmine"
    subprocess.run([str(python), str(HERE / "baseline.py"), "--out", str(native_librosa), *map(str, native)],
                   check=True, capture_output=True)
    subprocess.run(dump[:-1] + [str(native_tagmine)] + [str(clip) for clip in native], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    native_mean, native_max = parity(native_tagmine, native_librosa, [clip.stem for clip in native])

    n = len(clips)
    rows = [("librosa 0.11 (load + melspectrogram + power_to_db, one process)", librosa_seconds),
            ("Tagmine features dump (own FFT, one job, writes .npy)", tagmine_seconds)]
    for (name, jobs), seconds in batch.items():
        rows.append((f"Tagmine features --jobs {jobs} ({name}, into the store)", seconds))
    print()
    for name, seconds in rows:
        print(f"  {name:<66} {seconds:7.2f} s  {n / seconds:8.1f} clips/s")
    print()
    for name, _ in builds:
        print(f"  {name} build, one job vs librosa: {librosa_seconds / batch[(name, 1)]:.2f}× (goal ≥ 3×); "
              f"--jobs 2 vs --jobs 1: {batch[(name, 1)] / batch[(name, 2)]:.2f}×")
    print(f"  parity, resampled 44.1 → 22.05 kHz ({keep} clips): mean |Δ| {resampled_mean:.4f} dB (limit 0.1), "
          f"max |Δ| within 60 dB of the peak {resampled_max:.3f} dB")
    print(f"  parity, native 22.05 kHz ({len(native)} clips): max |Δ| within 60 dB of the peak {native_max:.4f} dB "
          f"(limit 0.05), mean |Δ| {native_mean:.5f} dB")


if __name__ == "__main__":
    main()
