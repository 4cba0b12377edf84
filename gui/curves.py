"""Curves view: loss and accuracy per batch (raw and smoothed) and per epoch (train and validation)."""

from __future__ import annotations

import csv

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.doctor import Hint

from .doctor_view import DoctorPanel
from .i18n import tr, tr_said
from .plots import plot_widget
from .runs import EarlierRuns

SMOOTHING = 0.9  # exponential moving average, as TensorBoard's smoothing slider
# How many samples of a long curve are drawn, each the mean of a run of batches. A fixed number,
# as TensorBoard does (1,000 a series), not pyqtgraph's auto mode: that one follows the plot's pixel
# width, which follows the axis labels, which follow the data, and at one sample per pixel it made
# the Curves tab repaint itself in a loop for minutes. 60,000 batches at pyqtgraph's default 5 per
# pixel drew 4,600 segments a curve: showing the tab took 40 ms, 580 ms with the app's antialiasing.
BATCH_POINTS = 1500
# A smoothed curve needs fewer: 250 look the same, and its antialiased 2-pixel pen cost 12-45 ms
# a paint at 900 samples, 2-4 ms at 200.
SMOOTH_POINTS = 250
# And the epoch curves: a run of hundreds of epochs drew its two antialiased 2-pixel zigzags through
# every epoch, 40-50 ms a paint of the Curves tab at 280 epochs (the soak's longest stall); as means
# of runs of epochs, at most 100 points, 15-19 ms. Below 100 epochs every epoch keeps its marker.
EPOCH_POINTS = 100


def stride(count: int, points: int) -> int:
    """Batches per drawn sample so that a curve of ``count`` batches draws at most ``points``."""
    return max(1, -(-count // points))


class Series:
    """A growing column of numbers: appends are amortised O(1) (the buffer doubles when full), and
    ``values`` is a numpy view of them without a copy (a redraw of a 60,000-batch run converted
    three Python lists each time: 2-3 ms). A full buffer is replaced, never resized, so views
    handed to the plots stay valid."""

    def __init__(self):
        self._data = np.zeros(1024)
        self._size = 0

    def extend(self, values) -> None:
        values = np.asarray(values, dtype=np.float64).ravel()
        end = self._size + len(values)
        if end > len(self._data):
            grown = np.zeros(max(end, 2 * len(self._data)))
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : end] = values
        self._size = end

    def append(self, value: float) -> None:
        self.extend((value,))

    @property
    def values(self) -> np.ndarray:
        return self._data[: self._size]

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):
        return self.values[index]


class Smoother:
    """TensorBoard-style debiased exponential moving average, extended one value at a time."""

    def __init__(self, weight: float = SMOOTHING):
        self.weight, self.last, self.norm = weight, 0.0, 0.0
        self.series = Series()

    def add(self, value: float) -> None:
        self.last = self.weight * self.last + (1 - self.weight) * value
        self.norm = self.weight * self.norm + (1 - self.weight)
        self.series.append(self.last / self.norm)

    @property
    def values(self) -> np.ndarray:
        return self.series.values


class CurveData:
    """Everything the curves show, as growing lists (the view's pure state, testable alone)."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.steps, self.losses, self.accuracies = Series(), Series(), Series()
        self.smoothed = {"loss": Smoother(), "accuracy": Smoother()}
        self.epochs: list[dict] = []  # {"step", "epoch", "loss", "accuracy", "val_loss", "val_accuracy"}

    def add_batches(self, report) -> None:
        self.steps.extend(report.steps)
        self.losses.extend(report.losses)
        self.accuracies.extend(report.accuracies)
        for loss, accuracy in zip(report.losses, report.accuracies, strict=True):
            self.smoothed["loss"].add(float(loss))
            self.smoothed["accuracy"].add(float(accuracy))

    def add_epoch(self, report) -> None:
        step = int(self.steps[-1]) if len(self.steps) else 0
        self.epochs.append(
            {
                "step": step,
                "epoch": report.epoch,
                "loss": report.loss,
                "accuracy": report.accuracy,
                "val_loss": report.val_loss,
                "val_accuracy": report.val_accuracy,
            }
        )

    def write_csv(self, path) -> None:
        with open(path, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["step", "loss", "accuracy", "epoch_end", "val_loss", "val_accuracy"])
            ends = {e["step"]: e for e in self.epochs}
            columns = (self.steps.values.astype(int), self.losses.values, self.accuracies.values)
            for step, loss, accuracy in zip(*columns, strict=True):
                end = ends.get(step)
                row = [step, f"{loss:.6g}", f"{accuracy:.6g}"]
                row += [end["epoch"], _fmt(end["val_loss"]), _fmt(end["val_accuracy"])] if end else ["", "", ""]
                writer.writerow(row)


def _fmt(value) -> str:
    return "" if value is None else f"{value:.6g}"


def _epoch_markers(plot: pg.PlotWidget, colour, symbol: str, name: str):
    """A line with a marker at every epoch end. The markers stand out; the line joining them is one
    pixel wide: Qt strokes a 1-pixel antialiased line on a fast path, and the two 2-pixel lines cost
    12.5 of the 16.5 ms a paint of the Curves tab took at 100 drawn epochs (7.4 ms at one pixel)."""
    return plot.plot(pen=pg.mkPen(colour, width=1), symbol=symbol, symbolSize=7, symbolBrush=colour, name=name)


MARK_LABELS = 5  # live-change marks that keep their text (see CurvesView.mark)
MARK_POINTS = 8.5  # the size of the live-change labels' text: that of the axes' numbers


EXTENT_GROWTH = 1.1  # the step axis reaches this far past the newest step (see StepExtent)


class StepExtent(pg.GraphicsObject):
    """An invisible item that sets how far the auto-ranged step axis reaches: 10 % past the newest
    step, in jumps (and down to 0 on a linear loss axis). Without it every redraw moved the view's
    range a little, and a moved range rebuilds both axes, the grid, every curve's drawn samples and
    every mark's label; a view whose range holds repaints its cached axes. A redraw of one plot
    while training (four a second) took 13-15 ms of the GUI thread, now 4.2-4.4 ms (20,000 and
    3,000 steps, medians of 120)."""

    def __init__(self):
        super().__init__()
        self.reach = 0.0  # the step the axis reaches to
        self.floor: float | None = None  # a value the value axis always includes

    def extend_to(self, step: float) -> None:
        if step > self.reach or step < self.reach / EXTENT_GROWTH**2:  # a longer run, or a new, shorter one
            self.reach = max(10.0, step * EXTENT_GROWTH)
            self.informViewBoundsChanged()

    def set_floor(self, floor: float | None) -> None:
        self.floor = floor
        self.informViewBoundsChanged()

    def dataBounds(self, axis, frac=1.0, orthoRange=None):  # noqa: N802 (pyqtgraph's name)
        if axis == 0:
            return (0.0, self.reach) if self.reach else None
        return (self.floor, self.floor) if self.floor is not None else None

    def boundingRect(self):  # noqa: N802
        return QtCore.QRectF()

    def paint(self, painter, *args) -> None:
        pass


class StepAxis(pg.AxisItem):
    """An axis of whole steps: no 1.5 between step 1 and step 2 when a few steps are shown."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        levels = [(spacing, offset) for spacing, offset in super().tickSpacing(minVal, maxVal, size) if spacing >= 1]
        return levels or [(1, 0)]


# Earlier runs, faded: grey, then pale red, green and violet (the current run is blue and orange).
class CurvesView(QtWidgets.QWidget):
    """Two pyqtgraph plots (``lossPlot``, ``accuracyPlot``) updated in place with ``setData``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data = CurveData()
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        self.smoothCheck = QtWidgets.QCheckBox(tr("Smoothed"))
        self.smoothCheck.setChecked(True)
        self.smoothCheck.setToolTip(
            tr(
                "Show an exponential moving average of the per-batch values (weight 0.9). Single batches are noisy; "
                "the trend is what tells you whether the network learns."
            )
        )
        self.logCheck = QtWidgets.QCheckBox(tr("Log-scale loss"))
        self.logCheck.setToolTip(tr("A logarithmic loss axis shows progress late in training, when the loss is small."))
        self.clearRunsButton = QtWidgets.QPushButton(tr("Clear earlier runs"))
        self.clearRunsButton.setObjectName("clearRunsButton")
        self.clearRunsButton.setToolTip(
            tr("Remove every earlier run from the plots and the list (the current run stays)")
        )
        self.clearRunsButton.setEnabled(False)
        self.clearRunsButton.clicked.connect(self.clear_overlays)
        bar.addWidget(self.smoothCheck)
        bar.addWidget(self.logCheck)
        bar.addStretch(1)
        bar.addWidget(self.clearRunsButton)
        layout.addLayout(bar)

        # The legends sit under the plots, in rows of three, never over a curve (inside the plot
        # they hid the first accuracy points, and a few earlier runs would fill it).
        self.lossPlot = self._plot("lossPlot", tr("Loss"), tr("cross-entropy"))
        self.accuracyPlot = self._plot("accuracyPlot", tr("Accuracy"), tr("fraction correct"))
        # Not x-linked: both show the same steps anyway, and a link would make every loss
        # update repaint the accuracy plot too (see redraw_next).
        self.accuracyPlot.setYRange(0, 1)
        self.earlier = EarlierRuns()  # over the plots, shown once there is an earlier run
        layout.addWidget(self.earlier)
        layout.addWidget(self.lossPlot, 1)
        layout.addWidget(self.accuracyPlot, 1)
        self.doctor = DoctorPanel()
        layout.addWidget(self.doctor)

        self.items = {}
        self.marks: list[tuple[int, str, list]] = []  # (step, setting, lines) of the live changes
        self.old_marks = []  # per plot, one item drawing the older changes (see mark)
        for plot in (self.lossPlot, self.accuracyPlot):
            item = pg.PlotDataItem(pen=pg.mkPen((190, 160, 215), width=1))
            plot.addItem(item, ignoreBounds=True)  # (its long strokes must not widen the axes)
            self.old_marks.append(item)
        self.extents = {}
        for name, plot in (("loss", self.lossPlot), ("accuracy", self.accuracyPlot)):
            self.extents[name] = StepExtent()
            plot.addItem(self.extents[name])
        self.extents["loss"].set_floor(0.0)  # a loss is never below 0: its axis starts there
        self._epochs_drawn: dict[str, int] = {}
        self._next = "accuracy"  # redraw_next draws the loss plot first
        for name, plot in (("loss", self.lossPlot), ("accuracy", self.accuracyPlot)):
            self.items[name] = {
                # The noisy per-batch curve without antialiasing: its zigzag fills the band, and antialiased
                # it took 15 ms a paint (the app turns antialiasing on everywhere else).
                "batch": plot.plot(pen=pg.mkPen((150, 170, 220), width=1), name=tr("train (batch)"), antialias=False),
                "smooth": plot.plot(pen=pg.mkPen((30, 80, 200), width=2), name=tr("train (smoothed)"), antialias=False),
                "epoch": _epoch_markers(plot, (230, 120, 20), "o", tr("train (epoch)")),
                "val": _epoch_markers(plot, (20, 160, 60), "s", tr("validation (epoch)")),
            }
            for item in self.items[name].values():
                # Long runs: only what is visible, as means of runs of batches (``stride``). Means, not
                # peaks: a noisy 60,000-batch curve drawn as min/max pairs zigzags across the whole
                # band and took 100+ ms to paint.
                item.setClipToView(True)
        self.smoothCheck.toggled.connect(self.redraw)
        self.logCheck.toggled.connect(self._log_toggled)

    def _log_toggled(self, on: bool) -> None:
        self.extents["loss"].set_floor(None if on else 0.0)  # (a log axis has no 0)
        self.lossPlot.setLogMode(y=on)

    def _plot(self, name: str, title: str, unit: str) -> pg.PlotWidget:
        plot = plot_widget(name, title=title, axisItems={"bottom": StepAxis("bottom")})
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.setLabel("bottom", tr("step (batches)"))
        plot.setLabel("left", unit)
        item = plot.getPlotItem()
        legend = pg.LegendItem(colCount=3, labelTextColor=(60, 60, 60))
        item.layout.addItem(legend, 4, 1)  # row 4: under the bottom axis (rows 0-3 are title, top axis, view, axis)
        item.legend = legend  # plot(..., name=) adds to it, removeItem takes out of it, as with addLegend
        return plot

    def clear(self) -> None:
        self.doctor.clear()
        for _, _, lines in self.marks:
            if lines:  # (the older marks have none: they are strokes of old_marks)
                self._remove(lines)
        self.marks.clear()
        self._draw_old_marks()
        self.data.clear()
        self._epochs_drawn.clear()
        self.redraw()

    def keep_as_overlay(self, label: str, settings: dict) -> None:
        """Keep the current run's smoothed curves, faded, as an earlier run (``settings``: its recipe, to name
        it by what differs); then clear them for the next run."""
        if not len(self.data.steps):
            return
        run = self.earlier.add(label, settings)
        steps = self.data.steps.values
        for name, plot in (("loss", self.lossPlot), ("accuracy", self.accuracyPlot)):
            pen = pg.mkPen(run.colour, width=2, style=QtCore.Qt.PenStyle.DashLine)
            item = self.earlier.draw(run, plot, steps, self.data.smoothed[name].values, pen)
            item.setDownsampling(ds=stride(len(steps), SMOOTH_POINTS), method="mean")
            item.setClipToView(True)
        self.earlier.set_current(None)  # until the next run starts
        self.clearRunsButton.setEnabled(True)
        self.clear()

    def show_saved_history(self, label: str, history: list[dict], settings: dict) -> None:
        """An opened model's saved epochs (``engine.history``) as an earlier run: its training and
        validation values at each epoch's end, faded and labelled, to compare the next run with."""
        epochs = [log for log in history if isinstance(log.get("step"), int)]
        if not epochs:
            return
        run = self.earlier.add(label, settings, source=label)
        for name, plot in (("loss", self.lossPlot), ("accuracy", self.accuracyPlot)):
            for key, style, suffix in (
                (name, QtCore.Qt.PenStyle.DashLine, ""),
                (f"val_{name}", QtCore.Qt.PenStyle.DotLine, ", " + tr("validation")),
            ):
                points = [(log["step"], log[key]) for log in epochs if isinstance(log.get(key), (int, float))]
                if not points:
                    continue
                x, y = np.array(points, dtype=float).T
                pen = pg.mkPen(run.colour, width=1, style=style)
                self.earlier.draw(run, plot, x, y, pen, suffix, symbol="o", symbolSize=4, symbolBrush=run.colour,
                                  symbolPen=None)  # fmt: skip
        self.earlier.relabel()
        self.clearRunsButton.setEnabled(True)

    def hint(self, hint: Hint) -> None:
        """The training doctor saw a problem: marked at its step, and said in full under the plots."""
        if hint.kind not in {h.kind for h in self.doctor.hints}:  # a continued run may see it again
            self.mark(hint.step, f"hint {hint.kind}", tr("doctor: {title}").format(title=tr_said(hint.title)))
            self.doctor.add(hint)

    def mark(self, step: int, key: str, text: str) -> None:
        """A dashed vertical line at ``step`` on both plots, labelled ``text`` (``lr 0.001 → 0.0005``).
        A second change of the same setting at the same step (a slider being dragged) relabels it."""
        if self.marks and self.marks[-1][:2] == (step, key):
            for line in self.marks[-1][2]:
                line.label.setFormat(text)
            return
        lines = []
        for plot in (self.lossPlot, self.accuracyPlot):
            pen = pg.mkPen((120, 60, 160), width=1, style=QtCore.Qt.PenStyle.DashLine)
            # Level text hanging down from near the top beside the line, on a white ground: left of it
            # (a live change is near the newest step, at the right end) unless the line is in the
            # axis's first third. The marks take turns at three heights, so that the labels of changes
            # close together do not cover each other. (Text along the line ran up out of the plot:
            # only a clipped "lr" showed.)
            height = 0.97 - 0.09 * (len(self.marks) % 3)
            side = (1, 0) if step > 0.3 * max(self.extents["loss"].reach, step) else (0, 0)
            options = {"position": height, "color": (90, 40, 130), "anchors": [side, side],
                       "fill": (255, 255, 255, 220)}  # fmt: skip
            line = pg.InfiniteLine(pos=step, angle=90, pen=pen, label=text, labelOpts=options)
            font = QtGui.QFont(self.font())  # (the window's font: the labels' default is a serif one)
            font.setPointSizeF(MARK_POINTS)
            line.label.setFont(font)
            plot.addItem(line)
            lines.append(line)
        self.marks.append((step, key, lines))
        # Only the newest few are labelled lines: each InfiniteLine and its label is repainted on
        # every paint of both plots, and the soak's 60 changes (one per 10 s) made showing the Curves
        # tab take 60-120 ms instead of 35-45 ms. Older changes become plain strokes of one item.
        if len(self.marks) > MARK_LABELS and self.marks[-MARK_LABELS - 1][2]:
            old_step, old_key, old_lines = self.marks[-MARK_LABELS - 1]
            self._remove(old_lines)
            self.marks[-MARK_LABELS - 1] = (old_step, old_key, [])
            self._draw_old_marks()

    def _remove(self, lines) -> None:
        """Take a mark's lines (one per plot) off the plots."""
        for line, plot in zip(lines, (self.lossPlot, self.accuracyPlot), strict=True):
            plot.removeItem(line)

    def _draw_old_marks(self) -> None:
        steps = [step for step, _, lines in self.marks if not lines]
        x = np.repeat(np.asarray(steps, float), 2)
        y = np.tile([1e-9, 1e9], len(steps))  # far beyond any loss or accuracy: the view clips them
        for item in self.old_marks:
            item.setData(x, y, connect="pairs")

    def clear_overlays(self) -> None:
        self.earlier.clear_runs()
        self.clearRunsButton.setEnabled(False)

    def add_batches(self, report) -> None:
        self.data.add_batches(report)

    def add_epoch(self, report) -> None:
        self.data.add_epoch(report)

    def redraw(self) -> None:
        """Both plots, now."""
        for name in self.items:
            self._redraw(name)

    def redraw_next(self) -> None:
        """One plot per call, taking turns: while training, one repaint of a plot costs about
        6 ms of GUI thread, so two in one go would hold the event loop twice as long."""
        self._next = "accuracy" if self._next == "loss" else "loss"
        self._redraw(self._next)

    def _redraw(self, name: str) -> None:
        data, items = self.data, self.items[name]
        steps = data.steps.values
        values = (data.losses if name == "loss" else data.accuracies).values
        self.extents[name].extend_to(float(steps[-1]) if len(steps) else 0.0)
        items["batch"].setDownsampling(ds=stride(len(steps), BATCH_POINTS), method="mean")
        items["batch"].setData(steps, values)
        items["smooth"].setDownsampling(ds=stride(len(steps), SMOOTH_POINTS), method="mean")
        shown = self.smoothCheck.isChecked() and len(values) > 1
        items["smooth"].setData(steps, data.smoothed[name].values) if shown else items["smooth"].setData([], [])
        epochs = data.epochs
        if len(epochs) != self._epochs_drawn.get(name):  # markers change once an epoch: skip the scatter work
            self._epochs_drawn[name] = len(epochs)
            for key in ("epoch", "val"):
                items[key].setDownsampling(ds=stride(len(epochs), EPOCH_POINTS), method="mean")
            items["epoch"].setData([e["step"] for e in epochs], [e[name] for e in epochs])
            with_val = [e for e in epochs if e[f"val_{name}"] is not None]
            items["val"].setData([e["step"] for e in with_val], [e[f"val_{name}"] for e in with_val])
