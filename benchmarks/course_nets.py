"""Seconds per CIFAR-10 epoch of the TF2 notes' networks (and the mini versions to compare), on this machine.

python benchmarks/course_nets.py [--steps 5] [--batch 32] [--presets tf2-vgg16,mini-resnet]

Each preset is built for 32x32 colour images and 10 classes and takes training steps on random
batches (the time of a step does not depend on the pixels); the median step time times the 1,563
steps of an epoch of 50,000 images at batch 32 (the notes' batch size) is its epoch. The first step
is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.presets import COURSE, PRESETS, build_preset, seconds_per_step  # noqa: E402

CIFAR_SHAPE, CIFAR_TRAIN = (3, 32, 32), 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--presets", default=",".join([*COURSE, "mini-resnet", "lab-cnn"]))
    args = parser.parse_args()
    steps_per_epoch = -(-CIFAR_TRAIN // args.batch)
    print(f"preset            parameters   ms/step (batch {args.batch})   minutes per CIFAR-10 epoch")
    for name in args.presets.split(","):
        if name not in PRESETS:
            raise SystemExit(f"unknown preset {name}")
        model = build_preset(name, num_classes=10, seed=0, input_shape=CIFAR_SHAPE).compile("adam")
        step, params = seconds_per_step(model, args.batch, args.steps), model.num_params()
        print(f"{name:<17} {params:>10,}   {step * 1000:>10.0f}              {step * steps_per_epoch / 60:>8.1f}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
