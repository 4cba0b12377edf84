"""The worker: runs an engine ``TrainingSession`` in a ``QThread`` and relays it as Qt signals.

It is a thin adapter. The session already does the hard parts (thread-safe control,
rate-limited reports, copies instead of views); this class only moves its callbacks onto
signals, which Qt delivers to the GUI thread through the event queue.
"""

from __future__ import annotations

from pyqtgraph.Qt import QtCore

from engine.session import SessionListener, TrainingSession


class _Relay(SessionListener):
    """Session callbacks (on the training thread) -> the worker's signals."""

    def __init__(self, worker: TrainingWorker):
        self.worker = worker

    def on_batches(self, report):
        self.worker.batches.emit(report)

    def on_epoch_end(self, report):
        self.worker.epochEnded.emit(report)

    def on_snapshot(self, snapshot):
        self.worker.snapshotReady.emit(snapshot)

    def on_state(self, state, message):
        self.worker.stateChanged.emit(state, message)


class TrainingWorker(QtCore.QObject):
    """Owns one session and the thread it runs on. Control goes straight to the session."""

    batches = QtCore.Signal(object)  # engine.session_reports.BatchReport
    epochEnded = QtCore.Signal(object)  # EpochReport
    snapshotReady = QtCore.Signal(object)  # engine.snapshots.Snapshot
    stateChanged = QtCore.Signal(str, str)  # state, message
    done = QtCore.Signal(str)  # the final state, once the thread's work is over

    def __init__(self, session: TrainingSession):
        super().__init__()
        self.session = session
        session.add_listener(_Relay(self))
        self.thread = QtCore.QThread()
        self.thread.setObjectName("trainingThread")
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self, paused: bool = False) -> None:
        if paused:
            # Pause here, in the caller's thread, before the loop starts: a step() that
            # follows at once must not be undone by the training thread pausing later.
            self.session.pause()
        self.thread.start()

    @QtCore.Slot()
    def _run(self) -> None:
        state = self.session.run()
        self.done.emit(state)
        self.thread.quit()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def stop_and_wait(self, timeout_ms: int = 10_000) -> bool:
        """Ask the session to stop after the current batch; True once the thread has ended."""
        self.session.stop()
        return self.thread.wait(timeout_ms)
