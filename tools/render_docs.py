"""Render the pictures in docs/: python tools/render_docs.py

The augmentation preview, generated drawings before and after preprocessing, then a
screenshot of every view of the window (offscreen): the default model with a drawn 7, then
a short training run of lab-cnn-light on the embedded digits so curves, filters, feature
maps and evaluation have something to show; last, a folder of colour photos in the window
(``--own-data`` renders only those).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Before Qt loads: no screen needed, and fresh settings (never the user's saved window layout).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # an empty My digits, not the user's

from pyqtgraph.Qt import QtCore, QtGui, QtWidgets  # noqa: E402

from engine.data import HANDWRITING, Augmenter, load_dataset, load_embedded, preprocess_drawing, preview_grid  # noqa: E402
from engine.data.handwriting import generate_handwriting  # noqa: E402
from engine.data.judge_sets import load_pen_digits, pen_traces, render_pen_trace  # noqa: E402
from engine.data.pictures import read_image  # noqa: E402
from engine.data.synthetic_drawings import generate_drawings  # noqa: E402
from engine.report import run_of  # noqa: E402
from gui.i18n import install_translator  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.report import write_report  # noqa: E402
from tests.own_data import photo_folder  # noqa: E402  (the shapes the tests train on)


def augmentation_preview(path: Path) -> None:
    """Four digits, each followed by nine HANDWRITING variants, at 3x with nearest-neighbour pixels."""
    digits = load_embedded()
    rows = [preview_grid(digits.x_train[i], Augmenter(HANDWRITING), rows=1, cols=10, seed=i) for i in range(4)]
    grid = np.concatenate([np.pad(r, ((0, 2), (0, 0)), constant_values=0.5) for r in rows])[:-2]
    image = Image.fromarray((grid * 255).astype(np.uint8))
    image.resize((grid.shape[1] * 3, grid.shape[0] * 3), Image.NEAREST).save(path)
    print(f"wrote {path}")


def drawings_preview(path: Path) -> None:
    """Twenty generated drawings as drawn (top rows) and after preprocess_drawing (bottom rows)."""
    drawings = generate_drawings(20, seed=1)
    size = 84
    drawn = [np.asarray(Image.fromarray(image).resize((size, size), Image.BILINEAR)) for image in drawings.images]
    seen = [np.kron(preprocess_drawing(image), np.ones((3, 3))) * 255 for image in drawings.images]
    rows = []
    for tiles in (drawn[:10], seen[:10], drawn[10:], seen[10:]):
        rows.append(np.concatenate([np.pad(t, 2, constant_values=128) for t in tiles], axis=1))
    Image.fromarray(np.concatenate(rows).astype(np.uint8)).save(path)
    print(f"wrote {path}")


def handwriting_preview(path: Path) -> None:
    """Three rows of stroke digits the default model trains on, then three of real pen digits it never sees."""
    strokes, labels = generate_handwriting(300, seed=5)
    pen = load_pen_digits(limit=400)

    def rows(images, labels):
        picks = [np.flatnonzero(labels == d)[:3] for d in range(10)]
        return [np.concatenate([np.pad(images[picks[d][r]], 1) for d in range(10)], axis=1) for r in range(3)]

    band = np.full((6, 300), 128, np.uint8)
    grid = np.concatenate([*rows(strokes, labels), band, *rows(pen.x_test, pen.y_test)])
    Image.fromarray(grid).resize((grid.shape[1] * 3, grid.shape[0] * 3), Image.NEAREST).save(path)
    print(f"wrote {path}")


def page_screenshot(page: Path, path: Path, size: str = "1100,1300") -> None:
    """The top of an HTML page as a headless Chromium shows it (skipped, with a line, without Chromium)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(f"no chromium: {path.name} is not rendered")
        return
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={size}", f"--screenshot={path}", page.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)  # fmt: skip


def window_screenshots(folder: Path) -> None:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1280, 800)
    window.show()

    def settle(ms=300):
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            app.processEvents()
            # Outside exec() Qt never runs deleteLater(); without this, removed table rows linger on screen.
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
            time.sleep(0.01)

    canvas = window.draw.canvas
    left = QtCore.Qt.MouseButton.LeftButton
    for kind, point, button, buttons in [
        (QtCore.QEvent.Type.MouseButtonPress, (80, 70), left, left),
        *[
            (QtCore.QEvent.Type.MouseMove, (80 + 4 * i, 70 - i // 10), QtCore.Qt.MouseButton.NoButton, left)
            for i in range(31)
        ],
        *[
            (QtCore.QEvent.Type.MouseMove, (200 - 2 * i, 67 + 5 * i), QtCore.Qt.MouseButton.NoButton, left)
            for i in range(40)
        ],
        (QtCore.QEvent.Type.MouseButtonRelease, (120, 267), left, QtCore.Qt.MouseButton.NoButton),
    ]:
        local = QtCore.QPointF(*point)
        event = QtGui.QMouseEvent(kind, local, QtCore.QPointF(canvas.mapToGlobal(local.toPoint())), button, buttons,
                                  QtCore.Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QtWidgets.QApplication.sendEvent(canvas, event)
    end = time.perf_counter() + 60
    while window.draw.explainPanel.found is None and time.perf_counter() < end:  # the Why? box fills in
        settle(200)
    settle()
    window.grab().save(str(folder / "draw.png"))
    for size in ((800, 600), (1920, 1080)):  # the main tab on a small screen and on a projector
        window.resize(*size)
        settle()
        window.grab().save(str(folder / f"draw-{size[0]}x{size[1]}.png"))
    window.resize(1280, 800)
    points, labels = pen_traces()  # a few kept drawings, for the Data tab's My digits
    for digit in range(10):
        for index in np.flatnonzero(labels == digit)[:2]:
            window.my_digits.add(render_pen_trace(points[index]), str(digit))
    window.data_view.myDigits.refresh()

    window.choose_model("lab-cnn-light")
    window.controls.epochsSpin.setValue(3)
    window.controls.augmentCombo.setCurrentText("handwriting-like")
    window.tabs.setCurrentWidget(window.curves)
    window.training.train()
    while window.training.running():
        settle(100)
    settle(1500)  # the evaluation runs after training
    for widget, name in (
        (window.curves, "curves"),
        (window.filters, "filters"),
        (window.feature_maps, "feature_maps"),
        (window.evaluation, "evaluation"),
        (window.model_view, "model"),
        (window.data_view, "data"),
    ):
        window.tabs.setCurrentWidget(widget)
        settle()
        if widget is window.filters:  # what the 3 epochs did to each kernel, with its colour key
            window.filters.scaleCombo.setCurrentText("change since the run started")
        if widget is window.feature_maps:  # a map enlarged beside the kernel that made it
            window.feature_maps.choose("conv2d_2", 3)
            settle()
        settle()
        window.grab().save(str(folder / f"{name}.png"))
        print(f"wrote {folder / name}.png")

    # The report of this run, as File > Export report writes it: the page in a browser, its top part.
    session = window.training.session
    run = run_of("lab-cnn-light.npz", window.model, window.dataset, session.state_dict())
    write_report([run], folder / "report.html")
    page_screenshot(folder / "report.html", folder / "report.png", "1100,1500")
    print(f"wrote {folder / 'report.html'}, {folder / 'report.png'}")

    # The Backprop tab: a test digit forward (the first convolution), at the loss, and back (the same layer).
    window.tabs.setCurrentWidget(window.backprop)
    window.backprop.digitSpin.setValue(7)
    window.backprop.walkButton.click()
    steps = window.backprop.steps
    loss = next(i for i, step in enumerate(steps) if step.direction == "loss")
    pool = next(i for i, step in enumerate(steps) if step.direction == "backward" and step.layer.kind == "MaxPool2D")
    for row, name in ((0, "backprop-forward"), (loss, "backprop-loss"), (pool, "backprop-pool"),
                      (len(steps) - 1, "backprop")):  # fmt: skip
        window.backprop.go(row)
        settle()
        window.grab().save(str(folder / f"{name}.png"))
        print(f"wrote {folder / name}.png")
    window.backprop.go(0)  # the chain rule with numbers: one output pixel of the first convolution
    first = steps[0].layer  # the pixel of map 3 with the largest gradient: its share of dL/dW is not 0
    i, j = np.unravel_index(int(np.abs(first.dy[0, 3]).argmax()), first.dy.shape[2:])
    window.backprop.show_pixel(first, 3, int(i), int(j))
    settle()
    window.grab().save(str(folder / "backprop-pixel.png"))
    window.backprop.apply_step()  # one step: the weights panel shows what it changed
    settle()
    window.grab().save(str(folder / "backprop-step.png"))
    window.backprop.export_handout(folder / "backprop-handout.html")
    page_screenshot(folder / "backprop-handout.html", folder / "backprop-handout.png")
    print(f"wrote {folder / 'backprop-pixel.png'}, {folder / 'backprop-step.png'}, {folder / 'backprop-handout.html'}")

    # An LSTM stepping through time: row-lstm at its 10th row.
    window.confirm = lambda question: True  # (a new model: the trained one may go)
    window.choose_model("row-lstm")
    window.tabs.setCurrentWidget(window.backprop)
    window.backprop.walkButton.click()
    settle()
    window.backprop.go(next(i for i, s in enumerate(window.backprop.steps) if s.direction == "time" and s.t == 9))
    settle()
    window.grab().save(str(folder / "backprop-lstm.png"))
    print(f"wrote {folder / 'backprop-lstm.png'}")

    # The training doctor: SGD at a learning rate of 1 (its hint under the curves, a mark at its step).
    window.choose_model("lab-cnn-light")
    window.controls.optimizerCombo.setCurrentText("sgd")
    window.controls.learningRateSpin.setValue(1.0)
    window.controls.epochsSpin.setValue(1)
    window.tabs.setCurrentWidget(window.curves)
    window.training.train()
    while window.training.running():
        settle(100)
    settle()
    window.grab().save(str(folder / "doctor.png"))
    print(f"wrote {folder / 'doctor.png'}")

    # The layer editor explaining a misfit: the Flatten removed before the dense layers.
    window.tabs.setCurrentWidget(window.model_view)
    editor = window.model_view.editor
    editor.table.selectRow(next(r for r, spec in enumerate(editor.specs) if spec.kind == "Flatten"))
    editor.remove_layer()
    settle()
    window.grab().save(str(folder / "layer_editor.png"))
    print(f"wrote {folder / 'layer_editor.png'}")
    window.close()


def own_data_screenshots(folder: Path) -> None:
    """A 3-class folder of 48x48 colour photos in the window: the Data tab, the first layer's colour kernels
    after a short run, and the Draw tab classifying an opened photo."""
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    root = photo_folder(Path(tempfile.mkdtemp()) / "shapes", per_class=60, test_per_class=20)
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1280, 800)
    window.show()
    window.choose_model("lab-cnn-light")
    window._dataset_loaded(str(root), load_dataset(root))  # as the loader thread hands it over
    window.controls.epochsSpin.setValue(10)
    window.controls.learningRateSpin.setValue(0.003)
    window.training.train()
    while window.training.running():
        app.processEvents()
        time.sleep(0.02)
    for _ in range(150):  # the evaluation runs after training
        app.processEvents()
        time.sleep(0.01)
    window.draw.canvas.open_picture(read_image(root / "test" / "triangle" / "2.png", colour=True))
    for widget, name in ((window.data_view, "own-data"), (window.filters, "own-data-filters"),
                         (window.draw, "own-data-draw"), (window.evaluation, "own-data-evaluation")):  # fmt: skip
        window.tabs.setCurrentWidget(widget)
        for _ in range(40):
            app.processEvents()
            time.sleep(0.01)
        window.grab().save(str(folder / f"{name}.png"))
        print(f"wrote {folder / name}.png")
    window.close()


def chinese_screenshot(folder: Path) -> None:
    """The window in Chinese (Language / 语言 > 中文) after a short run, at 1280x800: docs/window-zh_CN.png."""
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    install_translator(app, "zh_CN")
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1280, 800)
    window.show()
    window.choose_model("lab-cnn-light")
    window.controls.epochsSpin.setValue(2)
    window.tabs.setCurrentWidget(window.curves)
    window.training.train()
    while window.training.running():
        app.processEvents()
        time.sleep(0.02)
    for _ in range(100):
        app.processEvents()
        time.sleep(0.01)
    window.grab().save(str(folder / "window-zh_CN.png"))
    print(f"wrote {folder / 'window-zh_CN.png'}")
    # The Backprop tab in Chinese: a test digit walked to its first convolution's backward step.
    window.tabs.setCurrentWidget(window.backprop)
    window.backprop.walkButton.click()
    steps = window.backprop.list
    steps.setCurrentRow(next(row for row in range(steps.count() - 1, -1, -1) if "conv2d_1" in steps.item(row).text()))
    for _ in range(50):
        app.processEvents()
        time.sleep(0.01)
    window.grab().save(str(folder / "backprop-zh_CN.png"))
    print(f"wrote {folder / 'backprop-zh_CN.png'}")
    window.close()
    install_translator(app, "en")


if __name__ == "__main__":
    only = sys.argv[1:]  # --own-data: only the colour-photo screenshots; --chinese: only the Chinese ones
    if not only:
        augmentation_preview(ROOT / "docs" / "augmentation.png")
        drawings_preview(ROOT / "docs" / "drawings.png")
        handwriting_preview(ROOT / "docs" / "handwriting.png")
        window_screenshots(ROOT / "docs")
    if only in ([], ["--own-data"]):
        own_data_screenshots(ROOT / "docs")
    if only in ([], ["--chinese"]):
        chinese_screenshot(ROOT / "docs")
