"""Comparing runs on the Curves tab: every run kept, named by what differs, any subset drawn."""

from pyqtgraph.Qt import QtCore, QtTest

from engine.presets import build_preset
from engine.session import TrainingSession
from engine.training_config import TrainingConfig

from .test_report import train_in_window


def click_checkbox(runs, row):
    """A real click on the checkbox at the left of a row of the runs list."""
    rect = runs.visualItemRect(runs.item(row))
    QtTest.QTest.mouseClick(runs.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(rect.left() + 10,
                            rect.center().y()))  # fmt: skip


def legend_texts(plot):
    return [label.text for _, label in plot.plotItem.legend.items]


def test_every_run_is_kept_named_by_what_differs_and_any_subset_is_drawn(qtbot, window, small_data, tmp_path):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    controls = window.controls
    controls.epochsSpin.setValue(1)
    controls.batchSizeSpin.setValue(60)
    controls.learningRateSpin.setValue(0.003)
    window.tabs.setCurrentWidget(window.curves)
    qtbot.mouseClick(controls.trainButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.continuable(), timeout=30_000)
    runs = window.curves.earlier
    assert runs.isHidden(), "no earlier run yet: no list taking the plots' room"

    window.confirm = lambda question: True  # "trained and not saved: replace it?" Yes
    controls.learningRateSpin.setValue(0.01)
    controls.seedSpin.setValue(1)
    qtbot.mouseClick(controls.startOverButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.continuable() and window.training.session.config.seed == 1,
                    timeout=30_000)  # fmt: skip
    assert runs.isVisible() and runs.count() == 1
    assert runs.item(0).text() == "run 1: lr 0.003, seed 0"  # against the current run: lr 0.01, seed 1
    assert runs.item(0).toolTip().startswith("lab-cnn-light, adam lr 0.003")
    assert "run 1: lr 0.003, seed 0" in legend_texts(window.curves.lossPlot)

    # A model trained elsewhere, for 2 epochs, opened: its saved curves join the list, named by what differs.
    config = TrainingConfig(epochs=2, batch_size=60, learning_rate=0.003, seed=0)
    session = TrainingSession(build_preset("lab-cnn-light", seed=0), small_data, config)
    assert session.run() == "finished"
    session.save(tmp_path / "saved.npz")
    assert window.open_model(str(tmp_path / "saved.npz"))
    texts = [runs.item(row).text() for row in range(runs.count())]
    assert texts[-1].startswith("run ") and "saved.npz (saved): " in texts[-1] and "epochs 2" in texts[-1], texts
    assert any("epochs 1" in text for text in texts[:-1]), texts  # the session's runs: the other epochs

    # Untick the first run with a real click: its curves go, the others stay.
    first, last = runs.runs[0], runs.runs[-1]
    click_checkbox(runs, 0)
    assert runs.item(0).checkState() == QtCore.Qt.CheckState.Unchecked
    assert not any(item.isVisible() for _, item, _ in first.items)
    assert all(item.isVisible() for _, item, _ in last.items)
    click_checkbox(runs, 0)  # and back
    assert all(item.isVisible() for _, item, _ in first.items)

    qtbot.mouseClick(window.curves.clearRunsButton, QtCore.Qt.MouseButton.LeftButton)
    assert runs.count() == 0 and runs.isHidden() and not any("run " in t for t in legend_texts(window.curves.lossPlot))


def test_runs_with_the_same_settings_keep_their_full_names(qtbot, window, small_data):
    train_in_window(qtbot, window, small_data, epochs=1, batch_size=100)
    window.confirm = lambda question: True
    qtbot.mouseClick(window.controls.startOverButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.continuable() and window.curves.earlier.count() == 1, timeout=30_000)
    assert window.curves.earlier.item(0).text().startswith("run 1: lab-cnn-light, adam lr 0.001")
