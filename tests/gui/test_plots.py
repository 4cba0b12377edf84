"""Showing a tab paints each of its plots once (the soak's longest stall was the repeats)."""

from types import SimpleNamespace

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore

from gui.plots import SteadyPlotItem


class PaintCounter(QtCore.QObject):
    """Counts the paint events of each plot's viewport."""

    def __init__(self, plots):
        super().__init__()
        self.counts = {plot.objectName(): 0 for plot in plots}
        self.names = {plot.viewport(): plot.objectName() for plot in plots}
        for viewport in self.names:
            viewport.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            self.counts[self.names[watched]] += 1
        return False


def click_tab(qtbot, window, view):
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, QtCore.Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(view)).center())
    assert window.tabs.currentWidget() is view


def test_every_plot_of_the_window_is_a_steady_one(window):
    plots = window.findChildren(pg.PlotWidget)
    assert len(plots) >= 6
    assert all(isinstance(plot.getPlotItem(), SteadyPlotItem) for plot in plots)


def test_switching_to_the_curves_tab_paints_each_plot_once(window, qtbot):
    curves = window.curves
    rng = np.random.default_rng(0)
    for epoch in range(20):  # a run with a history, so that a paint costs something
        steps = np.arange(epoch * 100 + 1, epoch * 100 + 101)
        curves.add_batches(SimpleNamespace(steps=steps, losses=rng.random(100), accuracies=rng.random(100)))
        curves.add_epoch(SimpleNamespace(epoch=epoch + 1, loss=0.2, accuracy=0.9, val_loss=0.3, val_accuracy=0.8))
    curves.redraw()
    plots = [curves.lossPlot, curves.accuracyPlot]
    for _ in range(2):  # the first show lays the tab out and ranges the axes; the second is every later switch
        click_tab(qtbot, window, curves)
        qtbot.wait(50)
        click_tab(qtbot, window, window.draw)
        qtbot.wait(50)
    counter = PaintCounter(plots)
    click_tab(qtbot, window, curves)
    qtbot.wait(100)
    assert counter.counts == {"lossPlot": 1, "accuracyPlot": 1}
