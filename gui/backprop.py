"""Backprop view: one image through the network and back, a step at a time (``engine/trace.py``).

The list on the left holds every step: each layer forward (a block's children under it), the
loss, then each layer backward. A step shows two pictures (forward: the layer's input and
output; backward: dL/d(output) and dL/d(input), and beside a layer's weights their gradient),
the step in words with its numbers (``engine/lens_text.py``), the layer's own code with the
line that matters marked, and the gradient norm of every layer on one bar chart.

The window hands the view a ``Lens`` (a private copy of the model) and the image; the view
never touches the model being trained.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.handout import Step, code, explanation, handout_html, panels, walk, weight_at
from engine.trace import LayerTrace, Lens, Trace, conv_pixel

from .array_view import ArrayView
from .fit import compact
from .i18n import add_choices, current_language, tr, tr_said, translatable
from .images import tile_position
from .plots import plot_widget

SOURCES = (translatable("a test digit"), translatable("the drawing"))  # the source menu, by index


class BackpropView(QtWidgets.QWidget):
    """The Backprop tab (``backpropView``)."""

    walkWanted = QtCore.Signal(str, int, int)  # source (SOURCES), test digit index, label
    handoutWanted = QtCore.Signal()  # the window asks where to save, then calls export_handout

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("backpropView")
        self.lens: Lens | None = None
        self.trace: Trace | None = None
        self.steps: list[Step] = []
        self._changes: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # of the last applied step

        self.sourceCombo = QtWidgets.QComboBox()
        self.sourceCombo.setObjectName("backpropSourceCombo")
        add_choices(self.sourceCombo, SOURCES, {source: source for source in SOURCES})
        self.digitSpin = QtWidgets.QSpinBox()
        self.digitSpin.setObjectName("backpropDigitSpin")
        self.digitSpin.setPrefix(tr("no. "))
        self.labelCombo = QtWidgets.QComboBox()
        self.labelCombo.setObjectName("backpropLabelCombo")
        self.labelCombo.setToolTip(tr("The class the loss compares with: a test digit's own label, or what you drew"))
        self.walkButton = QtWidgets.QPushButton(tr("Walk through"))
        self.walkButton.setObjectName("backpropWalkButton")
        self.walkButton.setToolTip(
            tr("Send the image through a copy of the model and back; the model itself is untouched")
        )
        self.walkButton.clicked.connect(self._walk_clicked)
        for combo, letters in ((self.sourceCombo, 8), (self.labelCombo, 3)):  # narrow enough for 800x600
            combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
        self.sourceCombo.currentIndexChanged.connect(lambda i: self.digitSpin.setEnabled(i == 0))
        self.backButton = QtWidgets.QPushButton(tr("◀ Back"))
        self.backButton.setObjectName("backpropBackButton")
        self.stepButton = QtWidgets.QPushButton(tr("Step ▶"))
        self.stepButton.setObjectName("backpropStepButton")
        self.backButton.clicked.connect(lambda: self.go(self.list.currentRow() - 1))
        self.stepButton.clicked.connect(lambda: self.go(self.list.currentRow() + 1))
        top = QtWidgets.QHBoxLayout()
        for widget in (self.sourceCombo, self.digitSpin, QtWidgets.QLabel(tr("is a")), self.labelCombo):
            top.addWidget(widget)
        top.addStretch(1)
        compact(self.walkButton, self.backButton, self.stepButton)

        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("backpropLayerList")
        self.list.currentRowChanged.connect(self._show_step)
        self.message = QtWidgets.QLabel(tr(
            "Pick an image and press Walk through: it goes through a copy of the model, layer by layer, and "
            "the gradient comes back. Training must be paused or stopped."
        ))
        self.message.setObjectName("backpropMessage")
        self.message.setWordWrap(True)
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("backpropTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QtWidgets.QLabel()
        self.explanation.setObjectName("backpropExplain")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.first, self.second = ArrayView("backpropFirst"), ArrayView("backpropSecond")
        self.weights = ArrayView("backpropWeights")
        self.second.pixelClicked.connect(self._output_pixel_clicked)
        self.weights.pixelClicked.connect(self._weight_clicked)
        pictures = QtWidgets.QHBoxLayout()
        for view in (self.first, self.second, self.weights):
            pictures.addWidget(view, 1)
        self.code = QtWidgets.QPlainTextEdit()
        self.code.setObjectName("backpropCode")
        self.code.setReadOnly(True)
        self.code.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.code.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.codeNote = QtWidgets.QLabel()
        self.codeNote.setObjectName("backpropCodeNote")
        self.codeNote.setWordWrap(True)
        self.checkButton = QtWidgets.QPushButton(tr("Check a weight"))
        self.checkButton.setObjectName("backpropCheckButton")
        self.checkButton.setToolTip(tr("This layer's weight with the largest gradient (or click a weight in the "
                                    "weights picture): the backward pass's value beside a central finite "
                                    "difference of the loss, in float64"))  # fmt: skip
        self.checkButton.clicked.connect(lambda: self.check_weight())  # (not clicked(checked) as the key)
        self.applyButton = QtWidgets.QPushButton(tr("Apply one step"))
        self.applyButton.setObjectName("backpropApplyButton")
        self.applyButton.setToolTip(
            tr(
                "One step of the Training panel's optimizer and learning rate on the lens's copy of the model, "
                "from this image's gradients; the model being trained is untouched"
            )
        )
        self.applyButton.clicked.connect(self.apply_step)
        self.undoButton = QtWidgets.QPushButton(tr("Undo the step"))
        self.undoButton.setObjectName("backpropUndoButton")
        self.undoButton.clicked.connect(self.undo_step)
        self.result = QtWidgets.QLabel()
        self.result.setObjectName("backpropResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.handoutButton = QtWidgets.QPushButton(tr("Export handout..."))
        self.handoutButton.setObjectName("backpropHandoutButton")
        self.handoutButton.setToolTip(
            tr(
                "The whole walk, every step's pictures, numbers and code, as one HTML page "
                "for a lecture or a lab report (it opens in any browser and prints)"
            )
        )
        self.handoutButton.clicked.connect(self.handoutWanted)
        compact(self.checkButton, self.applyButton, self.undoButton, self.handoutButton)
        self.optimizer, self.learning_rate = "sgd", 0.01  # the window sets the Training panel's
        self.x: np.ndarray | None = None
        self.label = 0
        self.walked = tr("an image")  # what was walked through, in words (the handout's title)
        # (a longer title widened the tab past the window)
        self.norms = plot_widget("backpropGradientNorms", title=tr("gradient norms"))
        # Bars of log10(norm): a BarGraphItem ignores the plot's log mode, and the norms span decades.
        self.norms.setLabel("left", "log10 |dL/dW|")
        self.norms.getAxis("left").enableAutoSIPrefix(False)  # (it wrote 0.3 as "300 (x0.001)")
        self.norms.setLabel("bottom", tr("layer, input → output"))
        self.norms.setMenuEnabled(False)
        self.normBars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=(120, 60, 160))
        self.norms.addItem(self.normBars)

        detail = QtWidgets.QWidget()
        right = QtWidgets.QVBoxLayout(detail)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title)
        right.addWidget(self.explanation)
        right.addLayout(pictures, 3)
        right.addWidget(self.result)
        code_row = QtWidgets.QHBoxLayout()
        code_column = QtWidgets.QVBoxLayout()
        code_column.addWidget(self.codeNote)
        code_column.addWidget(self.code, 1)
        code_row.addLayout(code_column, 3)
        code_row.addWidget(self.norms, 2)
        right.addLayout(code_row, 2)
        left = QtWidgets.QWidget()
        steps = QtWidgets.QVBoxLayout(left)
        steps.setContentsMargins(0, 0, 0, 0)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.backButton)
        buttons.addWidget(self.stepButton)
        steps.addWidget(self.walkButton)
        steps.addLayout(buttons)
        steps.addWidget(self.list, 1)
        for button in (self.checkButton, self.applyButton, self.undoButton, self.handoutButton):  # narrow screens
            steps.addWidget(button)
        self.list.setMinimumWidth(110)
        splitter = QtWidgets.QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([230, 900])  # the steps' names need about this; the pictures take the rest
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self._enable_steps()

    # ----------------------------------------------------------------- inputs
    def set_choices(self, test_images: int, class_names: list[str]) -> None:
        """How many test digits there are to pick from, and the class names for the label."""
        self.digitSpin.setRange(0, max(0, test_images - 1))
        self.digitSpin.setEnabled(test_images > 0 and self.sourceCombo.currentIndex() == 0)
        current = self.labelCombo.currentIndex()
        self.labelCombo.clear()
        self.labelCombo.addItems(class_names)
        self.labelCombo.setCurrentIndex(max(0, min(current, len(class_names) - 1)))

    def forget(self, message: str) -> None:
        """Another model: the walk of the last one must not stay on screen as if it were this one's."""
        self.lens, self.trace, self.steps, self.x, self._changes = None, None, [], None, {}
        self.list.clear()
        for view in (self.first, self.second, self.weights):
            view.show_array("", None)
        self.title.clear()
        self.explanation.clear()
        self.result.clear()
        self._show_code([], None, "")
        self.normBars.setOpts(x=[], height=[])
        self.say(message)
        self._enable_steps()

    def _walk_clicked(self) -> None:
        source = SOURCES[self.sourceCombo.currentIndex()]
        self.walked = tr("test digit no. {number}").format(number=self.digitSpin.value()) if (
            source == SOURCES[0]) else tr("a drawing")
        self.walkWanted.emit(source, self.digitSpin.value(), self.labelCombo.currentIndex())

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def show_walk(self, lens: Lens, x: np.ndarray, label: int) -> None:
        """Trace ``x`` (1, C, H, W), model-normalised, against ``label`` and show its first step."""
        self.lens, self.x, self.label = lens, x, label
        self.result.clear()
        self._retrace()

    def _retrace(self) -> None:
        """Trace the image with the lens's weights as they are now, and show the steps again."""
        lens, x, label = self.lens, self.x, self.label
        row = self.list.currentRow()
        self.trace = lens.trace(x, np.array([label]))
        self.steps = walk(self.trace)
        self.labelCombo.setCurrentIndex(label)
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([tr_said(step.title()) for step in self.steps])
        self.list.blockSignals(False)
        norms = self.trace.gradient_norms()
        heights = np.log10(np.maximum([norm for _, norm in norms], 1e-30))
        self.normBars.setOpts(x=np.arange(len(norms)), height=heights, width=0.7)
        # Numbered ticks (the names would overlap); the bar's layer is in the tooltip of the chart.
        self.norms.getPlotItem().getAxis("bottom").setTicks([[(i, str(i + 1)) for i in range(len(norms))]])
        self.norms.setToolTip("\n".join(f"{i + 1}: {name}  {norm:.3g}" for i, (name, norm) in enumerate(norms)))
        low, high = min(0.0, float(heights.min(initial=0))), max(0.0, float(heights.max(initial=0)))
        self.norms.setXRange(-0.6, len(norms) - 0.4, padding=0)  # every bar (autoRange missed the last one)
        self.norms.setYRange(low, high, padding=0.05)
        p = self.trace.probabilities[0]
        self.say(tr("The model says {answer} ({confidence}); the loss against {label} is {loss}. Step through it, "
                    "or pick a step in the list.").format(answer=int(p.argmax()), confidence=f"{p.max():.0%}",
                                                          label=label, loss=f"{self.trace.loss + 0.0:.3g}"))
        self.go(max(row, 0))

    # ----------------------------------------------------------------- stepping
    def go(self, row: int) -> None:
        if self.steps:
            self.list.setCurrentRow(max(0, min(row, len(self.steps) - 1)))

    def _enable_steps(self) -> None:
        row = self.list.currentRow()
        self.backButton.setEnabled(bool(self.steps) and row > 0)
        self.stepButton.setEnabled(bool(self.steps) and row < len(self.steps) - 1)
        layer = self.current_layer()
        self.checkButton.setEnabled(layer is not None and bool(layer.params))
        self.applyButton.setEnabled(self.lens is not None)
        self.undoButton.setEnabled(self.lens is not None and self.lens.can_undo())
        self.handoutButton.setEnabled(self.trace is not None)

    def current_layer(self) -> LayerTrace | None:
        row = self.list.currentRow()
        return self.steps[row].layer if 0 <= row < len(self.steps) else None

    # ----------------------------------------------------------------- check it, and one step
    def check_weight(self, key: str | None = None, index: tuple[int, ...] | None = None) -> None:
        """A weight of the current layer (by default the one with the largest gradient) against a finite
        difference."""
        layer = self.current_layer()
        if layer is None or not layer.grads:
            return
        if key is None:
            key = max(layer.grads, key=lambda k: float(np.abs(layer.grads[k]).max()))
            index = np.unravel_index(int(np.abs(layer.grads[key]).argmax()), layer.grads[key].shape)
        check = self.lens.check_weight(self.x, np.array([self.label]), f"{layer.name}.{key}", index)
        verdict = tr("they agree") if check.relative_error < 1e-5 else tr(
            "they DISAGREE: the backward pass has a bug"
        )
        self.result.setText(tr(
            "{weight}: backward says {analytic}, (L(w + 1e-6) - L(w - 1e-6)) / 2e-6 says {numeric}; relative error "
            "{error}: {verdict}."
        ).format(weight=f"{check.parameter}[{', '.join(map(str, check.index))}]", analytic=f"{check.analytic:.6g}",
                 numeric=f"{check.numeric:.6g}", error=f"{check.relative_error:.1e}", verdict=verdict))

    def _weight_clicked(self, row: int, column: int) -> None:
        """A click on a weight in the weights panel: check that one."""
        layer = self.current_layer()
        picked = weight_at(layer, row, column) if layer is not None and layer.grads else None
        if picked is not None and not self._changes:  # (after a step the panel shows changes, not weights)
            self.check_weight(*picked)

    def _output_pixel_clicked(self, row: int, column: int) -> None:
        """A click on a convolution's output (forward): the multiply-add behind that pixel, and the
        numbers it gives the kernel's gradient on the way back."""
        layer = self.current_layer()
        step = self.steps[self.list.currentRow()] if layer is not None else None
        if layer is None or step.direction != "forward" or layer.kind != "Conv2D":
            return
        channels, height, width = layer.y.shape[1:]
        where = tile_position(row, column, (height, width), channels, int(np.ceil(np.sqrt(channels))))
        if where is None:
            return
        self.show_pixel(layer, *where)

    def show_pixel(self, layer: LayerTrace, channel: int, i: int, j: int) -> None:
        story = conv_pixel(layer, 0, channel, i, j)
        numbers = lambda a: np.array2string(a, precision=3, suppress_small=True)  # noqa: E731
        first = "" if story.patch.shape[0] == 1 else tr(" (input channel 0 of {channels})").format(
            channels=story.patch.shape[0]
        )
        cells = ((tr("patch"), story.patch[0]), (tr("× kernel"), story.kernel[0]),
                 (tr("= products"), story.products[0]), (tr("back: dL/dy × patch"), story.dW_share[0]))  # fmt: skip
        row = "".join(f"<td style='padding-right:14px'>{title}<pre>{numbers(a)}</pre></td>" for title, a in cells)
        self.result.setText(
            tr("<b>{layer}, map {channel}, pixel ({i}, {j}) = {value}</b>: the sum of {products} products plus the "
               "bias {bias}{first}. On the way back dL/dy here is {gradient}; dL/dW of kernel {channel} is the sum of "
               "such shares over every pixel.").format(
                layer=layer.name, channel=channel, i=i, j=j, value=f"{story.value:.4g}", products=story.products.size,
                bias=f"{story.bias:.3g}", first=first, gradient=f"{story.gradient:.3g}")
            + f"<table><tr>{row}</tr></table>"
        )

    def apply_step(self) -> None:
        """One optimizer step on the lens's copy; the pictures show the weights after it."""
        result = self.lens.apply_step(self.x, np.array([self.label]), self.optimizer, self.learning_rate)
        self._changes = result.changes
        self.result.setText(tr(
            "One {optimizer} step at learning rate {lr}: the loss on this image went from {before} to {after}. Each "
            "layer's forward step now shows its weights before and after the step and the difference; Undo puts "
            "them back."
        ).format(optimizer=result.optimizer, lr=f"{result.learning_rate:g}", before=f"{result.loss_before:.4g}",
                 after=f"{result.loss_after:.4g}"))
        self._retrace()

    def undo_step(self) -> None:
        if self.lens.undo():
            self._changes = {}
            self.result.setText(tr("The step is undone: the weights are as before it."))
            self._retrace()

    def _show_step(self, row: int) -> None:
        self._enable_steps()
        if not 0 <= row < len(self.steps):
            return
        step = self.steps[row]
        self.title.setText(tr_said(step.title()).strip())
        self.explanation.setText(tr_said(explanation(self.trace, step)))
        for view, panel in zip((self.first, self.second, self.weights), panels(self.trace, step, self._changes),
                               strict=True):  # fmt: skip
            view.show_array(tr_said(panel.caption), panel.values, signed=panel.signed)
        self._show_code(*code(self.lens.model.loss, step))

    def export_handout(self, path) -> None:
        """The whole walk as one self-contained HTML page (``engine.handout``)."""
        names = [self.labelCombo.itemText(i) for i in range(self.labelCombo.count())]
        title = tr("Backprop, step by step: {model} on {walked}").format(model=self.lens.model.name, walked=self.walked)
        label = names[self.label] if self.label < len(names) else str(self.label)
        page = handout_html(self.trace, self.lens.model.loss, title, self.x[0], label, names, translate=tr_said,
                            language=current_language().replace("_", "-"))
        Path(path).write_text(page, encoding="utf-8")

    def _show_code(self, lines: list[str], index: int | None, note: str) -> None:
        self.code.setPlainText("\n".join(lines))
        self.codeNote.setText(tr("The code that ran. Marked: {note}").format(note=tr_said(note)) if note else
                              tr("The code that ran."))  # fmt: skip
        selections = []
        if index is not None:
            selection = QtWidgets.QTextEdit.ExtraSelection()
            selection.format.setBackground(QtGui.QColor(255, 236, 160))
            selection.format.setProperty(QtGui.QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QtGui.QTextCursor(self.code.document().findBlockByNumber(index))
            selections.append(selection)
            self.code.setTextCursor(selection.cursor)
            self.code.centerCursor()
        self.code.setExtraSelections(selections)
