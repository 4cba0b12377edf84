"""The window's worker: a task on a background thread that gives way to the window for the CPU."""

import os
import sys
import threading

import pytest

from gui.worker import BACKGROUND_NICENESS, Worker


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priorities are Linux's")
def test_a_workers_thread_runs_at_a_lower_cpu_priority_than_the_window(qtbot):
    def niceness(_report):
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    window_niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    worker = Worker(niceness, name="test")
    with qtbot.waitSignal(worker.finished, timeout=5_000) as done:
        worker.start()
    assert done.args[0] == min(window_niceness + BACKGROUND_NICENESS, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == window_niceness, "the window's stays"
