"""Filters view: the kernels of a conv layer as a grid of small images, with values on hover."""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtWidgets

from .images import diverging_rgb, image_plot, refill_combo, tile, tile_position

NO_PICTURES = ("This model has no convolution layers, and its first layer does not read the image's pixels "
               "directly, so there are no filters to show as pictures. The Model tab shows its weights as "
               "histograms.")  # fmt: skip


UNITS_SHOWN = 64  # a Dense layer's units drawn as 28x28 pictures: 8x8 of them stay readable


class FilterView(QtWidgets.QWidget):
    """Kernels (C_out, C_in, kH, kW) of one conv layer: one tile per (output, input) channel pair.

    Colours are centred on zero (blue negative, white zero, red positive) with nearest-
    neighbour scaling, so every weight is one visible square.
    """

    layerChosen = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel("Layer:"))
        self.layerCombo = QtWidgets.QComboBox()
        self.layerCombo.setToolTip(
            "Which convolution's kernels to show. The first layer's kernels look at pixels directly, so they are "
            "easiest to read: edge and stroke detectors appear as training goes on."
        )
        bar.addWidget(self.layerCombo, 1)
        layout.addLayout(bar)
        self.plot, self.image = image_plot("filterView")
        self.plot.setToolTip("Blue: negative weight, white: zero, red: positive. Hover a kernel to read its values.")
        layout.addWidget(self.plot, 1)
        self.placeholder = QtWidgets.QLabel(NO_PICTURES)
        self.placeholder.setObjectName("filtersPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(QtCore.Qt.AlignCenter)
        self.placeholder.hide()
        layout.addWidget(self.placeholder, 1)
        self.valuesLabel = QtWidgets.QLabel("Hover a kernel to see its weights.")
        self.valuesLabel.setObjectName("filterValues")
        self.valuesLabel.setFont(QtWidgets.QApplication.font())
        self.valuesLabel.setWordWrap(True)
        layout.addWidget(self.valuesLabel)
        self.kernels = None
        self.layer = None
        self.layerCombo.currentTextChanged.connect(self._layer_changed)
        self.plot.scene().sigMouseMoved.connect(self._hover)

    def set_layers(self, names: list[str]) -> None:
        """The layers to choose from (``engine.snapshots.filter_layer_names``); none: a placeholder
        says why, instead of the previous model's kernels staying on screen."""
        refill_combo(self.layerCombo, names)
        self.layer = self.layerCombo.currentText() or None
        self.kernels = None
        self.image.clear()
        self.plot.setVisible(bool(names))
        self.placeholder.setVisible(not names)
        self.valuesLabel.setText("Hover a kernel to see its weights." if names else "")

    def _layer_changed(self, name: str) -> None:
        self.layer = name or None
        self.layerChosen.emit(name)

    def show_filters(self, filters: dict[str, np.ndarray]) -> None:
        """Draw the chosen layer's kernels from a snapshot's ``filters`` dict."""
        kernels = filters.get(self.layer) if self.layer else None
        if kernels is None and filters:
            kernels = next(iter(filters.values()))
        if kernels is None:
            return
        self.kernels = kernels
        c_out, c_in, kh, kw = kernels.shape
        if kh * kw > 81:  # image-sized: a Dense layer's units (the biggest kernel any preset has is 9x9)
            kernels = kernels[:UNITS_SHOWN]
            first = f"the first {len(kernels)} of its {c_out}" if c_out > len(kernels) else f"its {c_out}"
            self.valuesLabel.setText(f"{self.layer}: each picture is the weights of one of {first} units on the "
                                     f"{kh}x{kw} image: red pixels push the unit up, blue ones down.")  # fmt: skip
            self.kernels, c_out = kernels, len(kernels)
        shown = kernels[:, : min(c_in, 8)]  # at most 8 input channels per filter stay readable
        self.cols = shown.shape[1] if shown.shape[1] > 1 else int(np.ceil(np.sqrt(c_out)))
        grid = tile(shown.reshape(-1, kh, kw), cols=self.cols)
        self.image.setImage(diverging_rgb(grid), autoLevels=False, levels=(0, 255))

    def _hover(self, position) -> None:
        if self.kernels is None:
            return
        point = self.image.mapFromScene(position)
        c_out, c_in, kh, kw = self.kernels.shape
        shown_in = min(c_in, 8)
        hit = tile_position(int(point.y()), int(point.x()), (kh, kw), c_out * shown_in, self.cols)
        if hit is None:
            return
        index = hit[0]
        out_channel, in_channel = divmod(index, shown_in)
        values = self.kernels[out_channel, in_channel]
        text = np.array2string(values, precision=3, suppress_small=True, max_line_width=200)
        self.valuesLabel.setText(f"filter {out_channel}, input channel {in_channel}:\n{text}")
