"""Driver for `make bench-fft`: alternates rounds of the C program (KissFFT and FFTW on one core)
and Tagmine's own FFT on the same transform, so a slow spell on a shared machine falls on both
sides, and prints the best time of each with the ratios."""

import argparse
import re
import subprocess
from pathlib import Path

# Each round is ten timed blocks of 20,000 transforms per side (each side's fastest block counts);
# rounds alternate the two programs, so a slow spell longer than a round falls on both.
ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--choice", type=Path, required=True, help="the compiled Benchmarks/FFTChoice/fft_choice.c")
    parser.add_argument("--bench", required=True, help="tagmine-bench-fft")
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    times = args.work / "fft_times"
    best = {"kissfft": float("inf"), "fftw": float("inf"), "tagmine": float("inf")}
    for _ in range(ROUNDS):
        subprocess.run([str(args.choice), str(args.size), str(times)], check=True, stdout=subprocess.DEVNULL)
        flags = times.read_text().split()
        for name, value in zip(flags[::2], flags[1::2]):
            best[name.lstrip("-")] = min(best[name.lstrip("-")], float(value))
        output = subprocess.run([args.bench, str(args.size)], check=True, capture_output=True, text=True).stdout
        ours = re.search(r"Tagmine PowerOfTwoFFT \(MIT\)\s+([0-9.]+) us", output)
        if ours is None:
            raise SystemExit(f"tagmine-bench-fft printed no time:\n{output}")
        best["tagmine"] = min(best["tagmine"], float(ours.group(1)))
    print(f"real FFT n={args.size}, one core; fastest block of 20,000 transforms in {ROUNDS} alternating rounds:")
    print(f"  Tagmine PowerOfTwoFFT (MIT)  {best['tagmine']:6.2f} us/transform (with the power spectrum)")
    print(f"  KissFFT 131 (BSD)            {best['kissfft']:6.2f} us: Tagmine is "
          f"{best['kissfft'] / best['tagmine']:.2f}x faster")
    print(f"  FFTW 3.3 (GPL)               {best['fftw']:6.2f} us: Tagmine takes "
          f"{best['tagmine'] / best['fftw']:.2f}x FFTW's time (goal 1.5x or less)")


if __name__ == "__main__":
    main()
