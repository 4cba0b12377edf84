"""Measuring a classifier: the confusion matrix and per-class accuracy (used by the CLI and the window)."""

from __future__ import annotations

import numpy as np


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
