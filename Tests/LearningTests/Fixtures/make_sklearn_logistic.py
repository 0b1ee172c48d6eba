"""Writes sklearn_logistic.json: scikit-learn's StandardScaler + LogisticRegression (lbfgs, C = 1,
converged) on small generated single-label sets, for LogisticRegressionParityTests: the data, the
predicted probabilities on the training rows and the value of the objective at scikit-learn's
optimum (mean weighted log loss + ‖W‖² / (2 C n)).

Run from the repository root with scikit-learn installed (make bench-train's venv has it):
    .build-bench/venv/bin/python Tests/LearningTests/Fixtures/make_sklearn_logistic.py
"""

import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).parent


def case(name, rows, columns, classes, spread, class_weight, seed):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, columns)) * spread
    labels = np.arange(rows) % classes
    # Unequal classes, so balanced weights matter.
    labels[: rows // 5] = 0
    x = centres[labels] + rng.normal(size=(rows, columns)) * rng.uniform(0.5, 3, size=columns)
    x = x.astype(np.float32)
    z = StandardScaler().fit_transform(x.astype(np.float64))
    model = LogisticRegression(C=1.0, tol=1e-10, max_iter=100_000, class_weight=class_weight).fit(z, labels)
    probabilities = model.predict_proba(z)
    weights = np.ones(rows)
    if class_weight == "balanced":
        counts = np.bincount(labels, minlength=classes)
        weights = rows / (classes * counts[labels])
    objective = log_loss(labels, probabilities, sample_weight=weights) + (model.coef_ ** 2).sum() / (2 * rows)
    return {
        "name": name,
        "classWeight": class_weight or "none",
        "classes": classes,
        "features": x.tolist(),
        "labels": labels.tolist(),
        "probabilities": probabilities.tolist(),
        "objective": objective,
    }


def main():
    cases = [
        case("overlapping, 4 classes", 160, 6, 4, 1.0, None, 1),
        case("nearly separable, 3 classes", 90, 10, 3, 3.0, None, 2),
        case("balanced class weights", 150, 5, 3, 0.8, "balanced", 3),
    ]
    document = {"sklearn": sklearn.__version__, "cases": cases}
    (HERE / "sklearn_logistic.json").write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
