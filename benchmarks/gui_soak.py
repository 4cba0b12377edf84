"""A soak test of the real window: does it leak, stall or raise over a long session?

python benchmarks/gui_soak.py [--minutes 10] [--model lab-cnn-light]

The window trains a light preset on the embedded digits, epoch after epoch, while a script
does what a user does, one thing at a time: every 2 s it shows the next tab, half a second
later draws a stroke on the canvas (a mouse move every 16 ms, as a 60 Hz mouse sends them),
every 10 s it changes the learning rate; every 30 s it pauses for a second and resumes. A
5 ms heartbeat timer measures the event loop's stalls, and ``sys.excepthook`` (which Qt
calls for an exception in a slot) counts exceptions. Prints the process's resident memory
after a minute of warm-up and at the end, the longest stall, the exceptions, and whether
the goals hold: growth under 50 MB, no exception, longest stall under 50 ms.
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import bisect
import gc
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


MOUSE_INTERVAL_MS = 16  # a 60 Hz mouse: the events of a stroke come this far apart, not all at once


def stroke(widget, rng) -> None:
    """A real mouse stroke across the canvas: press, a few moves with the button held, release,
    each event in its own turn of the event loop, MOUSE_INTERVAL_MS apart."""
    left = QtCore.Qt.MouseButton.LeftButton
    points = rng.integers(20, 260, (6, 2))

    def send(kind, point, button, buttons):
        local = QtCore.QPointF(*map(float, point))
        event = QtGui.QMouseEvent(kind, local, QtCore.QPointF(widget.mapToGlobal(local.toPoint())), button, buttons,
                                  QtCore.Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QtWidgets.QApplication.sendEvent(widget, event)

    events = [(QtCore.QEvent.Type.MouseButtonPress, points[0], left, left)]
    events += [(QtCore.QEvent.Type.MouseMove, point, QtCore.Qt.MouseButton.NoButton, left) for point in points[1:]]
    events += [(QtCore.QEvent.Type.MouseButtonRelease, points[-1], left, QtCore.Qt.MouseButton.NoButton)]
    for i, event in enumerate(events):
        QtCore.QTimer.singleShot(i * MOUSE_INTERVAL_MS, lambda event=event: send(*event))


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

    def later(ms: int, what: str, action) -> None:
        """``action`` in its own turn of the event loop, ``ms`` from now: a user does one thing at a time."""

        def run() -> None:
            done.append((time.perf_counter(), what))
            action()

        QtCore.QTimer.singleShot(ms, run)

    def draw() -> None:
        if tick["n"] % 3 == 0:
            window.draw.canvas.clear()
        stroke(window.draw.canvas, rng)

    def act() -> None:  # every 2 s
        tick["n"] += 1
        n = tick["n"]
        tab = n % window.tabs.count()
        later(0, f"tab {window.tabs.tabText(tab).replace('&&', '&')}", lambda: window.tabs.setCurrentIndex(tab))
        later(500, "a stroke", draw)
        if n % 5 == 0:
            rate = rates[(n // 5) % len(rates)]
            later(1000, "the learning rate", lambda: window.controls.learningRateSpin.setValue(rate))
        if n % 15 == 0:
            later(1250, "pause", lambda: window.training.running() and window.training.pause())
            later(2250, "resume", lambda: window.training.session.state == "paused" and window.training.train())
        if "warm" not in memory and time.perf_counter() - started >= WARM_UP_S:
            memory["warm"] = resident_mb()
            beats.clear()  # stalls count after warm-up too
            if args.trace_memory:
                tracemalloc.start(8)
                memory["trace"] = tracemalloc.take_snapshot()

    collections: list[tuple[float, float, int]] = []  # (start, seconds, generation) of each garbage collection
    collecting = {}

    def on_gc(phase: str, info: dict) -> None:
        """Times the cyclic garbage collector: it holds the GIL, so it stalls every thread."""
        if phase == "start":
            collecting["t"] = time.perf_counter()
        elif "t" in collecting:
            collections.append((collecting["t"], time.perf_counter() - collecting["t"], info["generation"]))

    gc.callbacks.append(on_gc)
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
    times = [t for t, _ in done]

    def cause(index: int) -> tuple[str, float]:
        """The last action begun before the beat that ended stall ``index``, and how long before."""
        at = beats[index + 1]
        last = bisect.bisect_right(times, at) - 1
        return (done[last][1], (at - done[last][0]) * 1000) if last >= 0 else ("no action", 0.0)

    for index in worst:
        what, ms = cause(index)
        print(f"  stall {stalls[index]:.0f} ms, ending {ms:.0f} ms after '{what}'")
    longest_by_cause: dict[str, float] = {}
    for index in np.flatnonzero(stalls > 20):
        what = cause(index)[0]
        longest_by_cause[what] = max(longest_by_cause.get(what, 0.0), float(stalls[index]))
    print("longest stall after each kind of action (those over 20 ms):")
    for what, ms in sorted(longest_by_cause.items(), key=lambda item: -item[1]):
        print(f"  {ms:5.0f} ms  {what}")
    gc.callbacks.remove(on_gc)
    for generation in range(3):
        pauses = [seconds * 1000 for _, seconds, g in collections if g == generation]
        if pauses:
            print(f"garbage collections of generation {generation}: {len(pauses)}, longest {max(pauses):.1f} ms")
    print(f"exceptions: {len(exceptions)}")
    for text in exceptions[:3]:
        print(text)
    ok = growth < GOALS["growth_mb"] and not exceptions and stalls.max() < GOALS["stall_ms"]
    print("goals (growth < 50 MB, no exception, longest stall < 50 ms): " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
