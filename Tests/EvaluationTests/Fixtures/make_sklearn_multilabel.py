"""Writes sklearn_multilabel.json: scikit-learn's multi-label metrics for the cases
MultiLabelReportTests checks: classification_report (as a dict and as text, digits 2 and 4) of
thresholded scores, and per class (and micro) roc_auc_score and average_precision_score of the
scores. A class without positives has no ROC-AUC or average precision: written as null.

Run from the repository root with scikit-learn installed (make bench-train's venv has it):
    .build-bench/venv/bin/python Tests/EvaluationTests/Fixtures/make_sklearn_multilabel.py
"""

import json
from pathlib import Path

import numpy as np
import sklearn
from make_sklearn_fixtures import clean
from sklearn.metrics import average_precision_score, classification_report, roc_auc_score

HERE = Path(__file__).parent


def case(name, truth, scores, thresholds):
    classes = truth.shape[1]
    predicted = (scores >= np.array(thresholds)).astype(int)
    names = [f"tag {i}" for i in range(classes)]
    entry = {
        "name": name,
        "truth": truth.tolist(),
        "scores": [[float(v) for v in row] for row in scores],
        "thresholds": [float(t) for t in thresholds],
        "report": {},
    }
    for zero_division in [0, 1, np.nan]:
        key = "nan" if zero_division is np.nan else str(zero_division)
        entry["report"][key] = clean(classification_report(
            truth, predicted, target_names=names, output_dict=True, zero_division=zero_division))
    entry["text"] = classification_report(truth, predicted, target_names=names, zero_division=0)
    entry["text4"] = classification_report(truth, predicted, target_names=names, digits=4, zero_division=0)
    defined = [k for k in range(classes) if 0 < truth[:, k].sum() < len(truth)]
    entry["rocAUC"] = [float(roc_auc_score(truth[:, k], scores[:, k])) if k in defined else None
                       for k in range(classes)]
    entry["averagePrecision"] = [
        float(average_precision_score(truth[:, k], scores[:, k])) if truth[:, k].sum() > 0 else None
        for k in range(classes)]
    entry["microROCAUC"] = float(roc_auc_score(truth.ravel(), scores.ravel()))
    entry["microAveragePrecision"] = float(average_precision_score(truth.ravel(), scores.ravel()))
    return entry


def main() -> None:
    rng = np.random.default_rng(7)
    rates = np.array([0.5, 0.3, 0.15, 0.6, 0.05])
    truth = (rng.random((150, 5)) < rates).astype(int)
    scores = np.clip(0.35 * truth + 0.65 * rng.random((150, 5)), 0, 1).astype(np.float32).astype(float)
    basic = case("basic", truth, scores, [0.5, 0.4, 0.6, 0.3, 0.5])

    # Ties (scores on a 0.1 grid), a class without positives, a class never predicted, tracks
    # without labels and tracks without predictions.
    truth = (rng.random((40, 4)) < np.array([0.4, 0.0, 0.5, 0.3])).astype(int)
    truth[:3] = 0
    scores = np.round(0.4 * truth + 0.6 * rng.random((40, 4)), 1)
    edge = case("edge", truth, scores, [0.5, 0.5, 1.5, 0.45])

    out = {"sklearn": sklearn.__version__, "cases": [basic, edge]}
    (HERE / "sklearn_multilabel.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
