"""How responsive the window stays while training, and what the window costs in speed.

python benchmarks/gui_responsiveness.py [--model lab-cnn] [--seconds 15] [--tab 1] [--repeats 3]

A 5 ms heartbeat QTimer runs on the GUI thread during a training run in the window; every
gap between beats beyond 5 ms is time the event loop could not react (a stall). Prints the
max and 99th-percentile stall and the training images/s in the window, then the same
training headless (same model, data and settings) for the throughput ratio. The machine
is shared and noisy, so window and headless runs alternate ``--repeats`` times and the
ratio printed is the median of the pairs.
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # fresh settings; the user's saved ones stay untouched
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402, F401, I001  (before numpy: it tunes OpenBLAS's idle threads, as in the app)
import numpy as np  # noqa: E402, I001
from pyqtgraph.Qt import QtCore, QtWidgets  # noqa: E402

from gui.app import configure  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402

from engine.data import load_embedded  # noqa: E402
from engine.presets import build_preset  # noqa: E402
from engine.session import SessionListener, TrainingSession  # noqa: E402
from engine.training_config import TrainingConfig  # noqa: E402

SWITCH_INTERVAL, TAB = 0.001, 1


class Speed(SessionListener):
    """Images/s over the whole run after the first epoch-worth of warm-up batches."""

    def __init__(self):
        self.first = None
        self.images = 0

    def on_batches(self, report):
        now = time.perf_counter()
        if self.first is None:
            self.first = now
            return
        self.images += len(report.steps) * 64
        self.last = now

    def rate(self) -> float:
        return self.images / max(self.last - self.first, 1e-9)


def in_window(model_name: str, seconds: float) -> tuple[np.ndarray, float]:
    app = configure(QtWidgets.QApplication.instance() or QtWidgets.QApplication([]))  # as gui.app.run_app does
    sys.setswitchinterval(SWITCH_INTERVAL)  # the app's 1 ms unless --switch-interval says otherwise
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1280, 800)
    window.show()
    window.choose_model(model_name)
    window.controls.epochsSpin.setValue(100)
    window.controls.batchSizeSpin.setValue(64)
    window.tabs.setCurrentIndex(TAB)
    beats = []
    heartbeat = QtCore.QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    window.training.train()
    speed = Speed()
    window.training.session.add_listener(speed)
    heartbeat.start()
    QtCore.QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec_() if hasattr(app, "exec_") else app.exec()  # the real event loop, as users run it
    heartbeat.stop()
    window.close()
    gaps = np.diff(beats) * 1000
    return np.maximum(gaps - 5, 0), speed.rate()


def headless(model_name: str, seconds: float) -> float:
    session = TrainingSession(build_preset(model_name, seed=0), load_embedded(), TrainingConfig(epochs=100))
    speed = Speed()
    session.add_listener(speed)

    class Deadline(SessionListener):
        def __init__(self):
            self.end = time.perf_counter() + seconds

        def on_batches(self, report):
            if time.perf_counter() > self.end:
                session.stop()

    session.add_listener(Deadline())
    session.run()
    return speed.rate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="lab-cnn")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--tab", type=int, default=1, help="tab shown while training (1: curves)")
    parser.add_argument("--switch-interval", type=float, default=0.001)
    parser.add_argument("--repeats", type=int, default=3, help="window/headless pairs; the median ratio is printed")
    args = parser.parse_args()
    global SWITCH_INTERVAL, TAB
    SWITCH_INTERVAL, TAB = args.switch_interval, args.tab
    all_stalls, window_rates, headless_rates = [], [], []
    for repeat in range(args.repeats):
        stalls, window_rate = in_window(args.model, args.seconds)
        headless_rate = headless(args.model, args.seconds)
        all_stalls.append(stalls)
        window_rates.append(window_rate)
        headless_rates.append(headless_rate)
        print(f"run {repeat + 1}: max stall {stalls.max():.1f} ms, window {window_rate:.0f} img/s, "
              f"headless {headless_rate:.0f} img/s, ratio {window_rate / headless_rate:.3f}")  # fmt: skip
    stalls = np.concatenate(all_stalls)
    print(f"model: {args.model}  tab: {TAB}  heartbeats: {len(stalls) + args.repeats}")
    print(f"max_stall_ms: {stalls.max():.1f}")
    print(f"p99_stall_ms: {np.percentile(stalls, 99):.1f}")
    print(f"window_train_images_per_second: {np.median(window_rates):.1f}")
    print(f"headless_train_images_per_second: {np.median(headless_rates):.1f}")
    print(f"window_to_headless_ratio: {np.median(np.divide(window_rates, headless_rates)):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
