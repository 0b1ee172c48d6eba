"""Writes the librosa parity fixtures for AudioFeaturesTests.

Generates a few short clips (our own signals: harmonic chirps, noise, clicks) as audio files,
computes librosa's log-mel for each exactly as an audio ML engineer would
(`librosa.load(path, sr=…)`, `librosa.feature.melspectrogram`, `librosa.power_to_db`), and writes
`librosa_logmel.json` with the parameters and the dB values (rounded to 1e-4 dB).

Run from the repository root, with librosa installed (make bench-features sets up a venv that has it):
    .build-bench/venv/bin/python Tests/AudioFeaturesTests/Fixtures/make_librosa_fixtures.py
"""

import json
from pathlib import Path

import librosa
import numpy as np
import soundfile as sf

HERE = Path(__file__).parent


def signal(rate: int, seconds: float, seed: int, channels: int = 1) -> np.ndarray:
    """A harmonic chirp with an envelope, a few clicks and a little noise; different per channel."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(rate * seconds)) / rate
    out = []
    for channel in range(channels):
        f0 = 110.0 * (1 + channel) * np.exp(t * 1.2)
        phase = 2 * np.pi * np.cumsum(f0) / rate
        tone = sum(np.sin(k * phase) / k for k in range(1, 8) if k * f0.max() < rate / 2)
        envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 2.5 * t)
        clicks = np.zeros_like(t)
        clicks[:: rate // 4] = 0.8
        out.append(0.25 * tone * envelope + clicks + 0.02 * rng.standard_normal(t.size))
    y = np.stack(out, axis=1)
    return (0.9 * y / np.abs(y).max()).astype(np.float32)


CLIPS = [
    # name, file rate, channels, container, analysis parameters
    ("mono-22050", 22050, 1, "WAV", {}),
    ("stereo-22050", 22050, 2, "WAV", {}),
    ("mono-22050", 22050, 1, "WAV", {"n_fft": 1024, "hop_length": 256, "n_mels": 64, "fmin": 50.0,
                                          "fmax": 8000.0, "htk": True}),
    ("stereo-44100", 44100, 2, "WAV", {}),
    ("mono-16000", 16000, 1, "WAV", {}),
    ("stereo-48000-flac", 48000, 2, "FLAC", {}),
]


def main() -> None:
    fixtures = []
    for index, (name, rate, channels, container, params) in enumerate(CLIPS):
        path = HERE / f"{name}.{'flac' if container == 'FLAC' else 'wav'}"
        if not any(entry["file"] == path.name for entry in fixtures):
            sf.write(path, signal(rate, 1.0, seed=index, channels=channels), rate, subtype="PCM_16", format=container)
        sr = 22050
        y, _ = librosa.load(path, sr=sr)
        mel_args = {"n_fft": 2048, "hop_length": 512, "n_mels": 128, "fmin": 0.0, "fmax": None, "htk": False}
        mel_args.update(params)
        power = librosa.feature.melspectrogram(y=y, sr=sr, **mel_args)
        db = librosa.power_to_db(power, ref=1.0, amin=1e-10, top_db=80.0)
        entry = {
            "file": path.name,
            "native": rate == sr,
            "parameters": {"sr": sr, **mel_args},
            "samples": int(y.size),
            "shape": list(db.shape),
            "logmel": np.round(db.astype(np.float64), 4).ravel().tolist(),
        }
        if index == 0:
            # The logmel-stats vector: per band mean, std (ddof=0), then those of np.diff along time.
            delta = np.diff(db, axis=1)
            entry["stats"] = np.round(np.concatenate(
                [db.mean(axis=1), db.std(axis=1), delta.mean(axis=1), delta.std(axis=1)]).astype(np.float64),
                4).tolist()
        fixtures.append(entry)
    info = {"librosa": librosa.__version__, "numpy": np.__version__, "clips": fixtures}
    (HERE / "librosa_logmel.json").write_text(json.dumps(info, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
