"""Teach it my handwriting, in the window: correct a misread drawing, teach, see before/after, undo."""

import numpy as np
import pytest
from PIL import Image
from pyqtgraph.Qt import QtCore, QtWidgets

from engine import teach
from engine.data.judge_sets import pen_traces, render_pen_trace
from gui.teaching import MyDigits, describe

from .test_main_window import child, predicted, stroke


@pytest.fixture(autouse=True)
def short_teaching(monkeypatch):
    """These tests drive the window's flow; how well teaching works is tests/engine/test_teach.py's
    (2 epochs instead of 12 keep the suite short: each test took about a minute)."""
    monkeypatch.setitem(teach.RECIPE, "epochs", 2)


def test_wrong_it_is_a_keeps_the_drawing_in_my_digits_and_the_data_tab_lists_it(qtbot, window, tmp_path):
    window.my_digits.root = tmp_path / "my_digits"  # (the test data folder is per session; start empty)
    window.data_view.myDigits.refresh()
    bar = child(window, "correctionBar")
    assert not bar.isEnabled(), "nothing drawn, nothing to correct"
    stroke(
        child(window, "drawCanvas"),
        [(60 + 4 * i, 60) for i in range(41)] + [(220 - 2 * i, 60 + 4 * i) for i in range(51)],
    )
    predicted(qtbot, window)
    assert bar.isEnabled()
    qtbot.mouseClick(bar.findChild(QtWidgets.QToolButton, "correctionButton_7"), QtCore.Qt.MouseButton.LeftButton)
    files = list((tmp_path / "my_digits" / "7").glob("*.png"))
    assert len(files) == 1
    kept = np.asarray(Image.open(files[0]))
    np.testing.assert_array_equal(kept, window.draw.canvas.pixels())  # the drawing itself, as drawn
    assert "Kept as '7'" in window.statusBar().currentMessage()
    view = child(window, "myDigitsView")
    assert view.list.count() == 1 and view.list.item(0).text() == "7"
    assert "1 drawings (7: 1)" in child(window, "myDigitsCounts").text()

    view.list.item(0).setSelected(True)
    qtbot.mouseClick(child(window, "deleteMyDigitButton"), QtCore.Qt.MouseButton.LeftButton)
    assert view.list.count() == 0 and not (tmp_path / "my_digits" / "7").exists()


def keep_pen_digits(store: MyDigits, per_class: int):
    points, labels = pen_traces()
    for digit in range(10):
        for index in np.flatnonzero(labels == digit)[:per_class]:
            store.add(render_pen_trace(points[index]), str(digit))


def test_teach_it_fine_tunes_in_the_background_shows_before_and_after_and_can_be_undone(qtbot, window, tmp_path):
    window.my_digits.root = tmp_path / "my_digits"
    keep_pen_digits(window.my_digits, per_class=2)
    before_model, before_weights = window.model, window.model.get_weights()
    progress = child(window, "teachProgress")
    with qtbot.waitSignal(window.teaching.taught, timeout=120_000):
        qtbot.mouseClick(child(window, "teachButton"), QtCore.Qt.MouseButton.LeftButton)
        assert not child(window, "teachButton").isEnabled() and progress.isVisible()
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=60_000)  # progress while it works
    assert window.model is not before_model and window.unsaved_training
    assert any(not np.array_equal(a, b) for a, b in zip(window.model.get_weights(), before_weights, strict=True))
    assert window.controls.modelCombo.currentText() == "default (pretrained) (taught)"
    result = child(window, "teachResult").text()
    assert result.startswith("held-out drawings: ") and "(5)" in result and "test digits: " in result
    assert not progress.isVisible() and child(window, "teachButton").isEnabled()

    qtbot.mouseClick(child(window, "undoTeachButton"), QtCore.Qt.MouseButton.LeftButton)
    assert window.model is before_model and not window.unsaved_training
    assert "undone" in child(window, "teachResult").text()
    assert not child(window, "undoTeachButton").isEnabled()


def test_teaching_with_too_few_drawings_says_what_to_do(qtbot, window, tmp_path):
    window.my_digits.root = tmp_path / "my_digits"
    model = window.model
    qtbot.mouseClick(child(window, "teachButton"), QtCore.Qt.MouseButton.LeftButton)
    assert "Cannot teach yet" in window.last_error and "Wrong? It is a" in window.last_error
    assert window.model is model


def test_the_result_reads_as_before_and_after():
    class Report:
        own_before, own_after, replay_before, replay_after, held_out = 0.4, 1.0, 0.9925, 0.9905, 5

    assert describe(Report()) == "held-out drawings: 40.0% -> 100% (5); test digits: 99.2% -> 99.1%."


def test_a_model_changed_while_teaching_is_not_replaced_by_the_taught_copy(qtbot, window, tmp_path):
    window.my_digits.root = tmp_path / "my_digits"
    keep_pen_digits(window.my_digits, per_class=1)
    qtbot.mouseClick(child(window, "teachButton"), QtCore.Qt.MouseButton.LeftButton)
    window.choose_model("mlp")  # the user moves on while it teaches
    other = window.model
    qtbot.waitUntil(lambda: "not applied" in child(window, "teachResult").text(), timeout=120_000)
    assert window.model is other and window.controls.modelCombo.currentText() == "mlp"
    assert child(window, "teachButton").isEnabled() and not child(window, "undoTeachButton").isEnabled()
