"""How well a model reads generated drawings (engine/data/synthetic_drawings.py).

python benchmarks/drawings.py                       # the shipped default model, 1,000 drawings
python benchmarks/drawings.py --model my.npz --count 3000 --seed 5 --save-errors errors.png

Every drawing goes through ``preprocess_drawing``, exactly as the draw panel and image
files do, then the model. Prints the accuracy overall, per digit, per pen width and per
medium (dark on white, light on black, photo of paper), and can save a picture of the
drawings it got wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_model  # noqa: E402
from engine.data import (
    model_inputs,  # noqa: E402
    preprocess_drawing,  # noqa: E402
)
from engine.data.synthetic_drawings import generate_drawings  # noqa: E402
from engine.tiling import tile  # noqa: E402


def read_drawings(model, count: int, seed: int):
    """(predictions, labels, conditions, preprocessed images) for ``count`` generated drawings."""
    drawings = generate_drawings(count, seed=seed)
    images = np.stack([preprocess_drawing(image) for image in drawings.images])  # (N, 28, 28) in [0, 1]
    predictions = model.predict(model_inputs(model, images)).argmax(axis=1)
    return predictions, drawings.labels, drawings.conditions, images


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default", help="a saved model, or 'default' (the shipped one)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-errors", help="save the misread drawings (after preprocessing) as a PNG")
    args = parser.parse_args()

    model = load_model(args.model)
    predictions, labels, conditions, images = read_drawings(model, args.count, args.seed)
    right = predictions == labels
    print(f"accuracy on {args.count} generated drawings (seed {args.seed}): {right.mean():.4f}")
    groups = defaultdict(list)
    for ok, label, condition in zip(right, labels, conditions, strict=True):
        groups[f"digit {label}"].append(ok)
        groups[f"pen {condition['pen']}"].append(ok)
        groups[f"medium {condition['medium']}"].append(ok)
    for name in sorted(groups):
        print(f"  {name:<22} {np.mean(groups[name]):.3f}  ({len(groups[name])})")
    wrong = np.flatnonzero(~right)
    if wrong.size:
        print("misread: " + ", ".join(f"{labels[i]}->{predictions[i]}" for i in wrong[:40]))
    if args.save_errors and wrong.size:
        from PIL import Image  # only for --save-errors

        picture = np.nan_to_num(tile(images[wrong], cols=min(10, wrong.size), gap=2), nan=0.5)
        Image.fromarray((np.kron(picture, np.ones((3, 3))) * 255).astype(np.uint8)).save(args.save_errors)
        print(f"saved {args.save_errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
