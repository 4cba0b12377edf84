"""Teach it my handwriting, measured: 10 pen digits per class taught, the other pen digits read after.

python benchmarks/teach.py [--model default] [--per-class 10] [--seed 0]

Takes ``--per-class`` real pen digits of every class (drawn as strokes, saved as PNG files in
a temporary folder, exactly what a user's folder holds), runs
``python main.py teach MODEL FOLDER --out taught.npz`` as a subprocess and times it, then
reads all the other pen digits, the MNIST test set and the embedded test digits with the
model before and after. (KEEL's copy of the UCI pen digits keeps no writer ids, so the
other pen digits include other digits by the same 44 writers.)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import load_model  # noqa: E402
from engine.data import load_embedded  # noqa: E402
from engine.data.judge_sets import load_mnist_test, load_pen_digits, pen_traces, render_pen_trace  # noqa: E402
from engine.teach import accuracy  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    points, labels = pen_traces()
    rng = np.random.default_rng(args.seed)
    taught = np.concatenate([rng.choice(np.flatnonzero(labels == d), args.per_class, replace=False) for d in range(10)])
    others = np.setdiff1d(np.arange(len(labels)), taught)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "my_digits"
        for index in taught:
            (folder / str(labels[index])).mkdir(parents=True, exist_ok=True)
            Image.fromarray(render_pen_trace(points[index])).save(folder / str(labels[index]) / f"{index}.png")
        out = Path(scratch) / "taught.npz"
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "teach", args.model, str(folder), "--out",
                                 str(out), "--seed", str(args.seed)], capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        print(result.stdout.strip())
        after = load_model(out)
    before = load_model(args.model)
    pen, mnist, embedded = load_pen_digits(), load_mnist_test(), load_embedded()
    judges = {
        f"the other {len(others)} pen digits": (pen.x_test[others], pen.y_test[others]),
        "MNIST test set": (mnist.x_test, mnist.y_test),
        "embedded test digits": (embedded.x_test, embedded.y_test),
    }
    print(f"taught {len(taught)} drawings in {seconds:.0f} s (the whole command, model loading included)")
    for name, (x, y) in judges.items():
        print(f"{name}: {accuracy(before, x, y):.4f} before, {accuracy(after, x, y):.4f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
