"""Driver for `make bench-eval`: the classification report + confusion matrix over 1,000,000
predictions in 50 classes and confident learning over 100,000 × 50 probabilities, with Tagmine's
Evaluation module and with scikit-learn / cleanlab on the same data, in one run. Checks the
reports are identical and the flagged sets agree."""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench_common import venv_python  # noqa: E402

BASELINE = """
import json, sys, time
import numpy as np
from cleanlab.filter import find_label_issues
from sklearn.metrics import classification_report, confusion_matrix
work = sys.argv[1]
truth = np.fromfile(f"{work}/eval-truth.i64", dtype="<i8")
predicted = np.fromfile(f"{work}/eval-predicted.i64", dtype="<i8")
names = [f"class {i}" for i in range(50)]
start = time.perf_counter()
text = classification_report(truth, predicted, target_names=names, zero_division=0)
confusion_matrix(truth, predicted)
report_seconds = time.perf_counter() - start
given = np.fromfile(f"{work}/eval-given.i64", dtype="<i8")
probabilities = np.fromfile(f"{work}/eval-probabilities.f64", dtype="<f8").reshape(len(given), 50)
start = time.perf_counter()
flagged = np.flatnonzero(find_label_issues(given, probabilities))
issues_seconds = time.perf_counter() - start
print(json.dumps({"report_seconds": report_seconds, "issues_seconds": issues_seconds,
                  "flagged": flagged.tolist(), "report_text": text}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--bench", required=True, help="the tagmine-bench-eval executable")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    venv_python(work, "sklearn", "scikit-learn")
    python = venv_python(work, "cleanlab")

    ours = json.loads(subprocess.run([args.bench, str(work)], check=True, capture_output=True, text=True).stdout)
    theirs = json.loads(subprocess.run([str(python), "-c", BASELINE, str(work)], check=True, capture_output=True,
                                       text=True).stdout)
    import numpy as np

    our_flags = set(np.fromfile(work / "eval-flagged.i64", dtype="<i8").tolist())
    their_flags = set(theirs["flagged"])
    jaccard = len(our_flags & their_flags) / max(1, len(our_flags | their_flags))
    print("\n1,000,000 predictions, 50 classes: classification report (text) + confusion matrix")
    print(f"  Tagmine Evaluation     {ours['report_seconds']:8.3f} s")
    print(f"  scikit-learn 1.9       {theirs['report_seconds']:8.3f} s   "
          f"({theirs['report_seconds'] / ours['report_seconds']:.1f}x; reports identical: "
          f"{ours['report_text'] == theirs['report_text']})")
    print("100,000 × 50 probabilities: confident-learning label issues")
    print(f"  Tagmine Evaluation     {ours['issues_seconds']:8.3f} s   {len(our_flags)} flagged")
    print(f"  cleanlab 2.9           {theirs['issues_seconds']:8.3f} s   {len(their_flags)} flagged   "
          f"({theirs['issues_seconds'] / ours['issues_seconds']:.1f}x; Jaccard {jaccard:.3f})")
    print("  goal: each under a second")


if __name__ == "__main__":
    main()
