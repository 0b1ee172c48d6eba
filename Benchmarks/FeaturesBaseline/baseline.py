"""The librosa baseline for `make bench-features`: log-mel of every clip in one process, as an audio
ML engineer writes it. Prints a JSON line with the clip count and the seconds the loop took (after
imports), and saves the first --keep results as .npy for the parity check."""

import argparse
import json
import time
from pathlib import Path

import librosa
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("clips", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--keep", type=int, default=20)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    for index, clip in enumerate(args.clips):
        y, sr = librosa.load(clip, sr=22050)
        logmel = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr, n_fft=2048, hop_length=512, n_mels=128))
        if index < args.keep:
            np.save(args.out / f"{clip.stem}.npy", logmel)
    seconds = time.perf_counter() - start
    print(json.dumps({"clips": len(args.clips), "seconds": seconds}))


if __name__ == "__main__":
    main()
