"""Earlier runs on the Curves tab: every run of the session, and any opened model's saved curves, kept faded
under the current run.

The list over the plots (``runsList``) has a checkbox per run: ticked runs are drawn, so any subset
can be compared. Each is named by what differs between the runs, the current one included (``run 2:
lr 0.01, seed 1``), with the same words the report uses (``engine.report.differing_settings``); its
full description is the item's tooltip. The legends under the plots use the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.report import differing_settings

from .i18n import tr, tr_said

OVERLAY_COLOURS = ((150, 150, 150), (225, 150, 150), (140, 195, 140), (185, 160, 220))


@dataclass
class EarlierRun:
    """One kept run and what draws it."""

    number: int
    label: str  # its description when kept: preset, optimizer, lr, augmentation, seed, live changes
    settings: dict  # its recipe (``engine.report.SETTINGS`` keys), to say what differs from the others
    colour: tuple
    source: str = ""  # an opened model's "trained.npz (saved)"; '' for a run of this session
    items: list = field(default_factory=list)  # (plot, PlotDataItem, legend suffix such as ", validation")

    def title(self, differs: str) -> str:
        """``run 2: lr 0.01, seed 1``, ``run 1: trained.npz (saved): epochs 5``; the full label when nothing
        differs."""
        name = ": ".join(part for part in (self.source, differs) if part) or self.label
        return tr("run {number}: {name}").format(number=self.number, name=name)


def colour_swatch(colour: tuple) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(14, 14)
    pixmap.fill(QtGui.QColor(*colour))
    return QtGui.QIcon(pixmap)


class EarlierRuns(QtWidgets.QListWidget):
    """The earlier runs, a checkbox each (ticked: drawn), in a row over the plots. Hidden while there are none."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("runsList")
        self.setToolTip(
            tr(
                "Earlier runs of this session, and the saved curves of opened models. Tick the runs to draw under "
                "the current one; each is named by the settings that differ between the runs (hover for all of them)."
            )
        )
        # A row of entries over the plots, wrapping onto a second line (then scrolling): beside the plots
        # it took a third of the width at 800x600 and the plots were cut off.
        self.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.most = 2 * (self.fontMetrics().height() + 8) + 2 * self.frameWidth()  # two lines of entries
        self.runs: list[EarlierRun] = []
        self.current: dict | None = None  # the current run's recipe: named against it too
        self.itemChanged.connect(self._ticked)
        self.hide()

    def add(self, label: str, settings: dict, source: str = "") -> EarlierRun:
        """A new earlier run (drawn with ``draw``), ticked, at the end of the list."""
        number = len(self.runs) + 1
        run = EarlierRun(number, label, settings, OVERLAY_COLOURS[(number - 1) % len(OVERLAY_COLOURS)], source)
        self.runs.append(run)
        item = QtWidgets.QListWidgetItem(colour_swatch(run.colour), run.title(""))
        item.setFlags(QtCore.Qt.ItemFlag.ItemIsUserCheckable | QtCore.Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(QtCore.Qt.CheckState.Checked)
        item.setToolTip(label)
        self.addItem(item)
        self.show()
        self.fit()
        return run

    def draw(self, run: EarlierRun, plot: pg.PlotWidget, x, y, pen, suffix: str = "", **options) -> pg.PlotDataItem:
        """One curve of ``run`` on ``plot``, under the current run's, in the legend as the run's title + suffix."""
        item = plot.plot(x, y, pen=pen, name=tr("run {number}").format(number=run.number) + suffix, **options)
        item.setZValue(-1)
        run.items.append((plot, item, suffix))
        return item

    def set_current(self, settings: dict | None) -> None:
        """The recipe of the run now on the plots (None: none), which the names are compared with too."""
        self.current = settings
        self.relabel()

    def relabel(self) -> None:
        """Name every run by what differs now that the set of runs changed."""
        recipes = [run.settings for run in self.runs] + ([self.current] if self.current is not None else [])
        differs = differing_settings(recipes) if len(recipes) > 1 else [""] * len(recipes)
        differs = [tr_said(words) for words in differs]
        self.blockSignals(True)  # a new text is no tick
        for row, run in enumerate(self.runs):
            title = run.title(differs[row])
            self.item(row).setText(title)
            for plot, item, suffix in run.items:
                label = plot.getPlotItem().legend.getLabel(item)
                if label is not None:
                    label.setText(title + suffix)
        self.blockSignals(False)
        self.fit()

    def clear_runs(self) -> None:
        for run in self.runs:
            for plot, item, _ in run.items:
                plot.removeItem(item)  # (also takes it out of the legend)
        self.runs.clear()
        self.clear()
        self.hide()

    def fit(self) -> None:
        """As tall as its entries need, at most two lines (then it scrolls)."""
        if not self.count():
            return
        self.doItemsLayout()
        bottom = max(self.visualItemRect(self.item(row)).bottom() for row in range(self.count()))
        self.setFixedHeight(min(bottom + self.verticalOffset() + 6 + 2 * self.frameWidth(), self.most))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()  # a narrower window wraps the entries onto more lines

    def _ticked(self, item: QtWidgets.QListWidgetItem) -> None:
        run = self.runs[self.row(item)]
        shown = item.checkState() == QtCore.Qt.CheckState.Checked
        for _, curve, _ in run.items:
            curve.setVisible(shown)
