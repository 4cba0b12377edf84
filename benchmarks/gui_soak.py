"""A soak test of the real window: does it leak, stall or raise over a long session?

python benchmarks/gui_soak.py [--minutes 10] [--model lab-cnn-light]

The window trains a light preset on the embedded digits, epoch after epoch, while a script
does what a user does: every 2 s it shows the next tab, draws a stroke on the canvas, and
every 10 s it changes the learning rate; every 30 s it pauses for a second and resumes. A
5 ms heartbeat timer measures the event loop's stalls, and ``sys.excepthook`` (which Qt
calls for an exception in a slot) counts exceptions. Prints the process's resident memory
after a minute of warm-up and at the end, the longest stall, the exceptions, and whether
the goals hold: growth under 50 MB, no exception, longest stall under 50 ms.
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # fresh settings; the user's saved ones stay untouched
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # and no drawings of the user's My digits
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402, F401, I001  (before numpy: it tunes OpenBLAS's idle threads, as in the app)
import numpy as np  # noqa: E402, I001
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets  # noqa: E402

from gui.app import configure  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402

WARM_UP_S = 60
GOALS = {"growth_mb": 50.0, "stall_ms": 50.0}


def resident_mb() -> float:
    """This process's resident memory now (Linux /proc; the peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stroke(widget, rng) -> None:
    """A real mouse stroke across the canvas: press, a few moves with the button held, release."""
    left = QtCore.Qt.LeftButton
    points = rng.integers(20, 260, (6, 2))

    def send(kind, point, button, buttons):
        event = QtGui.QMouseEvent(kind, QtCore.QPointF(*map(float, point)), button, buttons, QtCore.Qt.NoModifier)
        QtWidgets.QApplication.sendEvent(widget, event)

    send(QtCore.QEvent.MouseButtonPress, points[0], left, left)
    for point in points[1:]:
        send(QtCore.QEvent.MouseMove, point, QtCore.Qt.NoButton, left)
    send(QtCore.QEvent.MouseButtonRelease, points[-1], left, QtCore.Qt.NoButton)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--model", default="lab-cnn-light")
    parser.add_argument("--trace-memory", action="store_true",
                        help="list the Python lines whose allocations grew most after warm-up (slower)")  # fmt: skip
    args = parser.parse_args()

    exceptions: list[str] = []
    sys.excepthook = lambda kind, value, tb: exceptions.append("".join(traceback.format_exception(kind, value, tb)))
    app = configure(QtWidgets.QApplication.instance() or QtWidgets.QApplication([]))  # the app's look, antialiased
    window = MainWindow()
    window.ask_before_closing = False
    window.confirm = lambda question: True
    window.resize(1280, 800)
    window.show()
    window.choose_model(args.model)
    window.controls.epochsSpin.setValue(1000)  # epochs loop for the whole soak
    window.training.train()

    rng = np.random.default_rng(0)
    beats: list[float] = []
    started = time.perf_counter()
    memory = {}
    tick = {"n": 0}
    rates = (1e-3, 5e-4, 2e-3)

    done: list[tuple[float, str]] = []  # (time, what) of every action, to tell what a stall followed

    def act() -> None:  # every 2 s
        tick["n"] += 1
        n = tick["n"]
        window.tabs.setCurrentIndex(n % window.tabs.count())
        done.append((time.perf_counter(), f"tab {window.tabs.tabText(n % window.tabs.count()).replace('&&', '&')}"))
        canvas = window.draw.canvas
        if n % 3 == 0:
            canvas.clear()
        stroke(canvas, rng)
        if n % 5 == 0:
            window.controls.learningRateSpin.setValue(rates[(n // 5) % len(rates)])
        if n % 15 == 0 and window.training.running():
            window.training.pause()
            QtCore.QTimer.singleShot(1000, window.training.train)  # Train resumes a paused run
        if "warm" not in memory and time.perf_counter() - started >= WARM_UP_S:
            memory["warm"] = resident_mb()
            beats.clear()  # stalls count after warm-up too
            if args.trace_memory:
                tracemalloc.start(8)
                memory["trace"] = tracemalloc.take_snapshot()

    heartbeat = QtCore.QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    actions = QtCore.QTimer()
    actions.setInterval(2000)
    actions.timeout.connect(act)
    heartbeat.start()
    actions.start()
    QtCore.QTimer.singleShot(int(args.minutes * 60_000), app.quit)
    app.exec_() if hasattr(app, "exec_") else app.exec()
    heartbeat.stop()
    actions.stop()
    memory["end"] = resident_mb()
    if "trace" in memory:
        growth_by_line = tracemalloc.take_snapshot().compare_to(memory["trace"], "lineno")
        print("Python allocations that grew most after warm-up:")
        for stat in growth_by_line[:8]:
            print(f"  {stat}")
    steps = window.training.session.step_count if window.training.session else 0
    window.close()

    stalls = np.maximum(np.diff(beats) * 1000 - 5, 0) if len(beats) > 1 else np.zeros(1)
    worst = np.argsort(stalls)[-5:][::-1] if len(beats) > 1 else []
    growth = memory["end"] - memory.get("warm", memory["end"])
    print(f"minutes: {args.minutes:g}  model: {args.model}  training steps: {steps}  actions: {tick['n']}")
    print(f"rss_after_warm_up_mb: {memory.get('warm', float('nan')):.1f}")
    print(f"rss_at_end_mb: {memory['end']:.1f}")
    print(f"rss_growth_mb: {growth:.1f}")
    print(f"longest_stall_ms: {stalls.max():.1f}")
    print(f"p99_stall_ms: {np.percentile(stalls, 99):.1f}")
    for index in worst:  # what each of the longest stalls came after
        at = beats[index]
        before = [(t, what) for t, what in done if t <= at + 0.001]
        after = f"{(at - before[-1][0]) * 1000:.0f} ms after '{before[-1][1]}'" if before else "before any action"
        print(f"  stall {stalls[index]:.0f} ms, {after}")
    print(f"exceptions: {len(exceptions)}")
    for text in exceptions[:3]:
        print(text)
    ok = growth < GOALS["growth_mb"] and not exceptions and stalls.max() < GOALS["stall_ms"]
    print("goals (growth < 50 MB, no exception, longest stall < 50 ms): " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
