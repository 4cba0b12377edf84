"""``TrainingInputs``: where a training session's batches come from.

A ``Dataset`` of uint8 images is split into training and validation (stratified by class,
seeded), normalised with the mean and standard deviation of its training images, and
augmented batch by batch. An ``ArrayData`` of prepared arrays (what ``Sequential.fit``
passes) is used as it is.
"""

from __future__ import annotations

import numpy as np

from .data.augment import Augmenter
from .data.dataset import ArrayData, Dataset
from .data.preprocessing import Normalization, to_float, train_val_split
from .training_config import TrainingConfig
from .words import said


class TrainingInputs:
    """The training and validation parts of ``dataset`` under ``config``, and how a batch is prepared.

    normalization: how to scale the images (a fine-tuned model keeps its own); by default
    the mean and standard deviation of the training images.
    """

    def __init__(
        self, dataset: Dataset | ArrayData, config: TrainingConfig, normalization: Normalization | None = None
    ):
        if len(dataset.x_train) == 0:
            raise ValueError(said("{name}: has no training images", name=dataset.name))
        self.is_images = isinstance(dataset, Dataset)
        self.augmenter = Augmenter(config.augment, seed=config.seed + 1)
        self.x_train, self.y_train, self.x_val, self.y_val = _split(dataset, config)
        self.normalization: Normalization | None = None
        if self.is_images:
            self.normalization = normalization or Normalization.fit(self.x_train)
            self.x_val_ready = None if self.x_val is None else self.normalization.apply(self.x_val)
        else:
            if config.augment.active:
                raise ValueError(said("augmentation works on a Dataset of images, not on prepared arrays"))
            self.x_val_ready = self.x_val

    def prepare(self, images: np.ndarray, augmenter: Augmenter | None = None) -> np.ndarray:
        """A batch as the model takes it: uint8 (N, H, W) or (N, C, H, W) -> augmented, normalised float32
        (N, C, H, W).

        Prepared arrays pass unchanged. ``augmenter`` replaces the session's own (to time a
        step on a copy without moving the run's random stream).
        """
        if not self.is_images:
            return images
        return self.normalization.apply((augmenter or self.augmenter)(to_float(images)))

    def metadata(self, dataset: Dataset) -> dict:
        """What a model trained on these inputs must remember to read new images the same way."""
        if not self.is_images:
            return {}
        return {"normalization": self.normalization.to_dict(), "class_names": list(dataset.class_names),
                "dataset": dataset.name, "pipeline": dataset.pipeline}  # fmt: skip

    def probe(self, image) -> np.ndarray | None:
        """One image like the dataset's ((H, W) or (C, H, W), uint8 or [0, 1]), normalised as training
        normalises; None without images."""
        if image is None or not self.is_images:
            return None
        image = np.asarray(image)
        if image.shape != self.x_train.shape[1:]:
            raise ValueError(said("probe image must be {value} like the dataset's, got {shape}",
                                  value=self.x_train.shape[1:], shape=image.shape))
        return self.normalization.apply(image[None])[0]


def _split(dataset, config: TrainingConfig):
    """``(x, y, x_val, y_val)``: a given validation set, or ``val_split`` held out (stratified for class labels)."""
    x, y = dataset.x_train, dataset.y_train
    if isinstance(dataset, ArrayData) and dataset.x_val is not None:
        return x, y, dataset.x_val, dataset.y_val
    if config.val_split == 0:
        return x, y, None, None
    labels = np.asarray(y)
    stratify = labels.ndim == 1 and np.issubdtype(labels.dtype, np.integer)
    return train_val_split(x, y, config.val_split, seed=config.seed, stratify=stratify)
