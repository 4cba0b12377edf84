"""From stored images to network inputs: scaling, normalisation, one-hot, splits, batches.

images (N, 28, 28) uint8  --to_float-->  (N, 1, 28, 28) float32 in [0, 1]
                          --(augment)-->  same shape, still in [0, 1]
                          --Normalization.apply-->  (x - mean) / std

The mean and standard deviation come from the training images and are stored in
``model.metadata["normalization"]``, so prediction uses exactly the numbers training used.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..validation import whole_number
from ..words import said


def to_float(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, H, W) or (N, 1, H, W) -> float32 (N, 1, H, W) in [0, 1].

    Float input is taken to be in [0, 1] already and only gets the channel axis.
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[:, None]
    if images.ndim != 4:
        raise ValueError(said("images must be (N, H, W) or (N, C, H, W), got shape {shape}", shape=images.shape))
    if images.dtype == np.uint8:
        return images.astype(np.float32) * np.float32(1 / 255)
    return images.astype(np.float32, copy=False)


HISTOGRAM_CHUNK = 1 << 20  # pixels counted at a time: bincount makes an int64 copy of what it counts


def _uint8_moments(images: np.ndarray) -> tuple[float, float]:
    """Mean and std of uint8 pixels scaled to [0, 1], from how often each of the 256 values occurs.

    Exact (in float64) and without a float copy of the images: for 60,000 MNIST images the float32
    copy and float64 temporaries of ``x.std`` took 564 MB at once; the histogram needs 8 MB.
    """
    flat = images.reshape(-1)
    counts = np.zeros(256, dtype=np.int64)
    for start in range(0, len(flat), HISTOGRAM_CHUNK):
        counts += np.bincount(flat[start : start + HISTOGRAM_CHUNK], minlength=256)
    values = np.arange(256, dtype=np.float64) / 255
    total = counts.sum()
    mean = float(counts @ values / total)
    return mean, float(np.sqrt(counts @ (values - mean) ** 2 / total))


@dataclass(frozen=True)
class Normalization:
    """Subtract ``mean`` and divide by ``std`` (one number each, over all pixels)."""

    mean: float = 0.0
    std: float = 1.0

    def __post_init__(self):
        if not (np.isfinite(self.mean) and np.isfinite(self.std) and self.std > 0):
            raise ValueError(said("normalization needs a finite mean and a positive std, got {mean}, {std}",
                                  mean=self.mean, std=self.std))

    @classmethod
    def fit(cls, images: np.ndarray) -> Normalization:
        """Mean and std of the pixel values (scaled to [0, 1]) of ``images``."""
        images = np.asarray(images)
        if images.dtype == np.uint8:
            mean, std = _uint8_moments(images)
        else:
            x = to_float(images)
            # float64 sums: 60,000 x 784 float32 values lose digits in a float32 accumulator.
            mean, std = float(x.mean(dtype=np.float64)), float(x.std(dtype=np.float64))
        return cls(mean, max(std, 1e-6))

    def apply(self, images: np.ndarray) -> np.ndarray:
        """(N, H, W) uint8 or (N, 1, H, W) float in [0, 1] -> normalised float32 (N, 1, H, W)."""
        x = to_float(images)
        return (x - np.float32(self.mean)) * np.float32(1 / self.std)

    def to_dict(self) -> dict:
        return {"mean": self.mean, "std": self.std}

    @classmethod
    def from_metadata(cls, metadata: dict) -> Normalization:
        """The normalisation saved with a model, or the identity for models saved without one."""
        stored = (metadata or {}).get("normalization")
        if not stored:
            return cls()
        return cls(float(stored["mean"]), float(stored["std"]))


def model_inputs(model, images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) or [0, 1] float images -> what ``model`` was trained on (its saved normalisation)."""
    return Normalization.from_metadata(model.metadata).apply(images)


def class_names_of(model, fallback=None) -> list[str]:
    """The names of the model's output classes: saved with it, else ``fallback`` if the count fits, else numbers."""
    (count,) = model.output_shape()
    for names in (model.metadata.get("class_names"), fallback):
        if names and len(names) == count:
            return [str(name) for name in names]
    return [str(i) for i in range(count)]


def one_hot(labels: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Integer labels (N,) -> float32 rows (N, num_classes) with a single 1."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(said("labels must be a 1-D integer array, got {dtype} {shape}",
                              dtype=labels.dtype, shape=labels.shape))
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if len(labels) else 0
    if len(labels) and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(said("labels must be in [0, {value}], found {value2} to {value3}",
                              value=num_classes - 1, value2=labels.min(), value3=labels.max()))
    encoded = np.zeros((len(labels), num_classes), np.float32)
    encoded[np.arange(len(labels)), labels] = 1.0
    return encoded


def train_val_split(x: np.ndarray, y: np.ndarray, val_fraction: float, seed: int | None = 0, stratify: bool = True):
    """Hold out ``val_fraction`` of the samples for validation: ``(x_train, y_train, x_val, y_val)``.

    Stratified by default: every class keeps (to within one sample) the same share in both
    parts, so a 10% split of a dataset with a rare class still validates on that class.
    Both parts keep the original order of their samples.
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(said("x has {count_x} samples but y has {count_y}", count_x=len(x), count_y=len(y)))
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(said("val_fraction must be between 0 and 1 (exclusive), got {val_fraction}",
                              val_fraction=repr(val_fraction)))
    n_val = int(round(len(x) * val_fraction))
    if n_val < 1 or n_val >= len(x):
        raise ValueError(said("val_fraction={val_fraction} of {count_x} samples leaves no training or validation "
                              "samples", val_fraction=val_fraction, count_x=len(x)))
    rng = np.random.default_rng(seed)
    if not stratify:
        val_index = rng.choice(len(x), n_val, replace=False)
    else:
        # Each class gives floor(share) samples, then the largest remainders give one more,
        # so the total is exactly n_val (the "largest remainder" apportionment).
        classes, counts = np.unique(y, return_counts=True)
        exact = counts * n_val / len(x)
        take = np.floor(exact).astype(int)
        extra = np.argsort(-(exact - take), kind="stable")[: n_val - take.sum()]
        take[extra] += 1
        val_index = np.concatenate(
            [rng.choice(np.flatnonzero(y == c), k, replace=False) for c, k in zip(classes, take, strict=True)]
        )
    is_val = np.zeros(len(x), bool)
    is_val[val_index] = True
    return x[~is_val], y[~is_val], x[is_val], y[is_val]


class BatchIterator:
    """Mini-batches of (x, y), reshuffled each epoch with its own seeded generator.

    ``for x_batch, y_batch in batches:`` runs one epoch. ``batch_size`` may be changed at
    any time (from another thread too); the change applies from the next batch. ``state()``
    and ``set_state()`` capture the position and generator so a resumed run sees exactly
    the batches an uninterrupted one would.

    Args:
        x: samples (N, ...); y: labels (N,) or (N, K).
        transform: optional function applied to each x batch (e.g. to_float + augmentation).
    """

    def __init__(self, x, y, batch_size: int = 64, shuffle: bool = True, seed: int | None = None, transform=None):
        if len(x) != len(y):
            raise ValueError(said("x has {count_x} samples but y has {count_y}", count_x=len(x), count_y=len(y)))
        if len(x) == 0:
            raise ValueError(said("no samples to iterate over"))
        self.x, self.y = x, y
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.transform = transform
        self.rng = np.random.default_rng(seed)
        self.epoch = 0
        self.position = 0
        self._order = None
        self._order_rng_state = None  # generator state just before this epoch's shuffle
        self._lock = threading.Lock()

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._batch_size = whole_number(value, "batch_size")

    def __len__(self) -> int:
        """Batches in one epoch at the current batch size."""
        return -(-len(self.x) // self.batch_size)

    @property
    def remaining(self) -> int:
        """Samples not yet served in the current epoch."""
        return len(self.x) - self.position

    def _epoch_order(self) -> np.ndarray:
        if self._order is None:
            self._order_rng_state = self.rng.bit_generator.state
            self._order = self.rng.permutation(len(self.x)) if self.shuffle else np.arange(len(self.x))
        return self._order

    def next_batch(self):
        """The next batch of the current epoch, or None when the epoch is over (the next call starts a new one)."""
        with self._lock:
            if self.position >= len(self.x):
                self.epoch += 1
                self.position = 0
                self._order = None
                return None
            index = self._epoch_order()[self.position : self.position + self.batch_size]
            self.position += len(index)
        x_batch = self.x[index]
        if self.transform is not None:
            x_batch = self.transform(x_batch)
        return x_batch, self.y[index]

    def __iter__(self):
        while (batch := self.next_batch()) is not None:
            yield batch

    def state(self) -> dict:
        """JSON-serialisable position: epoch, samples served and the generator state.

        Once an epoch's order is drawn, the state from just before the shuffle is kept, so
        ``set_state`` redraws the very same order instead of storing N indices.
        """
        with self._lock:
            drawn = self._order is not None
            return {
                "epoch": self.epoch,
                "position": self.position,
                "rng": self._order_rng_state if drawn else self.rng.bit_generator.state,
                "order_drawn": drawn,
            }

    def set_state(self, state: dict) -> None:
        with self._lock:
            self.epoch = int(state["epoch"])
            self.position = int(state["position"])
            self.rng.bit_generator.state = state["rng"]
            self._order = None
            if state.get("order_drawn"):
                self._epoch_order()
