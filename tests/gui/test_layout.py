"""Every view fits 800x600, 1280x800 and 1920x1080: nothing overlaps, nothing is cut, nothing scrolls.

The check looks where the user looks: at the geometry of every widget a layout placed on screen.
Smaller windows (640x480) scroll instead of overlapping.
"""

import pytest
from pyqtgraph.Qt import QtCore, QtWidgets

from .test_main_window import stroke

SIZES = [(800, 600), (1280, 800), (1920, 1080)]
TEXT_WIDGETS = (QtWidgets.QAbstractButton, QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QLabel)


def placed_widgets(root: QtWidgets.QWidget):
    """The visible widgets under ``root`` that a layout placed (not the insides of a table or a plot)."""
    for widget in root.findChildren(QtWidgets.QWidget):
        parent = widget.parentWidget()
        layout = None if parent is None else parent.layout()
        if widget.isVisible() and layout is not None and _in_nested_layout(layout, widget):
            yield widget


def _in_nested_layout(layout: QtWidgets.QLayout, widget) -> bool:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget or (item.layout() is not None and _in_nested_layout(item.layout(), widget)):
            return True
    return False


def smallest(widget: QtWidgets.QWidget) -> QtCore.QSize:
    """The size below which the widget's text or contents are cut (an explicit minimum wins, as in Qt)."""
    hint, explicit = widget.minimumSizeHint(), widget.minimumSize()
    return QtCore.QSize(explicit.width() or hint.width(), explicit.height() or hint.height())


def layout_problems(root: QtWidgets.QWidget) -> list[str]:
    problems = []
    widgets = list(placed_widgets(root))
    for widget in widgets:
        name = widget.objectName() or f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"
        if not widget.parentWidget().rect().contains(widget.geometry()):
            problems.append(f"{name} sticks out of its parent: {widget.geometry()} in {widget.parentWidget().rect()}")
        picture = widget.pixmap() if isinstance(widget, QtWidgets.QLabel) else None
        if picture is not None and not picture.isNull() and not widget.hasScaledContents():  # scaled: never cut
            if widget.width() < picture.width() or widget.height() < picture.height():
                problems.append(f"{name} shows its picture cut: {widget.size()} < {picture.size()}")
        elif isinstance(widget, TEXT_WIDGETS) and not (isinstance(widget, QtWidgets.QLabel) and widget.wordWrap()):
            need = smallest(widget)
            if widget.width() < need.width() or widget.height() < need.height():
                problems.append(f"{name} is cut: {widget.size()} < {need}")
    for i, a in enumerate(widgets):
        for b in widgets[i + 1 :]:
            if a.parentWidget() is b.parentWidget() and a.geometry().intersects(b.geometry()):
                problems.append(f"{a.objectName() or type(a).__name__} overlaps {b.objectName() or type(b).__name__}")
    return problems


def scroll_bars_shown(area: QtWidgets.QAbstractScrollArea) -> bool:
    return area.horizontalScrollBar().isVisible() or area.verticalScrollBar().isVisible()


@pytest.mark.parametrize("size", SIZES)
def test_every_tab_fits_without_overlaps_cuts_or_scrolling(qtbot, window, size):
    check_every_tab_fits(qtbot, window, size)


def check_every_tab_fits(qtbot, window, size) -> None:
    """Every tab at ``size``, after a drawing: no scroll bars, nothing overlapping, cut or out of sight."""
    window.resize(*size)
    qtbot.wait(20)
    canvas = window.draw.canvas  # a drawing, so the draw panel shows everything it can
    stroke(canvas, [(canvas.side() * 0.5, canvas.side() * (0.15 + 0.014 * i)) for i in range(51)])
    side = window.draw.findChild(QtWidgets.QTabWidget, "drawSideTabs")
    if side is not None and side.isVisible():  # narrow: the Why? box explains once its tab is shown
        side.setCurrentIndex(side.count() - 1)
    qtbot.waitUntil(lambda: window.draw.explainPanel.found is not None, timeout=60_000)
    assert (window.width(), window.height()) == size, f"the window cannot be {size}: {window.minimumSizeHint()}"
    tabs = window.tabs
    for index in range(tabs.count()):
        if not tabs.isTabEnabled(index):
            continue
        tabs.setCurrentIndex(index)
        qtbot.wait(20)
        view, area = tabs.currentWidget(), tabs.widget(index)
        title = tabs.tabText(index)
        assert not scroll_bars_shown(area), (
            f"{title} needs {view.minimumSizeHint()}, has {area.viewport().size()} ({view.size()})"
        )
        assert view.size() == area.viewport().size(), f"{title} does not fill its tab"
        problems = layout_problems(view)
        assert not problems, f"{title} at {size}: " + "; ".join(problems[:5])
    problems = layout_problems(window.controls)
    assert not problems, f"the Training panel at {size}: " + "; ".join(problems[:5])
    for name in ("trainButton", "pauseButton", "stepButton", "stopButton", "progressBar", "trainingStatus"):
        widget = window.findChild(QtWidgets.QWidget, name)
        corner = widget.mapTo(window, QtCore.QPoint(widget.width() - 1, widget.height() - 1))
        assert widget.isVisible() and window.rect().contains(corner), f"{name} is out of sight at {size}"


def test_a_netbook_screen_scrolls_instead_of_overlapping(qtbot, window):
    window.resize(640, 480)
    qtbot.wait(20)
    assert (window.width(), window.height()) == (640, 480)
    window.tabs.setCurrentWidget(window.draw)
    qtbot.wait(20)
    area = window.tabs.widget(window.tabs.indexOf(window.draw))
    assert scroll_bars_shown(area), "the draw panel needs more than 640x480 and says so with scroll bars"
    assert not layout_problems(window.draw)
    train = window.controls.trainButton
    assert window.rect().contains(train.mapTo(window, QtCore.QPoint(train.width() - 1, train.height() - 1)))


def test_the_check_sees_a_cut_button_and_two_widgets_on_top_of_each_other(qtbot):
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    row = QtWidgets.QHBoxLayout(page)
    cut = QtWidgets.QPushButton("A long button text")
    cut.setObjectName("cutButton")
    cut.setMaximumWidth(30)
    row.addWidget(cut)
    label = QtWidgets.QLabel("here")
    row.addWidget(label)
    page.show()
    qtbot.wait(10)
    assert any("cutButton is cut" in p for p in layout_problems(page))
    label.setGeometry(cut.geometry())
    assert any("overlaps" in p for p in layout_problems(page))
