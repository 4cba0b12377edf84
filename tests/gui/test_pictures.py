"""The picture views as a student reads them: Filters (scales, change since the run started) and Feature maps."""

import numpy as np
from pyqtgraph.Qt import QtCore, QtTest

from engine.data import model_inputs

from .test_main_window import child, choose, click

FULL_RED, FULL_BLUE = (178, 24, 43), (33, 102, 172)  # gui.images.diverging_rgb at +1 and -1


def tiles(view):
    """The drawn kernel pictures (K, kH, kW, 3), cut back out of the Filters grid."""
    picture, (c_out, c_in, kh, kw) = view.image.image, view.kernels.shape
    count = c_out * min(c_in, 8)
    return np.stack([picture[r * (kh + 1) : r * (kh + 1) + kh, c * (kw + 1) : c * (kw + 1) + kw]
                     for r, c in (divmod(k, view.cols) for k in range(count))])  # fmt: skip


def full_colour(tile) -> bool:
    return bool(np.all(tile == FULL_RED, axis=-1).any() or np.all(tile == FULL_BLUE, axis=-1).any())


def test_filters_scale_per_kernel_show_the_change_since_the_run_started_and_a_colour_key(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    window.tabs.setCurrentWidget(window.filters)
    filters, scale, key = window.filters, child(window, "filterScaleCombo"), child(window, "filterColourScale")
    assert key.isVisible()
    largest = float(np.abs(filters.kernels).max())
    assert key.highLabel.text() == f"{largest:+.2g}" and key.lowLabel.text() == f"{-largest:+.2g}"
    shared = [full_colour(tile) for tile in tiles(filters)]
    assert sum(shared) < len(shared), "one scale for the layer: only the strongest kernels reach full colour"

    choose(scale, "each kernel on its own scale")
    assert all(full_colour(tile) for tile in tiles(filters)), "every kernel's largest weight is full colour"
    assert key.meaningLabel.text() == "each kernel's largest weight"

    choose(scale, "change since the run started")
    assert "no run yet" in key.meaningLabel.text()
    before = filters.kernels.copy()
    for _ in range(3):
        # Step is off while its batch runs; on a busy machine the first (which sets the run up) takes over 100 ms.
        qtbot.waitUntil(child(window, "stepButton").isEnabled, timeout=20_000)
        click(window, "stepButton")
    qtbot.waitUntil(lambda: not np.array_equal(filters.kernels, before), timeout=20_000)
    change = filters.kernels - before
    assert key.meaningLabel.text() == "change of each weight since the run started"
    assert key.highLabel.text() == f"{np.abs(change).max():+.2g}", "the key is the largest change, not weight"
    assert np.abs(change).max() < 0.2 * largest, "three steps move the weights little..."
    assert sum(full_colour(tile) for tile in tiles(filters)) >= 1, "...but the change view shows it at full colour"


def click_map(view, name, channel):
    """A real click on the centre of one map in the Feature maps mosaic."""
    row = next(row for row in view.rows if row.name == name)
    line, column = divmod(channel, row.columns)
    h, w = row.size[0] * row.scale, row.size[1] * row.scale
    centre = QtCore.QPointF(column * (w + 1) + w / 2, row.top + line * (h + 1) + h / 2)
    spot = view.plot.mapFromScene(view.image.mapToScene(centre))
    QtTest.QTest.mouseClick(view.plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=spot)


def test_feature_maps_one_row_per_layer_click_to_enlarge_beside_its_kernel_and_the_probes_prediction(qtbot, window):
    window.choose_model("lab-cnn")
    window.tabs.setCurrentWidget(window.feature_maps)
    view, model = window.feature_maps, window.model
    assert [row.name for row in view.rows] == ["conv2d_1", "maxpool2d_1", "conv2d_2", "maxpool2d_2"]
    captions = [item.text() for item in view.captionItems]
    assert captions[2] == "conv2d_2 · 64 maps of 14x14", captions
    tops = [row.top for row in view.rows]
    assert tops == sorted(tops) and len(set(tops)) == 4, "one row per layer, top to bottom"

    probe = window.feature_maps.samples[0][0]
    scores = model.predict(model_inputs(model, probe[None]))[0]
    best = int(np.argmax(scores))
    assert child(window, "probePrediction").text() == f"→ predicted {best} ({scores[best] * 100:.1f} %)"

    click_map(view, "conv2d_2", 21)  # a layer whose kernels no view had asked for
    assert view.selected == ("conv2d_2", 21)
    assert child(window, "featureMapDetailTitle").text().startswith("conv2d_2, map 21 of 64 (14x14)")
    qtbot.waitUntil(lambda: child(window, "featureMapKernel").isVisible(), timeout=5_000)
    kernel = model.layers[[layer.name for layer in model.layers].index("conv2d_2")].params["W"][21]
    shown = view.source.image
    assert shown.shape[:2] == (4 * 4 - 1, 4 * 4 - 1), "16 of the 32 input slices, 4 a line"
    strongest = np.unravel_index(np.argmax(np.abs(kernel[:16])), kernel[:16].shape)
    c, y, x = strongest
    pixel = shown[(c // 4) * 4 + y, (c % 4) * 4 + x]
    assert tuple(pixel) in (FULL_RED, FULL_BLUE), "the clicked map's own kernel, its largest weight at full colour"
    enlarged = view.enlarged.image
    assert enlarged.shape[:2] == (14, 14) and enlarged.std() > 0, "the map itself, large, not blank"

    click_map(view, "maxpool2d_1", 5)
    assert "max-pool of conv2d_1's map 5" in view.sourceTitle.text() and view.source.image.shape[:2] == (28, 28)
    assert not child(window, "featureMapKernelScale").isVisible(), "pooling has no kernel"

    click(window, "stepButton")  # a paused run: its snapshots now bring the kernels a click asks for
    qtbot.waitUntil(lambda: window.training.session is not None and window.training.session.step_count == 1,
                    timeout=20_000)  # fmt: skip
    click_map(view, "conv2d_2", 7)
    live = window.training.session.model.layers[3].params["W"][7]
    qtbot.waitUntil(lambda: "conv2d_2" in view._filters and np.array_equal(view._filters["conv2d_2"][7], live),
                    timeout=5_000)  # fmt: skip
    assert child(window, "featureMapKernel").isVisible()


class Batches:
    """A long run's batch reports at once, as the curves take them."""

    def __init__(self, count, first=1):
        rng = np.random.default_rng(first)
        self.steps, self.losses, self.accuracies = np.arange(first, first + count), rng.random(count), rng.random(count)


class Epoch:
    def __init__(self, epoch, rng):
        self.epoch, self.loss, self.val_loss = epoch, rng.random(), rng.random()
        self.accuracy, self.val_accuracy = rng.random(), rng.random()


def test_a_long_run_draws_a_fixed_sample_of_its_curves_and_showing_them_settles(qtbot, window):
    curves = window.curves
    rng = np.random.default_rng(1)
    for epoch in range(1, 301):  # 300 epochs of 200 batches
        curves.data.add_batches(Batches(200, first=(epoch - 1) * 200 + 1))
        curves.data.add_epoch(Epoch(epoch, rng))
    window.tabs.setCurrentWidget(curves)
    curves.redraw()
    qtbot.wait(200)
    batch, smooth = curves.items["loss"]["batch"], curves.items["loss"]["smooth"]
    assert len(batch.getData()[0]) <= 1500 and len(smooth.getData()[0]) <= 250, "a sample, not 60,000 points"
    assert batch.getData()[1].std() < 0.1, "each drawn point is the mean of a run of batches, not one batch"
    for key in ("epoch", "val"):
        drawn = curves.items["loss"][key].getData()[0]
        assert 50 <= len(drawn) <= 100, f"{len(drawn)} {key} points: 300 epochs drawn as means of runs of epochs"
    painted = []
    curves.lossPlot.viewport().installEventFilter(watcher := PaintCounter(painted))
    curves.lossPlot.viewport().update()
    qtbot.wait(500)
    assert 1 <= len(painted) <= 5, f"{len(painted)} paints in 0.5 s: the plot repaints itself in a loop"
    curves.lossPlot.viewport().removeEventFilter(watcher)


class PaintCounter(QtCore.QObject):
    def __init__(self, seen):
        super().__init__()
        self.seen = seen

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QtCore.QEvent.Type.Paint:
            self.seen.append(event)
        return False


class Growing:
    """Batch reports of a run that goes on: steps ``first`` to ``last``."""

    def __init__(self, first, last):
        self.steps = np.arange(first, last + 1)
        self.losses = 2.3 / (1 + 0.01 * self.steps)  # falling, as a loss that learns
        self.accuracies = 1 - self.losses / 2.5


def settle(qtbot, view) -> None:
    """Wait until the view's range has stayed the same for three looks in a row (waitUntil looks every 10 ms)."""
    ranges = []

    def still() -> bool:
        ranges.append(view.viewRange())
        return len(ranges) >= 3 and ranges[-1] == ranges[-2] == ranges[-3]

    qtbot.waitUntil(still, timeout=5_000)


def test_the_step_axis_holds_while_a_run_grows_a_little_and_reaches_past_its_newest_step(qtbot, window):
    curves = window.curves
    window.tabs.setCurrentWidget(curves)
    view = curves.lossPlot.getPlotItem().getViewBox()
    curves.data.add_batches(Growing(1, 1000))
    curves.redraw()
    settle(qtbot, view)  # pyqtgraph ranges itself at the next paint: under load that can take longer than 50 ms
    (x0, x1), (y0, _) = view.viewRange()
    assert x1 >= 1000 and y0 <= 0.0, "past the newest step, and a loss axis from 0"
    moved = []
    view.sigRangeChanged.connect(lambda *args: moved.append(args))
    for last in range(1020, 1081, 20):  # a few more batches, four redraws: the axes stay
        curves.data.add_batches(Growing(last - 19, last))
        curves.redraw()
        qtbot.wait(20)
    assert not moved, "a redraw that moves the range rebuilds both axes and every curve"
    curves.data.add_batches(Growing(1081, 2000))  # much further: the axis reaches past it
    curves.redraw()
    qtbot.wait(50)
    assert view.viewRange()[0][1] >= 2000
    curves.clear()  # a new, short run: the axis comes back to it
    curves.data.add_batches(Growing(1, 50))
    curves.redraw()
    qtbot.wait(50)
    assert view.viewRange()[0][1] < 100
