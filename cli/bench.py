"""``bench``: the speed of the engine on this machine."""

from __future__ import annotations

import sys
import time

import numpy as np

from engine.data import load_embedded
from engine.data.preprocessing import Normalization
from engine.presets import DEFAULT_PRESET, PRESETS, build_preset

from .common import CommandError


def bench_command(args) -> int:
    """Training and prediction throughput of a preset on the embedded digits (Adam, float32)."""
    if args.model not in PRESETS:
        raise CommandError(f"{args.model}: not a preset ({', '.join(PRESETS)})")
    if args.batch_size < 1 or args.steps < 1:
        raise CommandError("--batch-size and --steps must be positive")
    digits = load_embedded()
    x = Normalization.fit(digits.x_train).apply(digits.x_train)
    y = digits.y_train
    model = build_preset(args.model, seed=0).compile("adam")
    batch = args.batch_size
    starts = np.random.default_rng(0).integers(0, len(x) - batch, args.steps + 3)
    for start in starts[:3]:  # warm-up: first-touch allocations, BLAS thread start-up
        model.train_step(x[start : start + batch], y[start : start + batch])
    began = time.perf_counter()
    for start in starts[3:]:
        model.train_step(x[start : start + batch], y[start : start + batch])
    train_rate = args.steps * batch / (time.perf_counter() - began)

    images = x[: max(batch * args.steps, 1024)]
    model.predict(images[:batch])
    began = time.perf_counter()
    model.predict(images, batch_size=batch)
    predict_rate = len(images) / (time.perf_counter() - began)

    single = []
    for i in range(30):
        began = time.perf_counter()
        model.predict(x[i : i + 1])
        single.append(time.perf_counter() - began)
    print(f"model: {args.model}  batch_size: {batch}  steps: {args.steps}")
    print(f"train_images_per_second: {train_rate:.1f}")
    print(f"predict_images_per_second: {predict_rate:.1f}")
    print(f"single_image_predict_ms: {np.median(single) * 1000:.2f}")
    peak = peak_memory_mb()
    if peak is not None:
        print(f"peak_memory_mb: {peak:.0f}")
    print("(benchmarks/speed.py compares with PyTorch and a naive numpy CNN, and times a 60k-image epoch)")
    return 0


def peak_memory_mb() -> float | None:
    """The largest resident memory this process has had, in MB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def add_bench_parser(commands) -> None:
    bench = commands.add_parser("bench", help="training and prediction speed", description=bench_command.__doc__)
    bench.add_argument("--model", default="lab-cnn", help=f"preset to time (default lab-cnn; the default preset is "
                       f"{DEFAULT_PRESET})")  # fmt: skip
    bench.add_argument("--batch-size", type=int, default=64, help="images per step (default 64)")
    bench.add_argument("--steps", type=int, default=30, help="timed training steps (default 30)")
    bench.set_defaults(handler=bench_command)
