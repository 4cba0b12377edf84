"""The layer editor in the Model tab: edits checked live, misfits explained, Build makes the model."""

from pyqtgraph.Qt import QtCore, QtWidgets

from gui.layer_editor import PARAMS, SHAPE


def editor_of(window):
    window.tabs.setCurrentWidget(window.model_view)
    return window.model_view.editor


def cell(editor, row, column):
    return editor.table.item(row, column).text()


def test_edit_layers_button_opens_the_editor_with_the_current_model(qtbot, window):
    qtbot.mouseClick(window.controls.editLayersButton, QtCore.Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.model_view
    editor = window.model_view.editor
    assert editor.table.rowCount() == len(window.model.layers)
    assert [cell(editor, r, SHAPE) for r in range(editor.table.rowCount())] == [
        f"(N, {', '.join(map(str, shape))})" for shape in window.model.layer_shapes()
    ]
    assert "✓" in editor.statusLabel.text() and editor.buildButton.isEnabled()


def test_changing_a_setting_updates_shapes_and_parameters_downstream(window):
    editor = editor_of(window)
    window.choose_model("lab-cnn")
    editor.set_settings_text(0, "out_channels=8, kernel_size=5")  # 28 -> 24 -> pooled 12
    assert cell(editor, 0, SHAPE) == "(N, 8, 24, 24)" and cell(editor, 0, PARAMS) == f"{8 * 25 + 8:,}"
    assert cell(editor, 3, PARAMS) == f"{64 * 8 * 9 + 64:,}"  # the next conv takes 8 channels now
    assert cell(editor, 6, SHAPE) == "(N, 2304)"  # 64 x 6 x 6
    assert "edited" in editor.statusLabel.text()


def test_an_impossible_architecture_is_explained_and_cannot_be_built(window):
    editor = editor_of(window)
    window.choose_model("lab-cnn")
    flatten = next(r for r, spec in enumerate(editor.specs) if spec.kind == "Flatten")
    editor.table.selectRow(flatten)
    editor.remove_layer()
    status = editor.statusLabel.text()
    assert "Dense takes flat vectors" in status and "add a Flatten before it" in status
    assert cell(editor, flatten, SHAPE) == "✗" and not editor.buildButton.isEnabled()

    editor.set_settings_text(0, "out_channels=")  # unreadable text is explained too
    assert "write them as name=value" in editor.statusLabel.text()
    editor.revertButton.click()
    assert "✓" in editor.statusLabel.text() and editor.table.rowCount() == len(window.model.layers)


def test_add_move_and_build_a_custom_model_then_train_it(qtbot, window, small_data):
    window._set_dataset(small_data)
    editor = editor_of(window)
    window.choose_model("lab-cnn-light")
    editor.table.selectRow(1)  # after the first ReLU
    editor.addLayerCombo.setCurrentText("BatchNorm2D")
    qtbot.mouseClick(editor.addLayerButton, QtCore.Qt.MouseButton.LeftButton)
    assert editor.specs[2].kind == "BatchNorm2D" and cell(editor, 2, PARAMS) == "16"  # gamma, beta for 8 channels
    qtbot.mouseClick(editor.moveUpButton, QtCore.Qt.MouseButton.LeftButton)  # conv, batchnorm, relu
    assert [spec.kind for spec in editor.specs[:3]] == ["Conv2D", "BatchNorm2D", "ReLU"]

    combo = editor.table.cellWidget(1, 0)
    assert isinstance(combo, QtWidgets.QComboBox)
    combo.textActivated.emit("Dropout")  # changing the kind starts from that kind's settings
    assert editor.specs[1].kind == "Dropout" and editor.specs[1].settings == {"p": 0.25}

    qtbot.mouseClick(editor.buildButton, QtCore.Qt.MouseButton.LeftButton)
    assert window.controls.modelCombo.currentText() == "custom"
    assert [type(layer).__name__ for layer in window.model.layers[:3]] == ["Conv2D", "Dropout", "ReLU"]
    assert "edited" not in editor.statusLabel.text()

    window.controls.batchSizeSpin.setValue(50)
    qtbot.mouseClick(window.controls.stepButton, QtCore.Qt.MouseButton.LeftButton)  # one batch trains the custom model
    qtbot.waitUntil(
        lambda: window.training.session is not None and window.training.session.step_count == 1, timeout=20_000
    )
    assert not editor.buildButton.isEnabled()  # a paused run's model cannot be replaced
    qtbot.mouseClick(window.controls.stopButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)
    assert editor.buildButton.isEnabled()


def test_the_editor_checks_against_the_datasets_classes(window, digits):
    from engine.data import Dataset

    editor = editor_of(window)
    five = Dataset("five", digits["x_train"][:50], digits["y_train"][:50] % 5, digits["x_test"][:0],
                   digits["y_test"][:0], [str(d) for d in range(5)])  # fmt: skip
    window._set_dataset(five)
    assert "the data has 5 classes" in editor.statusLabel.text()
    editor.set_settings_text(editor.table.rowCount() - 1, "out_features=5")
    assert "✓" in editor.statusLabel.text()
