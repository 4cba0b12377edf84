"""Train the pretrained model shipped in resources/default_model.npz.

python tools/train_default_model.py [--epochs N] [--out PATH]

The default preset with its own recipe (``PRESETS[DEFAULT_PRESET].recipe``: optimizer,
learning-rate schedule, epochs and handwriting-like augmentation), trained on the 8,000
training digits of the embedded set only, from a fixed seed; the 2,000 test digits stay
unseen and measure it. The same command gives the same file on the same numpy/BLAS build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.data import load_embedded, model_inputs  # noqa: E402
from engine.presets import DEFAULT_PRESET, PRESETS, build_preset  # noqa: E402
from engine.progress import TerminalProgress  # noqa: E402
from engine.serialization import DEFAULT_MODEL  # noqa: E402
from engine.session import TrainingSession  # noqa: E402
from engine.training_config import TrainingConfig  # noqa: E402

SEED = 0  # the seed of the measured run in the README


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="default: the recipe's")
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    args = parser.parse_args()
    digits = load_embedded()
    model = build_preset(DEFAULT_PRESET, seed=SEED)
    recipe = {**PRESETS[DEFAULT_PRESET].recipe, "val_split": 0.0, "seed": SEED}
    if args.epochs is not None:
        recipe["epochs"] = args.epochs
    config = TrainingConfig.from_dict(recipe)
    session = TrainingSession(model, digits, config)
    session.add_listener(TerminalProgress())
    if session.run() != "finished":
        print(f"training did not finish: {session.error}", file=sys.stderr)
        return 1
    model.metadata.pop("session", None)
    model.metadata["recipe"] = {"preset": DEFAULT_PRESET, **config.to_dict(), "script": "tools/train_default_model.py"}
    test = model.evaluate(model_inputs(model, digits.x_test), digits.y_test)
    model.metadata["embedded_test_accuracy"] = round(test["accuracy"], 4)
    model.save(args.out, include_optimizer=False)
    print(f"test accuracy on the 2,000 held-out embedded digits: {test['accuracy']:.4f}; saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
