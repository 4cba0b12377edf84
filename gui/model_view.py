"""Model view: the layer table (shapes, parameters) and weight/gradient histograms per parameter."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.Qt import QtWidgets

from engine.layers.base import shape_text

from .images import refill_combo


class ModelView(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        left = QtWidgets.QVBoxLayout()
        self.titleLabel = QtWidgets.QLabel()
        left.addWidget(self.titleLabel)
        self.layerTable = QtWidgets.QTableWidget(0, 4)
        self.layerTable.setObjectName("layerTable")
        self.layerTable.setHorizontalHeaderLabels(["Layer", "Type", "Output shape", "Parameters"])
        self.layerTable.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.layerTable.setToolTip(
            "Every layer with the shape of what it outputs (N = images in a batch) and how many numbers it learns."
        )
        left.addWidget(self.layerTable, 1)
        self.totalLabel = QtWidgets.QLabel()
        left.addWidget(self.totalLabel)
        layout.addLayout(left, 1)

        right = QtWidgets.QVBoxLayout()
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Parameter:"))
        self.parameterCombo = QtWidgets.QComboBox()
        self.parameterCombo.setObjectName("histogramParameterCombo")
        self.parameterCombo.setToolTip(
            "Weights that stay near their start values, or gradients that shrink to nothing (vanishing) or blow up "
            "(exploding), show here first."
        )
        row.addWidget(self.parameterCombo, 1)
        right.addLayout(row)
        self.weightPlot = pg.PlotWidget(title="Weights")
        self.gradientPlot = pg.PlotWidget(title="Gradients (last batch)")
        for plot, name in ((self.weightPlot, "weightHistogram"), (self.gradientPlot, "gradientHistogram")):
            plot.setObjectName(name)
            plot.setBackground("w")
            right.addWidget(plot, 1)
        self.statsLabel = QtWidgets.QLabel()
        right.addWidget(self.statsLabel)
        layout.addLayout(right, 1)
        self.snapshot = None
        self.parameterCombo.currentTextChanged.connect(lambda _: self._draw_histograms())

    def show_model(self, model) -> None:
        self.titleLabel.setText(f"<b>{model.name}</b>, input {shape_text(model.input_shape)}")
        shapes = model.layer_shapes()
        self.layerTable.setRowCount(len(model.layers))
        for r, (layer, shape) in enumerate(zip(model.layers, shapes, strict=True)):
            cells = [layer.name, type(layer).__name__, shape_text(shape), f"{layer.num_params():,}"]
            for c, text in enumerate(cells):
                self.layerTable.setItem(r, c, QtWidgets.QTableWidgetItem(text))
        self.layerTable.resizeColumnsToContents()
        self.layerTable.horizontalHeader().setStretchLastSection(True)
        self.totalLabel.setText(f"Total parameters: {model.num_params():,}")
        refill_combo(self.parameterCombo, [name for name, _, _ in model.named_parameters()])

    def show_snapshot(self, snapshot) -> None:
        self.snapshot = snapshot
        self._draw_histograms()

    def _draw_histograms(self) -> None:
        name = self.parameterCombo.currentText()
        if self.snapshot is None or not name:
            return
        texts = []
        for plot, stats_by_name, label in (
            (self.weightPlot, self.snapshot.weights, "weights"),
            (self.gradientPlot, self.snapshot.gradients, "gradients"),
        ):
            plot.clear()
            stats = stats_by_name.get(name)
            if stats is None:
                continue
            plot.plot(stats.edges, stats.counts, stepMode="center", fillLevel=0, brush=(60, 110, 200, 150))
            texts.append(f"{label}: mean {stats.mean:.3g}, std {stats.std:.3g}, norm {stats.norm:.3g}")
        self.statsLabel.setText("\n".join(texts))
