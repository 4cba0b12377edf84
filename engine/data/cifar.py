"""CIFAR-10 in its binary version (``cifar-10-binary.tar.gz``): 60,000 colour photos of 32x32, 10 classes.

Each ``.bin`` file is a run of 3,073-byte records: one label byte, then the 1,024 red, 1,024 green
and 1,024 blue pixel values of one image, row by row. The Python version of the dataset is
pickled and is never loaded here. ``unpack`` takes the files out of the downloaded archive,
refusing anything but the expected plain files.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import numpy as np

from ..words import said
from .dataset import PHOTOS, Dataset, validate
from .errors import DatasetError

CIFAR10_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
ARCHIVE = "cifar-10-binary.tar.gz"
TRAIN_FILES = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
TEST_FILE = "test_batch.bin"
RECORD = 1 + 3 * 32 * 32


def has_cifar_files(folder: Path) -> bool:
    return all((folder / name).is_file() for name in (*TRAIN_FILES, TEST_FILE))


def unpack(folder: Path) -> None:
    """Take the six ``.bin`` files (and the class names) out of ``folder/ARCHIVE`` into ``folder``, then
    delete the archive. Only those plain files are read, by their base name: no path in the archive
    can write outside ``folder``."""
    archive = folder / ARCHIVE
    wanted = {*TRAIN_FILES, TEST_FILE, "batches.meta.txt"}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = Path(member.name).name
                if name not in wanted or not member.isfile():
                    continue
                source = tar.extractfile(member)
                part = folder / (name + ".part")
                with source, open(part, "wb") as target:
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
                part.replace(folder / name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise DatasetError(said("{archive}: cannot be unpacked ({error})", archive=archive, error=error)) from None
    if not has_cifar_files(folder):
        missing = [name for name in (*TRAIN_FILES, TEST_FILE) if not (folder / name).is_file()]
        raise DatasetError(said("{archive}: holds no {value}; is it the binary version of CIFAR-10?",
                                archive=archive, value=', '.join(missing)))
    archive.unlink()


def _read_records(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, 3, 32, 32) uint8, labels (N,)) of one ``.bin`` file."""
    size = path.stat().st_size
    if size == 0 or size % RECORD:
        raise DatasetError(said("{path}: {size:,} bytes is not a whole number of {RECORD:,}-byte CIFAR records",
                                path=path, size=size, RECORD=RECORD))
    records = np.fromfile(path, dtype=np.uint8).reshape(-1, RECORD)
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)


def load_cifar_folder(folder, name: str = "cifar10") -> Dataset:
    """The training batches and the test batch of an unpacked CIFAR-10 folder."""
    folder = Path(folder)
    train = [_read_records(folder / file) for file in TRAIN_FILES]
    x_test, y_test = _read_records(folder / TEST_FILE)
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    meta = folder / "batches.meta.txt"
    names = [line.strip() for line in meta.read_text().splitlines() if line.strip()] if meta.is_file() else []
    dataset = validate(name, folder, x_train, y_train, x_test, y_test, names or CIFAR10_NAMES, pipeline=PHOTOS)
    dataset.source = "CIFAR-10 (Krizhevsky, 2009), binary version"
    return dataset
