"""Writes quantiles.json: NumPy's default (linear) quantiles of seeded random samples.

EmotionSelection.quantile must agree with numpy.quantile(values, q) (method="linear").
Run: python3 Tests/TextMiningTests/Fixtures/make_quantiles.py
"""

import json
from pathlib import Path

import numpy as np

rng = np.random.default_rng(20261121)
cases = []
for size in (1, 2, 5, 10, 101, 1000):
    values = np.round(rng.uniform(-1, 1, size), 6)
    qs = [0.0, 0.01, 0.1, 0.25, 0.333, 0.5, 0.9, 0.99, 1.0]
    cases.append({"values": values.tolist(), "q": qs, "quantiles": [float(np.quantile(values, q)) for q in qs]})
out = Path(__file__).with_name("quantiles.json")
out.write_text(json.dumps({"numpy": np.__version__, "cases": cases}, indent=1) + "\n")
print(f"wrote {out}")
