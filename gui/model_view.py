"""Model view: the layer editor (shapes, parameters, edits) and weight/gradient histograms per parameter."""

from __future__ import annotations

from pyqtgraph.Qt import QtCore, QtWidgets

from engine.architecture import specs_from_model
from engine.layers.base import shape_text

from .i18n import tr
from .images import refill_combo
from .layer_editor import LayerEditor
from .plots import plot_widget


class ModelView(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        # The editor on top, the histograms below: the settings column needs the width. A
        # splitter lets the user trade height between them.
        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        QtWidgets.QVBoxLayout(self).addWidget(splitter)
        top, bottom = QtWidgets.QWidget(), QtWidgets.QWidget()
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([3000, 2000])  # proportions: the editor gets 3/5 of the height
        upper = QtWidgets.QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        self.titleLabel = QtWidgets.QLabel()
        self.titleLabel.setWordWrap(True)
        upper.addWidget(self.titleLabel)
        self.editor = LayerEditor()
        upper.addWidget(self.editor, 1)

        lower = QtWidgets.QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel(tr("Histograms of:")))
        self.parameterCombo = QtWidgets.QComboBox()
        self.parameterCombo.setObjectName("histogramParameterCombo")
        self.parameterCombo.setToolTip(
            tr(
                "Weights that stay near their start values, or gradients that shrink to nothing (vanishing) or blow up "
                "(exploding), show here first."
            )
        )
        row.addWidget(self.parameterCombo)
        self.statsLabel = QtWidgets.QLabel()
        self.statsLabel.setWordWrap(True)
        row.addWidget(self.statsLabel, 1)
        lower.addLayout(row)
        plots = QtWidgets.QHBoxLayout()
        self.weightPlot = plot_widget("weightHistogram", title=tr("Weights"))
        self.gradientPlot = plot_widget("gradientHistogram", title=tr("Gradients (last batch)"))
        for plot in (self.weightPlot, self.gradientPlot):
            plots.addWidget(plot, 1)
        lower.addLayout(plots, 1)
        # One histogram item per plot, updated in place with setData (clearing and re-adding
        # items four times a second cost twice the repaint).
        self.histograms = {
            plot: plot.plot([0, 1], [0], stepMode="center", fillLevel=0, brush=(60, 110, 200, 150))
            for plot in (self.weightPlot, self.gradientPlot)
        }
        self.snapshot = None
        self.parameterCombo.currentTextChanged.connect(lambda _: self._draw_histograms())

    def show_model(self, model, num_classes: int) -> None:
        """Show the model's layers in the editor (as the saved state) and its parameters in the combo."""
        self.titleLabel.setText(tr("<b>{model}</b>: {parameters} parameters, input {shape}").format(
            model=model.name, parameters=f"{model.num_params():,}", shape=shape_text(model.input_shape)
        ))
        self.editor.set_specs(specs_from_model(model), model.input_shape, num_classes, saved=True)
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
            (self.weightPlot, self.snapshot.weights, tr("weights")),
            (self.gradientPlot, self.snapshot.gradients, tr("gradients")),
        ):
            stats = stats_by_name.get(name)
            histogram = self.histograms[plot]
            histogram.setVisible(stats is not None)  # no gradients before the first step: nothing, not a 0 line
            if stats is None:
                continue
            histogram.setData(stats.edges, stats.counts)
            texts.append(tr("{what}: mean {mean}, std {std}, norm {norm}").format(
                what=label, mean=f"{stats.mean:.3g}", std=f"{stats.std:.3g}", norm=f"{stats.norm:.3g}"))
        self.statsLabel.setText("; ".join(texts))
