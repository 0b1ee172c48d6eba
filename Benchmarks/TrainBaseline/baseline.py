"""The scikit-learn baseline for `make bench-train`: reads the features, labels and folds Tagmine
used from the store, and runs `cross_val_predict(..., method="predict_proba")` with
StandardScaler + LogisticRegression (lbfgs) and, beside it, StandardScaler + MLPClassifier, over
the same folds, then fits the final model on every track (Tagmine's run trains one too). Prints one
JSON line per model: seconds (after loading) and out-of-fold accuracy."""

import argparse
import json
import sqlite3
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import PredefinedSplit, cross_val_predict
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("--run", type=int, required=True, help="the Tagmine run whose label set, features and folds to use")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    db = sqlite3.connect(args.store)
    label_set, split, extractor = db.execute(
        "SELECT label_set_id, split_id, extractor_id FROM run WHERE id = ?", (args.run,)).fetchone()
    rows = db.execute(
        """SELECT l.class, f.data, p.part FROM label l
           JOIN feature f ON f.track_id = l.track_id AND f.extractor_id = ?
           JOIN split_part p ON p.track_id = l.track_id AND p.split_id = ?
           WHERE l.label_set_id = ? ORDER BY l.track_id""", (extractor, split, label_set)).fetchall()
    y = np.array([row[0] for row in rows])
    x = np.stack([np.frombuffer(row[1], dtype="<f4") for row in rows])
    parts = sorted({row[2] for row in rows})
    folds = np.array([parts.index(row[2]) for row in rows])

    models = {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(solver="lbfgs", max_iter=1000)),
        "mlp": make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(256,), early_stopping=True,
                                                             random_state=0, max_iter=200)),
    }
    for name, model in models.items():
        start = time.perf_counter()
        probabilities = cross_val_predict(model, x, y, cv=PredefinedSplit(folds), method="predict_proba",
                                          n_jobs=args.jobs)
        model.fit(x, y)
        seconds = time.perf_counter() - start
        classes = np.unique(y)
        accuracy = float((classes[probabilities.argmax(axis=1)] == y).mean())
        print(json.dumps({"model": name, "seconds": seconds, "accuracy": accuracy, "tracks": len(y)}), flush=True)


if __name__ == "__main__":
    main()
