"""Training and prediction speed of lab-cnn: the engine, PyTorch's CPU build, and a naive numpy CNN.

python benchmarks/speed.py [--rounds 3] [--steps 40] [--torch-python PATH] [--epoch]

Each measurement runs in its own subprocess (so PyTorch's and numpy's thread pools never
share a process), and the engines take turns for ``--rounds`` rounds: the machine is
shared and noisy, so the ratios compare runs taken minutes apart at most and the medians
are printed. Same network (conv 32 and 64 3x3, two 2x2 max-pools, dense 128, dropout 0.25,
dense 10), Adam, float32, batch 64, random digits-shaped data. PyTorch runs when
``--torch-python`` (default: this interpreter) can import it, with 2 threads; the naive
reference is ``benchmarks/naive_cnn.py`` (float64, patch-by-patch im2col/col2im).
``--epoch`` also trains one full 60,000-image epoch with the engine's TrainingSession and
reports its time and the peak memory of that process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402, F401, I001  (before numpy: it tunes OpenBLAS's idle threads, as in the app)
import numpy as np  # noqa: E402, I001

BATCH = 64


def _data(n: int):
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, n)


def _rate(step, x, y, steps: int) -> float:
    for i in range(3):  # warm-up: first-touch allocations, thread pools starting
        step(x[i * BATCH : (i + 1) * BATCH], y[i * BATCH : (i + 1) * BATCH])
    began = time.perf_counter()
    for i in range(steps):
        start = (i * BATCH) % (len(x) - BATCH)
        step(x[start : start + BATCH], y[start : start + BATCH])
    return steps * BATCH / (time.perf_counter() - began)


def measure_engine(steps: int) -> dict:
    from engine.presets import build_preset

    model = build_preset("lab-cnn", seed=0).compile("adam")
    x, y = _data(4096)
    train = _rate(model.train_step, x, y, steps)
    model.predict(x[:256])
    began = time.perf_counter()
    model.predict(x, batch_size=256)
    predict = len(x) / (time.perf_counter() - began)
    single = []
    for i in range(50):
        began = time.perf_counter()
        model.predict(x[i : i + 1])
        single.append(time.perf_counter() - began)
    return {"train": train, "predict": predict, "single_ms": float(np.median(single) * 1000)}


def measure_torch(steps: int) -> dict:
    import torch
    from torch import nn

    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10),
    )  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = _data(4096)
    x, y = torch.from_numpy(x), torch.from_numpy(y)

    def step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()

    model.train()
    train = _rate(step, x, y, steps)
    model.eval()
    with torch.no_grad():
        model(x[:256])
        began = time.perf_counter()
        for start in range(0, len(x), 256):
            model(x[start : start + 256])
        predict = len(x) / (time.perf_counter() - began)
        single = []
        for i in range(50):
            began = time.perf_counter()
            model(x[i : i + 1])
            single.append(time.perf_counter() - began)
    return {"train": train, "predict": predict, "single_ms": float(np.median(single) * 1000)}


def measure_naive(steps: int) -> dict:
    from benchmarks.naive_cnn import NaiveLabCNN

    model = NaiveLabCNN(seed=0)
    x, y = _data(1024)
    return {"train": _rate(model.train_step, x, y, steps)}


def measure_epoch() -> dict:
    """One 60,000-image epoch through TrainingSession (as `train` runs it); peak memory of the process."""
    import resource

    from engine.data import Dataset, load_embedded
    from engine.presets import build_preset
    from engine.session import TrainingSession
    from engine.training_config import TrainingConfig

    digits = load_embedded()
    repeat = -(-60_000 // len(digits.x_train))
    dataset = Dataset("digits-60k", np.tile(digits.x_train, (repeat, 1, 1))[:60_000],
                      np.tile(digits.y_train, repeat)[:60_000], digits.x_test, digits.y_test,
                      digits.class_names)  # fmt: skip
    config = TrainingConfig(epochs=1, batch_size=BATCH, val_split=0.0)
    session = TrainingSession(build_preset("lab-cnn", seed=0), dataset, config)
    began = time.perf_counter()
    session.run()
    seconds = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"epoch_seconds": seconds, "peak_memory_mb": peak_kib / 1024}


WORKERS = {"engine": measure_engine, "torch": measure_torch, "naive": measure_naive, "epoch": measure_epoch}


def run_worker(python: str, name: str, steps: int) -> dict | None:
    command = [python, __file__, "--worker", name, "--steps", str(steps)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        print(f"{name}: failed ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode})")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=40, help="timed training steps per run")
    parser.add_argument("--torch-python", default=sys.executable, help="a Python that can import torch")
    parser.add_argument("--epoch", action="store_true", help="also time a full 60k-image epoch and its memory")
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        steps = max(3, args.steps // 8) if args.worker == "naive" else args.steps
        print(json.dumps(WORKERS[args.worker](**({} if args.worker == "epoch" else {"steps": steps}))))
        return 0

    has_torch = subprocess.run([args.torch_python, "-c", "import torch"], capture_output=True).returncode == 0
    if not has_torch:
        print(f"PyTorch not importable by {args.torch_python}: comparing with the naive reference only")
    results = {"engine": [], "torch": [], "naive": []}
    for round_number in range(args.rounds):
        for name in ("engine", "torch", "naive"):
            if name == "torch" and not has_torch:
                continue
            python = args.torch_python if name == "torch" else sys.executable
            result = run_worker(python, name, args.steps)
            if result:
                results[name].append(result)
                shown = ", ".join(f"{key} {value:.1f}" for key, value in result.items())
                print(f"round {round_number + 1} {name}: {shown}")

    def median(name, key):
        values = [r[key] for r in results[name] if key in r]
        return float(np.median(values)) if values else float("nan")

    print(f"date: {time.strftime('%Y-%m-%d')}  batch: {BATCH}  rounds: {args.rounds}")
    for key, label in (("train", "train_images_per_second"), ("predict", "predict_images_per_second")):
        print(f"engine_{label}: {median('engine', key):.0f}")
        if has_torch:
            print(f"torch_{label}: {median('torch', key):.0f}")
    print(f"naive_train_images_per_second: {median('naive', 'train'):.0f}")
    print(f"engine_single_image_predict_ms: {median('engine', 'single_ms'):.2f}")
    if has_torch:
        print(f"torch_single_image_predict_ms: {median('torch', 'single_ms'):.2f}")
        # Ratios per round (engine and torch ran back to back), then the median.
        for key in ("train", "predict"):
            ratios = [e[key] / t[key] for e, t in zip(results["engine"], results["torch"], strict=True)]
            print(f"{key}_ratio_engine_to_torch: {np.median(ratios):.2f}")
    print(f"train_ratio_engine_to_naive: {median('engine', 'train') / median('naive', 'train'):.1f}")
    if args.epoch:
        epoch = run_worker(sys.executable, "epoch", 0)
        if epoch:
            print(f"epoch_60k_seconds: {epoch['epoch_seconds']:.1f}")
            print(f"epoch_60k_peak_memory_mb: {epoch['peak_memory_mb']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
