"""The report's figures and File > Export report: what the page shows, drawn headless, from the window too."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image
from pyqtgraph.Qt import QtCore, QtWidgets

from engine import load_model
from engine.data import Dataset
from engine.history import history_of
from engine.presets import build_preset
from engine.report import run_of
from gui.report import confusion_figure, filters_figure, mistakes_figure, per_class_figure, render_figures


def picture(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_a_confusion_matrix_of_many_long_classes_fits_its_names_and_colours_by_share(qapp):
    names = [f"class number {k}" for k in range(40)]
    matrix = np.eye(40, dtype=int) * 500 + 1  # every row 93 % right
    image = picture(confusion_figure(matrix, names, normalised=True))
    height, width, _ = image.shape
    assert width > 2 * 40 * 12 and height > 2 * 40 * 12  # 40 cells of at least 12 points each way, at 2x
    dark_blue = (np.abs(image - (8, 69, 148)).sum(axis=2) < 60).sum()
    assert dark_blue > 40 * 20  # the diagonal: each row's share of its own class is the largest
    small = picture(confusion_figure(np.array([[5, 0], [1, 4]]), ["cat", "dog"], normalised=False))
    assert small.shape[1] < width  # a small matrix makes a small picture


def test_per_class_bars_grow_with_the_share(qapp):
    matrix = np.array([[10, 0], [5, 5]])
    image = picture(per_class_figure(matrix, ["full", "half"]))
    green = np.abs(image - (60, 160, 80)).sum(axis=2) < 40
    rows = green.sum(axis=1)
    first, second = rows[: len(rows) // 2].max(), rows[len(rows) // 2 :].max()
    assert first == pytest.approx(2 * second, rel=0.05)  # 100 % against 50 %


def test_mistakes_of_colour_images_are_drawn_in_colour(qapp):
    rng = np.random.default_rng(0)
    images = np.zeros((6, 3, 16, 16), np.uint8)
    images[:, 0] = 220  # red pictures
    probabilities = rng.dirichlet(np.ones(3), size=6).astype(np.float32)
    labels = (probabilities.argmax(axis=1) + 1) % 3  # every one wrong
    dataset = Dataset("colours", images, labels, images, labels, ["a", "b", "c"], pipeline="photos")
    model = build_preset("lab-cnn-light", num_classes=3, input_shape=(3, 16, 16), seed=0)
    run = run_of("m.npz", model, dataset)
    run.result = type(run.result)(images, labels, probabilities, ["a", "b", "c"])
    image = picture(mistakes_figure(run))
    red = (np.abs(image - (220, 0, 0)).sum(axis=2) < 30).sum()
    assert red >= 6 * (2 * 56) ** 2 * 0.9  # six thumbnails of 56 points at 2x, in red


def test_filters_are_the_first_layers_and_a_recurrent_model_has_none(qapp):
    conv = picture(filters_figure(build_preset("lenet-5", seed=0)))
    assert conv.shape[0] > 100 and len(np.unique(conv.reshape(-1, 3), axis=0)) > 20
    assert filters_figure(build_preset("mlp", seed=0)) is not None  # its units' weights on the 28x28 pixels
    assert filters_figure(build_preset("row-lstm", seed=0)) is None


def test_render_figures_names_each_figure_as_the_report_and_png_folder_do(qapp, small_data):
    runs = [run_of("a.npz", build_preset("lab-cnn-light", seed=0), small_data)]
    assert set(render_figures(runs)) == {
        "confusion_counts",
        "confusion_normalised",
        "per_class_accuracy",
        "misclassified",
        "filters",
    }  # fmt: skip  (no history: no curves)
    runs.append(run_of("b.npz", build_preset("row-lstm", seed=0), small_data))
    figures = render_figures(runs)
    assert "filters_1" in figures and "filters_2" not in figures and "confusion_counts_2" in figures


def train_in_window(qtbot, window, data, epochs: int = 2, batch_size: int = 60) -> None:
    """lab-cnn-light on ``data`` for ``epochs``, from the Train button, until the run has ended."""
    window._set_dataset(data)
    window.choose_model("lab-cnn-light")
    window.controls.epochsSpin.setValue(epochs)
    window.controls.batchSizeSpin.setValue(batch_size)
    qtbot.mouseClick(window.controls.trainButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.continuable(), timeout=60_000)
    assert len(window.training.session.history) == epochs


def test_file_export_report_writes_the_page_of_the_model_just_trained(qtbot, window, small_data, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    train_in_window(qtbot, window, small_data)
    target = tmp_path / "report.html"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *args: (str(target), "Web pages (*.html)"))
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Export &report...")
    action.trigger()
    qtbot.waitUntil(lambda: "Saved the report" in window.statusBar().currentMessage(), timeout=30_000)
    page = target.read_text(encoding="utf-8")
    assert "CNN Studio report: lab-cnn-light" in page and "small: 600 training and 200 test images" in page
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="\d+" alt="([^"]+)"', page)
    assert [alt for _, alt in images][0] == "Training curves"  # the run just trained, from the window's session
    assert "<th>batch size</th><td>60</td>" in page and "<th>epochs</th><td>2</td>" in page  # and its recipe
    for data, alt in images:
        assert np.ptp(picture(base64.b64decode(data))) > 100, alt
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=20_000)  # evaluated after the run
    assert f"<b>{window.evaluation.result.accuracy:.2%}</b>" in page  # the same images the Evaluation tab measured


def test_a_model_saved_from_the_window_keeps_its_curves(qtbot, window, small_data, tmp_path):
    train_in_window(qtbot, window, small_data)
    path = tmp_path / "trained.npz"
    assert window.save_model(str(path))
    history, _ = history_of(load_model(path))
    assert [log["epoch"] for log in history] == [1, 2]
    assert [log["loss"] for log in history] == [log["loss"] for log in window.training.session.history]


def test_a_report_of_a_model_that_is_no_classifier_of_the_data_is_refused(window, digits):
    window.choose_model("lab-cnn-light")
    five = Dataset("five", digits["x_train"][:50], digits["y_train"][:50] % 5, digits["x_test"][:20],
                   digits["y_test"][:20] % 5, [str(d) for d in range(5)])  # fmt: skip
    window.dataset = five
    window.export_report_dialog()
    assert "A report needs a classifier of five's 5 classes" in window.last_error
