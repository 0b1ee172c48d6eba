"""Fine-tuning the original musicnn (TensorFlow CPU) as Tagmine fine-tunes it, for `make
bench-pretrained`: musicnn 0.1.0's own graph with the MSD weights, batch normalization on its
moving statistics (Tagmine's frozen statistics; dropout off), Tagmine's 1,756-value embedding
(tag probabilities, penultimate layer, mean and max pools) into a new softmax layer, Adam at 1e-3
on the head and 1e-4 on the pretrained variables that train at the depth (`backend`: mid and back
end; `all`: every one but the input's normalization). Random 3-second input patches and labels;
prints JSON with the seconds per epoch from the second epoch on."""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

FRONT_END = {"conv2d", "conv2d_1", "conv2d_2", "conv2d_3", "conv2d_4", "batch_normalization",
             "batch_normalization_1", "batch_normalization_2", "batch_normalization_3", "batch_normalization_4",
             "batch_normalization_5"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--musicnn", required=True, help="the unpacked musicnn 0.1.0 wheel")
    parser.add_argument("--depth", choices=["backend", "all"], default="all")
    parser.add_argument("--patches", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, args.musicnn)

    import numpy as np
    import tensorflow as tf
    from musicnn import models

    tf.compat.v1.disable_eager_execution()
    classes = 4
    rng = np.random.default_rng(0)
    inputs = rng.uniform(0, 4, (args.patches, 187, 96)).astype(np.float32)
    labels = np.arange(args.patches) % classes
    x = tf.compat.v1.placeholder(tf.float32, [None, 187, 96])
    y = tf.compat.v1.placeholder(tf.int32, [None])
    logits, _, _, _, _, _, mean_pool, max_pool, penultimate = models.define_model(x, False, "MSD_musicnn", 50)
    pretrained = tf.compat.v1.trainable_variables()
    embedding = tf.concat(
        [tf.sigmoid(logits), penultimate, mean_pool, max_pool], 1)
    head = tf.compat.v1.layers.dense(embedding, classes, name="head")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=head))
    head_variables = [v for v in tf.compat.v1.trainable_variables() if v.name.startswith("head/")]
    frozen = {"batch_normalization"} if args.depth == "all" else FRONT_END
    tuned = [v for v in pretrained if v.name.split("/")[0] not in frozen]
    step = tf.group(
        tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss, var_list=head_variables),
        tf.compat.v1.train.AdamOptimizer(1e-4).minimize(loss, var_list=tuned))
    session = tf.compat.v1.Session(
        config=tf.compat.v1.ConfigProto(
            intra_op_parallelism_threads=args.threads, inter_op_parallelism_threads=args.threads))
    session.run(tf.compat.v1.global_variables_initializer())
    tf.compat.v1.train.Saver(var_list=pretrained).restore(session, os.path.join(args.musicnn, "musicnn", "MSD_musicnn") + "/")

    ends = [time.perf_counter()]
    for _ in range(args.epochs):
        order = rng.permutation(args.patches)
        for start in range(0, args.patches, args.batch):
            rows = order[start:start + args.batch]
            session.run(step, {x: inputs[rows], y: labels[rows]})
        ends.append(time.perf_counter())
    per_epoch = (ends[-1] - ends[1]) / (args.epochs - 1)
    print(json.dumps({"depth": args.depth, "threads": args.threads, "tuned": len(tuned), "secondsPerEpoch": per_epoch}))


if __name__ == "__main__":
    main()
