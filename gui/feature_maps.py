"""Feature maps view: what every conv and pooling layer makes of one probe image."""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtWidgets

from .fit import compact
from .images import gray_rgb, image_plot, normalise_each, tile


class FeatureMapView(QtWidgets.QWidget):
    """One grid per layer, left to right through the network; each map scaled on its own.

    The probe is a dataset sample (spin box) or the current drawing.
    """

    probeChanged = QtCore.Signal(object)  # the probe image (28, 28), or None

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel("Probe: test image"))
        self.sampleSpin = QtWidgets.QSpinBox()
        self.sampleSpin.setObjectName("probeSampleSpin")
        self.sampleSpin.setToolTip("Which test image to send through the network.")
        bar.addWidget(self.sampleSpin)
        self.useDrawingButton = QtWidgets.QPushButton("Use my drawing")
        self.useDrawingButton.setToolTip("Probe with the digit drawn in the Draw & predict tab.")
        bar.addWidget(self.useDrawingButton)
        compact(self.useDrawingButton)
        bar.addStretch(1)
        self.probeLabel = QtWidgets.QLabel()
        bar.addWidget(self.probeLabel)
        layout.addLayout(bar)
        self.plot, self.image = image_plot("featureMapView")
        self.plot.setToolTip(
            "Each small image is one channel's activation map: bright where that filter found its pattern. "
            "Deeper layers have more, smaller maps that respond to larger shapes."
        )
        layout.addWidget(self.plot, 1)
        self.placeholder = QtWidgets.QLabel(
            "This model has no convolution or pooling layers: it never makes feature maps. An MLP flattens "
            "the image into one vector first; see its first layer's weights in the Filters tab."
        )
        self.placeholder.setObjectName("featureMapsPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(QtCore.Qt.AlignCenter)
        self.placeholder.hide()
        layout.addWidget(self.placeholder, 1)
        self.captions = QtWidgets.QLabel()
        self.captions.setWordWrap(True)
        layout.addWidget(self.captions)
        self.samples = None
        self.sampleSpin.valueChanged.connect(self._sample_chosen)

    def set_samples(self, images: np.ndarray, labels: np.ndarray, names: list[str]) -> None:
        self.samples = (images, labels, names)
        self.sampleSpin.setRange(0, max(0, len(images) - 1))
        self._sample_chosen(self.sampleSpin.value())

    def _sample_chosen(self, index: int) -> None:
        if self.samples is None or len(self.samples[0]) == 0:
            return
        images, labels, names = self.samples
        self.probeLabel.setText(f"label: {names[labels[index]]}")
        self.probeChanged.emit(images[index])

    def use_image(self, image: np.ndarray, caption: str) -> None:
        """Probe with any (28, 28) uint8 image, e.g. a test image clicked in the Evaluation gallery."""
        self.probeLabel.setText(caption)
        self.probeChanged.emit(np.asarray(image))

    def use_drawing(self, image) -> None:
        if image is not None:
            self.probeLabel.setText("your drawing")
            self.probeChanged.emit(np.rint(image * 255).astype(np.uint8))

    def set_layers(self, names: list[str]) -> None:
        """The new model's layers that make maps (``engine.snapshots.map_layer_names``); none (an MLP,
        an LSTM): a placeholder says why, instead of the previous model's maps staying on screen."""
        self.image.clear()
        self.captions.setText("")
        self.plot.setVisible(bool(names))
        self.placeholder.setVisible(not names)

    def show_maps(self, feature_maps: dict[str, np.ndarray]) -> None:
        """Lay every layer's (C, H, W) maps out as grids side by side, on one picture."""
        if not feature_maps:
            return
        grids = [tile(normalise_each(maps), gap=1) for maps in feature_maps.values()]
        scale = [max(1, 28 // maps.shape[1]) for maps in feature_maps.values()]  # small maps drawn bigger
        grids = [np.kron(g, np.ones((s, s))) for g, s in zip(grids, scale, strict=True)]
        height = max(g.shape[0] for g in grids)
        gap = np.full((height, 6), np.nan)
        parts = []
        for grid in grids:
            padded = np.full((height, grid.shape[1]), np.nan)
            padded[: grid.shape[0]] = grid
            parts += [padded, gap]
        picture = np.concatenate(parts[:-1], axis=1)
        self.image.setImage(gray_rgb(picture, 0.0, 1.0), autoLevels=False, levels=(0, 255))
        self.captions.setText(
            "  |  ".join(
                f"{name}: {maps.shape[0]} maps of {maps.shape[1]}x{maps.shape[2]}"
                for name, maps in feature_maps.items()
            )  # fmt: skip
        )
