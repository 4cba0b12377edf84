"""Train the pretrained model shipped in resources/default_model.npz.

python tools/train_default_model.py [--epochs N] [--out PATH]

The default preset, trained with handwriting-like augmentation on the embedded digits'
training part only (their test part stays unseen), from a fixed seed: the same command
gives the same file on the same numpy/BLAS build. The model-zoo issue replaces the recipe
with the best measured one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cli.train import TerminalProgress  # noqa: E402
from engine.data import HANDWRITING, load_embedded  # noqa: E402
from engine.data.preprocessing import Normalization  # noqa: E402
from engine.presets import DEFAULT_PRESET, build_preset  # noqa: E402
from engine.serialization import DEFAULT_MODEL  # noqa: E402
from engine.session import TrainingSession  # noqa: E402
from engine.training_config import TrainingConfig  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    args = parser.parse_args()
    digits = load_embedded()
    model = build_preset(DEFAULT_PRESET, seed=2026)
    config = TrainingConfig(
        epochs=args.epochs, batch_size=64, learning_rate=2e-3, schedule="cosine", val_split=0.1, seed=2026,
        augment=HANDWRITING,
    )  # fmt: skip
    session = TrainingSession(model, digits, config)
    session.add_listener(TerminalProgress())
    if session.run() != "finished":
        print(f"training did not finish: {session.error}", file=sys.stderr)
        return 1
    model.metadata.pop("session", None)
    model.metadata["recipe"] = {"preset": DEFAULT_PRESET, **config.to_dict(), "script": "tools/train_default_model.py"}
    test = model.evaluate(Normalization.from_metadata(model.metadata).apply(digits.x_test), digits.y_test)
    model.metadata["embedded_test_accuracy"] = round(test["accuracy"], 4)
    model.save(args.out, include_optimizer=False)
    print(f"test accuracy on the 2,000 held-out embedded digits: {test['accuracy']:.4f}; saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
