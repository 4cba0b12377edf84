"""The dataset types: ``Dataset`` (uint8 images and class labels) and ``ArrayData`` (prepared arrays),
and ``validate``, which every loader ends with, so nothing is returned half-checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import DatasetError

IMAGE_SIZE = 28
MAX_CLASSES = 10_000  # far more than any image classification set here; a label beyond is not a class number


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
    if class_names is None and int(all_labels.max()) >= MAX_CLASSES:
        raise DatasetError(
            f"{source}: a label of {int(all_labels.max()):,} would mean {int(all_labels.max()) + 1:,} classes; at most "
            f"{MAX_CLASSES:,} are supported (labels must be class numbers 0, 1, 2, ...)"
        )
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
