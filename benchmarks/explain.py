"""Does "not a digit?" work: false alarms on real digits, catches of shapes that are no digit.

python benchmarks/explain.py [--model default] [--non-digits 1300]

Builds the model's explanation index (``engine.explain.digit_index``: the embedded training
digits and stroke digits, calibrated on held-out ones) and prints how often it calls a
real digit "not a digit" (the real pen digits and the MNIST test set, neither ever
trained on nor calibrated on; apart for the digits the model reads right and those it
misreads, where "not a digit?" is a fair doubt), and how often it catches generated non-digits (letters,
dashes, zigzags, ...; ``engine.data.handwriting.NON_DIGITS``), with the softmax
confidence those non-digits get, which is why confidence alone cannot tell.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_model  # noqa: E402
from engine.data import model_inputs  # noqa: E402
from engine.data.handwriting import generate_non_digits  # noqa: E402
from engine.data.judge_sets import load_mnist_test, load_pen_digits  # noqa: E402
from engine.explain import digit_index  # noqa: E402
from engine.memory import features as penultimate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("--non-digits", type=int, default=1300)
    args = parser.parse_args()
    model = load_model(args.model)
    index = digit_index(model)
    print(f"novelty threshold (calibrated on held-out digits): {index.threshold:.4f}")
    for name, data in (("real pen digits", load_pen_digits()), ("MNIST test digits", load_mnist_test())):
        flagged = index.novelty(penultimate(model, data.x_test)) > index.threshold
        right = model.predict(model_inputs(model, data.x_test)).argmax(axis=1) == data.y_test
        print(f"called 'not a digit': {flagged.mean():.2%} of {len(data.x_test)} {name}; {flagged[right].mean():.2%} "
              f"of those read right, {flagged[~right].mean():.2%} of those misread")  # fmt: skip
    images, names = generate_non_digits(args.non_digits, seed=1)
    caught = index.novelty(penultimate(model, images)) > index.threshold
    confidence = model.predict(model_inputs(model, images)).max(axis=1)
    print(f"caught {caught.mean():.2%} of {len(images)} non-digits "
          f"(their median softmax confidence: {np.median(confidence):.0%})")  # fmt: skip
    by_shape = defaultdict(list)
    for name, hit in zip(names, caught, strict=True):
        by_shape[name].append(hit)
    print("  " + "  ".join(f"{name} {np.mean(hits):.0%}" for name, hits in sorted(by_shape.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
