"""Driver for `make bench-serve`: wrk (Debian) on loopback against a release `tagmine serve` on the
generated demo store: the run report, one track, and POST /api/predict with a demo clip. Prints
requests per second, p50 / p99 latency and the error count per endpoint."""

import argparse
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

TOKEN = "annotator-token-for-the-serve-benchmark"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url: str, seconds: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "p50": milliseconds("50%"),
            "p99": milliseconds("99%"), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tagmine", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    work = args.work.resolve() / "serve"
    work.mkdir(parents=True, exist_ok=True)
    tagmine = str(Path(args.tagmine).resolve())
    store = work / "demo" / "tagmine.db"
    if not store.exists():
        subprocess.run([tagmine, "demo", "--dir", str(work / "demo")], check=True, stdout=subprocess.DEVNULL,
                       env={"CI": "1", "PATH": "/usr/bin:/bin"})
    (work / "users.toml").write_text(f'[[user]]\nname = "bench"\ntoken = "{TOKEN}"\nrole = "annotator"\n')
    clip = work / "demo" / "audio" / "D000001.wav"
    script = work / "predict.lua"
    script.write_text(
        'local file = io.open("' + str(clip) + '", "rb")\n'
        'wrk.method = "POST"\nwrk.body = file:read("*a")\nfile:close()\n'
        f'wrk.headers["Authorization"] = "Bearer {TOKEN}"\n'
        'wrk.headers["Content-Type"] = "application/octet-stream"\n')
    port = free_port()
    server = subprocess.Popen([tagmine, "serve", "--db", str(store), "--users", str(work / "users.toml"), "--public-read",
                               "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(base + "/api/runs/1/report").read()  # computed once, then cached
        results = {
            "GET /api/runs/1/report": wrk(base + "/api/runs/1/report", args.seconds),
            "GET /api/tracks/D000001": wrk(base + "/api/tracks/D000001", args.seconds),
            "POST /api/predict?run=2": wrk(base + "/api/predict?run=2", args.seconds, script),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\nwrk -t2 -c32 -d{args.seconds}s on loopback, release build, the 1,000-track demo store")
    for name, r in results.items():
        print(f"  {name:<26} {r['rps']:9.0f} req/s   p50 {r['p50']:7.2f} ms   p99 {r['p99']:7.2f} ms   errors {r['errors']}")
    report = results["GET /api/runs/1/report"]
    met = report["rps"] >= 2000 and report["p99"] < 50 and all(r["errors"] == 0 for r in results.values())
    print(f"  goal (report ≥ 2,000 req/s, p99 < 50 ms, no errors): {'met' if met else 'not met'}")


if __name__ == "__main__":
    main()
