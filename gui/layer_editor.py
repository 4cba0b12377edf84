"""The layer editor: add, remove, reorder and edit layers, with shapes and parameters checked live.

The editor holds a list of ``engine.architecture.LayerSpec`` and re-checks it after every
edit; it never touches the model itself. "Build model" emits the specs, and the main
window builds a fresh model from them (``engine.architecture.build_model``).
"""

from __future__ import annotations

from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.architecture import NEW_LAYER_SETTINGS, LayerSpec, check_architecture, parse_settings, setting_names
from engine.layers.base import shape_text

from .fit import compact
from .i18n import error_text, tr, tr_said, translatable

TYPE, SETTINGS, SHAPE, PARAMS = range(4)
BAD_ROW = QtGui.QColor(255, 225, 225)
UNCHECKED_ROW = QtGui.QColor(240, 240, 240)

HELP = translatable(
    "The layers of the model, first to last. Double-click Settings to change a layer (name=value, separated by "
    "commas); the input size of each layer (in_channels, in_features) follows from the layer before it. Output "
    "shapes and parameter counts update after every edit. Build model makes a new, untrained model from this list."
)
BUILD_HELP = translatable("Make a new model with fresh random weights (seeded) from this list.")


class LayerEditor(QtWidgets.QWidget):
    """A table of layers plus Add/Remove/Up/Down/Revert/Build; ``buildRequested`` carries the specs."""

    buildRequested = QtCore.Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.specs: list[LayerSpec] = []
        self.saved_specs: list[LayerSpec] = []
        self.input_shape = (1, 28, 28)
        self.num_classes = 10
        self.report = None
        self._setting_errors: dict[int, str] = {}  # row -> why its settings text could not be read
        self._build_allowed = True  # False while training: the running model cannot be replaced

        self.table = QtWidgets.QTableWidget(0, 4)
        self.table.setObjectName("layerTable")
        self.table.setHorizontalHeaderLabels([tr("Layer"), tr("Settings"), tr("Output shape"), tr("Parameters")])
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
            | QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
            | QtWidgets.QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setToolTip(tr(HELP))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SETTINGS, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (SHAPE, PARAMS):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TYPE, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(TYPE, 150)
        self.table.itemChanged.connect(self._settings_edited)

        self.addLayerCombo = QtWidgets.QComboBox()
        self.addLayerCombo.setObjectName("addLayerCombo")
        self.addLayerCombo.addItems(list(NEW_LAYER_SETTINGS))
        self.addLayerCombo.setToolTip(tr("The kind of layer Add inserts below the selected row."))
        self.addLayerButton = self._button(
            "addLayerButton", tr("Add"), tr("Insert a layer of the chosen kind below the selection.")
        )
        self.removeLayerButton = self._button("removeLayerButton", tr("Remove"), tr("Delete the selected layer."))
        self.moveUpButton = self._button(
            "moveLayerUpButton", tr("Up"), tr("Move the selected layer one place earlier.")
        )
        self.moveDownButton = self._button(
            "moveLayerDownButton", tr("Down"), tr("Move the selected layer one place later.")
        )
        self.revertButton = self._button(
            "revertLayersButton", tr("Revert"), tr("Forget the edits: show the current model.")
        )
        self.buildButton = self._button("buildModelButton", tr("Build model"), tr(BUILD_HELP))
        self.addLayerButton.clicked.connect(self.add_layer)
        self.removeLayerButton.clicked.connect(self.remove_layer)
        self.moveUpButton.clicked.connect(lambda: self.move_layer(-1))
        self.moveDownButton.clicked.connect(lambda: self.move_layer(+1))
        self.revertButton.clicked.connect(lambda: self.set_specs(self.saved_specs))
        self.buildButton.clicked.connect(lambda: self.buildRequested.emit(self.current_specs()))

        self.statusLabel = QtWidgets.QLabel()
        self.statusLabel.setObjectName("architectureStatus")
        self.statusLabel.setWordWrap(True)

        tools = QtWidgets.QHBoxLayout()
        for widget in (
            self.addLayerCombo,
            self.addLayerButton,
            self.removeLayerButton,
            self.moveUpButton,
            self.moveDownButton,
        ):
            tools.addWidget(widget)
        tools.addStretch(1)
        compact(self.addLayerButton, self.removeLayerButton, self.moveUpButton, self.moveDownButton,
                self.revertButton, self.buildButton)  # fmt: skip
        outcome = QtWidgets.QHBoxLayout()
        outcome.addWidget(self.statusLabel, 1)
        outcome.addWidget(self.revertButton)
        outcome.addWidget(self.buildButton)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(outcome)

    def _button(self, name, text, tip):
        button = QtWidgets.QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    # ------------------------------------------------------------------ state in, state out
    def set_specs(self, specs, input_shape=None, num_classes=None, saved: bool = False) -> None:
        """Show ``specs``; ``saved=True`` marks them as the current model's (what Revert returns to)."""
        self.specs = [LayerSpec(s.kind, dict(s.settings)) for s in specs]
        if saved:
            self.saved_specs = [LayerSpec(s.kind, dict(s.settings)) for s in specs]
        self.input_shape = tuple(input_shape or self.input_shape)
        self.num_classes = num_classes or self.num_classes
        self._setting_errors = {}
        self._fill_table()

    def set_input(self, input_shape: tuple[int, int, int], num_classes: int) -> None:
        """The data the layers are checked against: its image shape (C, H, W) and its classes."""
        self.input_shape, self.num_classes = tuple(input_shape), num_classes
        self._recheck()

    def current_specs(self) -> list[LayerSpec]:
        return [LayerSpec(s.kind, dict(s.settings)) for s in self.specs]

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # ------------------------------------------------------------------ edits
    def add_layer(self, kind: str | None = None) -> None:
        kind = kind or self.addLayerCombo.currentText()
        row = self.selected_row() + 1 if self.selected_row() >= 0 else len(self.specs)
        self.specs.insert(row, LayerSpec(kind, dict(NEW_LAYER_SETTINGS[kind])))
        self._shift_errors(row, +1)
        self._fill_table(select=row)

    def remove_layer(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        del self.specs[row]
        self._setting_errors.pop(row, None)
        self._shift_errors(row, -1)
        self._fill_table(select=min(row, len(self.specs) - 1))

    def move_layer(self, offset: int) -> None:
        row = self.selected_row()
        target = row + offset
        if row < 0 or not 0 <= target < len(self.specs):
            return
        self.specs[row], self.specs[target] = self.specs[target], self.specs[row]
        errors = self._setting_errors
        errors[row], errors[target] = errors.get(target), errors.get(row)
        self._setting_errors = {r: e for r, e in errors.items() if e}
        self._fill_table(select=target)

    def set_settings_text(self, row: int, text: str) -> None:
        """What typing into a Settings cell does (also used by tests)."""
        self.table.item(row, SETTINGS).setText(text)

    def _shift_errors(self, from_row: int, offset: int) -> None:
        self._setting_errors = {(r + offset if r >= from_row else r): e for r, e in self._setting_errors.items()}

    def _kind_changed(self, row: int, kind: str) -> None:
        if self.specs[row].kind != kind:
            self.specs[row] = LayerSpec(kind, dict(NEW_LAYER_SETTINGS[kind]))
            self._setting_errors.pop(row, None)
            self._fill_table(select=row)

    def _settings_edited(self, item) -> None:
        if item.column() != SETTINGS:
            return
        row = item.row()
        try:
            self.specs[row].settings = parse_settings(item.text())
            self._setting_errors.pop(row, None)
        except ValueError as error:
            self._setting_errors[row] = error_text(error)
        self._recheck()

    # ------------------------------------------------------------------ drawing
    def _fill_table(self, select: int = -1) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.specs))
        for row, spec in enumerate(self.specs):
            combo = QtWidgets.QComboBox()
            combo.addItems([*NEW_LAYER_SETTINGS, *([] if spec.kind in NEW_LAYER_SETTINGS else [spec.kind])])
            combo.setCurrentText(spec.kind)
            combo.setToolTip(tr("The kind of layer; changing it starts from that kind's usual settings."))
            combo.textActivated.connect(lambda kind, row=row: self._kind_changed(row, kind))
            self.table.setCellWidget(row, TYPE, combo)
            settings = QtWidgets.QTableWidgetItem(spec.settings_text())
            names = ", ".join(setting_names(spec.kind)) if spec.kind in NEW_LAYER_SETTINGS else "?"
            settings.setToolTip(spec.settings_text() + "\n\n" + tr("{kind} settings: {names}").format(
                kind=spec.kind, names=names or tr("none")))
            self.table.setItem(row, SETTINGS, settings)
            for column in (SHAPE, PARAMS):
                item = QtWidgets.QTableWidgetItem()
                item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        if select >= 0:
            self.table.selectRow(select)
        self._recheck()

    def _recheck(self) -> None:
        specs = [LayerSpec(s.kind, {}) if r in self._setting_errors else s for r, s in enumerate(self.specs)]
        self.report = check_architecture(specs, self.input_shape, self.num_classes)
        problem = self.report.problem
        self.table.blockSignals(True)
        for row, result in enumerate(self.report.rows):
            error = self._setting_errors.get(row) or result.error
            shape_item, params_item = self.table.item(row, SHAPE), self.table.item(row, PARAMS)
            shape_item.setText(shape_text(result.shape) if result.shape else "✗")
            params_item.setText(f"{result.params:,}" if result.shape else "")
            colour = (
                QtGui.QColor(QtCore.Qt.GlobalColor.white)
                if not error
                else (UNCHECKED_ROW if error.startswith("not checked") else BAD_ROW)
            )
            for column in (SETTINGS, SHAPE, PARAMS):
                self.table.item(row, column).setBackground(colour)
            shape_item.setToolTip(tr_said(error) or tr("Shape of this layer's output for a batch of N images."))
        self.table.blockSignals(False)
        first_bad = min(self._setting_errors, default=None)
        if first_bad is not None:
            problem = tr("layer {number} ({kind}): {error}").format(
                number=first_bad + 1, kind=self.specs[first_bad].kind, error=self._setting_errors[first_bad])
        if problem:
            self.statusLabel.setText(f"<span style='color:#b00020'>✗ {tr_said(problem)}</span>")
        else:
            edited = tr(" (edited: Build model to use it)") if self.current_specs() != self.saved_specs else ""
            self.statusLabel.setText("<span style='color:#1b5e20'>✓ " + tr(
                "{layers} layers, {parameters} parameters, input {shape}").format(
                layers=len(self.specs), parameters=f"{self.report.total_params:,}", shape=shape_text(self.input_shape)
            ) + edited + "</span>")
        self.buildButton.setEnabled(not problem and self._build_allowed)
        self.removeLayerButton.setEnabled(bool(self.specs))

    def allow_build(self, allowed: bool) -> None:
        """Training in progress: the model cannot be replaced, but drafting goes on."""
        self._build_allowed = allowed
        self.buildButton.setEnabled(allowed and self.report is not None and self.report.ok and not self._setting_errors)
        self.buildButton.setToolTip(
            tr(BUILD_HELP) if allowed else tr("Stop training first: a running model cannot be replaced.")
        )
