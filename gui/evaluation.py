"""Evaluation view: test accuracy, a clickable confusion matrix, per-class accuracy, mistakes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from engine.data import model_inputs
from engine.metrics import confusion_matrix, per_class_accuracy

from .images import gray_rgb, image_plot, tile


@dataclass(frozen=True)
class EvaluationResult:
    """Predictions on a test set, computed off the GUI thread."""

    images: np.ndarray  # (N, 28, 28) uint8
    labels: np.ndarray  # (N,)
    probabilities: np.ndarray  # (N, K)
    class_names: list[str]

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


class EvaluationView(QtWidgets.QWidget):
    """Confusion matrix (``confusionView``) on the left; click a cell to see its samples."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: EvaluationResult | None = None
        layout = QtWidgets.QHBoxLayout(self)
        left = QtWidgets.QVBoxLayout()
        self.summaryLabel = QtWidgets.QLabel("Train, or press Evaluate, to measure the model on the test images.")
        self.summaryLabel.setObjectName("evaluationSummary")
        self.summaryLabel.setWordWrap(True)
        left.addWidget(self.summaryLabel)
        self.evaluateButton = QtWidgets.QPushButton("Evaluate now")
        self.evaluateButton.setObjectName("evaluateButton")
        self.evaluateButton.setToolTip("Run the current model on every test image (also possible during training).")
        left.addWidget(self.evaluateButton)
        self.confusionView = QtWidgets.QTableWidget()
        self.confusionView.setObjectName("confusionView")
        self.confusionView.setToolTip(
            "Rows: the true class. Columns: what the network said. The diagonal is correct; a bright cell off the "
            "diagonal is a confusion worth a look. Click a cell to see its images."
        )
        self.confusionView.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.confusionView.cellClicked.connect(self.show_cell)
        left.addWidget(self.confusionView, 1)
        self.perClassLabel = QtWidgets.QLabel()
        self.perClassLabel.setWordWrap(True)
        left.addWidget(self.perClassLabel)
        layout.addLayout(left, 3)

        right = QtWidgets.QVBoxLayout()
        self.galleryTitle = QtWidgets.QLabel("Misclassified samples, most confident first")
        self.galleryTitle.setWordWrap(True)
        right.addWidget(self.galleryTitle)
        self.galleryPlot, self.galleryImage = image_plot("mistakeGallery")
        right.addWidget(self.galleryPlot, 1)
        self.galleryCaption = QtWidgets.QLabel()
        self.galleryCaption.setWordWrap(True)
        right.addWidget(self.galleryCaption)
        layout.addLayout(right, 2)

    def show_result(self, result: EvaluationResult) -> None:
        self.result = result
        matrix = result.confusion()
        names = result.class_names
        k = len(names)
        self.confusionView.setRowCount(k)
        self.confusionView.setColumnCount(k)
        self.confusionView.setHorizontalHeaderLabels([f"→{n}" for n in names])
        self.confusionView.setVerticalHeaderLabels(names)
        peak = max(1, matrix.max())
        for r in range(k):
            for c in range(k):
                item = QtWidgets.QTableWidgetItem(str(matrix[r, c]))
                item.setTextAlignment(QtCore.Qt.AlignCenter)
                strength = matrix[r, c] / (peak if r == c else max(1, matrix[r].sum()) * 0.3)
                base = (60, 160, 80) if r == c else (220, 70, 50)
                alpha = int(255 * min(1.0, strength)) if matrix[r, c] else 0
                item.setBackground(pg.mkColor(*base, alpha))
                self.confusionView.setItem(r, c, item)
        self.confusionView.resizeColumnsToContents()
        per_class = np.nan_to_num(per_class_accuracy(matrix))
        self.summaryLabel.setText(
            f"Test accuracy: <b>{result.accuracy * 100:.2f}%</b> on {len(result.labels)} images "
            f"({int((result.predicted != result.labels).sum())} mistakes)"
        )
        shares = ", ".join(f"{n} {a * 100:.1f}%" for n, a in zip(names, per_class, strict=True))
        self.perClassLabel.setText(f"Per class: {shares}")
        self._gallery(result.mistakes()[:48], "Misclassified samples, most confident first")

    def show_cell(self, row: int, col: int) -> None:
        if self.result is None:
            return
        names = self.result.class_names
        index = self.result.cell(row, col)[:48]
        self._gallery(index, f"True {names[row]}, predicted {names[col]}: {len(self.result.cell(row, col))} images")

    def _gallery(self, index: np.ndarray, title: str) -> None:
        self.galleryTitle.setText(title)
        result = self.result
        if len(index) == 0:
            self.galleryImage.clear()
            self.galleryCaption.setText("none")
            return
        grid = tile(result.images[index].astype(np.float32) / 255, cols=8, gap=2)
        self.galleryImage.setImage(gray_rgb(grid, 0, 1), autoLevels=False, levels=(0, 255))
        names = result.class_names
        self.galleryCaption.setText(
            "  ".join(
                f"{names[result.labels[i]]}→{names[result.predicted[i]]} ({result.probabilities[i].max() * 100:.0f}%)"
                for i in index[:16]
            )
        )


def evaluate_model(model, dataset) -> EvaluationResult:
    """Predictions of ``model`` on ``dataset``'s test images (run on a worker: it takes a second or two)."""
    probabilities = model.predict(model_inputs(model, dataset.x_test))
    return EvaluationResult(dataset.x_test, dataset.y_test, probabilities, dataset.class_names)
