"""The training doctor's numbers: what it measures in healthy runs and in runs made to fail.

python benchmarks/doctor.py                  # every preset's own recipe, then the provoked runs (~5 min)
python benchmarks/doctor.py --steps 100 --only lab-cnn,sigmoid-mlp

Each run trains on the embedded digits for ``--steps`` steps. Every ``CHECK_EVERY`` steps it
records what ``engine.doctor`` looks at: the largest share of dead ReLU channels in a layer, the
first layer's gradient RMS over the last one's, the largest update-to-weight ratio of a
step; and the first loss over ln(K). Prints one row per run with the range of each over the run
and the hints the doctor gave, which is how its thresholds (the constants at the top of
``engine/doctor.py``) were chosen: far outside every healthy run, inside every provoked one.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402, F401, I001
import numpy as np  # noqa: E402
from engine import doctor  # noqa: E402
from engine.data.datasets import load_embedded  # noqa: E402
from engine.layers import Dense, Flatten, ReLU, Sigmoid  # noqa: E402
from engine.model import Sequential  # noqa: E402
from engine.presets import PRESETS, ZOO, build_preset  # noqa: E402
from engine.session import TrainingSession  # noqa: E402
from engine.session_reports import SessionListener  # noqa: E402
from engine.training_config import TrainingConfig  # noqa: E402


def sigmoid_mlp(layers: int = 10, width: int = 64) -> Sequential:
    """A deep MLP of sigmoids: the textbook case of vanishing gradients."""
    model = Sequential(input_shape=(1, 28, 28), name="sigmoid-mlp", seed=0)
    model.add(Flatten())
    features = 784
    for _ in range(layers):
        model.add(Dense(features, width, weight_init="xavier_normal"))
        model.add(Sigmoid())
        features = width
    model.add(Dense(width, 10, weight_init="xavier_normal"))
    return model


def dead_start(name: str = "lab-cnn") -> Sequential:
    """A preset whose first convolution starts with biases of -20: its ReLUs never fire."""
    model = build_preset(name, seed=0)
    model.layers[0].params["b"][...] = -20.0
    return model


def badly_scaled() -> Sequential:
    """An MLP whose hidden layer starts 100x too small and its output layer 100x too large: the
    forward pass is as usual (the two cancel), but the way back multiplies the hidden layer's
    gradient by 100 and divides the output layer's by 100."""
    model = Sequential(input_shape=(1, 28, 28), name="badly-scaled-mlp", seed=0)
    model.add(Flatten())
    model.add(Dense(784, 64))
    model.add(ReLU())
    model.add(Dense(64, 10))
    model.start_near_chance()
    model.layers[1].params["W"] *= 0.01
    model.layers[3].params["W"] *= 100
    return model


def big_scores() -> Sequential:
    """lab-cnn with its last layer's weights 30x too large: the first loss is far above ln(10)."""
    model = build_preset("lab-cnn", seed=0)
    last = [layer for layer in model.layers if layer.params][-1]
    last.params["W"] *= 30
    return model


PROVOKED = {
    "sigmoid-mlp": (sigmoid_mlp, {"optimizer": "sgd", "learning_rate": 0.1}),
    "dead-relu": (dead_start, {}),
    "first-loss": (big_scores, {}),
    "exploding": (badly_scaled, {"optimizer": "sgd", "learning_rate": 1e-4}),
    "sgd-lr-1": (
        lambda: build_preset("lab-cnn", seed=0),
        {"optimizer": "sgd", "learning_rate": 1.0, "max_gradient_norm": None},
    ),  # fmt: skip
    "sgd-lr-1e-5": (lambda: build_preset("lab-cnn", seed=0), {"optimizer": "sgd", "learning_rate": 1e-5}),
}


class Recorder(SessionListener):
    """What the doctor looks at, at its check steps; stops the run after ``steps``."""

    def __init__(self, steps: int):
        self.steps, self.rows, self.first, self.before, self.losses = steps, [], None, None, []

    def on_train_begin(self, session):
        self.session = session

    def on_batch_begin(self, batch):
        if (self.session.step_count + 1) % doctor.CHECK_EVERY == 0:
            self.before = doctor.weight_copies(self.session.model)

    def on_batch_end(self, logs):
        model = self.session.model
        if self.first is None:
            self.first = logs["loss"]
        self.losses.append(logs["loss"])
        if logs["step"] % doctor.CHECK_EVERY == 0:
            dead = max((share for _, share in doctor.dead_shares(model)), default=0.0)
            rms = doctor.gradient_rms(model)
            ratio = rms[0][1] / max(rms[-1][1], 1e-30) if len(rms) >= 2 else float("nan")
            update = max((r for _, r in doctor.update_ratios(model, self.before or {})), default=float("nan"))
            self.rows.append((dead, ratio, update))
        if logs["step"] >= self.steps:
            self.session.stop()


def measure(name: str, model: Sequential, overrides: dict, steps: int, data) -> str:
    recipe = PRESETS[name].recipe if name in PRESETS else {}
    recipe = {k: v for k, v in recipe.items() if k in TrainingConfig.__dataclass_fields__ and k != "augment"}
    config = TrainingConfig(**{**recipe, "epochs": 100, **overrides})  # stopped after --steps
    session = TrainingSession(model, data, config)
    recorder = Recorder(steps)
    session.add_listener(recorder)
    state = session.run()
    nothing = [(float("nan"),) * 3]  # a run that failed before the first check
    dead, ratio, update = zip(*(recorder.rows or nothing), strict=True)
    losses = recorder.losses
    trend = f"{np.mean(losses[:50]):.2f} → {np.mean(losses[-50:]):.2f}" if len(losses) >= 100 else "-"
    hints = ", ".join(hint.kind for hint in session.hints) or "none"
    chance = math.log(10)
    first = "-" if recorder.first is None else f"{recorder.first / chance:.2f}"
    if state == "failed":
        state = f"failed at step {session.step_count + 1}: {session.error[:60]}"
    return (f"| {name} | {state} | {first} | {max(dead):.2f} | {min(ratio):.1e} - {max(ratio):.1e} "
            f"| {min(update):.1e} - {max(update):.1e} | {trend} | {hints} |")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=250)
    parser.add_argument("--only", default="", help="comma-separated run names (presets or provoked runs)")
    args = parser.parse_args()
    data = load_embedded()
    runs = {name: (lambda name=name: build_preset(name, seed=0), {}) for name in ZOO}
    runs.update(PROVOKED)
    wanted = args.only.split(",") if args.only else list(runs)
    print("| run | state | first loss / ln(10) | most dead | gradient RMS, first/last layer | update/weight "
          "| loss, first → last 50 steps | hints |")  # fmt: skip
    print("|---|---|---:|---:|---|---|---|---|", flush=True)
    for name in wanted:
        make, overrides = runs[name]
        print(measure(name, make(), overrides, args.steps, data), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
