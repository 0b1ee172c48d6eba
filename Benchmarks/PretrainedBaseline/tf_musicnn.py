"""The original musicnn (TensorFlow CPU) on a list of files, for `make bench-pretrained`: the graph
is built and the checkpoint restored once, then each file goes through musicnn's own input
pipeline (librosa) and one session run over all its patches. Prints JSON: seconds spent on the
files, setup seconds, and each file's mean tag probabilities."""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--musicnn", required=True, help="the unpacked musicnn 0.1.0 wheel")
    parser.add_argument("--model", default="MSD_musicnn")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, args.musicnn)

    import numpy as np
    import tensorflow as tf
    from musicnn import configuration, models
    from musicnn.extractor import batch_data

    started = time.perf_counter()
    tf.compat.v1.disable_eager_execution()
    tf.compat.v1.reset_default_graph()
    labels = configuration.MSD_LABELS if "MSD" in args.model else configuration.MTT_LABELS
    with tf.name_scope("model"):
        x = tf.compat.v1.placeholder(tf.float32, [None, 187, configuration.N_MELS])
        is_training = tf.compat.v1.placeholder(tf.bool)
        logits = models.define_model(x, is_training, args.model, len(labels))[0]
        probabilities = tf.nn.sigmoid(logits)
    session = tf.compat.v1.Session(
        config=tf.compat.v1.ConfigProto(
            intra_op_parallelism_threads=args.threads, inter_op_parallelism_threads=args.threads))
    tf.compat.v1.train.Saver().restore(session, os.path.join(args.musicnn, "musicnn", args.model) + "/")
    setup = time.perf_counter() - started

    started = time.perf_counter()
    tags = {}
    for path in args.files:
        batch, _ = batch_data(path, 187, 187)
        taggram = session.run(probabilities, feed_dict={x: batch, is_training: False})
        tags[path] = np.mean(taggram, axis=0).tolist()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "setup": setup, "labels": labels, "tags": tags}))


if __name__ == "__main__":
    main()
