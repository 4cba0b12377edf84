"""benchmarks/speed.py runs as the README writes it (its arithmetic count: tests/engine/test_model.py); and
benchmarks/layer_times.py, which says where a step's time goes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_its_ratio_table_and_arithmetic_without_pytorch():
    done = subprocess.run(
        [sys.executable, "benchmarks/speed.py", "--presets", "lab-cnn-light", "--batches", "16", "--rounds", "1",
         "--seconds", "0.05", "--torch-python", "no-such-python"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "PyTorch not importable by no-such-python" in out
    assert "| lab-cnn-light | " in out and "/s |" in out  # the engine's own numbers, without ratios
    assert "lab-cnn-light: 1.8 MFLOP per image; engine " in out and "% of the GEMM peak)" in out


def test_the_layer_timer_names_every_layer_of_a_block_and_the_optimizer():
    done = subprocess.run([sys.executable, "benchmarks/layer_times.py", "mini-resnet", "--batch", "4", "--steps", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for part in ("residualblock_1.conv1 forward", "residualblock_3.shortcut_bn backward", "dense_1 backward",
                 "optimizer", "a whole step: "):  # fmt: skip
        assert part in done.stdout, part
    bad = subprocess.run([sys.executable, "benchmarks/layer_times.py", "no-such-net"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)  # fmt: skip
    assert bad.returncode == 2 and "'no-such-net' is not in the zoo" in bad.stderr.strip().splitlines()[-1]


def test_the_layer_timer_times_a_prediction_with_each_folded_pair_by_its_layers_names():
    done = subprocess.run([sys.executable, "benchmarks/layer_times.py", "mini-resnet", "--predict", "--batch", "16",
                           "--steps", "2"], capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("mini-resnet, batch 16, medians of 2 predictions (ms):")
    for part in ("conv2d_1 + batchnorm2d_1 (folded)", "residualblock_3.shortcut + residualblock_3.shortcut_bn (folded)",
                 "residualblock_2.relu_out", "dense_1", "a whole prediction: "):  # fmt: skip
        assert part in done.stdout, part
