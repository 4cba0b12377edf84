"""The dataset types: ``Dataset`` (uint8 images and class labels) and ``ArrayData`` (prepared arrays),
and ``validate``, which every loader ends with, so nothing is returned half-checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..words import Said, said
from .arrays import image_shape
from .errors import DatasetError

IMAGE_SIZE = 28  # MNIST's side: the drawing pipeline's output and the presets' first shape
MIN_SIDE = 4  # smaller is no picture to convolve
DIGITS, PHOTOS = "digits", "photos"  # the two ways new pictures are read (engine/data/pictures.py)
MAX_CLASSES = 10_000  # far more than any image classification set here; a label beyond is not a class number


@dataclass
class Dataset:
    """Images uint8 (N, H, W) grey or (N, 3, H, W) colour, labels (N,) int64, for a training and a test part.

    Either part may be empty (an IDX folder holding only ``t10k-*`` is enough to evaluate); both
    have the same image size. pipeline: how a new picture is read to look like these images,
    ``"digits"`` (the draw panel's ink crop and centring, to 28x28) or ``"photos"`` (resized
    to fit and padded, colour kept).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    source: str = ""
    notes: list[str] = field(default_factory=list)
    pipeline: str = DIGITS
    reading: dict | None = None  # picture files: how they were read (DataOptions.to_dict()), to read them again

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """``(C, H, W)``: what a network for these images takes."""
        return image_shape(self.x_train if len(self.x_train) else self.x_test)

    def take(self, count: int) -> Dataset:
        """The same dataset with at most ``count`` training and ``count`` test images (the first ones)."""
        if count < 1:
            raise ValueError(said("the number of images must be positive, got {count}", count=count))
        parts = (self.x_train[:count], self.y_train[:count], self.x_test[:count], self.y_test[:count])
        return Dataset(self.name, *parts, list(self.class_names), self.source, list(self.notes), self.pipeline,
                       self.reading)  # fmt: skip

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.input_shape))
        counts = f"train={len(self.x_train)}, test={len(self.x_test)}, classes={self.num_classes}"
        return f"Dataset({self.name!r}, {counts}, shape={shape})"


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


def empty_part(shape: tuple[int, ...] = (1, IMAGE_SIZE, IMAGE_SIZE)) -> tuple[np.ndarray, np.ndarray]:
    """No images of ``shape`` (C, H, W) and no labels: the missing part of a dataset."""
    return np.zeros((0, *shape[1:]) if shape[0] == 1 else (0, *shape), np.uint8), np.zeros(0, np.int64)


def default_pipeline(shape: tuple[int, int, int]) -> str:
    """How new pictures are read for data of this ``(C, H, W)``: MNIST-sized grey images are digit drawings."""
    return DIGITS if tuple(shape) == (1, IMAGE_SIZE, IMAGE_SIZE) else PHOTOS


def validate(name, source, x_train, y_train, x_test, y_test, class_names=None, pipeline=None) -> Dataset:
    """Check shapes, counts and label ranges of both parts; build the Dataset or raise.

    Images are (N, H, W) or (N, 1, H, W) for one channel, (N, 3, H, W) for colour; both parts the same size.
    """
    parts = {"train": (x_train, y_train), "test": (x_test, y_test)}
    checked = {}
    for part, (images, labels) in parts.items():
        if images is None or labels is None:
            continue
        images, labels = np.asarray(images), np.asarray(labels)
        if images.ndim == 4 and images.shape[1] == 1:
            images = images[:, 0]
        if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[1] != 3):
            raise DatasetError(
                said("{source}: {part} images must be (N, H, W) or (N, 3, H, W) for colour, got shape {shape}",
                     source=source, part=part, shape=images.shape)
            )
        if min(images.shape[-2:]) < MIN_SIDE:
            raise DatasetError(said("{source}: {part} images of {value}x{value2} pixels are too small (at least "
                                    "{MIN_SIDE}x{MIN_SIDE})",
                                    source=source, part=part, value=images.shape[-2], value2=images.shape[-1],
                                    MIN_SIDE=MIN_SIDE))  # fmt: skip
        if labels.ndim != 1:
            raise DatasetError(said("{source}: {part} labels must be one number per image, got shape {shape}",
                                    source=source, part=part, shape=labels.shape))
        if len(images) != len(labels):
            raise DatasetError(said("{source}: {count_images} {part} images but {count_labels} labels",
                                    source=source, count_images=len(images), part=part, count_labels=len(labels)))
        if not np.issubdtype(labels.dtype, np.integer):
            raise DatasetError(said("{source}: {part} labels must be integers, got {dtype}",
                                    source=source, part=part, dtype=labels.dtype))
        checked[part] = (_as_uint8_images(images, source, part), labels.astype(np.int64))
    shapes = {part: image_shape(images) for part, (images, _) in checked.items()}
    if len(set(shapes.values())) > 1:
        raise DatasetError(
            said("{source}: the train images are {value} but the test images are {value2}; both parts must be the "
                 "same size",
                 source=source, value=shape_words(shapes['train']), value2=shape_words(shapes['test']))
        )
    shape = next(iter(shapes.values()), (1, IMAGE_SIZE, IMAGE_SIZE))
    for part in parts:
        checked.setdefault(part, empty_part(shape))
    total = len(checked["train"][0]) + len(checked["test"][0])
    if total == 0:
        raise DatasetError(said("{source}: holds no images", source=source))
    all_labels = np.concatenate([checked["train"][1], checked["test"][1]])
    if class_names is None and int(all_labels.max()) >= MAX_CLASSES:
        raise DatasetError(
            said("{source}: a label of {value:,} would mean {value2:,} classes; at most {MAX_CLASSES:,} are "
                 "supported (labels must be class numbers 0, 1, 2, ...)",
                 source=source, value=int(all_labels.max()), value2=int(all_labels.max()) + 1,
                 MAX_CLASSES=MAX_CLASSES)
        )
    if class_names is None:
        class_names = [str(i) for i in range(max(10, int(all_labels.max()) + 1))]
    if all_labels.min() < 0 or all_labels.max() >= len(class_names):
        raise DatasetError(
            said("{source}: labels must be in [0, {value}], found {value2} to {value3}",
                 source=source, value=len(class_names) - 1, value2=all_labels.min(), value3=all_labels.max())
        )
    return Dataset(
        name,
        *checked["train"],
        *checked["test"],
        list(class_names),
        str(source),
        pipeline=pipeline or default_pipeline(shape),
    )


def shape_words(shape: tuple[int, int, int]) -> Said:
    """``"28x28 grey"``, ``"48x48 colour"``: images of ``shape`` (C, H, W) in words."""
    channels, height, width = shape
    if channels == 1:
        return said("{height}x{width} grey", height=height, width=width)
    return said("{height}x{width} colour", height=height, width=width)


def _as_uint8_images(images: np.ndarray, source, part) -> np.ndarray:
    """uint8 stays; floats in [0, 1] are scaled to 0-255, whole numbers 0-255 kept; anything else is refused."""
    if images.dtype == np.uint8:
        return images
    if np.issubdtype(images.dtype, np.floating):
        if not np.all(np.isfinite(images)) or images.min(initial=0) < 0 or images.max(initial=0) > 255:
            raise DatasetError(said("{source}: {part} float images must hold values in [0, 1] or 0-255",
                                    source=source, part=part))
        if images.max(initial=0) <= 1:
            return np.rint(images * 255).astype(np.uint8)
        if np.any(images != np.round(images)):  # e.g. normalised already: the scale cannot be guessed
            raise DatasetError(said("{source}: {part} images hold values above 1 that are not whole numbers; store "
                                    "pixels as 0-255 or in [0, 1]", source=source, part=part))  # fmt: skip
        return images.astype(np.uint8)
    if np.issubdtype(images.dtype, np.integer) and images.min(initial=0) >= 0 and images.max(initial=0) <= 255:
        return images.astype(np.uint8)
    raise DatasetError(said("{source}: {part} images must be uint8 (0-255) or floats in [0, 1], got {dtype}",
                            source=source, part=part, dtype=images.dtype))
