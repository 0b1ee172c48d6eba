"""Parity fixtures for Tagmine's musicnn: the original model's outputs on two generated clips.

Run once by a developer (TensorFlow CPU, tf_keras and librosa in a virtualenv; `make
musicnn-fixtures` sets one up), with the musicnn 0.1.0 wheel unpacked at MUSICNN_DIR:

    TF_USE_LEGACY_KERAS=1 python make_musicnn_fixtures.py MUSICNN_DIR

Writes tonal.wav and beats.wav (16 kHz, 16-bit) and musicnn_outputs.json: for each clip and each
model (MSD_musicnn, MTT_musicnn) the per-patch tag probabilities (the taggram), penultimate
embeddings, and mean / max pools, from musicnn's own `extractor` (its librosa input pipeline
included). The clips are quiet enough that musicnn's float16 spectrogram does not overflow.

musicnn 0.1.0's extractor runs one patch per batch and, from the second batch on, appends the
first batch's penultimate embedding again (it unpacks into `backend_` but appends `penultimate_`);
the batch size is raised here so that every patch is in the first batch and gets its own.
"""
import json
import sys

import librosa
import numpy as np
import soundfile

SR = 16000


def tonal():
    t = np.arange(int(3.3 * SR)) / SR
    pitch = np.where(t < 1.6, 220.0, 330.0)
    phase = 2 * np.pi * np.cumsum(pitch) / SR
    y = sum(0.03 / k * np.sin(k * phase) for k in range(1, 6))
    y += 0.004 * np.random.default_rng(1).standard_normal(t.size)
    return y


def beats():
    t = np.arange(int(6.3 * SR)) / SR
    rng = np.random.default_rng(2)
    y = 0.02 * np.sin(2 * np.pi * 82.41 * t)
    for start in np.arange(0, 6.3, 0.5):
        i = int(start * SR)
        n = min(int(0.08 * SR), y.size - i)
        y[i:i + n] += 0.08 * rng.standard_normal(n) * np.exp(-np.arange(n) / (0.015 * SR))
    return y


def main(musicnn_dir):
    sys.path.insert(0, musicnn_dir)
    from musicnn import configuration
    from musicnn.extractor import extractor

    configuration.BATCH_SIZE = 64

    outputs = {"musicnn": "0.1.0", "librosa": librosa.__version__, "clips": {}}
    for name, make in [("tonal", tonal), ("beats", beats)]:
        path = f"{name}.wav"
        soundfile.write(path, make().astype(np.float32), SR, subtype="PCM_16")
        y, _ = librosa.load(path, sr=SR)
        mel = librosa.feature.melspectrogram(y=y, sr=SR, hop_length=256, n_fft=512, n_mels=96)
        assert (mel.astype(np.float16) * np.float16(10000)).max() < 65504, f"{name} overflows float16"
        clip = {}
        for model in ["MSD_musicnn", "MTT_musicnn"]:
            taggram, _, features = extractor(path, model=model, extract_features=True)
            clip[model] = {
                "taggram": np.round(taggram, 7).tolist(),
                "penultimate": np.round(features["penultimate"], 7).tolist(),
                "mean_pool": np.round(features["mean_pool"], 7).tolist(),
                "max_pool": np.round(features["max_pool"], 7).tolist(),
            }
        outputs["clips"][name] = clip
    with open("musicnn_outputs.json", "w") as f:
        json.dump(outputs, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
