"""The main window and a small dataset, shared by the GUI tests."""

import pytest

from engine.data import Dataset
from gui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    win.ask_before_closing = False
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    if win.training.running():
        win.training.stop_and_wait()


@pytest.fixture
def small_data(digits):
    return Dataset("small", digits["x_train"][:600], digits["y_train"][:600], digits["x_test"][:200],
                   digits["y_test"][:200], [str(d) for d in range(10)])  # fmt: skip
