"""The one worker of the window: a task on a background thread, reported as Qt signals.

Training, evaluation and dataset loading all run through ``Worker`` (superqt's workers
have the same four signals). The task is a plain function ``task(report)``; it calls
``report(value)`` for progress and returns its result:

    worker = Worker(lambda report: long_computation(report), name="evaluation")
    worker.finished.connect(show_result)
    worker.errored.connect(show_error)
    worker.start()

Signals are emitted on the worker's thread; Qt queues them to the receivers' thread (the
GUI thread), so a slot never runs on the worker's thread. The thread is a daemon Python
thread, not a QThread: a QThread still running when its object is destroyed (a window
closed mid-download) aborts the whole process, a daemon thread simply ends with it.
"""

from __future__ import annotations

import contextlib
import threading

from pyqtgraph.Qt import QtCore


class Worker(QtCore.QObject):
    """Runs ``task(report)`` once on its own thread.

    started(): the task began.  progress(object): each ``report(value)``.
    finished(object): the task's return value.  errored(object): the exception it raised.
    """

    started = QtCore.Signal()
    progress = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    errored = QtCore.Signal(object)

    _running: set[threading.Thread] = set()  # every worker thread started and not yet over (``wait_all``)

    def __init__(self, task, name: str, parent=None):
        super().__init__(parent)
        self.task = task
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        Worker._running.add(self.thread)
        self.thread.start()

    @staticmethod
    def wait_all(timeout_s: float) -> list[str]:
        """Wait for every worker thread of the process (at most ``timeout_s`` each); the names of those still running.

        The tests call it before a window is destroyed: a thread that emits a signal while the GUI thread
        destroys objects can deadlock under PySide6, which keeps the GIL inside Qt's calls (Qt locks
        both sides of a connection from a shared pool of mutexes, and the emitting thread may hold one
        of them while it waits for the GIL).
        """
        for thread in list(Worker._running):
            thread.join(timeout_s)
        return sorted(thread.name for thread in Worker._running)

    def _run(self) -> None:
        # RuntimeError: the receiving window was closed meanwhile, and nobody waits any more.
        try:
            with contextlib.suppress(RuntimeError):
                self.started.emit()
                try:
                    result = self.task(self.progress.emit)
                except Exception as error:  # handed to the GUI thread, never swallowed
                    self.errored.emit(error)
                else:
                    self.finished.emit(result)
        finally:
            Worker._running.discard(self.thread)

    def is_running(self) -> bool:
        return self.thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the task is over (or ``timeout_s`` passed); True if it is over."""
        if self.thread.ident is not None:
            self.thread.join(timeout_s)
        return not self.thread.is_alive()
