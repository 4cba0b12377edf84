"""Data as students have it on disk: a colour photo folder, a Kaggle CSV, the homework's .mat, an .npz
with other names. Shared by the engine, CLI and GUI tests."""

from __future__ import annotations

import hashlib
import io
import tarfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.io
from PIL import Image, ImageDraw

from engine.data import download as download_module
from engine.data.cifar import ARCHIVE, CIFAR10_NAMES, TEST_FILE, TRAIN_FILES

SHAPES = ("disc", "square", "triangle")


def photo(shape: str, size: int, rng) -> Image.Image:
    """A ``size`` x ``size`` colour picture of one shape, in a random dark colour, place and size, on a random
    light background: the class is the shape, never the colour."""
    background = tuple(int(v) for v in rng.integers(150, 256, 3))
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    radius = rng.uniform(0.22, 0.36) * size
    cx, cy = rng.uniform(radius, size - radius, 2)
    colour = tuple(int(v) for v in rng.integers(0, 120, 3))
    box = [cx - radius, cy - radius, cx + radius, cy + radius]
    if shape == "disc":
        draw.ellipse(box, fill=colour)
    elif shape == "square":
        draw.rectangle(box, fill=colour)
    else:
        draw.polygon([(cx, cy - radius), (cx - radius, cy + radius), (cx + radius, cy + radius)], fill=colour)
    return picture


def photo_folder(root: Path, per_class: int = 40, size: int = 48, test_per_class: int = 0, seed: int = 0) -> Path:
    """``root/<shape>/<i>.jpg`` (or ``root/train/...`` and ``root/test/...`` with ``test_per_class``)."""
    rng = np.random.default_rng(seed)
    parts = {"train": per_class, "test": test_per_class} if test_per_class else {"": per_class}
    for part, count in parts.items():
        for shape in SHAPES:
            folder = root / part / shape
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(count):
                photo(shape, size, rng).save(folder / f"{i}.{'jpg' if i % 2 else 'png'}", quality=92)
    return root


def kaggle_csv(path: Path, images: np.ndarray, labels: np.ndarray | None, header: bool = True) -> Path:
    """Kaggle digit-recognizer layout: ``label,pixel0,...,pixel783`` (no label column for the test file)."""
    flat = images.reshape(len(images), -1).astype(np.int64)
    columns = [f"pixel{i}" for i in range(flat.shape[1])]
    if labels is not None:
        flat = np.column_stack([labels, flat])
        columns = ["label", *columns]
    np.savetxt(path, flat, fmt="%d", delimiter=",", header=",".join(columns) if header else "", comments="")
    return path


def homework_mat(path: Path, digits: dict, train: int = 300, test: int = 100) -> Path:
    """The numpy-CNN homework's MNISTData.mat: X_Train (28, 28, N) doubles in [0, 1], D_Train one-hot (10, N)."""

    def part(x, y):
        return np.moveaxis(x, 0, -1) / 255.0, np.eye(10)[y].T

    x_train, d_train = part(digits["x_train"][:train], digits["y_train"][:train])
    x_test, d_test = part(digits["x_test"][:test], digits["y_test"][:test])
    scipy.io.savemat(path, {"X_Train": x_train, "D_Train": d_train, "X_Test": x_test, "D_Test": d_test})
    return path


def cifar_archive(rng, per_file: int = 4, extra: dict | None = None) -> tuple[bytes, dict]:
    """A tiny ``cifar-10-binary.tar.gz`` laid out as the real one, and its arrays by file name."""
    buffer, arrays = io.BytesIO(), {}
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        files = {name: per_file for name in TRAIN_FILES} | {TEST_FILE: per_file + 1}
        for name, count in files.items():
            images = rng.integers(0, 256, (count, 3, 32, 32), dtype=np.uint8)
            labels = rng.integers(0, 10, count, dtype=np.uint8)
            arrays[name] = (images, labels)
            records = np.concatenate([labels[:, None], images.reshape(count, -1)], axis=1).tobytes()
            add_to_tar(tar, f"cifar-10-batches-bin/{name}", records)
        add_to_tar(tar, "cifar-10-batches-bin/batches.meta.txt", "\n".join(CIFAR10_NAMES).encode() + b"\n\n")
        for name, data in (extra or {}).items():
            add_to_tar(tar, name, data)
    return buffer.getvalue(), arrays


def add_to_tar(tar, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def serve_cifar(server, tmp_path, monkeypatch) -> dict:
    """Serve a tiny CIFAR-10 archive (4 images per training batch, 5 for test) from ``server`` as the app's
    only source, with the cache in ``tmp_path``; returns its arrays by file name."""
    archive, arrays = cifar_archive(np.random.default_rng(0))
    server.files[ARCHIVE] = archive
    checksum = "md5:" + hashlib.md5(archive).hexdigest()
    real = download_module.SOURCES["cifar10"]
    monkeypatch.setitem(download_module.SOURCES, "cifar10", replace(real, mirrors=(server.url,),
                        files={ARCHIVE: checksum}))  # fmt: skip
    monkeypatch.setenv("CNN_STUDIO_DATA", str(tmp_path / "cache"))
    return arrays
