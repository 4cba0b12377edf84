"""Containers that let the window fit any screen: tabs whose pages scroll, and a scrolling side panel.

A page asks for its minimum size; when the window is smaller than that (a 640x480 netbook), the
page scrolls instead of the window refusing to shrink or widgets being drawn over each other. At
800x600 and above every view fits without scrolling (``tests/gui/test_layout.py`` checks it).
"""

from __future__ import annotations

from pyqtgraph.Qt import QtCore, QtWidgets


def after_this_event(owner: QtCore.QObject, slot) -> QtCore.QTimer:
    """A timer that calls ``slot`` once the current event is handled, each time it is started; it belongs to
    ``owner`` and dies with it. (A bare ``QTimer.singleShot(0, slot)`` still called its slot on PySide6 after
    the window had been deleted: "Internal C++ object already deleted".)"""
    timer = QtCore.QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


class FittingScroll(QtWidgets.QScrollArea):
    """A frameless scroll area that gives its widget the whole viewport, or the widget's minimum
    size where the viewport is smaller (only then does it scroll).

    Why not ``setWidgetResizable(True)``: that asks a height-for-width layout (any word-wrapped label
    or plot inside) for its *preferred* height, so a page that fits in 481x513 asked for 690 px and
    scrolled. Here only the minimum counts.
    """

    def __init__(self, widget: QtWidgets.QWidget, horizontal: bool = True):
        super().__init__()
        self.setObjectName(f"{widget.objectName() or type(widget).__name__}Scroll")
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.horizontal = horizontal
        self.setWidget(widget)
        # QScrollArea already filters the widget's events (to follow its resizes); eventFilter below
        # also fits again when the widget's minimum changes (a new model, a new arrangement).
        if not horizontal:  # as wide as the widget needs, with room for the vertical scroll bar beside it
            self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            bar = self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent)
            self.setMinimumWidth(widget.minimumSizeHint().width() + bar)
        self.refit = after_this_event(self, self.fit)

    def fit(self) -> None:
        widget = self.widget()
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if not self.horizontal:
            minimum.setWidth(0)
        # The viewport without scroll bars, less a bar's width for each bar the minimum makes necessary
        # (a horizontal bar can make the vertical one necessary, and the other way round).
        room, bar = (
            self.maximumViewportSize(),
            self.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent),
        )
        across = down = False
        for _ in range(2):
            across = across or minimum.width() > room.width() - (bar if down else 0)
            down = down or minimum.height() > room.height() - (bar if across else 0)
        size = QtCore.QSize(room.width() - (bar if down else 0), room.height() - (bar if across else 0))
        widget.resize(size.expandedTo(minimum))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.refit.start()  # after the layout has settled on its new minimum
        return super().eventFilter(watched, event)  # (QScrollArea updates its bars when the widget resizes)


class ViewTabs(QtWidgets.QTabWidget):
    """A ``QTabWidget`` whose pages scroll when the window is smaller than they need.

    Callers still speak of the views themselves: ``currentWidget``, ``setCurrentWidget`` and
    ``indexOf`` take and return the view, never the scroll area around it.
    """

    def addTab(self, view: QtWidgets.QWidget, title: str) -> int:  # noqa: N802 (Qt's name)
        return super().addTab(FittingScroll(view), title)

    def view(self, index: int) -> QtWidgets.QWidget | None:
        area = self.widget(index)
        return None if area is None else area.widget()

    def currentWidget(self) -> QtWidgets.QWidget | None:  # noqa: N802
        return self.view(self.currentIndex())

    def setCurrentWidget(self, view: QtWidgets.QWidget) -> None:  # noqa: N802
        self.setCurrentIndex(self.indexOf(view))

    def indexOf(self, view: QtWidgets.QWidget) -> int:  # noqa: N802
        return next((i for i in range(self.count()) if self.view(i) is view), -1)


def compact(*buttons: QtWidgets.QAbstractButton) -> None:
    """Let push buttons shrink to their text. The style pads every QPushButton to at least 80 px
    (``Clear``, ``Undo``, ``Open image...`` then take 290 px); this saves about 90 px in a row of three."""
    for button in buttons:
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 20)
        policy = button.sizePolicy()
        policy.setHorizontalPolicy(QtWidgets.QSizePolicy.Policy.Preferred)  # (Minimum would keep the 80 px)
        button.setSizePolicy(policy)
