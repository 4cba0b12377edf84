"""How well a model reads handwriting it was never trained on: real pen digits and the MNIST test set.

python benchmarks/handwriting.py                    # the shipped default model
python benchmarks/handwriting.py --model my.npz --save-errors errors.png

Prints the accuracy on the three judge sets of ``engine/data/judge_sets.py`` and on the
embedded test digits: the 10,992 real pen digits by 44 writers (drawn as strokes and
preprocessed exactly as the draw panel does; overall, per digit and the commonest
mistakes), the official MNIST test set (10,000), and the 2,000 held-out embedded digits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_model  # noqa: E402
from engine.data import load_embedded, model_inputs  # noqa: E402
from engine.data.judge_sets import load_mnist_test, load_pen_digits  # noqa: E402
from engine.metrics import confusion_matrix  # noqa: E402
from engine.tiling import tile  # noqa: E402


def accuracy(model, dataset) -> tuple[float, np.ndarray]:
    """(accuracy, predictions) of ``model`` on the test part of ``dataset``."""
    predictions = model.predict(model_inputs(model, dataset.x_test)).argmax(axis=1)
    return float(np.mean(predictions == dataset.y_test)), predictions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default", help="a saved model, or 'default' (the shipped one)")
    parser.add_argument("--aspect", type=float, default=1.0, help="width / height the pen digits are drawn at")
    parser.add_argument("--save-errors", help="save the misread pen digits (after preprocessing) as a PNG")
    args = parser.parse_args()

    model = load_model(args.model)
    pen = load_pen_digits(args.aspect)
    score, predictions = accuracy(model, pen)
    print(f"pen digits (10,992 by 44 writers, never trained on): {score:.4f}")
    per_digit = [np.mean(predictions[pen.y_test == d] == d) for d in range(10)]
    print("  per digit: " + "  ".join(f"{d} {value:.2f}" for d, value in enumerate(per_digit)))
    counts = confusion_matrix(pen.y_test, predictions, 10)
    np.fill_diagonal(counts, 0)
    worst = np.argsort(counts, axis=None)[::-1][:6]
    print("  commonest mistakes: " + ", ".join(f"{t} read as {p} ({counts[t, p]})" for t, p in
                                               zip(*np.unravel_index(worst, counts.shape), strict=True)))  # fmt: skip
    score, _ = accuracy(model, load_mnist_test())
    print(f"MNIST test set (10,000): {score:.4f}")
    score, _ = accuracy(model, load_embedded())
    print(f"embedded test digits (2,000): {score:.4f}")
    if args.save_errors:
        wrong = np.flatnonzero(predictions != pen.y_test)[:400]
        picture = np.nan_to_num(tile(pen.x_test[wrong] / 255, cols=20, gap=2), nan=0.5)
        Image.fromarray((np.kron(picture, np.ones((3, 3))) * 255).astype(np.uint8)).save(args.save_errors)
        print(f"saved {len(wrong)} misread pen digits to {args.save_errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
