"""Arrays -> pictures: tiling kernels and feature maps into grids, colour maps, QImage conversion.

Pure numpy except ``to_qimage``, ``refill_combo`` and ``image_plot``; the views put the results into pyqtgraph
``ImageItem``s (made by ``image_plot``) or ``QLabel``s.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtGui, QtWidgets

from engine.tiling import tile, tile_position  # noqa: F401  (the views import them from here)

from .plots import plot_widget


def diverging_rgb(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """Blue (negative) - white (0) - red (positive), centred on zero: (H, W) -> (H, W, 3) uint8.

    NaN (the gaps between tiles) becomes mid-grey. ``limit`` is the value shown at full
    colour (default: the largest magnitude), so zero always looks white.
    """
    finite = np.isfinite(values)
    limit = limit or (float(np.abs(values[finite]).max()) if finite.any() else 1.0) or 1.0
    t = np.clip(np.nan_to_num(values) / limit, -1, 1)[..., None]
    white = np.array([255, 255, 255], np.float32)
    red, blue = np.array([178, 24, 43], np.float32), np.array([33, 102, 172], np.float32)
    rgb = np.where(t >= 0, white + t * (red - white), white - t * (blue - white))
    rgb[~finite] = 128
    return rgb.astype(np.uint8)


def gray_rgb(values: np.ndarray, low: float | None = None, high: float | None = None) -> np.ndarray:
    """Grayscale (H, W) -> (H, W, 3) uint8, scaled from [low, high] (default: the data's range)."""
    finite = np.isfinite(values)
    if low is None:
        low = float(values[finite].min()) if finite.any() else 0.0
    if high is None:
        high = float(values[finite].max()) if finite.any() else 1.0
    scaled = np.clip((np.nan_to_num(values, nan=low) - low) / max(high - low, 1e-12), 0, 1) * 255
    rgb = np.repeat(scaled[..., None], 3, axis=2).astype(np.uint8)
    rgb[~finite] = (60, 60, 70)
    return rgb


def normalise_each(maps: np.ndarray) -> np.ndarray:
    """Scale every map (K, h, w) to [0, 1] on its own, so weak channels are visible too."""
    low = maps.min(axis=(1, 2), keepdims=True)
    high = maps.max(axis=(1, 2), keepdims=True)
    return (maps - low) / np.maximum(high - low, 1e-12)


def to_qimage(rgb: np.ndarray) -> QtGui.QImage:
    """(H, W, 3) uint8 -> a QImage that owns a copy of the pixels."""
    rgb = np.ascontiguousarray(rgb)
    height, width, _ = rgb.shape
    return QtGui.QImage(rgb.data, width, height, 3 * width, QtGui.QImage.Format_RGB888).copy()


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
