"""The one way the views make a pyqtgraph plot: a PlotWidget that paints once when its tab is shown."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.Qt import QtCore

# Qt sends a graphics scene WindowActivate when its view is shown and WindowDeactivate when it is
# hidden; the scene hands them to its top-level item, and QGraphicsWidget answers both with update(),
# a full repaint (it redraws a window frame, which a plot does not have). So every switch to a tab
# painted each of its plots two or three times: 35-45 ms for the Curves tab of a long run, the
# longest stall the soak measured. Swallowing the two events leaves one paint a plot: 15-20 ms.
_ACTIVATION = (QtCore.QEvent.Type.WindowActivate, QtCore.QEvent.Type.WindowDeactivate)


class SteadyPlotItem(pg.PlotItem):
    """A PlotItem that ignores window (de)activation: nothing on a plot depends on it."""

    def event(self, ev: QtCore.QEvent) -> bool:
        if ev.type() in _ACTIVATION:
            return True
        return super().event(ev)


def plot_widget(name: str, **options) -> pg.PlotWidget:
    """A white PlotWidget named ``name``; ``options`` go to the PlotItem (``title``, ``axisItems``)."""
    plot = pg.PlotWidget(plotItem=SteadyPlotItem(**options))
    plot.setObjectName(name)
    plot.setBackground("w")
    return plot
