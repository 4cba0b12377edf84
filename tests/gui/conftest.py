"""The main window and a small dataset, shared by the GUI tests."""

import pytest

from engine.data import Dataset
from gui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    win.ask_before_closing = False

    def unexpected(question):  # a modal box nobody answers would hang the suite: fail at once instead
        raise AssertionError(f"the window asked, and the test gave no answer: {question}")

    win.confirm = unexpected
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    if win.training.running():
        win.training.stop_and_wait()
    for worker in (win.draw.explainPanel.index_worker, win.draw.explainPanel.worker, win.teaching.worker):
        if worker is not None:  # background work of this window ends with its test, not in the next one
            worker.wait(120)


@pytest.fixture
def small_data(digits):
    return Dataset("small", digits["x_train"][:600], digits["y_train"][:600], digits["x_test"][:200],
                   digits["y_test"][:200], [str(d) for d in range(10)])  # fmt: skip
