"""Feature maps view: what every conv and pooling layer makes of one probe image.

One labelled row per layer, top to bottom through the network. Click a map to see it large
beside the kernel that made it (or, for pooling, the map it pooled); the probe's prediction
is in the bar at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from .fit import compact
from .i18n import tr
from .images import ColourScale, diverging_rgb, gray_rgb, image_plot, images_rgb, normalise_each, tile, to_qimage

COLUMN_CHOICES = (4, 8, 16, 32)  # maps per line of a row: whichever draws the maps biggest in the view
CELL = 28  # every map is drawn at least this many picture pixels tall (a 7x7 map 4x, nearest neighbour)
CAPTION = 16  # picture pixels above each row, where its caption goes
INPUTS_SHOWN = 16  # input channels of a clicked map's kernel drawn (a 64-channel kernel stays readable)


CAPTION_FONT = QtGui.QFont()
CAPTION_FONT.setPixelSize(CAPTION - 4)


@dataclass(frozen=True)
class Row:
    """Where one layer's maps sit in the mosaic (picture pixels)."""

    name: str
    top: int  # the first line of maps (below the caption)
    count: int  # channels
    size: tuple[int, int]  # one map's (h, w)
    scale: int  # each map pixel drawn scale x scale
    columns: int  # maps per line

    def hit(self, y: float, x: float) -> int | None:
        """The channel drawn at picture point (y, x), or None."""
        cell_h, cell_w = self.size[0] * self.scale + 1, self.size[1] * self.scale + 1
        line, column = int((y - self.top) // cell_h), int(x // cell_w)
        inside = (y - self.top) % cell_h < cell_h - 1 and x % cell_w < cell_w - 1
        channel = line * self.columns + column
        placed = y >= self.top and x >= 0 and column < self.columns and channel < self.count
        return channel if placed and inside else None


def mosaic_size(shapes: list[tuple[int, int, int]], columns: int) -> tuple[int, int]:
    """The (height, width) of ``mosaic``'s picture for maps of these (C, h, w) shapes."""
    height, width = 0, 0
    for count, h, w in shapes:
        scale, cols = max(1, CELL // h), min(columns, count)
        lines = -(-count // cols)
        height += CAPTION + lines * (h * scale + 1)
        width = max(width, cols * (w * scale + 1) - 1)
    return max(height - 1, 1), max(width, 1)


def best_columns(shapes: list[tuple[int, int, int]], view_height: int, view_width: int) -> int:
    """The number of maps per line that draws them biggest in a view of this size (wide view: more)."""

    def zoom(columns: int) -> float:
        height, width = mosaic_size(shapes, columns)
        return min(view_height / height, view_width / width)

    return max(COLUMN_CHOICES, key=zoom)


def mosaic(feature_maps: dict[str, np.ndarray], columns: int = 16) -> tuple[np.ndarray, list[Row]]:
    """Every layer's (C, h, w) maps, each scaled to [0, 1] on its own, one row of lines per layer.

    Returns the picture (NaN in the gaps and caption bands) and each row's placement.
    """
    grids, rows, top = [], [], 0
    for name, maps in feature_maps.items():
        scale, cols = max(1, CELL // maps.shape[1]), min(columns, len(maps))  # small maps drawn bigger
        big = normalise_each(maps).repeat(scale, axis=1).repeat(scale, axis=2)
        grids.append(tile(big, cols=cols, gap=1))
        rows.append(Row(name, top + CAPTION, len(maps), maps.shape[1:], scale, cols))
        top += CAPTION + grids[-1].shape[0] + 1
    picture = np.full((max(top - 1, 1), max((g.shape[1] for g in grids), default=1)), np.nan, np.float32)
    for row, grid in zip(rows, grids, strict=True):
        picture[row.top : row.top + grid.shape[0], : grid.shape[1]] = grid
    return picture, rows


class FeatureMapView(QtWidgets.QWidget):
    """The probe bar, the mosaic of every layer's maps, and the clicked map enlarged beside its kernel.

    The probe is a dataset sample (spin box), a test image clicked in Evaluation, or the current drawing.
    """

    probeChanged = QtCore.Signal(object)  # the probe image (28, 28), or None
    kernelWanted = QtCore.Signal(str)  # a conv layer whose kernels the clicked map needs

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel(tr("Probe: test image")))
        self.sampleSpin = QtWidgets.QSpinBox()
        self.sampleSpin.setObjectName("probeSampleSpin")
        self.sampleSpin.setToolTip(tr("Which test image to send through the network."))
        bar.addWidget(self.sampleSpin)
        self.useDrawingButton = QtWidgets.QPushButton(tr("Use my drawing"))
        self.useDrawingButton.setToolTip(tr("Probe with the digit drawn in the Draw & predict tab."))
        bar.addWidget(self.useDrawingButton)
        compact(self.useDrawingButton)
        bar.addStretch(1)
        layout.addLayout(bar)
        line = QtWidgets.QHBoxLayout()  # a second line: a long caption must not widen the page at 800x600
        self.probePicture = QtWidgets.QLabel()  # the probe itself, in its colours, beside its caption
        self.probePicture.setObjectName("probePicture")
        line.addWidget(self.probePicture)
        self.probeLabel = QtWidgets.QLabel()
        line.addWidget(self.probeLabel)
        self.predictionLabel = QtWidgets.QLabel()
        self.predictionLabel.setObjectName("probePrediction")
        self.predictionLabel.setToolTip(tr("What the network makes of the probe, as it is now."))
        line.addWidget(self.predictionLabel)
        line.addStretch(1)
        self.hint = QtWidgets.QLabel(tr("Click a map to enlarge it."))
        self.hint.setObjectName("featureMapHint")
        self.hint.setWordWrap(True)  # it must not widen the page
        line.addWidget(self.hint)
        layout.addLayout(line)

        # A splitter: the user can give the mosaic or the enlarged map more room. The enlarged map
        # shows only once a map is clicked, so at 800x600 the mosaic first has the whole width.
        body = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        self.plot, self.image = image_plot("featureMapView")
        self.plot.setToolTip(
            tr(
                "Each small image is one channel's activation map: bright where that filter found its pattern. "
                "Deeper layers have more, smaller maps that respond to larger shapes. Click a map to enlarge it."
            )
        )
        body.addWidget(self.plot)
        self.placeholder = QtWidgets.QLabel(tr(
            "This model has no convolution or pooling layers: it never makes feature maps. An MLP flattens "
            "the image into one vector first; see its first layer's weights in the Filters tab."
        ))
        self.placeholder.setObjectName("featureMapsPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.placeholder.hide()
        body.addWidget(self.placeholder)
        self.detail = self._detail_panel()
        body.addWidget(self.detail)
        for index, stretch in enumerate((3, 3, 2)):
            body.setStretchFactor(index, stretch)
        layout.addWidget(body, 1)

        self.samples = None
        self.kinds: dict[str, str] = {}  # layer -> "convolution", "max-pool", "average-pool" or "block"
        self.rows: list[Row] = []
        self.columns = 16
        self.captionItems: list[QtWidgets.QGraphicsSimpleTextItem] = []
        self.selected: tuple[str, int] | None = None  # (layer, channel) clicked
        self._maps: dict[str, np.ndarray] = {}
        self._filters: dict[str, np.ndarray] = {}
        self.highlight = QtWidgets.QGraphicsRectItem()
        self.highlight.setPen(pg.mkPen((230, 160, 0), width=2, cosmetic=True))
        self.highlight.hide()
        self.plot.addItem(self.highlight)
        self.sampleSpin.valueChanged.connect(self._sample_chosen)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def _detail_panel(self) -> QtWidgets.QWidget:
        panel = QtWidgets.QWidget()
        panel.setObjectName("featureMapDetail")
        column = QtWidgets.QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        self.detailTitle = QtWidgets.QLabel()
        self.detailTitle.setObjectName("featureMapDetailTitle")
        self.detailTitle.setWordWrap(True)
        column.addWidget(self.detailTitle)
        self.enlargedPlot, self.enlarged = image_plot("featureMapEnlarged")
        column.addWidget(self.enlargedPlot, 1)
        self.sourceTitle = QtWidgets.QLabel()
        self.sourceTitle.setWordWrap(True)
        column.addWidget(self.sourceTitle)
        self.sourcePlot, self.source = image_plot("featureMapKernel")
        column.addWidget(self.sourcePlot, 1)
        self.kernelScale = ColourScale("featureMapKernelScale")
        column.addWidget(self.kernelScale)
        for widget in (self.enlargedPlot, self.sourcePlot, self.kernelScale, panel):
            widget.hide()
        return panel

    # ------------------------------------------------------------------ the probe
    def set_samples(self, images: np.ndarray, labels: np.ndarray, names: list[str]) -> None:
        self.samples = (images, labels, names)
        self.sampleSpin.setRange(0, max(0, len(images) - 1))
        self._sample_chosen(self.sampleSpin.value())

    def _sample_chosen(self, index: int) -> None:
        if self.samples is None or len(self.samples[0]) == 0:
            return
        images, labels, names = self.samples
        self.use_image(images[index], tr("label: {label}").format(label=names[labels[index]]))

    def use_image(self, image: np.ndarray, caption: str) -> None:
        """Probe with any uint8 image like the dataset's ((H, W) or (3, H, W)), e.g. a test image clicked in the
        Evaluation gallery; it is shown beside its caption, at 2 screen pixels per pixel (at most 56 px)."""
        image = np.asarray(image)
        side = min(56, 2 * image.shape[-1])
        self.probePicture.setPixmap(QtGui.QPixmap.fromImage(to_qimage(images_rgb(image[None]))).scaled(side, side))
        self.probeLabel.setText(caption)
        self.probeChanged.emit(image)

    def use_drawing(self, image) -> None:
        if image is not None:
            self.use_image(np.rint(image * 255).astype(np.uint8), "your drawing")

    # ------------------------------------------------------------------ the pictures
    def set_layers(self, kinds: dict[str, str]) -> None:
        """The new model's layers that make maps and what each is (``engine.snapshots.map_layer_kinds``);
        none (an MLP, an LSTM): a placeholder says why, instead of the previous model's maps staying on screen."""
        names, self.kinds = list(kinds), dict(kinds)
        self.image.clear()
        self._clear_captions()
        self.rows, self._maps, self._filters, self.selected = [], {}, {}, None
        self.highlight.hide()
        self.predictionLabel.setText("")
        self._show_detail()
        self.plot.setVisible(bool(names))
        self.placeholder.setVisible(not names)

    @property
    def kernel_layer(self) -> str | None:
        """The convolution whose kernels the clicked map needs, if it is one."""
        name = self.selected[0] if self.selected else None
        return name if self.kinds.get(name) == "convolution" else None

    def show_maps(self, feature_maps: dict[str, np.ndarray], filters=None, scores=None) -> None:
        """Draw a snapshot's maps (layer -> (C, h, w)), its kernels (for the clicked map) and the probe's
        class probabilities (K,), named by the dataset's classes."""
        class_names = self.samples[2] if self.samples else None
        if scores is not None and class_names is not None and len(scores) == len(class_names):
            best = int(np.argmax(scores))
            self.predictionLabel.setText(tr("→ predicted {answer} ({confidence})").format(
                answer=class_names[best], confidence=f"{scores[best] * 100:.1f} %"))
        if not feature_maps:
            return
        self._maps, self._filters = feature_maps, filters or {}
        self._draw_mosaic()

    def _draw_mosaic(self) -> None:
        feature_maps = self._maps
        self.columns = self._best_columns()
        picture, rows = mosaic(feature_maps, self.columns)
        self.image.setImage(gray_rgb(picture, 0.0, 1.0), autoLevels=False, levels=(0, 255))
        if [(row.name, row.top) for row in rows] != [(row.name, row.top) for row in self.rows]:
            self._clear_captions()
            for row in rows:
                maps = feature_maps[row.name]
                text = tr("{layer} · {count} maps of {size}").format(layer=row.name, count=len(maps),
                                                                        size=f"{maps.shape[1]}x{maps.shape[2]}")
                # A plain graphics text item, not pg.TextItem: it scales with the picture, so it always
                # fits its band (a TextItem keeps its screen size and covered the maps in small windows).
                caption = QtWidgets.QGraphicsSimpleTextItem(text)
                caption.setFont(CAPTION_FONT)
                caption.setBrush(pg.mkBrush(235, 235, 235))
                caption.setPos(2, row.top - CAPTION + 1)
                self.plot.addItem(caption)
                self.captionItems.append(caption)
        self.rows = rows
        self._show_detail()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._maps and self._best_columns() != self.columns:
            self._draw_mosaic()

    def _best_columns(self) -> int:
        shapes = [maps.shape for maps in self._maps.values()]
        return best_columns(shapes, max(self.plot.height(), 1), max(self.plot.width(), 1))

    def _clear_captions(self) -> None:
        for caption in self.captionItems:
            self.plot.removeItem(caption)
        self.captionItems = []

    def _clicked(self, event) -> None:
        point = self.image.mapFromScene(event.scenePos())
        for row in self.rows:
            channel = row.hit(point.y(), point.x())
            if channel is not None:
                self.choose(row.name, channel)
                return

    def choose(self, name: str, channel: int) -> None:
        """Enlarge map ``channel`` of layer ``name`` (a click on the mosaic ends here)."""
        self.selected = (name, channel)
        if self.kernel_layer:
            # Always ask (the kernels on hand may be from a snapshot taken before a run began,
            # one the run's snapshots will not bring again): the next snapshot brings them.
            self.kernelWanted.emit(name)
        self._show_detail()

    def _show_detail(self) -> None:
        """The clicked map large, and what made it: a conv layer's kernel, or the map a pooling layer pooled."""
        shown = self.selected is not None and self.selected[0] in self._maps
        for widget in (self.enlargedPlot, self.sourcePlot, self.kernelScale):
            widget.setVisible(False)
        self.sourceTitle.setText("")
        self.detail.setVisible(shown)
        self.hint.setVisible(not shown)
        if not shown:
            self.highlight.hide()
            return
        name, channel = self.selected
        maps, kind = self._maps[name], self.kinds.get(name, "")
        self._highlight(name, channel)
        self.enlarged.setImage(gray_rgb(maps[channel]), autoLevels=False, levels=(0, 255))
        self.enlargedPlot.show()
        low, high = float(maps[channel].min()), float(maps[channel].max())
        self.detailTitle.setText(tr("{layer}, map {channel} of {count} ({size}): black {low}, white {high}").format(
            layer=name, channel=channel, count=len(maps), size=f"{maps.shape[1]}x{maps.shape[2]}", low=f"{low:.2f}",
            high=f"{high:.2f}"))
        names = list(self._maps)
        before = names[names.index(name) - 1] if names.index(name) > 0 else None
        kernels = self._filters.get(name)
        if kernels is not None and channel < len(kernels):
            self._show_kernel(name, channel, kernels[channel])
        elif kind.endswith("pool") and before is not None and len(self._maps[before]) == len(maps):
            self.source.setImage(gray_rgb(self._maps[before][channel]), autoLevels=False, levels=(0, 255))
            self.sourcePlot.show()
            how = tr(
                "A max-pool of {before}'s map {channel} (below): each pixel is the largest value of one window of "
                "it. Pooling has no kernel."
            ) if kind == "max-pool" else tr(
                "An average-pool of {before}'s map {channel} (below): each pixel is the mean of one window of it. "
                "Pooling has no kernel."
            )  # fmt: skip
            self.sourceTitle.setText(how.format(before=before, channel=channel))
        elif kind == "convolution":
            self.sourceTitle.setText(tr("Its kernel comes with the next picture..."))
        else:
            self.sourceTitle.setText(tr("{layer} combines several convolutions (see the Model tab), so no single "
                                        "kernel made this map.").format(layer=name))  # fmt: skip

    def _show_kernel(self, name: str, channel: int, kernel: np.ndarray) -> None:
        """kernel: (C_in, kH, kW), one tile per input channel, coloured on its own scale."""
        shown = kernel[:INPUTS_SHOWN]
        limit = float(np.abs(shown).max()) or 1.0
        grid = tile(shown, cols=min(len(shown), 4))
        self.source.setImage(diverging_rgb(grid, limit), autoLevels=False, levels=(0, 255))
        self.sourcePlot.show()
        self.kernelScale.show_range(f"{-limit:+.2g}", f"{limit:+.2g}", tr("weight"))
        self.kernelScale.show()
        more = tr(" (the first {shown} of {count})").format(shown=len(shown), count=len(kernel)) if (
            len(kernel) > len(shown)) else ""
        self.sourceTitle.setText(tr(
            "Made by {layer}'s kernel {channel}, below: one {size} slice per input channel{more}. The map is its bias "
            "plus every input map correlated with its slice, summed."
        ).format(layer=name, channel=channel, size=f"{kernel.shape[1]}x{kernel.shape[2]}", more=more))

    def _highlight(self, name: str, channel: int) -> None:
        row = next(row for row in self.rows if row.name == name)
        h, w = row.size[0] * row.scale, row.size[1] * row.scale
        line, column = divmod(channel, row.columns)
        self.highlight.setRect(column * (w + 1) - 0.5, row.top + line * (h + 1) - 0.5, w + 1, h + 1)
        self.highlight.show()
