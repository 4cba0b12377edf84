"""One sample's array as a picture, or as bars when it is a vector (the Backprop tab's panels)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtWidgets

from engine.tiling import picture

from .plots import plot_widget


class ArrayView(QtWidgets.QWidget):
    """A caption over a picture of one sample's array, or bars when it is a vector.

    ``pixelClicked(row, column)``: a click on the picture, in its pixels (a grid's gaps included).
    """

    pixelClicked = QtCore.Signal(int, int)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QtWidgets.QLabel()
        self.caption.setWordWrap(True)
        self.plot = plot_widget(f"{name}Plot")
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=(70, 110, 190))
        self.plot.addItem(self.image)
        self.plot.addItem(self.bars)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.shown: np.ndarray | None = None

    def show_array(self, caption: str, values: np.ndarray | None, signed: bool = False) -> None:
        self.caption.setText(caption)
        self.shown = values
        self.plot.setVisible(values is not None)
        rgb = None if values is None else picture(values, signed)
        item = self.plot.getPlotItem()
        if rgb is not None:
            self.bars.setOpts(x=[], height=[])
            self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
            item.hideAxis("left"), item.hideAxis("bottom")
            item.getViewBox().setAspectLocked(True)
            item.getViewBox().invertY(True)
        else:
            self.image.clear()
            heights = np.zeros(0) if values is None else np.asarray(values, float).reshape(-1)
            colours = [(178, 24, 43) if h > 0 else (33, 102, 172) for h in heights] if signed else None
            self.bars.setOpts(x=np.arange(len(heights)), height=heights, width=0.8,
                              brushes=colours or [(70, 110, 190)] * len(heights))  # fmt: skip
            item.showAxis("left"), item.showAxis("bottom")
            item.getViewBox().setAspectLocked(False)
            item.getViewBox().invertY(False)
        item.getViewBox().autoRange()

    def _clicked(self, event) -> None:
        if self.image.image is None:
            return
        point = self.image.mapFromScene(event.scenePos())
        row, column = int(np.floor(point.y())), int(np.floor(point.x()))
        height, width = self.image.image.shape[:2]
        if 0 <= row < height and 0 <= column < width:
            self.pixelClicked.emit(row, column)
