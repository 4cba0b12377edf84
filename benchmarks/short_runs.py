"""Short runs are good runs: `python main.py train --epochs E` for a few budgets and seeds, exactly as typed.

python benchmarks/short_runs.py                       # 3 and 30 epochs, seeds 0, 1, 2 (about 15 minutes)
python benchmarks/short_runs.py --epochs 3 --seeds 0  # one quick run
python benchmarks/short_runs.py --epochs 3 --extra "--lr 0.002 --batch-size 64"  # a recipe by hand, to compare

Each run is the real command in a subprocess (the default preset, the embedded digits, their
10 % validation share held out as `train` does by default); the accuracy is the `test_accuracy`
line it prints: the 2,000 embedded test digits, which no part of training sees. Prints one
Markdown table row per budget: every seed's accuracy, the median and the median seconds.
"""

from __future__ import annotations

import argparse
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(epochs: int, seed: int, extra: list[str]) -> tuple[float, float]:
    """(test accuracy, seconds) of one `main.py train` run."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "main.py", "train", "--epochs", str(epochs), "--seed", str(seed),
                   "--out", str(Path(folder) / "m.npz"), *extra]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    found = re.search(r"^test_accuracy: ([0-9.]+)", done.stdout, re.MULTILINE)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{shlex.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    plan = next(line for line in done.stdout.splitlines() if line.startswith("plan:"))
    print(f"  {plan}", file=sys.stderr)
    return float(found.group(1)), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", default="3,30", help="comma-separated budgets (default 3,30)")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--extra", default="", help="more `train` flags for every run, in quotes")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    print("| Epochs | Test accuracy, seeds " + ", ".join(map(str, seeds)) + " | Median | Seconds (median) |")
    print("|---:|---|---:|---:|", flush=True)
    for epochs in (int(e) for e in args.epochs.split(",")):
        results = [run(epochs, seed, shlex.split(args.extra)) for seed in seeds]
        accuracies = [accuracy for accuracy, _ in results]
        shown = ", ".join(f"{a * 100:.2f} %" for a in accuracies)
        seconds = statistics.median(s for _, s in results)
        print(f"| {epochs} | {shown} | {statistics.median(accuracies) * 100:.2f} % | {seconds:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
