"""Data view: a browser of samples per class, and a preview of the augmentation settings."""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtWidgets

from engine.data import AugmentConfig, Augmenter, DataOptions, preview_grid
from engine.data.dataset import DIGITS, MIN_SIDE, PHOTOS, shape_words
from engine.data.pictures import MAX_PHOTO_SIZE

from .i18n import add_choices, choice, choose, tr, tr_said, translatable
from .images import image_plot, images_rgb, unit_rgb
from .teaching import MyDigits, MyDigitsView

# How a picture (a drawing, an opened file) becomes an input like this dataset's images, in words.
READ_AS = {"digit drawings": DIGITS, "photos": PHOTOS}  # the Read as choices and their pipelines
READING = {
    DIGITS: translatable(
        "as digit drawings (the ink cropped, thickened or thinned to MNIST's strokes and centred in 28x28)"
    ),
    PHOTOS: translatable("as photos (fitted into the square, aspect ratio kept, padded with black)"),
}
# The Read as row's entries, in the window's language (gui/i18n.add_choices).
ENTRY_WORDS = {"digit drawings": translatable("digit drawings"), "photos": translatable("photos"),
               "colour": translatable("colour"), "grey": translatable("grey")}  # fmt: skip


class DataView(QtWidgets.QWidget):
    """The dataset's samples per class, the augmentation preview, and My digits (the user's own drawings).

    For picture files (an image folder, a picture list) a row says how they were read and reads them
    again another way: as digit drawings, or as photos of a chosen size, in colour or grey.
    """

    readingChosen = QtCore.Signal(object)  # a DataOptions to read the same pictures again with

    def __init__(self, my_digits: MyDigits, parent=None):
        super().__init__(parent)
        self.dataset = None
        layout = QtWidgets.QHBoxLayout(self)
        left = QtWidgets.QVBoxLayout()
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel(tr("Class:")))
        self.classCombo = QtWidgets.QComboBox()
        self.classCombo.setObjectName("dataClassCombo")
        row.addWidget(self.classCombo, 1)
        left.addLayout(row)
        self.infoLabel = QtWidgets.QLabel()
        self.infoLabel.setWordWrap(True)
        left.addWidget(self.infoLabel)
        self.readingRow = QtWidgets.QWidget()  # two short lines, so the column stays narrow at 800x600
        reading = QtWidgets.QGridLayout(self.readingRow)
        reading.setContentsMargins(0, 0, 0, 0)
        self.readingCombo = QtWidgets.QComboBox()
        self.readingCombo.setObjectName("readingCombo")
        add_choices(self.readingCombo, list(READ_AS), ENTRY_WORDS)
        self.readingCombo.setToolTip(tr("How the pictures become images: digit drawings (ink cropped and centred in "
                                     "28x28 grey) or photos (fitted into a square of the size beside)"))  # fmt: skip
        self.readingSizeSpin = QtWidgets.QSpinBox()
        self.readingSizeSpin.setObjectName("readingSizeSpin")
        self.readingSizeSpin.setRange(MIN_SIDE, MAX_PHOTO_SIZE)
        self.readingSizeSpin.setSuffix(" px")
        self.readingColourCombo = QtWidgets.QComboBox()
        self.readingColourCombo.setObjectName("readingColourCombo")
        add_choices(self.readingColourCombo, ["colour", "grey"], ENTRY_WORDS)
        self.readAgainButton = QtWidgets.QPushButton(tr("Read again"))
        self.readAgainButton.setObjectName("readAgainButton")
        for combo in (self.readingCombo, self.readingColourCombo):
            combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
        reading.addWidget(QtWidgets.QLabel(tr("Read as")), 0, 0)
        reading.addWidget(self.readingCombo, 0, 1, 1, 2)
        reading.addWidget(self.readingSizeSpin, 1, 0)
        reading.addWidget(self.readingColourCombo, 1, 1)
        reading.addWidget(self.readAgainButton, 1, 2)
        left.addWidget(self.readingRow)
        self.readingCombo.currentIndexChanged.connect(lambda _: self._reading_kind_changed(choice(self.readingCombo)))
        self.readAgainButton.clicked.connect(self._read_again)
        self.samplePlot, self.sampleImage = image_plot("sampleBrowser")
        left.addWidget(self.samplePlot, 1)
        layout.addLayout(left, 1)

        right = QtWidgets.QVBoxLayout()
        self.previewTitle = QtWidgets.QLabel()
        self.previewTitle.setObjectName("augmentationPreviewTitle")
        self.previewTitle.setWordWrap(True)
        self.previewTitle.setMinimumWidth(100)  # (a wrapped label would ask for a third of its text's width)
        right.addWidget(self.previewTitle)
        self.previewPlot, self.previewImage = image_plot("augmentationPreview")
        self.previewPlot.setToolTip(
            tr(
                "What training sees when augmentation is on: every batch gets fresh random distortions, so the network "
                "learns the digit, not the exact pixels."
            )
        )
        right.addWidget(self.previewPlot, 1)
        layout.addLayout(right, 1)
        self.myDigits = MyDigitsView(my_digits)
        layout.addWidget(self.myDigits, 1)
        self.classCombo.currentIndexChanged.connect(lambda _: self._show_class())
        self.augment = AugmentConfig()

    def set_dataset(self, dataset) -> None:
        self.dataset = dataset
        self.classCombo.blockSignals(True)
        self.classCombo.clear()
        counts = np.bincount(dataset.y_train, minlength=dataset.num_classes)
        self.classCombo.addItems([tr("{name} ({count} images)").format(name=name, count=count)
                                  for name, count in zip(dataset.class_names, counts, strict=True)])  # fmt: skip
        self.classCombo.blockSignals(False)
        kept = [note for note in dataset.notes if not note.startswith("read as")]  # the reading is said below
        notes = " " + tr("Notes: {notes}.").format(notes="; ".join(kept)) if kept else ""
        reading = tr(READING[dataset.pipeline])
        self.myDigits.setVisible(dataset.pipeline == DIGITS)  # kept drawings teach digit models, not photo ones
        self.readingRow.setVisible(dataset.reading is not None)
        if dataset.reading is not None:
            choose(self.readingCombo, next(k for k, v in READ_AS.items() if v == dataset.reading["pipeline"]))
            self.readingSizeSpin.setValue(dataset.reading["size"])
            choose(self.readingColourCombo, "colour" if dataset.reading["channels"] == 3 else "grey")
            self._reading_kind_changed(choice(self.readingCombo))
        self.infoLabel.setText(tr(
            "<b>{name}</b>: {train} training and {test} test images of {shape}, {classes} classes. New pictures are "
            "read {reading}. Source: {source}."
        ).format(name=dataset.name, train=len(dataset.x_train), test=len(dataset.x_test),
                 shape=tr_said(shape_words(dataset.input_shape)), classes=dataset.num_classes, reading=reading,
                 source=tr_said(dataset.source)) + notes)
        self._show_class()

    def _reading_kind_changed(self, kind: str) -> None:
        photos = READ_AS.get(kind) == PHOTOS
        self.readingSizeSpin.setEnabled(photos)  # digit drawings are 28x28 grey
        self.readingColourCombo.setEnabled(photos)

    def reading_options(self) -> DataOptions:
        """What the row says, as the options to read the pictures again with."""
        if READ_AS[choice(self.readingCombo)] == DIGITS:
            return DataOptions(pipeline=DIGITS)
        channels = 3 if choice(self.readingColourCombo) == "colour" else 1
        return DataOptions(pipeline=PHOTOS, channels=channels, size=self.readingSizeSpin.value())

    def _read_again(self) -> None:
        self.readingChosen.emit(self.reading_options())

    def set_augmentation(self, config: AugmentConfig) -> None:
        self.augment = config
        self._show_preview()

    def _show_class(self) -> None:
        if self.dataset is None or self.classCombo.currentIndex() < 0:
            return
        images = self.dataset.x_train[self.dataset.y_train == self.classCombo.currentIndex()][:64]
        if len(images):
            self.sampleImage.setImage(images_rgb(images, cols=8, gap=2), autoLevels=False, levels=(0, 255))
        self._show_preview()

    def _show_preview(self) -> None:
        if self.dataset is None or len(self.dataset.x_train) == 0:
            return
        index = max(0, self.classCombo.currentIndex())
        candidates = np.flatnonzero(self.dataset.y_train == index)
        sample = self.dataset.x_train[candidates[0] if len(candidates) else 0]
        self.previewTitle.setText(
            tr("Augmentation preview (first: the original)") if self.augment.active else
            tr("Augmentation is off (Training panel: Augmentation), so every image below is the original")
        )  # fmt: skip
        grid = preview_grid(sample, Augmenter(self.augment), rows=4, cols=6)
        self.previewImage.setImage(unit_rgb(grid), autoLevels=False, levels=(0, 255))
