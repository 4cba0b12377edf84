"""Where a training step's time goes: every layer's forward and backward, and the optimizer, in ms.

python benchmarks/layer_times.py [PRESET] [--batch 64] [--steps 50] [--predict]

Trains PRESET (default mini-resnet) with Adam on random inputs of its shape and times each
layer's forward and backward pass (the layers inside residual and inception blocks one by
one) and the optimizer's update inside real training steps, after 10 warm-up steps. Prints
the medians, slowest first, their sum and the median of whole steps: the difference is the
rest of the step (the loss, the checks for NaN, Python between the layers). The timers
themselves cost a few microseconds a layer. Used to find what to speed up next (README, Speed).
With ``--predict``: the layers of a prediction instead (``predict_scores`` of a batch, default 256),
where a convolution and the BatchNorm folded into it (``engine/layers/folding.py``) are one part.
A convolutional net with enough arithmetic per layer predicts and trains in two halves at once,
one per core (``Sequential._in_halves``): each layer is then timed on each half, so its time is
that of half the batch on one core, and the parts add up to about the whole step or prediction.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402, F401, I001  (before numpy: it tunes OpenBLAS's idle threads, as in the app)
import numpy as np  # noqa: E402, I001

from engine.layers.blocks import all_layers  # noqa: E402
from engine.layers.folding import FoldedNorm  # noqa: E402
from engine.presets import ZOO, build_preset  # noqa: E402

WARM_UP = 10


def timed(function, times: list):
    """``function`` that appends its duration to ``times`` on each call."""

    def run(*args, **kwargs):
        began = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - began)
        return result

    return run


def layer_times(preset: str, batch: int, steps: int) -> tuple[dict[str, float], float]:
    """({"conv2d_1 forward": ms, ..., "optimizer": ms}, median ms of a whole step)."""
    model = build_preset(preset, seed=0).compile("adam")
    times = defaultdict(list)
    for layer, name, *_ in all_layers(model.layers):
        if getattr(layer, "children", None):
            continue  # a block: its children are timed one by one
        layer.forward = timed(layer.forward, times[f"{name} forward"])
        layer.backward = timed(layer.backward, times[f"{name} backward"])
    model.optimizer.step = timed(model.optimizer.step, times["optimizer"])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4 * batch, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, 10, 4 * batch)
    whole = []
    for step in range(WARM_UP + steps):
        if step == WARM_UP:
            for values in times.values():
                values.clear()
        start = (step % 4) * batch
        began = time.perf_counter()
        model.train_step(x[start : start + batch], y[start : start + batch])
        whole.append(time.perf_counter() - began)
    medians = {key: float(np.median(values)) * 1000 for key, values in times.items() if values}
    return medians, float(np.median(whole[WARM_UP:])) * 1000


def prediction_times(preset: str, batch: int, passes: int) -> tuple[dict[str, float], float]:
    """({"conv2d_1 + batchnorm2d_1 (folded)": ms, "relu_1": ms, ...}, median ms of a whole prediction of a batch)."""
    model = build_preset(preset, seed=0)
    times = defaultdict(list)
    for layer, name, *_ in all_layers(model.layers):
        if not getattr(layer, "children", None):
            layer.forward = timed(layer.forward, times[name])
    unfolded = FoldedNorm.forward

    def folded(pair, x, training=False):  # a pair made anew at each pass: timed by the names of its two layers
        return timed(unfolded, times[f"{pair.conv.name} + {pair.norm.name} (folded)"])(pair, x, training)

    FoldedNorm.forward = folded
    try:
        x = np.random.default_rng(0).standard_normal((batch, *model.input_shape)).astype(np.float32)
        whole = []
        for step in range(WARM_UP + passes):
            if step == WARM_UP:
                for values in times.values():
                    values.clear()
            began = time.perf_counter()
            model.predict_scores(x, batch_size=batch)
            whole.append(time.perf_counter() - began)
    finally:
        FoldedNorm.forward = unfolded
    medians = {key: float(np.median(values)) * 1000 for key, values in times.items() if values}
    return medians, float(np.median(whole[WARM_UP:])) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", nargs="?", default="mini-resnet", help="a preset of the zoo (default mini-resnet)")
    parser.add_argument("--batch", type=int, help="images per step (default 64; with --predict 256)")
    parser.add_argument("--steps", type=int, default=50, help="timed steps after the warm-up (default 50)")
    parser.add_argument("--predict", action="store_true", help="time the layers of a prediction, not of training")
    args = parser.parse_args()
    args.batch = args.batch or (256 if args.predict else 64)
    if args.preset not in ZOO:
        parser.error(f"{args.preset!r} is not in the zoo ({', '.join(ZOO)})")
    if args.batch < 2 or args.steps < 1:
        parser.error("--batch must be at least 2 (BatchNorm needs two samples) and --steps at least 1")
    if args.predict:
        medians, step = prediction_times(args.preset, args.batch, args.steps)
        print(f"{args.preset}, batch {args.batch}, medians of {args.steps} predictions (ms):")
    else:
        medians, step = layer_times(args.preset, args.batch, args.steps)
        print(f"{args.preset}, batch {args.batch}, medians of {args.steps} training steps (ms):")
    width = max(44, *map(len, medians))
    for key, value in sorted(medians.items(), key=lambda item: -item[1]):
        print(f"  {key:{width}s} {value:7.2f}")
    whole = "a whole prediction" if args.predict else "a whole step"
    print(f"sum of the parts: {sum(medians.values()):.2f} ms; {whole}: {step:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
