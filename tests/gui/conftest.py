"""The main window and a small dataset, shared by the GUI tests."""

import pytest

from engine.data import Dataset
from gui.main_window import MainWindow
from gui.worker import Worker


def end_background_work(win: MainWindow) -> None:
    """Stop the window's training and preset timing and wait for every worker thread, before the window is
    closed and destroyed: a thread emitting a signal while Qt destroys the window can deadlock under PySide6
    (see ``Worker.wait_all``), and a thread left running would do its work in the next test."""
    if win.training.running():
        win.training.stop_and_wait()
    win.preset_times.stop()  # else it times every preset (seconds each) before it looks again
    still_running = Worker.wait_all(120)
    assert not still_running, f"threads still running 120 s after the test: {still_running}"


@pytest.fixture
def open_window(qtbot):
    """``open_window()``: a new main window at 1200x800, shown; pytest-qt closes it after the test, once its
    background work has ended (``end_background_work``)."""

    def open_() -> MainWindow:
        win = MainWindow()
        win.ask_before_closing = False

        def unexpected(question):  # a modal box nobody answers would hang the suite: fail at once instead
            raise AssertionError(f"the window asked, and the test gave no answer: {question}")

        win.confirm = unexpected
        qtbot.addWidget(win, before_close_func=end_background_work)
        win.resize(1200, 800)
        win.show()
        return win

    return open_


@pytest.fixture
def window(open_window):
    return open_window()


@pytest.fixture
def small_data(digits):
    return Dataset("small", digits["x_train"][:600], digits["y_train"][:600], digits["x_test"][:200],
                   digits["y_test"][:200], [str(d) for d in range(10)])  # fmt: skip
