"""Training and prediction speed of every preset: the engine against PyTorch's CPU build, and a naive numpy CNN.

python benchmarks/speed.py [--presets lab-cnn,mini-resnet] [--batches 16,64,256] [--rounds 3]
                           [--seconds 1] [--torch-python PATH] [--epoch]

Each measurement runs in its own subprocess (so PyTorch's and numpy's thread pools never
share a process), and the engines take turns, preset by preset, for ``--rounds`` rounds
(who goes first alternates): the machine is shared and noisy, so each ratio compares two
runs taken seconds apart, and the medians of the per-round ratios are printed. PyTorch's
twin of each preset is the file ``python main.py export PRESET --format pytorch`` writes
(``engine/export_pytorch.py``), with the same weights: the same layers, shapes and parameter
counts. Both train with Adam (lr 1e-3) on random float32 inputs of the preset's shape, for at
least ``--seconds`` per batch size after three warm-up steps; PyTorch with 2 threads, the
engine as the app runs it. Prediction: 4,096 images at batch 256, and one image at a time
(a drawn digit). PyTorch runs when ``--torch-python`` (default: this interpreter) can import
it. The naive reference is ``benchmarks/naive_cnn.py`` (float64, patch-by-patch
im2col/col2im, lab-cnn at batch 64), once per round. ``--epoch`` also trains one full
60,000-image epoch of lab-cnn with the engine's TrainingSession and reports its time and the
peak memory of that process.
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

from engine.presets import ZOO, build_preset  # noqa: E402

PREDICT_BATCH = 256
PREDICT_IMAGES = 4096


def _data(n: int, shape, classes: int = 10):
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, *shape)).astype(np.float32), rng.integers(0, classes, n)


def _rate(step, x, y, batch: int, seconds: float) -> float:
    """Images per second of ``step(x_batch, y_batch)``: three warm-up steps (first-touch allocations,
    thread pools starting), then at least 5 steps and ``seconds``."""
    starts = range(0, len(x) - batch + 1, batch)
    for start in list(starts)[:3]:
        step(x[start : start + batch], y[start : start + batch])
    steps, began = 0, time.perf_counter()
    while steps < 5 or time.perf_counter() - began < seconds:
        start = starts[steps % len(starts)]
        step(x[start : start + batch], y[start : start + batch])
        steps += 1
    return steps * batch / (time.perf_counter() - began)


def _predict_rates(predict, x) -> tuple[float, float]:
    """(images/s at batch 256, median ms for one image)."""
    predict(x[:PREDICT_BATCH])
    began = time.perf_counter()
    for start in range(0, len(x), PREDICT_BATCH):
        predict(x[start : start + PREDICT_BATCH])
    rate = len(x) / (time.perf_counter() - began)
    single = []
    for i in range(50):
        began = time.perf_counter()
        predict(x[i : i + 1])
        single.append(time.perf_counter() - began)
    return rate, float(np.median(single) * 1000)


def gemm_peak() -> float:
    """numpy's float32 matrix-product speed on large square matrices, GFLOP/s (best of 5)."""
    a, b = (np.random.default_rng(0).standard_normal((2048, 2048)).astype(np.float32) for _ in range(2))
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(5))
    return 2 * 2048**3 / best / 1e9


def _timed(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def measure_engine(preset: str, batches: list[int], seconds: float) -> dict:
    model = build_preset(preset, seed=0).compile("adam")
    x, y = _data(max(PREDICT_IMAGES, 4 * max(batches)), model.input_shape)
    train = {str(b): _rate(model.train_step, x, y, b, seconds) for b in batches}
    predict, single = _predict_rates(model.predict, x[:PREDICT_IMAGES])
    return {"train": train, "predict": predict, "single_ms": single, "params": model.num_params(),
            "multiply_adds": model.multiply_adds(), "gemm_peak": gemm_peak()}  # fmt: skip


def measure_torch(preset: str, batches: list[int], seconds: float) -> dict:
    import torch
    from torch import nn

    from engine.export_pytorch import pytorch_source, pytorch_state

    torch.set_num_threads(2)
    model = build_preset(preset, seed=0)
    namespace: dict = {}
    exec(compile(pytorch_source(model), f"{preset}.py", "exec"), namespace)  # the exported twin
    net = namespace["Net"]()
    net.load_state_dict({key: torch.from_numpy(value) for key, value in pytorch_state(model).items()})
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = _data(max(PREDICT_IMAGES, 4 * max(batches)), model.input_shape)
    x, y = torch.from_numpy(x), torch.from_numpy(y)

    def step(xb, yb):
        optimizer.zero_grad()
        loss_fn(net(xb), yb).backward()
        optimizer.step()

    net.train()
    train = {str(b): _rate(step, x, y, b, seconds) for b in batches}
    net.eval()
    with torch.no_grad():
        predict, single = _predict_rates(lambda xb: torch.softmax(net(xb), dim=1), x[:PREDICT_IMAGES])
    return {"train": train, "predict": predict, "single_ms": single, "params": sum(p.numel() for p in net.parameters())}


def measure_naive(preset: str, batches: list[int], seconds: float) -> dict:
    from benchmarks.naive_cnn import NaiveLabCNN

    model = NaiveLabCNN(seed=0)
    x, y = _data(1024, (1, 28, 28))
    return {"train": {"64": _rate(model.train_step, x, y, 64, seconds)}}


def measure_epoch(preset: str, batches: list[int], seconds: float) -> dict:
    """One 60,000-image epoch through TrainingSession (as `train` runs it); peak memory of the process."""
    import resource

    from engine.data import Dataset, load_embedded
    from engine.session import TrainingSession
    from engine.training_config import TrainingConfig

    digits = load_embedded()
    repeat = -(-60_000 // len(digits.x_train))
    dataset = Dataset("digits-60k", np.tile(digits.x_train, (repeat, 1, 1))[:60_000],
                      np.tile(digits.y_train, repeat)[:60_000], digits.x_test, digits.y_test,
                      digits.class_names)  # fmt: skip
    config = TrainingConfig(epochs=1, batch_size=64, val_split=0.0)
    session = TrainingSession(build_preset("lab-cnn", seed=0), dataset, config)
    began = time.perf_counter()
    session.run()
    seconds = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"epoch_seconds": seconds, "peak_memory_mb": peak_kib / 1024}


WORKERS = {"engine": measure_engine, "torch": measure_torch, "naive": measure_naive, "epoch": measure_epoch}


def run_worker(python: str, name: str, preset: str, batches: list[int], seconds: float) -> dict | None:
    command = [python, __file__, "--worker", name, "--presets", preset, "--batches", ",".join(map(str, batches)),
               "--seconds", str(seconds)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode
        print(f"{name} {preset}: failed ({last})")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _batch_sizes(text: str) -> list[int]:
    try:
        sizes = [int(item) for item in text.split(",") if item.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise SystemExit(f"error: --batches: expected positive whole numbers like 16,64,256, got {text!r}")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default=",".join(ZOO), help="comma-separated presets (default: the whole zoo)")
    parser.add_argument("--batches", default="16,64,256", help="training batch sizes (default 16,64,256)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0, help="least time per training measurement")
    parser.add_argument("--torch-python", default=sys.executable, help="a Python that can import torch")
    parser.add_argument("--epoch", action="store_true", help="also time a full 60k-image epoch and its memory")
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    presets = [name.strip() for name in args.presets.split(",") if name.strip()]
    batches = _batch_sizes(args.batches)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](presets[0], batches, args.seconds)))
        return 0
    unknown = [name for name in presets if name not in ZOO]
    if unknown:
        parser.error(f"--presets: {', '.join(unknown)} not in the zoo ({', '.join(ZOO)})")

    try:
        has_torch = subprocess.run([args.torch_python, "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:  # no such program
        has_torch = False
    if not has_torch:
        print(f"PyTorch not importable by {args.torch_python}: the engine's numbers and the naive reference only")
    results = {(engine_name, preset): [] for engine_name in ("engine", "torch") for preset in presets}
    naive = []
    for round_number in range(args.rounds):
        order = ("engine", "torch") if round_number % 2 == 0 else ("torch", "engine")
        for preset in presets:
            for name in order:
                if name == "torch" and not has_torch:
                    continue
                python = args.torch_python if name == "torch" else sys.executable
                result = run_worker(python, name, preset, batches, args.seconds)
                if result:
                    results[(name, preset)].append(result)
                    shown = ", ".join(f"batch {b} {r:,.0f}/s" for b, r in result["train"].items())
                    predict = f"predict {result['predict']:,.0f}/s, one image {result['single_ms']:.2f} ms"
                    print(f"round {round_number + 1} {name} {preset}: train {shown}; {predict}", flush=True)
        if "lab-cnn" in presets:
            result = run_worker(sys.executable, "naive", "lab-cnn", [64], args.seconds)
            naive += [result["train"]["64"]] if result else []
    print(
        f"date: {time.strftime('%Y-%m-%d')}  rounds: {args.rounds}  training: Adam, float32, random inputs; "
        f"ratio = engine images/s / PyTorch images/s, median of the per-round ratios (above 1: the engine is faster)"
    )
    print(ratio_table(results, presets, batches, has_torch))
    if naive and results[("engine", "lab-cnn")]:
        engine_rate = np.median([r["train"]["64"] for r in results[("engine", "lab-cnn")] if "64" in r["train"]])
        print(
            f"naive_train_images_per_second (lab-cnn, batch 64): {np.median(naive):.0f}; "
            f"engine / naive: {engine_rate / np.median(naive):.1f}"
        )
    print(arithmetic(results, presets, batches))
    if args.epoch:
        epoch = run_worker(sys.executable, "epoch", "lab-cnn", [64], args.seconds)
        if epoch:
            print(f"epoch_60k_seconds: {epoch['epoch_seconds']:.1f}")
            print(f"epoch_60k_peak_memory_mb: {epoch['peak_memory_mb']:.0f}")
    return 0


def arithmetic(results: dict, presets: list[str], batches: list[int]) -> str:
    """Training FLOP/s at the middle batch size (6 x forward multiply-adds per image), and as a share
    of numpy's float32 GEMM peak on this machine (measured in each engine run; median)."""
    batch = str(batches[len(batches) // 2])
    engine_runs = [r for preset in presets for r in results[("engine", preset)]]
    if not engine_runs:
        return "arithmetic: no engine run"
    peak = float(np.median([r["gemm_peak"] for r in engine_runs]))
    lines = [f"arithmetic (training at batch {batch}; numpy float32 GEMM peak here {peak:.0f} GFLOP/s):"]
    for preset in presets:
        runs = results[("engine", preset)]
        if not runs:
            continue
        flops = 6 * runs[0]["multiply_adds"]
        mine = float(np.median([r["train"][batch] for r in runs])) * flops / 1e9
        torch_runs = results[("torch", preset)]
        theirs = (f", PyTorch {float(np.median([r['train'][batch] for r in torch_runs])) * flops / 1e9:.1f}"
                  if torch_runs else "")  # fmt: skip
        lines.append(f"  {preset}: {flops / 1e6:.1f} MFLOP per image; engine {mine:.1f} GFLOP/s "
                     f"({mine / peak:.0%} of the GEMM peak){theirs}")  # fmt: skip
    return "\n".join(lines)


def ratio_table(results: dict, presets: list[str], batches: list[int], has_torch: bool) -> str:
    """A markdown table: per preset, the training ratio at each batch size, prediction's at 256, and one image."""

    def ratio(preset, pick) -> str:
        pairs = zip(results[("engine", preset)], results[("torch", preset)], strict=False)
        values = [pick(e) / pick(t) for e, t in pairs]
        return f"{np.median(values):.2f}" if values else "n/a"

    def engine_median(preset, pick) -> float:
        values = [pick(r) for r in results[("engine", preset)]]
        return float(np.median(values)) if values else float("nan")

    columns = [f"train {b}" for b in batches] + [f"predict {PREDICT_BATCH}", "one image (engine / PyTorch ms)"]
    rows = ["| preset | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for preset in presets:
        if has_torch:
            cells = [ratio(preset, lambda r, b=str(b): r["train"][b]) for b in batches]
            cells.append(ratio(preset, lambda r: r["predict"]))
            torch_ms = np.median([r["single_ms"] for r in results[("torch", preset)]] or [float("nan")])
            cells.append(f"{engine_median(preset, lambda r: r['single_ms']):.2f} / {torch_ms:.2f}")
        else:
            cells = [f"{engine_median(preset, lambda r, b=str(b): r['train'][b]):,.0f}/s" for b in batches]
            cells += [f"{engine_median(preset, lambda r: r['predict']):,.0f}/s",
                      f"{engine_median(preset, lambda r: r['single_ms']):.2f}"]  # fmt: skip
        rows.append(f"| {preset} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
