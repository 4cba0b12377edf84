"""Train every preset (or some) the same way and print a comparison table.

python benchmarks/model_zoo.py                                   # all presets, 10 epochs each, embedded digits
python benchmarks/model_zoo.py --presets lab-cnn,mini-resnet --epochs 20 --augment handwriting
python benchmarks/model_zoo.py --data fashion-mnist --presets mini-vgg --epochs 20 --augment objects \
    --set learning_rate=3e-3 --set schedule=cosine --seed 1    # the README's Fashion-MNIST run

Each preset trains with its own recipe (``PRESETS[name].recipe``: learning rate, schedule,
augmentation, ...), then ``--epochs``, ``--augment`` and ``--set key=value`` override it.
All training images are used (``val_split=0``) and the accuracy is measured on the
dataset's test part, which training never sees. Per-epoch progress goes to stderr; the
table (parameters, seconds per epoch, total minutes, test accuracy) goes to stdout, and
``--json`` saves the rows, ``--save-dir`` the trained models (``<preset>.npz``, for
``main.py evaluate`` and the GUI).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.data import load_dataset  # noqa: E402
from engine.data.augment import parse_augment  # noqa: E402
from engine.presets import PRESETS, ZOO, build_preset  # noqa: E402
from engine.session import TrainingSession  # noqa: E402
from engine.session_reports import SessionListener  # noqa: E402
from engine.training_config import TrainingConfig  # noqa: E402


class EpochLog(SessionListener):
    """Prints one line per epoch to stderr and keeps the epoch times."""

    def __init__(self, name: str):
        self.name, self.seconds = name, []

    def on_epoch_end(self, report) -> None:
        self.seconds.append(report.seconds)
        print(
            f"{self.name}: epoch {report.epoch}/{report.epochs}  loss {report.loss:.4f}  "
            f"accuracy {report.accuracy:.4f}  {report.seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )


def parse_overrides(pairs: list[str]) -> dict:
    """``["learning_rate=3e-3", "schedule=cosine"]`` -> {"learning_rate": 0.003, "schedule": "cosine"}."""
    values = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep:
            raise SystemExit(f"--set {pair!r}: expected key=value")
        try:
            values[key] = json.loads(text)
        except json.JSONDecodeError:
            values[key] = text  # a bare word: schedule=cosine
    return values


def train_preset(name: str, dataset, overrides: dict, seed: int, save_dir: Path | None = None) -> dict:
    values = {"val_split": 0.0, "seed": seed, "epochs": 10, **PRESETS[name].recipe, **overrides}
    config = TrainingConfig.from_dict(values)
    model = build_preset(name, num_classes=dataset.num_classes, seed=seed)
    session = TrainingSession(model, dataset, config)
    log = EpochLog(name)
    session.add_listener(log)
    started = time.perf_counter()
    if session.run() != "finished":
        raise SystemExit(f"{name}: training did not finish: {session.error}")
    minutes = (time.perf_counter() - started) / 60
    test = model.evaluate(session.normalization.apply(dataset.x_test), dataset.y_test)
    if save_dir is not None:
        model.metadata["test_accuracy"] = round(test["accuracy"], 4)
        model.save(save_dir / f"{name}.npz", include_optimizer=False)
    return {
        "preset": name,
        "parameters": model.num_params(),
        "epochs": config.epochs,
        "seconds_per_epoch": round(sorted(log.seconds)[len(log.seconds) // 2], 1),
        "minutes": round(minutes, 1),
        "test_accuracy": round(test["accuracy"], 4),
        "config": config.to_dict(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default=",".join(ZOO), help="comma-separated preset names (default: the zoo)")
    parser.add_argument("--data", default="mnist-embedded", help="dataset name or path (default mnist-embedded)")
    parser.add_argument("--epochs", type=int, default=None, help="epochs per preset (default: the recipe's, or 10)")
    parser.add_argument("--augment", default=None, help="'none', 'handwriting' or settings (see main.py train)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="any TrainingConfig field")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also save the rows here")
    parser.add_argument("--save-dir", type=Path, help="also save each trained model here as <preset>.npz")
    args = parser.parse_args()

    names = [n.strip() for n in args.presets.split(",") if n.strip()]
    unknown = [n for n in names if n not in PRESETS]
    if unknown:
        raise SystemExit(f"unknown preset(s) {', '.join(unknown)}; choose from {', '.join(PRESETS)}")
    overrides = parse_overrides(args.set)
    if args.epochs is not None:
        overrides["epochs"] = args.epochs
    if args.augment is not None:
        overrides["augment"] = parse_augment(args.augment).to_dict()
    dataset = load_dataset(args.data)
    if args.save_dir is not None:
        args.save_dir.mkdir(parents=True, exist_ok=True)

    rows = []
    print(f"{dataset.name}: {len(dataset.x_train)} training, {len(dataset.x_test)} test images", flush=True)
    print("| Preset | Parameters | Epochs | s/epoch | Minutes | Test accuracy |")
    print("|---|---:|---:|---:|---:|---:|", flush=True)
    for name in names:
        row = train_preset(name, dataset, overrides, args.seed, args.save_dir)
        rows.append(row)
        print(
            f"| {name} | {row['parameters']:,} | {row['epochs']} | {row['seconds_per_epoch']} | {row['minutes']} "
            f"| {row['test_accuracy']:.4f} |",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"data": dataset.name, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
