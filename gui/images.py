"""Arrays -> pictures: tiling kernels and feature maps into grids, colour maps, QImage conversion.

The colour maps are the engine's (``engine.tiling``, which the HTML handout uses too); this module adds
what needs Qt: ``to_qimage``, ``refill_combo``, ``image_plot`` and the colour key; the views put the
pictures into pyqtgraph ``ImageItem``s (made by ``image_plot``) or ``QLabel``s.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtGui, QtWidgets

# The views import these from here.
from engine.tiling import (  # noqa: F401
    diverging_rgb,
    gray_rgb,
    images_rgb,
    normalise_each,
    tile,
    tile_position,
    unit_rgb,
)

from .plots import plot_widget


def to_qimage(rgb: np.ndarray) -> QtGui.QImage:
    """(H, W, 3) uint8 -> a QImage that owns a copy of the pixels."""
    rgb = np.ascontiguousarray(rgb)
    height, width, _ = rgb.shape
    return QtGui.QImage(rgb.data, width, height, 3 * width, QtGui.QImage.Format.Format_RGB888).copy()


def refill_combo(combo: QtWidgets.QComboBox, items: list[str]) -> None:
    """Replace a combo's items, keeping the current choice when it is still there, without signals."""
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(items)
    if current in items:
        combo.setCurrentText(current)
    combo.blockSignals(False)


def image_plot(name: str) -> tuple[pg.PlotWidget, pg.ImageItem]:
    """A PlotWidget without axes holding one ImageItem: square pixels, row 0 at the top."""
    plot = plot_widget(name)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.setAspectLocked(True)
    plot.invertY(True)
    plot.setMenuEnabled(False)
    item = pg.ImageItem(axisOrder="row-major")  # arrays are (rows, columns) like numpy, not (x, y)
    plot.addItem(item)
    return plot, item


class ColourScale(QtWidgets.QWidget):
    """The key to a ``diverging_rgb`` picture: "-0.42 [blue - white - red] +0.42", and what it means."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lowLabel, self.highLabel, self.meaningLabel = QtWidgets.QLabel(), QtWidgets.QLabel(), QtWidgets.QLabel()
        self.meaningLabel.setWordWrap(True)
        self.bar = QtWidgets.QLabel()
        self.bar.setPixmap(QtGui.QPixmap.fromImage(to_qimage(diverging_rgb(np.linspace(-1, 1, 256)[None]))))
        self.bar.setScaledContents(True)  # one row of 256 colours, stretched to the label
        self.bar.setFixedHeight(12)
        self.bar.setMinimumWidth(60)
        self.bar.setMaximumWidth(240)
        for widget, stretch in ((self.lowLabel, 0), (self.bar, 1), (self.highLabel, 0)):
            layout.addWidget(widget, stretch)
        layout.addSpacing(12)
        layout.addWidget(self.meaningLabel, 2)

    def show_range(self, low: str, high: str, meaning: str) -> None:
        self.lowLabel.setText(low)
        self.highLabel.setText(high)
        self.meaningLabel.setText(meaning)
