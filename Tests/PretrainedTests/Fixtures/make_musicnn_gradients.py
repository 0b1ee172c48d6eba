"""Gradient fixtures for Tagmine's fine-tuning: the original musicnn graph (musicnn 0.1.0's own
`define_model`, TensorFlow 1 layers, MSD weights) on one fixed patch, differentiated.

Run once by a developer with the musicnn 0.1.0 wheel unpacked at MUSICNN_DIR (`make
musicnn-fixtures` does both this and make_musicnn_fixtures.py):

    TF_USE_LEGACY_KERAS=1 python make_musicnn_gradients.py MUSICNN_DIR

The patch is musicnn's own input for the first 3 seconds of tonal.wav (librosa mel spectrogram,
float16, log10(10000·x + 1)). The embedding is Tagmine's: the sigmoid of the logits, the
penultimate layer (after its batch normalization), the mean pool and the max pool; the loss is
its dot product with a fixed random vector. `is_training` is False, so batch normalization uses
the moving statistics (Tagmine's frozen statistics) and dropout is off. For every trainable
variable the fixture keeps the gradient's L2 norm and its values at 48 fixed positions (flat
indices in TensorFlow's layout), so that the file stays small.
"""
import json
import sys

import librosa
import numpy as np

SR = 16000


def main(musicnn_dir):
    sys.path.insert(0, musicnn_dir)
    import tensorflow as tf
    from musicnn import models

    tf.compat.v1.disable_eager_execution()
    y, _ = librosa.load("tonal.wav", sr=SR)
    mel = librosa.feature.melspectrogram(y=y, sr=SR, hop_length=256, n_fft=512, n_mels=96).T
    mel = mel.astype(np.float16)
    patch = np.log10(10000 * mel + 1)[:187]
    rng = np.random.default_rng(20261202)
    upstream = rng.standard_normal(50 + 200 + 753 + 753).astype(np.float32)

    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [1, 187, 96])
        logits, _, _, _, _, _, mean_pool, max_pool, penultimate = models.define_model(
            x, False, "MSD_musicnn", 50)
        embedding = tf.concat(
            [tf.sigmoid(logits), penultimate, tf.reshape(mean_pool, [1, -1]), tf.reshape(max_pool, [1, -1])], 1)
        loss = tf.reduce_sum(embedding[0] * upstream)
        variables = tf.compat.v1.trainable_variables()
        gradients = tf.gradients(loss, variables)
        with tf.compat.v1.Session() as session:
            tf.compat.v1.train.Saver().restore(session, musicnn_dir + "/musicnn/MSD_musicnn/")
            values = session.run([embedding] + gradients, {x: patch[None].astype(np.float32)})

    cases = {}
    for variable, gradient in zip(variables, values[1:]):
        flat = gradient.reshape(-1)
        positions = sorted(set(np.linspace(0, flat.size - 1, 48).astype(int).tolist()))
        cases[variable.op.name] = {
            "norm": float(np.linalg.norm(flat.astype(np.float64))),
            "indices": positions,
            "values": [float(flat[i]) for i in positions],
        }
    document = {
        "musicnn": "0.1.0",
        "tensorflow": tf.__version__,
        "patch": [float(v) for v in patch.astype(np.float32).reshape(-1)],
        "upstream": [float(v) for v in upstream],
        "embedding": [float(v) for v in values[0][0]],
        "gradients": cases,
    }
    with open("musicnn_gradients.json", "w") as f:
        json.dump(document, f, separators=(",", ":"))
    print("wrote musicnn_gradients.json:", len(cases), "variables")


if __name__ == "__main__":
    main(sys.argv[1])
