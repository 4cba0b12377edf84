"""The Backprop tab, driven with clicks: a test digit and a drawing, forward, the loss and back."""

import numpy as np
from pyqtgraph.Qt import QtCore, QtTest

from tests.gui.test_main_window import child, click, stroke


def test_a_test_digit_walks_forward_through_the_loss_and_back_without_touching_the_model(qtbot, window):
    window.choose_model("lab-cnn-light")
    weights = [v.copy() for _, v, _ in window.model.named_parameters()]
    window.tabs.setCurrentWidget(window.backprop)
    child(window, "backpropDigitSpin").setValue(3)
    click(window, "backpropWalkButton")
    steps = child(window, "backpropLayerList")
    names = [layer.name for layer in window.model.layers]
    assert steps.count() == 2 * len(names) + 1 and steps.currentRow() == 0
    assert steps.item(0).text() == f"→ {names[0]} (Conv2D)" and steps.item(len(names)).text().startswith("loss")
    explain = child(window, "backpropExplain")
    assert "H_out = floor((28 + " in explain.text()
    assert int(window.dataset.y_test[3]) == child(window, "backpropLabelCombo").currentIndex()
    code = child(window, "backpropCode")
    assert "def forward" in code.toPlainText() and code.extraSelections(), "the real code, its key line marked"
    assert not child(window, "backpropBackButton").isEnabled()
    for _ in range(len(names)):  # forward to the loss
        click(window, "backpropStepButton")
    assert child(window, "backpropTitle").text().startswith("loss") and "ln(10) = 2.30" in explain.text()
    assert "def backward" in code.toPlainText() and code.extraSelections(), "the loss's code, p - y marked"
    first = window.backprop.first.shown
    assert np.allclose(first, window.backprop.trace.probabilities[0]) and np.isclose(first.sum(), 1, atol=1e-5)
    click(window, "backpropStepButton")  # the last layer, backward
    assert child(window, "backpropTitle").text() == f"← {names[-1]} (Dense)" and "dW = x^T" in explain.text()
    while child(window, "backpropStepButton").isEnabled():
        click(window, "backpropStepButton")
    assert steps.currentRow() == steps.count() - 1 and child(window, "backpropTitle").text().startswith("← conv2d_1")
    grid = window.backprop.first.image.image
    assert grid is not None and grid.std() > 0, "dL/d(output) of the first convolution is a picture, not blank"
    norms = window.backprop.normBars.opts["height"]  # log10 of each layer's gradient norm
    expected = [np.log10(norm) for _, norm in window.backprop.trace.gradient_norms()]
    assert len(norms) == sum(1 for layer in window.model.layers if layer.params) and np.allclose(norms, expected)
    for (_, value, _), old in zip(window.model.named_parameters(), weights, strict=True):
        assert np.array_equal(value, old), "the lens works on a copy"
    window.choose_model("mlp")  # another model: the old walk goes
    assert steps.count() == 0 and not child(window, "backpropStepButton").isEnabled()
    assert "The model is now mlp" in child(window, "backpropMessage").text()


def test_the_drawing_walks_too_and_a_running_training_is_asked_to_pause(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    window.tabs.setCurrentWidget(window.backprop)
    combo = child(window, "backpropSourceCombo")
    combo.setCurrentText("the drawing")
    click(window, "backpropWalkButton")
    assert "Draw a digit" in child(window, "backpropMessage").text()
    window.tabs.setCurrentWidget(window.draw)
    stroke(child(window, "drawCanvas"), [(80, 40), (180, 40), (120, 240)])  # a 7
    qtbot.waitUntil(lambda: window.draw.processed is not None, timeout=5_000)
    window.tabs.setCurrentWidget(window.backprop)
    child(window, "backpropLabelCombo").setCurrentIndex(7)
    click(window, "backpropWalkButton")
    assert window.backprop.trace.labels.tolist() == [7] and child(window, "backpropLayerList").count() > 0
    first_input = window.backprop.trace.forward[0].x[0, 0]
    assert np.corrcoef(first_input.ravel(), window.draw.processed.ravel())[0, 1] > 0.99, "the drawing, normalised"

    child(window, "epochsSpin").setValue(30)
    click(window, "trainButton")
    qtbot.waitUntil(lambda: window.training.session is not None and window.training.session.state == "running",
                    timeout=20_000)  # fmt: skip
    click(window, "backpropWalkButton")
    assert "pause or stop it first" in child(window, "backpropMessage").text()
    qtbot.waitUntil(lambda: child(window, "pauseButton").isEnabled(), timeout=5_000)  # (the window has heard)
    click(window, "pauseButton")
    qtbot.waitUntil(lambda: window.training.session.state == "paused", timeout=20_000)
    click(window, "backpropWalkButton")
    assert "The model says" in child(window, "backpropMessage").text()
    click(window, "stopButton")
    qtbot.waitUntil(lambda: not window.training.running(), timeout=20_000)


def test_check_a_weight_then_apply_one_step_and_undo_it(qtbot, window):
    window.choose_model("lab-cnn-light")
    child(window, "optimizerCombo").setCurrentText("sgd")
    child(window, "learningRateSpin").setValue(0.05)
    trained = [v.copy() for _, v, _ in window.model.named_parameters()]
    window.tabs.setCurrentWidget(window.backprop)
    child(window, "backpropDigitSpin").setValue(5)
    click(window, "backpropWalkButton")
    view = window.backprop
    assert not child(window, "backpropUndoButton").isEnabled()
    steps = child(window, "backpropLayerList")
    steps.setCurrentRow(
        next(i for i, s in enumerate(view.steps) if s.direction == "backward" and s.layer.kind == "Dense")
    )
    click(window, "backpropCheckButton")
    result = child(window, "backpropResult")
    assert "dense_2." in result.text() and "they agree" in result.text(), result.text()
    loss_before = view.trace.loss
    click(window, "backpropApplyButton")
    assert "One sgd step at learning rate 0.05" in result.text() and view.trace.loss < loss_before
    steps.setCurrentRow(0)  # conv2d_1 forward: the kernels before and after the step, and what it did
    before, after, change = view.first.shown, view.second.shown, view.weights.shown
    assert view.first.caption.text().startswith("W before the step (8, 1, 3, 3)")
    assert "after - before" in view.weights.caption.text() and np.abs(change).max() > 0
    assert np.allclose(after - before, change) and not np.array_equal(before, after)
    click(window, "backpropUndoButton")
    assert view.trace.loss == loss_before and not child(window, "backpropUndoButton").isEnabled()
    for (_, value, _), old in zip(window.model.named_parameters(), trained, strict=True):
        assert np.array_equal(value, old), "the model being trained never changes"


def walked_lab_cnn_light(qtbot, window):
    """The Backprop tab at 1280x800, a test digit walked through lab-cnn-light."""
    window.choose_model("lab-cnn-light")
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.backprop)
    click(window, "backpropWalkButton")
    qtbot.wait(100)  # laid out: the pictures have their place on screen
    return window.backprop


def click_picture(view, x: float, y: float) -> None:
    """A real mouse click on pixel (x, y) of an ArrayView's picture."""
    spot = view.plot.mapFromScene(view.image.mapToScene(QtCore.QPointF(x + 0.5, y + 0.5)))
    QtTest.QTest.mouseClick(view.plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=spot)


def test_a_click_on_a_convolution_s_output_pixel_shows_its_multiply_add_and_its_share_of_dw(qtbot, window):
    view = walked_lab_cnn_light(qtbot, window)
    assert view.steps[0].layer.kind == "Conv2D"
    channels, height, width = view.steps[0].layer.y.shape[1:]
    r, c = divmod(2, int(np.ceil(np.sqrt(channels))))
    click_picture(view.second, c * (width + 1) + 7, r * (height + 1) + 5)  # map 2, pixel (5, 7)
    text = child(window, "backpropResult").text()
    layer = view.steps[0].layer
    assert "map 2, pixel (5, 7)" in text, text
    assert f"= {layer.y[0, 2, 5, 7]:.4g}" in text and "= products" in text and "dL/dW of kernel 2" in text


def test_a_drawn_seven_walks_through_lab_cnn_and_the_whole_walk_exports_as_a_handout(qtbot, window, tmp_path):
    window.choose_model("lab-cnn")
    window.tabs.setCurrentWidget(window.draw)
    stroke(child(window, "drawCanvas"), [(80, 40), (180, 40), (120, 240)])  # a 7
    qtbot.waitUntil(lambda: window.draw.processed is not None, timeout=5_000)
    window.tabs.setCurrentWidget(window.backprop)
    assert not child(window, "backpropHandoutButton").isEnabled()  # nothing walked yet
    child(window, "backpropSourceCombo").setCurrentText("the drawing")
    child(window, "backpropLabelCombo").setCurrentIndex(7)
    click(window, "backpropWalkButton")
    target = tmp_path / "walk.html"
    window.ask_path = lambda kind, title, name="", kinds="": str(target)  # the save dialog's answer
    click(window, "backpropHandoutButton")
    page = target.read_text(encoding="utf-8")
    assert "Backprop, step by step: lab-cnn on a drawing" in page and "True class: <b>7</b>" in page
    steps = child(window, "backpropLayerList")
    for row in range(steps.count()):
        assert steps.item(row).text().strip() in page, steps.item(row).text()
    assert page.count("data:image/png;base64,") >= steps.count()
    assert f"Saved the handout {target}" in window.statusBar().currentMessage()


def test_a_click_on_a_kernel_weight_checks_that_weight(qtbot, window):
    view = walked_lab_cnn_light(qtbot, window)
    view.go(len(view.steps) - 1)  # back through the first convolution: its kernels in the weights panel
    assert view.current_layer().name == "conv2d_1"
    qtbot.wait(100)
    kernels = view.current_layer().params["W"]  # (8, 1, 3, 3), tiled 3 to a row
    r, c = divmod(4, int(np.ceil(np.sqrt(len(kernels)))))
    click_picture(view.weights, c * 4 + 2, r * 4 + 1)  # kernel 4, row 1, column 2
    text = child(window, "backpropResult").text()
    assert text.startswith("conv2d_1.W[4, 0, 1, 2]: backward says") and "they agree" in text, text
