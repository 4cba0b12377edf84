"""The draw panel itself: one pipeline with `predict` for opened pictures, shortcuts, brush size, any screen."""

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from cli.common import drawing_from_file
from gui.explain_panel import DELAY_MS

from .test_main_window import child, predicted, stroke


def wide_zero(path):
    """A 600x200 photo-like picture of a 0: dark ink on white, much wider than tall."""
    picture = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(picture).ellipse([260, 20, 340, 180], outline=0, width=14)
    picture.save(path)
    return path


def test_an_opened_picture_keeps_its_aspect_and_is_read_exactly_as_predict_reads_it(qtbot, window, tmp_path):
    path = wide_zero(tmp_path / "zero.png")
    assert window.load_image_into_canvas(str(path))
    assert predicted(qtbot, window).startswith("0 (")
    np.testing.assert_array_equal(window.draw.processed, drawing_from_file(path))
    shown = window.draw.canvas.pixels()
    assert (shown[:80] == 255).all() and (shown[-80:] == 255).all(), "letterboxed with paper, not stretched"
    ink_cols = np.flatnonzero((shown < 128).any(axis=0))
    ink_rows = np.flatnonzero((shown < 128).any(axis=1))
    assert (ink_rows[-1] - ink_rows[0]) > 1.5 * (ink_cols[-1] - ink_cols[0]), "the 0 stays taller than wide"

    stroke(child(window, "drawCanvas"), [(20, 20), (30, 30)])  # drawn on: the drawing counts now
    assert window.draw.canvas.opened is None
    qtbot.keyClick(
        window.draw, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier
    )  # Ctrl+Z: the picture is back
    assert window.draw.canvas.opened is not None
    np.testing.assert_array_equal(window.draw.canvas.pixels(), shown)


def test_ctrl_z_undoes_a_stroke_and_delete_clears(qtbot, window):
    canvas = child(window, "drawCanvas")
    stroke(canvas, [(140, 40 + 4 * i) for i in range(51)])
    one = canvas.pixels()
    stroke(canvas, [(60 + 4 * i, 140) for i in range(41)])
    assert not np.array_equal(canvas.pixels(), one)
    window.tabs.setCurrentWidget(window.draw)
    qtbot.keyClick(window.draw, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(canvas.pixels(), one)
    qtbot.keyClick(window.draw, QtCore.Qt.Key.Key_Delete)
    assert (canvas.pixels() == 255).all() and predicted(qtbot, window) == "Draw a digit"


def test_undo_goes_back_a_hundred_steps_and_keeps_no_more(qtbot, window):
    canvas = child(window, "drawCanvas")
    drawings = []
    for i in range(120):
        stroke(canvas, [(20 + 2 * i, 30), (20 + 2 * i, 250)])
        drawings.append(canvas.pixels())
    assert len(canvas.history) == 100, "a copy of the drawing per step: the history must not grow for ever"
    for _ in range(100):
        qtbot.keyClick(canvas, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(canvas.pixels(), drawings[19], "back 100 strokes, to the 20th")
    qtbot.keyClick(canvas, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(canvas.pixels(), drawings[19], "no further: the older steps are forgotten")


def test_the_brush_size_is_shown(window):
    assert child(window, "brushLabel").text() == "18 px"
    child(window, "brushSlider").setValue(30)
    assert child(window, "brushLabel").text() == "30 px" and window.draw.canvas.brush_width == 30


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
def test_the_canvas_grows_with_the_window_and_every_control_stays_visible(qtbot, window, size):
    window.resize(*size)
    window.tabs.setCurrentWidget(window.draw)
    qtbot.wait(50)
    assert (window.width(), window.height()) == size, f"the window cannot be {size}: {window.minimumSizeHint()}"
    canvas = child(window, "drawCanvas")
    assert canvas.side() >= 200
    if size[0] >= 1920:
        assert canvas.side() >= 450 and child(window, "processedView").width() >= 252
    for name in ("clearCanvasButton", "undoCanvasButton", "openImageButton", "brushSlider", "teachButton",
                 "undoTeachButton", "predictionLabel", "correctionBar"):  # fmt: skip
        widget = child(window, name)
        corner = widget.mapTo(window, QtCore.QPoint(widget.width() - 1, widget.height() - 1))
        assert widget.isVisible() and window.rect().contains(corner), f"{name} is cut off at {size}"
    stroke(canvas, [(canvas.side() / 2, canvas.side() * (0.15 + 0.7 * i / 50)) for i in range(51)])
    assert predicted(qtbot, window).startswith("1 ("), "a stroke on a big canvas lands on the drawing"
    assert isinstance(child(window, "correctionBar"), QtWidgets.QWidget)


def test_why_shows_saliency_top_three_neighbours_and_the_preprocessing_steps(qtbot, window):
    panel = window.draw.explainPanel
    assert panel.index is None, "built when a drawing first needs it, not with every model"
    stroke(child(window, "drawCanvas"), [(140, 40 + 4 * i) for i in range(51)])
    qtbot.waitUntil(lambda: panel.index is not None, timeout=60_000)  # built on a worker
    qtbot.waitUntil(lambda: explained(panel, window.draw.processed) and panel.found is not None, timeout=30_000)
    assert child(window, "topClassesLabel").text().startswith("Top 3: <b>1</b>")
    saliency = child(window, "saliencyView").pixmap().toImage()
    assert saliency.width() == 84 and len({saliency.pixel(x, y) for x in range(0, 84, 3) for y in range(0, 84, 3)}) > 3
    assert not child(window, "neighboursView").pixmap().isNull()
    assert "1 (" in child(window, "neighboursView").toolTip()
    assert "Looks like a digit" in child(window, "noveltyLabel").text()
    steps = child(window, "preprocessStepCombo")
    assert steps.count() >= 5 and steps.currentText() == "centred 28x28"
    steps.setCurrentIndex(0)
    assert not child(window, "preprocessStepView").pixmap().isNull()

    qtbot.mouseClick(child(window, "clearCanvasButton"), QtCore.Qt.MouseButton.LeftButton)
    assert predicted(qtbot, window) == "Draw a digit" and child(window, "topClassesLabel").text() == ""
    assert child(window, "saliencyView").pixmap() is None or child(window, "saliencyView").pixmap().isNull()


def assert_saliency_on_the_ink(canvas) -> None:
    """The canvas paints the saliency over the strokes, not over the empty paper. (A 6x6 occlusion
    patch of the 28x28 input covers 60 px of the canvas, so the heat spreads a little around them.)"""
    alpha, ink = canvas.saliency_alpha().astype(float), canvas.pixels() < 128
    near = np.zeros_like(ink)  # within 25 px of a stroke
    for y, x in np.argwhere(ink[::3, ::3]) * 3:
        near[max(0, y - 25) : y + 26, max(0, x - 25) : x + 26] = True
    assert alpha.max() > 100 and alpha[ink].mean() > 5 * alpha[~near].mean() + 1
    assert alpha[near].sum() > 0.95 * alpha.sum()


def test_the_canvas_shows_the_saliency_over_the_strokes_until_the_drawing_changes(qtbot, window):
    canvas, panel = child(window, "drawCanvas"), window.draw.explainPanel
    stroke(canvas, [(60 + 4 * i, 50) for i in range(36)])  # a 7: the bar,
    stroke(canvas, [(200 - 2 * i, 50 + 4 * i) for i in range(45)])  # then the stem
    qtbot.waitUntil(lambda: explained(panel, window.draw.processed), timeout=60_000)
    qtbot.waitUntil(lambda: canvas.saliency_alpha() is not None, timeout=10_000)
    assert_saliency_on_the_ink(canvas)
    picture = canvas.grab().toImage()  # painted on screen: red where the overlay is
    x, y = np.argwhere(canvas.saliency_alpha() > 100)[0][::-1] * canvas.side() // 280
    colour = QtGui.QColor(picture.pixel(int(x), int(y)))
    assert colour.red() > colour.green() + 60, "the overlay is painted"
    stroke(canvas, [(40, 240), (60, 240)])
    assert canvas.saliency_alpha() is None, "a new stroke: the old explanation is gone at once"


def explained(panel, image) -> bool:
    """The Why? box shows the explanation of ``image`` (not of an earlier state of the drawing)."""
    return panel.pending is None and panel.shown is not None and np.array_equal(panel.shown, image)


def test_a_shape_that_is_no_digit_gets_no_confident_answer(qtbot, window):
    panel = window.draw.explainPanel
    canvas = child(window, "drawCanvas")
    lines = [((100, 40), (100, 240)), ((180, 40), (180, 240)), ((40, 100), (240, 100)), ((40, 180), (240, 180))]
    paths = [[(a[0] + (b[0] - a[0]) * t / 20, a[1] + (b[1] - a[1]) * t / 20) for t in range(21)] for a, b in lines]
    for path in paths:  # a hash sign, #
        stroke(canvas, path)
    predicted(qtbot, window)
    qtbot.waitUntil(lambda: explained(panel, window.draw.processed) and panel.found is not None, timeout=60_000)
    assert panel.found.unlike_digits, f"novelty {panel.found.novelty:.3f}, threshold {panel.index.threshold:.3f}"
    assert child(window, "predictionLabel").text().startswith("Not a digit? (guess: ")
    assert "Not a digit?" in child(window, "noveltyLabel").text()


def test_an_opened_picture_is_explained_like_a_drawing(qtbot, window, tmp_path):
    assert window.load_image_into_canvas(str(wide_zero(tmp_path / "zero.png")))
    predicted(qtbot, window)
    panel = window.draw.explainPanel
    qtbot.waitUntil(lambda: explained(panel, window.draw.processed) and panel.found is not None, timeout=60_000)
    assert child(window, "topClassesLabel").text().startswith("Top 3: <b>0</b>")
    assert not child(window, "saliencyView").pixmap().isNull()
    assert "0 (" in child(window, "neighboursView").toolTip()
    canvas = child(window, "drawCanvas")
    qtbot.waitUntil(lambda: canvas.saliency_alpha() is not None, timeout=10_000)
    assert_saliency_on_the_ink(canvas)


def test_a_drawing_is_explained_only_once_the_why_box_can_be_seen(qtbot, window):
    panel, canvas = window.draw.explainPanel, child(window, "drawCanvas")
    window.tabs.setCurrentWidget(window.curves)
    stroke(canvas, [(140, 40 + 4 * i) for i in range(51)])  # a stroke on the hidden canvas (a script, a test)
    qtbot.wait(DELAY_MS + 400)
    assert panel.worker is None and panel.found is None, "no CPU for a box nobody sees (it slowed the Curves tab)"
    window.tabs.setCurrentWidget(window.draw)
    qtbot.waitUntil(lambda: panel.found is not None, timeout=60_000)
