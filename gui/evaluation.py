"""Evaluation view: test accuracy, a clickable confusion matrix, per-class accuracy, mistakes."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.metrics import EvaluationResult, per_class_accuracy

from .fit import compact
from .i18n import tr
from .images import images_rgb, to_qimage

PAGE = 48  # thumbnails per page of the gallery


class EvaluationView(QtWidgets.QWidget):
    """Confusion matrix (``confusionView``) on the left; click a cell to see its samples.

    The gallery (``mistakeGallery``) labels every thumbnail (true → predicted, confidence), pages
    through all of them, and a click on one emits ``sampleChosen(index)`` (the window opens that
    test image in Draw & predict and Feature maps).
    """

    sampleChosen = QtCore.Signal(int)  # an index into result.images

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: EvaluationResult | None = None
        self.shown = np.zeros(0, int)  # the gallery's samples (indices into the result), all pages
        self.page = 0
        layout = QtWidgets.QHBoxLayout(self)
        left = QtWidgets.QVBoxLayout()
        self.summaryLabel = QtWidgets.QLabel(tr("Train, or press Evaluate, to measure the model on the test images."))
        self.summaryLabel.setObjectName("evaluationSummary")
        self.summaryLabel.setWordWrap(True)
        left.addWidget(self.summaryLabel)
        self.evaluateButton = QtWidgets.QPushButton(tr("Evaluate now"))
        self.evaluateButton.setObjectName("evaluateButton")
        self.evaluateButton.setToolTip(tr("Run the current model on every test image (also possible during training)."))
        left.addWidget(self.evaluateButton)
        axes = QtWidgets.QLabel(tr("Rows: the <b>true</b> class ↓ &nbsp; columns: <b>predicted</b> →"))
        axes.setObjectName("confusionAxes")
        axes.setWordWrap(True)
        left.addWidget(axes)
        self.confusionView = QtWidgets.QTableWidget()
        self.confusionView.setObjectName("confusionView")
        self.confusionView.setToolTip(
            tr(
                "Rows: the true class. Columns: what the network said. The diagonal is correct; a bright cell off the "
                "diagonal is a confusion worth a look. Click a cell to see its images."
            )
        )
        self.confusionView.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusionView.cellClicked.connect(self.show_cell)
        left.addWidget(self.confusionView, 1)
        self.perClassLabel = QtWidgets.QLabel()
        self.perClassLabel.setObjectName("perClassAccuracy")
        self.perClassLabel.setWordWrap(True)
        left.addWidget(self.perClassLabel)
        layout.addLayout(left, 3)

        right = QtWidgets.QVBoxLayout()
        self.galleryTitle = QtWidgets.QLabel(tr("Misclassified samples, most confident first"))
        self.galleryTitle.setObjectName("galleryTitle")
        self.galleryTitle.setWordWrap(True)
        right.addWidget(self.galleryTitle)
        self.gallery = QtWidgets.QListWidget()
        self.gallery.setObjectName("mistakeGallery")
        self.gallery.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.gallery.setIconSize(QtCore.QSize(56, 56))
        self.gallery.setGridSize(QtCore.QSize(80, 104))
        self.gallery.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QtWidgets.QListView.Movement.Static)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setWordWrap(True)  # "7 → 2" over "98%", not "7 ..."
        self.gallery.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.gallery.setToolTip(tr("Click an image to open it in Draw & predict and Feature maps."))
        self.gallery.itemClicked.connect(
            lambda item: self.sampleChosen.emit(item.data(QtCore.Qt.ItemDataRole.UserRole))
        )
        right.addWidget(self.gallery, 1)
        pages = QtWidgets.QHBoxLayout()
        self.previousButton = QtWidgets.QPushButton("◀")
        self.previousButton.setObjectName("galleryPreviousButton")
        self.previousButton.setToolTip(tr("The previous page of images"))
        self.pageLabel = QtWidgets.QLabel()
        self.pageLabel.setObjectName("galleryPageLabel")
        self.pageLabel.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.nextButton = QtWidgets.QPushButton("▶")
        self.nextButton.setObjectName("galleryNextButton")
        self.nextButton.setToolTip(tr("The next page of images"))
        compact(self.previousButton, self.nextButton)
        pages.addWidget(self.previousButton)
        pages.addWidget(self.pageLabel, 1)
        pages.addWidget(self.nextButton)
        right.addLayout(pages)
        self.previousButton.clicked.connect(lambda: self.show_page(self.page - 1))
        self.nextButton.clicked.connect(lambda: self.show_page(self.page + 1))
        layout.addLayout(right, 2)
        self.show_page(0)

    def show_result(self, result: EvaluationResult) -> None:
        self.result = result
        matrix = result.confusion()
        names = result.class_names
        # Each thumbnail's caption is "true →" over "predicted" over the confidence: wide enough for the
        # longest class name (digits: the 80 px default; "automobile" and "triangle" need more).
        longest = max(names, key=len)
        width = int(np.clip(self.gallery.fontMetrics().horizontalAdvance(f"{longest} →") + 16, 80, 160))
        self.gallery.setGridSize(QtCore.QSize(width, 104 if len(longest) <= 3 else 124))
        k = len(names)
        self.confusionView.clearSelection()  # a cell clicked before belongs to the last evaluation
        self.confusionView.setCurrentCell(-1, -1)
        self.confusionView.setRowCount(k)
        self.confusionView.setColumnCount(k)
        self.confusionView.setHorizontalHeaderLabels([f"→{n}" for n in names])
        self.confusionView.setVerticalHeaderLabels(names)
        peak = max(1, matrix.max())
        for r in range(k):
            for c in range(k):
                item = QtWidgets.QTableWidgetItem(str(matrix[r, c]))
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                strength = matrix[r, c] / (peak if r == c else max(1, matrix[r].sum()) * 0.3)
                base = (60, 160, 80) if r == c else (220, 70, 50)
                alpha = int(255 * min(1.0, strength)) if matrix[r, c] else 0
                item.setBackground(pg.mkColor(*base, alpha))
                self.confusionView.setItem(r, c, item)
        self.confusionView.resizeColumnsToContents()
        per_class = np.nan_to_num(per_class_accuracy(matrix))
        which = tr("Test accuracy") if result.part == "test" else tr("Accuracy on all images (no separate test images)")
        summary = tr("{which}: <b>{accuracy}</b> on {count} images ({mistakes} mistakes)")
        self.summaryLabel.setText(summary.format(which=which, accuracy=f"{result.accuracy * 100:.2f}%",
                                                 count=len(result.labels),
                                                 mistakes=int((result.predicted != result.labels).sum())))  # fmt: skip
        # No-break spaces inside each entry: a line may wrap between classes, never inside one.
        shares = ", ".join(f"{n}\u00a0{a * 100:.1f}%" for n, a in zip(names, per_class, strict=True))
        self.perClassLabel.setText(tr("Per class: {shares}").format(shares=shares))
        self._gallery(result.mistakes(), tr("Misclassified samples, most confident first"))

    def show_cell(self, row: int, col: int) -> None:
        if self.result is None:
            return
        names = self.result.class_names
        index = self.result.cell(row, col)
        title = tr("True {true}, predicted {predicted}: {count} images")
        self._gallery(index, title.format(true=names[row], predicted=names[col], count=len(index)))

    def _gallery(self, index: np.ndarray, title: str) -> None:
        self.galleryTitle.setText(title)
        self.shown = np.asarray(index, int)
        self.show_page(0)

    def show_page(self, page: int) -> None:
        """Page ``page`` of the gallery: up to PAGE labelled thumbnails, and where they are in the whole."""
        count = len(self.shown)
        pages = max(1, -(-count // PAGE))
        self.page = int(np.clip(page, 0, pages - 1))
        self.gallery.clear()
        first = self.page * PAGE
        picks = self.shown[first : first + PAGE]
        result = self.result
        for i in picks:
            true, predicted = result.class_names[result.labels[i]], result.class_names[result.predicted[i]]
            confidence = result.probabilities[i].max() * 100
            picture = QtGui.QPixmap.fromImage(to_qimage(images_rgb(result.images[i][None])))
            item = QtWidgets.QListWidgetItem(
                QtGui.QIcon(picture.scaled(56, 56)), f"{true} → {predicted}\n{confidence:.0f}%"
            )
            item.setData(QtCore.Qt.ItemDataRole.UserRole, int(i))
            item.setToolTip(tr("test image {index}: true {true}, predicted {predicted} ({confidence}). Click to open "
                               "it.").format(index=i, true=true, predicted=predicted, confidence=f"{confidence:.1f}%"))
            self.gallery.addItem(item)
        shown = tr("{first}–{last} of {count}").format(first=first + 1, last=first + len(picks), count=count)
        self.pageLabel.setText(shown if count else tr("none"))
        self.previousButton.setEnabled(self.page > 0)
        self.nextButton.setEnabled(self.page < pages - 1)
