"""The desktop app for real: offscreen window, real clicks and mouse strokes, a real worker thread."""

import subprocess
import sys
import time

import numpy as np
import pytest
from pyqtgraph.Qt import QtCore, QtGui, QtTest, QtWidgets

from engine.data import HANDWRITING, OBJECTS, AugmentConfig, Dataset
from engine.layers import parallel
from engine.presets import PRESETS, build_preset
from engine.session import TrainingSession
from engine.training_config import TrainingConfig
from gui.main_window import MainWindow

PINNED = {
    "trainButton": QtWidgets.QPushButton,
    "pauseButton": QtWidgets.QPushButton,
    "stepButton": QtWidgets.QPushButton,
    "stopButton": QtWidgets.QPushButton,
    "progressBar": QtWidgets.QProgressBar,
    "datasetCombo": QtWidgets.QComboBox,
    "modelCombo": QtWidgets.QComboBox,
    "epochsSpin": QtWidgets.QSpinBox,
    "batchSizeSpin": QtWidgets.QSpinBox,
    "learningRateSpin": QtWidgets.QDoubleSpinBox,
    "optimizerCombo": QtWidgets.QComboBox,
    "lossPlot": QtWidgets.QWidget,
    "accuracyPlot": QtWidgets.QWidget,
    "filterView": QtWidgets.QWidget,
    "featureMapView": QtWidgets.QWidget,
    "drawCanvas": QtWidgets.QWidget,
    "clearCanvasButton": QtWidgets.QPushButton,
    "predictionBars": QtWidgets.QWidget,
    "predictionLabel": QtWidgets.QLabel,
    "confusionView": QtWidgets.QWidget,
}


def child(window, name):
    widget = window.findChild(PINNED.get(name, QtWidgets.QWidget), name)
    assert widget is not None, f"no child named {name}"
    return widget


def test_main_window_has_every_pinned_widget(window):
    import pyqtgraph as pg

    for name, kind in PINNED.items():
        assert isinstance(child(window, name), kind), name
    assert isinstance(child(window, "lossPlot"), pg.PlotWidget)
    assert isinstance(child(window, "accuracyPlot"), pg.PlotWidget)
    assert window.objectName() == "MainWindow"


def test_first_launch_has_real_digits_and_a_pretrained_model(window):
    assert window.dataset.name == "mnist-embedded" and len(window.dataset.x_train) == 8000
    assert child(window, "modelCombo").currentText() == "default (pretrained)"
    assert "normalization" in window.model.metadata


def points(plot_widget):
    return sum(len(item.xData if item.xData is not None else []) for item in plot_widget.getPlotItem().listDataItems())


def wait_state(qtbot, window, state, timeout=20_000):
    qtbot.waitUntil(
        lambda: window.training.session is not None and window.training.session.state == state, timeout=timeout
    )


def start_training(qtbot, window, data, preset: str, batch: int) -> np.ndarray:
    """Train ``preset`` on ``data`` for 30 epochs of ``batch`` with the Curves tab shown, from the Train
    button; the first layer's kernels before it started."""
    window._set_dataset(data)
    window.choose_model(preset)
    child(window, "epochsSpin").setValue(30)
    child(window, "batchSizeSpin").setValue(batch)
    window.tabs.setCurrentWidget(window.curves)
    initial_kernels = window.filters.kernels.copy()
    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    return initial_kernels


def test_train_pause_resume_stop_from_the_buttons(qtbot, window, small_data):
    initial_kernels = start_training(qtbot, window, small_data, "lab-cnn-light", 20)
    qtbot.waitUntil(lambda: points(child(window, "lossPlot")) > 10 and points(child(window, "accuracyPlot")) > 10,
                    timeout=20_000)  # fmt: skip
    for view in (window.filters, window.feature_maps):  # each picture redraws when its tab is shown
        window.tabs.setCurrentWidget(view)
        qtbot.wait(300)
    qtbot.waitUntil(lambda: not np.array_equal(window.filters.kernels, initial_kernels))  # live kernels
    assert window.feature_maps.image.image is not None
    bar = child(window, "progressBar")
    assert bar.value() > 0 and " · ETA " in bar.text() and "images/s" in bar.toolTip()
    assert bar.fontMetrics().horizontalAdvance(bar.text()) < bar.width(), "one line that fits the bar"
    assert child(window, "trainingStatus").text().startswith(("Training lab-cnn-light, adam lr", "Epoch "))

    qtbot.mouseClick(child(window, "pauseButton"), QtCore.Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, "paused")
    qtbot.waitUntil(lambda: bar.text().startswith("paused · epoch "))
    assert "ETA" not in bar.text() and child(window, "trainingStatus").text().startswith("Paused at step")
    held = window.training.session.step_count
    qtbot.wait(300)
    assert window.training.session.step_count == held
    assert child(window, "trainButton").text() == "Resume" and child(window, "stepButton").isEnabled()

    qtbot.mouseClick(child(window, "stepButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.session.step_count == held + 1)
    qtbot.waitUntil(lambda: child(window, "trainButton").isEnabled())  # paused again once the step is done

    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.session.step_count > held + 5, timeout=20_000)

    child(window, "learningRateSpin").setValue(0.0005)  # live change while running
    qtbot.waitUntil(lambda: window.training.session.model.optimizer.lr == pytest.approx(0.0005), timeout=20_000)

    qtbot.mouseClick(child(window, "stopButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)
    assert window.training.session.state == "stopped"
    # The thread has ended; its last reports (the epoch's end, then "stopped") reach the window a moment
    # later, in that order (CI once read the line between the two).
    qtbot.waitUntil(lambda: child(window, "trainingStatus").text().startswith("Stopped"), timeout=5_000)
    status = child(window, "trainingStatus").text()
    assert status.startswith(("Stopped in epoch ", "Stopped after epoch ")), status  # mid-epoch, or at its end
    assert f"(step {window.training.session.step_count})" in status
    window.confirm = lambda question: True  # "trained and not saved: replace it?" Yes
    window.choose_model("lab-cnn")  # another model: the line is about it, not the run before
    assert child(window, "trainingStatus").text() == "Ready." and bar.text() == "idle"
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=20_000)
    assert window.evaluation.confusionView.rowCount() == 10


def click(window, name):
    button = child(window, name)
    assert button.isEnabled(), f"{name} is disabled"
    QtTest.QTest.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def test_continue_goes_on_with_the_run_and_start_over_keeps_the_old_curves_as_an_overlay(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    window.controls.epochsSpin.setValue(1)
    click(window, "trainButton")
    qtbot.waitUntil(lambda: window.training.continuable(), timeout=30_000)
    first = window.training.session
    steps, optimizer = first.step_count, window.model.optimizer
    assert child(window, "trainButton").text() == "Continue" and steps == len(window.curves.data.steps)

    click(window, "trainButton")  # Continue: one more epoch, from where the run stood
    qtbot.waitUntil(lambda: window.training.continuable() and window.training.session is not first, timeout=30_000)
    second = window.training.session
    assert second.epoch == 2 and second.step_count == 2 * steps, "the epoch and step counters go on"
    assert window.model.optimizer is optimizer and optimizer.iterations == 2 * steps, "the same optimizer goes on"
    assert len(window.curves.data.steps) == 2 * steps and window.curves.data.steps.values[-1] == 2 * steps
    assert not window.curves.earlier.runs, "a continued run's curves go on: nothing is put aside"

    trained = [p.copy() for p in window.model.parameters()]
    window.confirm = lambda question: True  # "trained and not saved: replace it?" Yes
    click(window, "startOverButton")
    qtbot.waitUntil(lambda: window.training.continuable() and window.training.session.step_count == steps,
                    timeout=30_000)  # fmt: skip
    assert window.training.session.epoch == 1, "Start over: the counters begin again"
    assert len(window.curves.earlier.runs) == 1 and window.curves.earlier.runs[0].label.startswith(
        "lab-cnn-light, adam lr"
    )
    legend = [label.text for _, label in window.curves.lossPlot.plotItem.legend.items]
    assert any(text.startswith("run 1: lab-cnn-light") for text in legend), legend
    assert window.curves.data.steps.values[0] == 1, "the new run's curve starts at step 1"
    assert not all(np.array_equal(a, b) for a, b in zip(trained, window.model.parameters(), strict=True))
    click(window, "clearRunsButton")
    assert not window.curves.earlier.runs and not child(window, "clearRunsButton").isEnabled()


def stroke(widget, path):
    """A real mouse stroke: press, moves with the left button held, release."""

    def send(kind, point, button, buttons):
        # With the global position too: Qt 6 deprecates the constructor without it (a warning per event).
        local = QtCore.QPointF(*point)
        event = QtGui.QMouseEvent(kind, local, QtCore.QPointF(widget.mapToGlobal(local.toPoint())), button, buttons,
                                  QtCore.Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QtWidgets.QApplication.sendEvent(widget, event)

    left = QtCore.Qt.MouseButton.LeftButton
    send(QtCore.QEvent.Type.MouseButtonPress, path[0], left, left)
    for point in path[1:]:
        send(QtCore.QEvent.Type.MouseMove, point, QtCore.Qt.MouseButton.NoButton, left)
    send(QtCore.QEvent.Type.MouseButtonRelease, path[-1], left, QtCore.Qt.MouseButton.NoButton)


def predicted(qtbot, window):
    qtbot.wait(60)  # the coalescing timer
    return child(window, "predictionLabel").text()


def test_drawing_a_one_and_a_zero_is_recognised_by_the_default_model(qtbot, window):
    canvas = child(window, "drawCanvas")
    stroke(canvas, [(140, 40 + 4 * i) for i in range(51)])
    assert predicted(qtbot, window).startswith("1 (")
    assert window.draw.processed is not None and window.draw.processed.shape == (28, 28)

    qtbot.mouseClick(child(window, "clearCanvasButton"), QtCore.Qt.MouseButton.LeftButton)
    assert predicted(qtbot, window) == "Draw a digit"
    angles = np.linspace(0, 2 * np.pi, 60)
    stroke(canvas, [(140 + 60 * np.cos(a), 140 + 95 * np.sin(a)) for a in angles])
    assert predicted(qtbot, window).startswith("0 (")
    bars = window.draw.bars.opts["height"]
    assert len(bars) == 10 and abs(float(np.sum(bars)) - 1) < 1e-4 and int(np.argmax(bars)) == 0

    qtbot.mouseClick(window.findChild(QtWidgets.QPushButton, "undoCanvasButton"), QtCore.Qt.MouseButton.LeftButton)
    assert predicted(qtbot, window) == "Draw a digit"


def test_a_corrupt_model_file_shows_an_error_and_the_app_survives(qtbot, window, tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 definitely not a model")
    model_before = window.model
    assert window.open_model(str(bad)) is False
    assert "broken.npz" in window.last_error
    assert window.model is model_before
    assert window.findChild(QtWidgets.QMessageBox, "errorBox") is not None
    stroke(child(window, "drawCanvas"), [(140, 40 + 4 * i) for i in range(51)])
    assert predicted(qtbot, window).startswith("1 (")  # still working


def test_a_bad_dataset_is_reported_not_crashed_on(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.dataset_loader.failed, timeout=10_000):
        assert window.load_dataset(str(tmp_path / "nowhere"))  # started off the GUI thread
    assert "nowhere" in window.last_error and window.dataset.name == "mnist-embedded"
    assert child(window, "datasetCombo").isEnabled() and child(window, "datasetCombo").currentText() == "mnist-embedded"


def test_save_and_open_a_model_round_trip(window, tmp_path):
    window.choose_model("lab-cnn-light")
    saved = window.model.get_weights()
    path = tmp_path / "mine.npz"
    assert window.save_model(str(path))
    window.choose_model("mlp")  # something else in between
    assert window.open_model(str(path))
    assert window.controls.modelCombo.currentText() == "mine.npz"
    assert window.model.name == "lab-cnn-light"
    for mine, opened in zip(saved, window.model.get_weights(), strict=True):
        np.testing.assert_array_equal(mine, opened)


def test_an_opened_model_brings_its_saved_curves_as_an_earlier_run(window, tmp_path, small_data):
    config = TrainingConfig(epochs=2, batch_size=50, seed=0)
    session = TrainingSession(build_preset("lab-cnn-light", seed=0), small_data, config)
    assert session.run() == "finished"
    session.save(tmp_path / "trained.npz")
    window.confirm = lambda question: True
    assert window.open_model(str(tmp_path / "trained.npz"))
    (run,) = window.curves.earlier.runs
    label, items = run.label, run.items
    assert label == "trained.npz (saved)" and child(window, "clearRunsButton").isEnabled()
    legend = [text.text for _, text in window.curves.lossPlot.plotItem.legend.items]
    assert "run 1: trained.npz (saved)" in legend and "run 1: trained.npz (saved), validation" in legend
    x, y = items[0][1].getData()
    assert list(x) == [log["step"] for log in session.history] and list(y) == [log["loss"] for log in session.history]
    assert window.open_model("default"), "the default model has no saved run"
    assert len(window.curves.earlier.runs) == 1


def test_a_regression_model_opens_without_class_views_and_other_shapes_are_explained(window, tmp_path):
    from engine import Sequential
    from engine.layers import Dense, Flatten

    Sequential([Flatten(), Dense(784, 1)], input_shape=(1, 28, 28), seed=0).compile(loss="mse").save(tmp_path / "r.npz")
    assert window.open_model(str(tmp_path / "r.npz"))
    tabs = window.tabs
    assert not tabs.isTabEnabled(tabs.indexOf(window.draw)) and not tabs.isTabEnabled(tabs.indexOf(window.evaluation))
    assert tabs.currentWidget() not in (window.draw, window.evaluation)
    assert "regression" in window.statusBar().currentMessage()
    window.choose_model("lab-cnn-light")  # a classifier again: the class views come back
    assert tabs.isTabEnabled(tabs.indexOf(window.draw)) and tabs.isTabEnabled(tabs.indexOf(window.evaluation))
    Sequential([Dense(2, 1)], input_shape=(2,)).compile(loss="mse").save(tmp_path / "table.npz")
    assert not window.open_model(str(tmp_path / "table.npz"))
    assert "takes inputs of shape (2,)" in window.last_error and window.model.name == "lab-cnn-light"


def training_window(qtbot, data) -> MainWindow:
    """A window of its own (not the fixture's), a few steps into a 50-epoch run of lab-cnn-light."""
    win = MainWindow()
    win._set_dataset(data)
    win.choose_model("lab-cnn-light")
    win.controls.epochsSpin.setValue(50)
    win.show()
    win.training.train()
    qtbot.waitUntil(lambda: win.training.session.step_count > 3, timeout=20_000)
    return win


def test_the_window_trains_a_convolutional_net_in_two_halves_at_once(qtbot, window, small_data, monkeypatch):
    # The app trains lab-cnn's batches of 64 as two halves on the two cores (parallel.Lanes), from its worker
    # thread; the test process loaded numpy first, which leaves the threads off, so they are switched on here.
    monkeypatch.setattr(parallel, "enabled", True)
    runs = []
    original = parallel.Lanes.run
    monkeypatch.setattr(parallel.Lanes, "run", lambda lanes, function: runs.append(1) or original(lanes, function))
    initial_kernels = start_training(qtbot, window, small_data, "lab-cnn", 64)
    qtbot.waitUntil(lambda: window.training.session is not None and window.training.session.step_count > 12,
                    timeout=60_000)  # fmt: skip
    qtbot.waitUntil(lambda: points(child(window, "lossPlot")) > 5, timeout=20_000)
    qtbot.mouseClick(child(window, "stopButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)
    assert window.training.session.state == "stopped"
    assert len(runs) >= 2 * 12  # a forward and a backward pass in halves at every step
    window.tabs.setCurrentWidget(window.filters)
    qtbot.waitUntil(lambda: not np.array_equal(window.filters.kernels, initial_kernels))  # it learnt
    assert np.all(np.isfinite(window.training.session.model.layers[0].params["W"]))


def test_closing_during_training_stops_the_worker_cleanly(qtbot, small_data):
    win = training_window(qtbot, small_data)
    win.ask_before_closing = False
    started = time.perf_counter()
    win.close()
    assert not win.training.running() and time.perf_counter() - started < 10
    assert win.training.session.state == "stopped"


def test_the_quit_question_follows_the_training_behind_it(qtbot, small_data):
    """Asked "Training is running. Stop it and quit?", the run ends: the box now asks about the unsaved
    model instead of a stale question; No keeps the window, and a saved model quits without a word."""
    win = training_window(qtbot, small_data)
    qtbot.addWidget(win)
    seen = []

    def answer():
        box = win.findChild(QtWidgets.QMessageBox, "quitQuestion")
        if box is None or not box.isVisible():
            QtCore.QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        win.training.stop()  # the run ends while the question is up
        try:
            qtbot.waitUntil(lambda: not win.training.running() and box.text() != seen[0], timeout=20_000)
            seen.append(box.text())
        finally:  # answer in any case: a box left open would hang the test
            qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.No), QtCore.Qt.MouseButton.LeftButton)

    QtCore.QTimer.singleShot(0, answer)
    try:
        win.close()
    finally:
        win.ask_before_closing = False  # a failure above must not leave a question up at teardown
    assert len(seen) == 2, f"the question did not change when the run ended: {seen}"
    assert seen[0].startswith("Training is running") and seen[1].startswith("The model was trained and is not saved")
    assert win.isVisible(), "No keeps the window open"
    win.unsaved_training, win.ask_before_closing = False, True  # as after File > Save
    win.close()
    assert not win.isVisible()


def test_file_dialogs_start_in_the_folder_used_last_and_empty_exports_are_flagged(window, tmp_path, monkeypatch):
    starts = []

    def save_dialog(parent, title, start, kinds):
        starts.append(start)
        return str(tmp_path / "kept" / "m.npz"), kinds

    (tmp_path / "kept").mkdir()
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", save_dialog)
    window.save_model_dialog()
    assert (tmp_path / "kept" / "m.npz").exists()
    window.export_csv_dialog()  # nothing trained yet: said, and no dialog
    assert "No curves to export yet" in window.last_error and len(starts) == 1
    asked = []
    monkeypatch.setattr(window, "confirm", lambda question: asked.append(question) or False)
    window.export_session_dialog()
    assert asked and "would be empty" in asked[0]
    window.settings.sync()
    window.save_model_dialog()  # the next dialog, here or in a later session, starts where the last one ended
    assert starts[1] == str(tmp_path / "kept" / "model.npz")


def test_export_session_writes_pictures_and_csv(qtbot, window, small_data, tmp_path):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    child(window, "epochsSpin").setValue(1)
    child(window, "batchSizeSpin").setValue(60)  # 540 training images: 9 steps
    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.session is not None and not window.training.running(), timeout=30_000)
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=20_000)
    written = window.export_session(tmp_path / "export")
    names = {p.name for p in written}
    assert names == {"curves.png", "filters.png", "feature_maps.png", "evaluation.png", "curves.csv"}
    for path in written:
        if path.suffix == ".png":
            picture = QtGui.QImage(str(path))
            pixels = np.array([picture.pixel(x, y) for x in range(0, picture.width(), 7)
                               for y in range(0, picture.height(), 7)])  # fmt: skip
            assert len(np.unique(pixels)) > 20, f"{path.name} is (nearly) blank"
    rows = (tmp_path / "export" / "curves.csv").read_text().splitlines()
    assert rows[0].startswith("step,loss,accuracy") and len(rows) == 1 + 9
    assert all(float(row.split(",")[1]) > 0 for row in rows[1:])


def test_gui_imports_under_every_installed_qt_binding():
    import importlib.util

    bindings = [b for b in ("PyQt5", "PyQt6", "PySide6") if importlib.util.find_spec(b)]
    assert "PyQt5" in bindings
    for binding in bindings:
        code = "import gui.main_window, pyqtgraph.Qt as q; print(q.QT_LIB)"
        env = {**__import__("os").environ, "PYQTGRAPH_QT_LIB": binding}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == binding


def test_a_picked_file_names_the_dataset_to_open(tmp_path):
    from gui.dataset_loader import dataset_location

    assert dataset_location(tmp_path / "data.npz") == tmp_path / "data.npz"
    assert dataset_location(tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz") == tmp_path / "mnist"
    assert dataset_location(tmp_path / "digits" / "3" / "a.png") == tmp_path / "digits"


def test_opening_an_npz_dataset_adds_it_to_the_combo(qtbot, window, tmp_path, digits, monkeypatch):
    path = tmp_path / "mine.npz"
    np.savez(path, x_train=digits["x_train"][:50], y_train=digits["y_train"][:50])
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=10_000):
        window.choose_dataset("Open folder/file...")
    assert window.dataset.name == "mine" and len(window.dataset.x_train) == 50
    assert child(window, "datasetCombo").currentText() == str(path)


def test_training_a_10_class_model_on_a_5_class_dataset_is_explained(window, digits):
    keep = digits["y_train"][:300] < 5
    five = Dataset("five", digits["x_train"][:300][keep], digits["y_train"][:300][keep], None, None,
                   [str(d) for d in range(5)])  # fmt: skip
    five.x_test, five.y_test = five.x_train[:0], five.y_train[:0]
    window._set_dataset(five)
    window.training.train()
    assert "predicts 10 classes but five has 5" in window.last_error and window.training.session is None


def test_choosing_a_preset_sets_the_controls_to_its_recipe(window):
    controls = window.controls
    window.choose_model("mini-resnet")
    recipe = PRESETS["mini-resnet"].recipe
    assert controls.scheduleCombo.currentText() == "cosine"
    assert controls.epochsSpin.value() == recipe["epochs"]
    assert controls.learningRateSpin.value() == pytest.approx(recipe["learning_rate"])
    assert controls.augmentCombo.currentText() == "handwriting-like"
    assert "cosine schedule" in window.statusBar().currentMessage()
    config = controls.training_config()
    assert (config.schedule, config.epochs, config.augment.active) == ("cosine", recipe["epochs"], True)

    window.choose_model("lenet-5")  # its recipe only sets a learning rate: the rest goes back to defaults
    assert controls.learningRateSpin.value() == pytest.approx(PRESETS["lenet-5"].recipe["learning_rate"])
    assert controls.scheduleCombo.currentText() == "constant"
    assert controls.augmentCombo.currentText() == "none"
    assert controls.epochsSpin.value() == 5


def test_the_augmentation_menu_offers_recipes_for_digits_and_for_clothes(window, qtbot):
    controls = window.controls
    assert [controls.augmentCombo.itemText(i) for i in range(controls.augmentCombo.count())] == [
        "none",
        "handwriting-like",
        "flips and erasing",
    ]
    controls.augmentStrengthSlider.setValue(50)
    assert controls.augmentStrengthLabel.text() == "50%"
    with qtbot.waitSignal(controls.liveSettingChanged) as sent:
        controls.augmentCombo.setCurrentText("flips and erasing")
        controls.augmentCombo.activated.emit(controls.augmentCombo.currentIndex())  # as a user's choice does
    assert AugmentConfig.from_dict(sent.args[0]["augment"]) == AugmentConfig(flip=0.5, erasing=0.25, strength=0.5)
    assert controls.training_config().augment == AugmentConfig(flip=0.5, erasing=0.25, strength=0.5)
    assert window.data_view.augment.flip == OBJECTS.flip  # the preview follows the menu

    # a recipe with an augmentation of its own keeps it, under an entry of its own
    words = controls.apply_recipe({"augment": {"crop": 2, "flip": 0.5, "strength": 1.5}})
    assert controls.augmentCombo.currentText() == "preset's own" and "flip=0.5,crop=2 at 150% augmentation" in words
    assert controls.training_config().augment == AugmentConfig(crop=2, flip=0.5, strength=1.5)
    controls.apply_recipe({"augment": HANDWRITING.to_dict()})
    assert controls.augmentCombo.currentText() == "handwriting-like"
    assert controls.training_config().augment == HANDWRITING


def test_the_model_in_training_cannot_be_replaced_and_trained_work_is_not_dropped_silently(qtbot, window, small_data,
                                                                                           tmp_path):  # fmt: skip
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    trained_model = window.model
    build_preset_path = tmp_path / "other.npz"
    window.save_model(str(build_preset_path))
    child(window, "epochsSpin").setValue(30)
    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, "running")
    qtbot.waitUntil(lambda: not window.openAction.isEnabled())  # once the window has heard of the state
    assert not window.recentMenu.isEnabled()
    assert not window.open_model(str(build_preset_path)) and "Stop training first" in window.last_error
    assert window.model is trained_model
    qtbot.mouseClick(child(window, "stopButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)
    qtbot.waitUntil(lambda: window.openAction.isEnabled())
    asked = []
    window.confirm = lambda question: asked.append(question) or False  # the user keeps the trained model
    window.choose_model("mlp")
    assert window.model is trained_model and "not saved" in asked[0]
    assert child(window, "modelCombo").currentText() == "lab-cnn-light"
    assert not window.open_model(str(build_preset_path)) and window.model is trained_model
    window.save_model(str(tmp_path / "kept.npz"))  # saved: now it may go without a question
    window.choose_model("mlp")
    assert window.model.name == "mlp" and len(asked) == 2


def test_a_picture_too_big_for_pillow_is_explained_in_a_dialog(window, tmp_path, monkeypatch):
    from PIL import Image

    Image.new("L", (200, 200), 255).save(tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # as if the picture were a decompression bomb
    assert not window.load_image_into_canvas(str(tmp_path / "bomb.png"))
    assert "too many pixels" in window.last_error


def test_closing_the_window_while_a_dataset_loads_is_quiet(qtbot, digits, tmp_path):
    np.savez(tmp_path / "d.npz", x_train=digits["x_train"][:3000], y_train=digits["y_train"][:3000])
    win = MainWindow()
    win.ask_before_closing = False
    win.show()
    assert win.load_dataset(str(tmp_path / "d.npz"))
    win.close()
    win.deleteLater()
    del win
    qtbot.wait(1500)  # the load ends after the window is gone: nothing may call into it


def choose(combo, text):
    """Pick ``text`` in a combo with the mouse: open its list and click the entry."""
    QtTest.QTest.mouseClick(combo, QtCore.Qt.MouseButton.LeftButton)
    view = combo.view()
    QtTest.QTest.qWaitForWindowExposed(view.window())
    index = view.model().index(combo.findText(text), 0)
    view.scrollTo(index)
    spot = view.visualRect(index).center()
    # Hover first: the list takes a click only on the entry under the mouse. QTest.mouseMove moves
    # the cursor, which the offscreen platform does not always turn into a move event: send one too.
    QtTest.QTest.mouseMove(view.viewport(), spot)
    move = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        QtCore.QPointF(spot),
        QtCore.QPointF(view.viewport().mapToGlobal(spot)),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(view.viewport(), move)
    QtTest.QTest.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=spot, delay=10)
    assert combo.currentText() == text, f"{combo.objectName()} shows {combo.currentText()!r}"


def test_controls_that_would_do_nothing_are_off_and_say_why(qtbot, window):
    momentum, strength = child(window, "momentumSpin"), child(window, "augmentStrengthSlider")
    choose(child(window, "optimizerCombo"), "adam")
    assert not momentum.isEnabled() and momentum.toolTip().startswith("Off: adam has no momentum")
    choose(child(window, "optimizerCombo"), "nesterov")
    assert momentum.isEnabled() and not momentum.toolTip().startswith("Off")
    choose(child(window, "augmentCombo"), "none")
    assert not strength.isEnabled() and strength.toolTip().startswith("Off: choose an augmentation first")
    assert child(window, "augmentationPreviewTitle").text().startswith("Augmentation is off")
    choose(child(window, "augmentCombo"), "handwriting-like")
    assert strength.isEnabled() and child(window, "augmentationPreviewTitle").text().startswith("Augmentation preview")


def type_into(spin, text):
    """Select the box's text, type ``text`` and press Enter, as a user does."""
    spin.setFocus()
    spin.selectAll()
    QtTest.QTest.keyClicks(spin, text)
    QtTest.QTest.keyClick(spin, QtCore.Qt.Key.Key_Return)


def test_a_value_out_of_range_is_explained_and_a_live_change_is_marked_on_the_curves(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    lr, status = child(window, "learningRateSpin"), child(window, "trainingStatus")
    type_into(lr, "50")
    assert lr.value() == pytest.approx(0.001)
    assert status.text() == "Learning rate: 50 is outside 1e-05 to 1, so it stays 0.001.", status.text()

    child(window, "epochsSpin").setValue(30)
    # Every text the line shows: the first epoch ends (and says so there) 3 steps after the change, and one
    # CI run read that line instead of the change's.
    shown, show = [], status.setText
    status.setText = lambda text: (shown.append(text), show(text))
    window.tabs.setCurrentWidget(window.curves)
    click(window, "trainButton")
    qtbot.waitUntil(lambda: window.training.session.step_count > 3, timeout=20_000)
    type_into(lr, "0.0002")
    qtbot.waitUntil(lambda: window.model.optimizer.lr == pytest.approx(0.0002), timeout=20_000)
    ((step, key, lines),) = window.curves.marks
    assert key == "learning_rate" and len(lines) == 2 and lines[0].label.format == "lr 0.001 → 0.0002"
    assert lines[0] in window.curves.lossPlot.getPlotItem().items and lines[0].value() == step
    qtbot.waitUntil(lambda: f"lr 0.001 → 0.0002 from step {step + 1}" in shown, timeout=5_000)
    click(window, "stopButton")
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)


def test_a_new_run_clears_the_marks_of_one_whose_batches_were_not_drawn_yet(window):
    """Start over while the last run's batch reports are still on their way (CI, under load): its live
    changes' marks were left on the next run's curves."""
    window.curves.mark(3, "learning_rate", "lr 0.001 → 0.0002")
    assert window.curves.marks and not len(window.curves.data.steps)
    window.training.forget_run()
    assert not window.curves.marks


def test_many_live_changes_keep_five_labels_and_start_over_clears_them_all(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    child(window, "epochsSpin").setValue(30)
    window.tabs.setCurrentWidget(window.curves)
    click(window, "trainButton")
    lr = child(window, "learningRateSpin")
    for i, rate in enumerate(("0.0002", "0.0003", "0.0004", "0.0005", "0.0006", "0.0007", "0.0008")):
        steps = window.training.session.step_count
        qtbot.waitUntil(lambda steps=steps: window.training.session.step_count > steps + 1, timeout=20_000)
        type_into(lr, rate)
        qtbot.waitUntil(lambda i=i: len(window.curves.marks) == i + 1, timeout=20_000)
    labelled = [lines for _, _, lines in window.curves.marks if lines]
    assert len(window.curves.marks) == 7 and len(labelled) == 5, "the newest five keep their labels"
    assert len(window.curves.old_marks[0].getData()[0]) == 4, "the two older ones: a stroke (two points) each"
    window.curves.redraw()
    qtbot.wait(100)
    for lines in labelled:  # every label can be read: its text lies inside the plot, not cut off at an edge
        for line, plot in zip(lines, (window.curves.lossPlot, window.curves.accuracyPlot), strict=True):
            text = line.label.mapRectToScene(line.label.boundingRect())
            assert plot.getPlotItem().getViewBox().sceneBoundingRect().contains(text), line.label.format
    click(window, "stopButton")
    # The buttons follow once the stop is drawn, a moment after the thread has ended (under load, later).
    qtbot.waitUntil(lambda: child(window, "startOverButton").isEnabled(), timeout=20_000)
    window.confirm = lambda question: True
    click(window, "startOverButton")  # the old run becomes an overlay, and its marks go
    qtbot.waitUntil(lambda: window.training.session.step_count > 0, timeout=20_000)
    assert not window.curves.marks and not len(window.curves.old_marks[0].getData()[0] or [])
    click(window, "stopButton")
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)


def test_models_without_convolutions_show_no_stale_pictures(qtbot, window):
    window.tabs.setCurrentWidget(window.filters)
    assert window.filters.kernels is not None and window.feature_maps.image.image is not None  # the default model
    choose(child(window, "modelCombo"), "mlp")
    assert window.model.name == "mlp" and child(window, "filterView").isVisible()
    assert window.filters.kernels.shape == (64, 1, 28, 28), "the first Dense layer's units as 28x28 pictures"
    assert "of its 512 units" in child(window, "filterValues").text()
    window.tabs.setCurrentWidget(window.feature_maps)
    assert child(window, "featureMapsPlaceholder").isVisible() and not child(window, "featureMapView").isVisible()
    assert window.feature_maps.image.image is None and not window.feature_maps.captionItems
    window.tabs.setCurrentWidget(window.filters)
    choose(child(window, "modelCombo"), "row-lstm")
    assert child(window, "filtersPlaceholder").isVisible() and not child(window, "filterView").isVisible()
    assert window.filters.kernels is None and window.filters.image.image is None
    choose(child(window, "modelCombo"), "lab-cnn-light")
    assert child(window, "filterView").isVisible() and window.filters.kernels.shape[2:] == (3, 3)


def test_a_diverged_run_stays_on_the_curves_with_where_its_weights_went_back_to(qtbot, window, digits):
    x, y = digits["x_train"][:2000], digits["y_train"][:2000]
    window._set_dataset(Dataset("digits", x, y, digits["x_test"][:200], digits["y_test"][:200], list("0123456789")))
    window.choose_model("lab-cnn-light")
    choose(child(window, "optimizerCombo"), "adam")
    child(window, "epochsSpin").setValue(10)
    window.show_error = lambda message: None  # (the message box; its text is checked below)
    window.tabs.setCurrentWidget(window.curves)
    click(window, "trainButton")
    # A sane start, then the learning rate raised live: a run left at lr 1.0 from the start blows up
    # at its first step or not at all, as the thread timing of the products has it.
    qtbot.waitUntil(lambda: window.training.session.step_count > 40, timeout=60_000)
    child(window, "learningRateSpin").setValue(1.0)
    qtbot.waitUntil(lambda: window.training.session.state == "failed" and window.training.continuable(), timeout=60_000)
    session, curves = window.training.session, window.curves
    assert "The weights are back as they were at" in child(window, "trainingStatus").text()
    # The blow-up (the steps after the one the weights went back to) is still on screen. (It may be
    # stopped by its gradient norm while the loss is still moderate.)
    assert curves.data.steps.values[-1] > session.step_count > 0
    settings = [mark for mark in curves.marks if not mark[1].startswith("hint")]  # (the doctor's marks aside)
    (lr_change, (step, key, lines)) = settings  # "lr 0.001 → 1", then where the weights went back to
    assert (
        lr_change[1] == "learning_rate"
        and key == "rollback"
        and step == session.step_count
        and "weights back to step" in lines[0].label.format
    )
    assert curves.logCheck.isChecked()
    child(window, "learningRateSpin").setValue(0.01)
    click(window, "trainButton")  # Continue from the good weights: the blow-up goes aside, labelled
    qtbot.waitUntil(lambda: window.training.session is not session and window.training.continuable(), timeout=60_000)
    assert "diverged at step" in curves.earlier.runs[0].label and curves.data.steps.values[0] == step + 1


def test_the_gallery_labels_pages_and_opens_every_mistake(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")  # untrained: most of the 200 test images are mistakes
    window.tabs.setCurrentWidget(window.evaluation)
    click(window, "evaluateButton")
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=30_000)
    result, gallery = window.evaluation.result, child(window, "mistakeGallery")
    mistakes = int((result.predicted != result.labels).sum())
    assert mistakes > 48 and gallery.count() == 48
    assert child(window, "galleryPageLabel").text() == f"1–48 of {mistakes}"
    first = gallery.item(0)
    i = first.data(QtCore.Qt.ItemDataRole.UserRole)
    assert first.text() == f"{result.labels[i]} → {result.predicted[i]}\n{result.probabilities[i].max() * 100:.0f}%"
    click(window, "galleryNextButton")
    assert (
        child(window, "galleryPageLabel").text().startswith("49–")
        and gallery.item(0).data(QtCore.Qt.ItemDataRole.UserRole) != i
    )
    assert "\u00a0" in child(window, "perClassAccuracy").text() and "true" in child(window, "confusionAxes").text()

    table = window.evaluation.confusionView
    QtTest.QTest.mouseClick(
        table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(3, 3)).center()
    )
    assert child(window, "galleryTitle").text().startswith("True 3, predicted 3") and table.selectedItems()
    click(window, "evaluateButton")
    qtbot.waitUntil(lambda: window.evaluation.result is not result, timeout=30_000)
    assert not window.evaluation.confusionView.selectedItems(), "the old cell is not highlighted any more"

    item = gallery.item(0)
    i = item.data(QtCore.Qt.ItemDataRole.UserRole)
    QtTest.QTest.mouseClick(
        gallery.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=gallery.visualItemRect(item).center()
    )
    assert window.tabs.currentWidget() is window.draw
    np.testing.assert_array_equal(window.draw.canvas.opened, window.evaluation.result.images[i])
    assert window.feature_maps.probeLabel.text() == f"test image {i} (label: {result.labels[i]})"
    assert np.array_equal(window.probe, window.evaluation.result.images[i])


def test_the_bar_still_says_paused_when_the_last_batches_are_drawn_after_the_pause(qtbot, window, small_data):
    """The worker's batch report can arrive just before its "paused" state and be drawn just after."""
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    qtbot.mouseClick(child(window, "stepButton"), QtCore.Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, "paused")
    bar, training = child(window, "progressBar"), window.training
    qtbot.waitUntil(lambda: bar.text().startswith("paused · epoch 1/"))
    report = window.controls.last_report
    training._arrived(report)  # as if this batch report came last, drained by the next refresh
    training.refresh()
    assert bar.text().startswith("paused · epoch 1/")


def test_step_and_exponential_decay_are_set_in_the_panel(qtbot, window):
    controls = window.controls
    row = child(window, "decayRateSpin")
    assert not row.isVisible()  # the constant schedule has nothing to decay
    controls.scheduleCombo.setCurrentText("exponential")
    assert row.isVisible() and child(window, "decayRateSpin").value() == pytest.approx(0.9)
    child(window, "decayRateSpin").setValue(0.99)
    config = controls.training_config()
    assert (config.schedule, config.decay_rate, config.decay_epochs) == ("exponential", 0.99, None)
    controls.scheduleCombo.setCurrentText("step")
    child(window, "decayRateSpin").setValue(0.1)
    child(window, "decayEpochsSpin").setValue(2)
    config = controls.training_config()
    assert (config.decay_rate, config.decay_epochs) == (0.1, 2.0)
    assert "step schedule (x0.1 every 2 epochs)" in config.describe()
    controls.scheduleCombo.setCurrentText("cosine")
    assert not row.isVisible() and controls.training_config().decay_rate is None
