"""Writes cleanlab_issues.json: out-of-fold-like probabilities for a few noisy datasets and the
tracks cleanlab's `find_label_issues` (default settings) flags in each, with its confident joint.

Run from the repository root with cleanlab installed:
    .build-bench/venv/bin/python -m pip install cleanlab
    .build-bench/venv/bin/python Tests/EvaluationTests/Fixtures/make_cleanlab_fixtures.py
"""

import json
from pathlib import Path

import cleanlab
import numpy as np
from cleanlab.count import compute_confident_joint
from cleanlab.filter import find_label_issues

HERE = Path(__file__).parent


def dataset(seed: int, n: int, k: int, noise: float, ambiguous: int | None) -> tuple[np.ndarray, np.ndarray]:
    """n tracks in k classes, `noise` of their given labels wrong; class `ambiguous` (if any) is
    predicted as its neighbours half of the time, like "pops"."""
    rng = np.random.default_rng(seed)
    true = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), true] += rng.uniform(1, 4, n)
    if ambiguous is not None:
        blur = true == ambiguous
        logits[blur, (ambiguous + 1) % k] += rng.uniform(0.5, 4, blur.sum())
        logits[blur, (ambiguous + 2) % k] += rng.uniform(0.5, 3, blur.sum())
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    # Six decimals, renormalised, so both sides read exactly the same numbers.
    probabilities = np.round(probabilities / probabilities.sum(axis=1, keepdims=True), 6)
    given = np.where(rng.random(n) < noise, rng.integers(0, k, n), true)
    return given, probabilities


def main() -> None:
    cases = []
    for name, seed, n, k, noise, ambiguous in [
        ("balanced", 1, 600, 5, 0.1, None),
        ("ambiguous-class", 2, 800, 5, 0.05, 3),
        ("many-classes", 3, 1500, 20, 0.15, None),
    ]:
        given, probabilities = dataset(seed, n, k, noise, ambiguous)
        issues = find_label_issues(given, probabilities)
        joint = compute_confident_joint(given, probabilities)
        cases.append({
            "name": name, "classes": k, "given": given.tolist(), "probabilities": probabilities.ravel().tolist(),
            "issues": np.flatnonzero(issues).tolist(), "confident_joint": joint.tolist(),
        })
    out = {"cleanlab": cleanlab.__version__, "cases": cases}
    (HERE / "cleanlab_issues.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
