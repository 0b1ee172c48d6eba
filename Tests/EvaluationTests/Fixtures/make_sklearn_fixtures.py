"""Writes sklearn_reports.json: scikit-learn's classification_report (as a dict and as text) and
confusion_matrix (counts and the three normalisations) for the cases EvaluationTests checks.
NaN is written as null.

Run from the repository root with scikit-learn installed (make bench-train's venv has it):
    .build-bench/venv/bin/python Tests/EvaluationTests/Fixtures/make_sklearn_fixtures.py
"""

import json
import math
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import classification_report, confusion_matrix

HERE = Path(__file__).parent


def large_case() -> tuple[list[int], list[int]]:
    """100,000 predictions over 50 classes from a formula the Swift test repeats."""
    truth = [(i * 7919 + i // 50) % 50 for i in range(100_000)]
    predicted = [t if (i * 2654435761) % 97 < 70 else (i * 31 + 7) % 50 for i, t in enumerate(truth)]
    return truth, predicted


def clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def main() -> None:
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 5, 200)
    noisy = np.where(rng.random(200) < 0.6, truth, rng.integers(0, 5, 200))
    cases = {
        "basic": (truth, noisy, None),
        "never-predicted": (truth, np.where(noisy == 3, 2, noisy), None),
        "no-true-samples": (np.where(truth == 4, 1, truth), noisy, [0, 1, 2, 3, 4]),
        "single-class": (np.zeros(20, dtype=int), np.zeros(20, dtype=int), None),
        "subset-labels": (truth, noisy, [0, 1, 2]),
        "large": (*map(np.array, large_case()), None),
    }
    names = [f"class {i}" for i in range(50)]
    out = {"sklearn": sklearn.__version__, "cases": []}
    for name, (y_true, y_pred, labels) in cases.items():
        entry = {"name": name, "labels": labels, "zero_division": {}}
        if name != "large":
            entry["truth"] = [int(v) for v in y_true]
            entry["predicted"] = [int(v) for v in y_pred]
        present = sorted(set(y_true) | set(y_pred)) if labels is None else labels
        target_names = [names[i] for i in present]
        for zero_division in ["warn", 0, 1, np.nan]:
            key = "nan" if zero_division is np.nan else str(zero_division)
            report = classification_report(y_true, y_pred, labels=labels, target_names=target_names,
                                           output_dict=True, zero_division=zero_division)
            entry["zero_division"][key] = clean(report)
        entry["text"] = classification_report(y_true, y_pred, labels=labels, target_names=target_names,
                                              zero_division=0)
        entry["text4"] = classification_report(y_true, y_pred, labels=labels, target_names=target_names, digits=4,
                                               zero_division=0)
        entry["confusion"] = {
            normalize or "none": clean(confusion_matrix(y_true, y_pred, labels=present, normalize=normalize).tolist())
            for normalize in [None, "true", "pred", "all"]
        }
        out["cases"].append(entry)
    (HERE / "sklearn_reports.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
