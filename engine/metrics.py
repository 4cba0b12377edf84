"""Measuring a classifier: the confusion matrix, per-class accuracy and a model's predictions on a test set
(used by the CLI, the window and the report)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import model_inputs


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """(K, K) counts: row = true class, column = predicted class.

    A model with more outputs than the dataset has classes may predict a class the
    dataset lacks; such predictions are counted in the last column, so every image is
    counted once and the diagonal stays the correct ones.
    """
    matrix = np.zeros((num_classes, num_classes), np.int64)
    np.add.at(matrix, (np.asarray(truth), np.minimum(predicted, num_classes - 1)), 1)
    return matrix


def per_class_accuracy(matrix: np.ndarray) -> np.ndarray:
    """Share of each true class predicted right (NaN for a class with no images)."""
    totals = matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(matrix) / np.maximum(totals, 1), np.nan)


@dataclass(frozen=True)
class EvaluationResult:
    """Predictions on a test set, computed off the GUI thread."""

    images: np.ndarray  # (N, H, W) or (N, 3, H, W) uint8, as the dataset holds them
    labels: np.ndarray  # (N,)
    probabilities: np.ndarray  # (N, K)
    class_names: list[str]
    part: str = "test"  # "all": the data has no test part, so every (training) image was used, as evaluate does

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.predicted == self.labels))

    def confusion(self) -> np.ndarray:
        return confusion_matrix(self.labels, self.predicted, len(self.class_names))

    def cell(self, true_class: int, predicted_class: int) -> np.ndarray:
        """Indices of the samples in one confusion cell, most confident first."""
        index = np.flatnonzero((self.labels == true_class) & (self.predicted == predicted_class))
        return index[np.argsort(-self.probabilities[index, predicted_class])]

    def mistakes(self) -> np.ndarray:
        """Indices of misclassified samples, the most confidently wrong first."""
        index = np.flatnonzero(self.predicted != self.labels)
        return index[np.argsort(-self.probabilities[index].max(axis=1))]


def evaluate_model(model, dataset) -> EvaluationResult:
    """Predictions of ``model`` on ``dataset``'s test images, or on all of its images when it has no test part
    (an image folder, a Kaggle CSV; as ``main.py evaluate`` does). Run on a worker: it takes a second or two."""
    x, y, part = dataset.x_test, dataset.y_test, "test"
    if not len(x):
        x, y, part = dataset.x_train, dataset.y_train, "all"
    probabilities = model.predict(model_inputs(model, x))
    return EvaluationResult(x, y, probabilities, dataset.class_names, part)
