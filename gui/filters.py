"""Filters view: the kernels of a conv layer as a grid of small images, with values on hover.

Three ways to colour them: one scale for the whole layer (compare kernels), each kernel on its own
scale (see the pattern of a weak kernel), or the change since the run started (training moves a
trained model's weights by a fraction of a percent, invisible on the first two).
"""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtWidgets

from .i18n import add_choices, choice, choose, tr, translatable
from .images import ColourScale, diverging_rgb, image_plot, refill_combo, tile, tile_position, unit_rgb

NO_PICTURES = translatable("This model has no convolution layers, and its first layer does not read the image's pixels "
               "directly, so there are no filters to show as pictures. The Model tab shows its weights as "
               "histograms.")  # fmt: skip

UNITS_SHOWN = 64  # a Dense layer's units drawn as 28x28 pictures: 8x8 of them stay readable
INPUTS_SHOWN = 8  # at most 8 input channels per filter stay readable

SHARED = translatable("one scale for the layer")
EACH = translatable("each kernel on its own scale")
CHANGE = translatable("change since the run started")
COLOURS = translatable("as colours (a colour image's first layer)")
SCALES = (SHARED, EACH, CHANGE, COLOURS)


class FilterView(QtWidgets.QWidget):
    """Kernels (C_out, C_in, kH, kW) of one conv layer: one tile per (output, input) channel pair.

    Colours are centred on zero (blue negative, white zero, red positive) with nearest-
    neighbour scaling, so every weight is one visible square; the colour scale under the
    picture says which value full red and full blue stand for.
    """

    layerChosen = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel(tr("Layer:")))
        self.layerCombo = QtWidgets.QComboBox()
        self.layerCombo.setToolTip(
            tr(
                "Which convolution's kernels to show. The first layer's kernels look at pixels directly, so they are "
                "easiest to read: edge and stroke detectors appear as training goes on."
            )
        )
        bar.addWidget(self.layerCombo, 1)
        bar.addWidget(QtWidgets.QLabel(tr("Colours:")))
        self.scaleCombo = QtWidgets.QComboBox()
        self.scaleCombo.setObjectName("filterScaleCombo")
        add_choices(self.scaleCombo, SCALES, dict(zip(SCALES, SCALES, strict=True)))
        self.scaleCombo.setToolTip(
            tr(
                "One scale for the layer: kernels compare with each other. Each kernel on its own scale: the pattern "
                "of a weak kernel shows too. Change since the run started: what training has done to each weight "
                "(a trained model moves by a fraction of a percent, too little to see otherwise)."
            )
        )
        bar.addWidget(self.scaleCombo, 1)
        for combo in (self.layerCombo, self.scaleCombo):  # long names must not widen the window at 800x600
            combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        layout.addLayout(bar)
        self.plot, self.image = image_plot("filterView")
        self.plot.setToolTip(tr("Blue: negative, white: zero, red: positive. Hover a kernel to read its values."))
        layout.addWidget(self.plot, 1)
        self.placeholder = QtWidgets.QLabel(tr(NO_PICTURES))
        self.placeholder.setObjectName("filtersPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.placeholder.hide()
        layout.addWidget(self.placeholder, 1)
        self.colourScale = ColourScale("filterColourScale")
        layout.addWidget(self.colourScale)
        self.valuesLabel = QtWidgets.QLabel(tr("Hover a kernel to see its weights."))
        self.valuesLabel.setObjectName("filterValues")
        self.valuesLabel.setFont(QtWidgets.QApplication.font())
        self.valuesLabel.setWordWrap(True)
        layout.addWidget(self.valuesLabel)
        self.kernels = None  # the kernels drawn, (C_out, C_in, kH, kW), at most UNITS_SHOWN x INPUTS_SHOWN
        self.layer = None
        self.reference: dict[str, np.ndarray] = {}  # layer -> its weight pictures when the run started
        self._filters: dict[str, np.ndarray] = {}  # the last snapshot's, redrawn when the scale changes
        self.layerCombo.currentTextChanged.connect(self._layer_changed)
        self.scaleCombo.currentIndexChanged.connect(lambda _: self.show_filters(self._filters))
        self.plot.scene().sigMouseMoved.connect(self._hover)

    def set_layers(self, names: list[str]) -> None:
        """The layers to choose from (``engine.snapshots.filter_layer_names``); none: a placeholder
        says why, instead of the previous model's kernels staying on screen."""
        refill_combo(self.layerCombo, names)
        self.layer = self.layerCombo.currentText() or None
        self.kernels, self._filters, self.reference = None, {}, {}
        self.image.clear()
        for widget in (self.plot, self.colourScale):
            widget.setVisible(bool(names))
        self.placeholder.setVisible(not names)
        self.valuesLabel.setText(tr("Hover a kernel to see its weights.") if names else "")

    def set_reference(self, pictures: dict[str, np.ndarray]) -> None:
        """The weights a new run starts from (``engine.snapshots.filter_pictures``): what "change since
        the run started" subtracts."""
        self.reference = pictures

    def _layer_changed(self, name: str) -> None:
        self.layer = name or None
        self.layerChosen.emit(name)

    def show_filters(self, filters: dict[str, np.ndarray]) -> None:
        """Draw the chosen layer's kernels from a snapshot's ``filters`` dict, coloured by the chosen scale."""
        name = self.layer if self.layer in filters else next(iter(filters), None)
        if name is None:
            return
        self._filters = filters
        kernels = filters[name]
        c_out, c_in, kh, kw = kernels.shape
        units = kh * kw > 81  # image-sized: a Dense layer's units (the biggest kernel any preset has is 9x9)
        self.kernels = kernels[:UNITS_SHOWN] if units else kernels
        if self.in_colour():
            return self._show_in_colour(name)
        shown = self.kernels[:, :INPUTS_SHOWN]
        values, (low, high, meaning) = self._coloured(name, shown)
        self.cols = shown.shape[1] if shown.shape[1] > 1 else int(np.ceil(np.sqrt(len(shown))))
        grid = tile(values.reshape(-1, kh, kw), cols=self.cols)
        self.colourScale.bar.show()
        self.image.setImage(diverging_rgb(grid, limit=1.0), autoLevels=False, levels=(0, 255))
        self.colourScale.show_range(low, high, meaning)
        if units:
            first = tr("the first {shown} of its {units}").format(shown=len(self.kernels), units=c_out) if (
                c_out > len(self.kernels)) else tr("its {units}").format(units=c_out)
            self.valuesLabel.setText(tr("{layer}: each picture is the weights of one of {first} units on the {size} "
                                        "image: red pixels push the unit up, blue ones down.").format(
                layer=name, first=first, size=f"{kh}x{kw}"))

    def in_colour(self) -> bool:
        """Whether the kernels are drawn as colour pictures: asked for, and they read red, green and blue."""
        return choice(self.scaleCombo) == COLOURS and self.kernels is not None and self.kernels.shape[1] == 3

    def _show_in_colour(self, name: str) -> None:
        """Each kernel (3, kH, kW) of a layer reading a colour image as one small colour picture, stretched
        from its own smallest to its largest weight (CS231n's way): the colour and the edge it looks for."""
        kernels = self.kernels
        low = kernels.min(axis=(1, 2, 3), keepdims=True)
        high = kernels.max(axis=(1, 2, 3), keepdims=True)
        self.cols = int(np.ceil(np.sqrt(len(kernels))))
        self.image.setImage(unit_rgb(tile((kernels - low) / np.maximum(high - low, 1e-12), cols=self.cols)),
                            autoLevels=False, levels=(0, 255))  # fmt: skip
        self.colourScale.show_range("", "", tr("each kernel as a colour picture: from its smallest weight (dark) "
                                               "to its largest, in red, green and blue"))  # fmt: skip
        self.colourScale.bar.hide()  # no blue-white-red here

    def choose_colours(self, colour_input: bool) -> None:
        """Colour kernels for a model reading colour images, the shared scale otherwise (unless chosen)."""
        current = choice(self.scaleCombo)
        if colour_input and current == SHARED:
            choose(self.scaleCombo, COLOURS)
        elif not colour_input and current == COLOURS:
            choose(self.scaleCombo, SHARED)

    def _change(self, name: str, shown: np.ndarray) -> np.ndarray | None:
        """The drawn kernels minus the same kernels when the run started; None without a run."""
        start = self.reference.get(name)
        if start is None or start.shape[2:] != shown.shape[2:] or len(start) < len(shown):
            return None
        return shown - start[: len(shown), : shown.shape[1]]

    def _coloured(self, name: str, shown: np.ndarray) -> tuple[np.ndarray, tuple[str, str, str]]:
        """The values to draw, scaled so that +-1 is full colour, and the colour scale's labels."""
        mode = choice(self.scaleCombo)
        change = self._change(name, shown) if mode == CHANGE else None
        if mode == EACH:
            largest = np.abs(shown).max(axis=(2, 3), keepdims=True)
            meaning = tr("each kernel's largest weight")
            return shown / np.maximum(largest, 1e-12), (tr("-largest"), tr("+largest"), meaning)
        if change is not None:
            limit = float(np.abs(change).max()) or 1.0
            meaning = tr("change of each weight since the run started")
            return change / limit, (f"{-limit:+.2g}", f"{limit:+.2g}", meaning)
        limit = float(np.abs(shown).max()) or 1.0
        meaning = tr("weight") if mode in (SHARED, COLOURS) else tr("weight (no run yet: Train to see what changes)")
        return shown / limit, (f"{-limit:+.2g}", f"{limit:+.2g}", meaning)

    def _hover(self, position) -> None:
        if self.kernels is None:
            return
        point = self.image.mapFromScene(position)
        c_out, c_in, kh, kw = self.kernels.shape
        if self.in_colour():
            hit = tile_position(int(point.y()), int(point.x()), (kh, kw), c_out, self.cols)
            if hit is not None:
                rgb = "\n".join(f"{colour}: {_numbers(self.kernels[hit[0], c])}" for c, colour in
                                 enumerate((tr("red"), tr("green"), tr("blue"))))  # fmt: skip
                self.valuesLabel.setText(tr("filter {index}:").format(index=hit[0]) + "\n" + rgb)
            return
        shown_in = min(c_in, INPUTS_SHOWN)
        hit = tile_position(int(point.y()), int(point.x()), (kh, kw), c_out * shown_in, self.cols)
        if hit is None:
            return
        out_channel, in_channel = divmod(hit[0], shown_in)
        text = tr("filter {index}, input channel {channel}:").format(index=out_channel, channel=in_channel)
        text += "\n" + _numbers(self.kernels[out_channel, in_channel])
        change = self._change(self.layer, self.kernels[:, :shown_in]) if self.layer else None
        if choice(self.scaleCombo) == CHANGE and change is not None:
            text += "\n" + tr("change since the run started:") + "\n" + _numbers(change[out_channel, in_channel])
        self.valuesLabel.setText(text)


def _numbers(values: np.ndarray) -> str:
    return np.array2string(values, precision=3, suppress_small=True, max_line_width=200)
