"""A colour photo folder in the window, the way a user opens it: the file dialog, Train, the views in colour,
the Draw tab classifying an opened picture."""

import numpy as np
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.data import Dataset
from gui.dataset_loader import dataset_location
from gui.draw import image_bytes
from gui.filters import COLOURS
from tests.gui.test_layout import scroll_bars_shown
from tests.gui.test_main_window import child
from tests.http_server import FileServer
from tests.own_data import SHAPES, homework_mat, kaggle_csv, photo_folder, serve_cifar


def colour_spread(rgb: np.ndarray) -> float:
    """How far a picture's red and blue differ on average: about 0 for grey, tens for colour."""
    return float(np.abs(rgb[..., 0].astype(int) - rgb[..., 2]).mean())


def test_a_colour_photo_folder_trains_and_shows_in_colour(qtbot, window, tmp_path, monkeypatch):
    root = photo_folder(tmp_path / "shapes", per_class=16, test_per_class=4)
    window.choose_model("lab-cnn-light")  # a preset: rebuilt when the images change shape
    picked = root / "train" / "disc" / "1.jpg"  # any picture of the dataset stands for it
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(picked), ""))
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        window.choose_dataset("Open folder/file...")
    assert window.dataset.name == "shapes" and window.dataset.input_shape == (3, 48, 48)
    assert window.model.input_shape == (3, 48, 48) and window.model.output_shape() == (3,)
    assert "lab-cnn-light rebuilt for 48x48 colour images" in window.statusBar().currentMessage()
    assert "48x48 colour" in window.data_view.infoLabel.text() and "read as photos" in window.data_view.infoLabel.text()
    assert colour_spread(window.data_view.sampleImage.image) > 10  # the samples in their colours
    combo = child(window, "modelCombo")
    item = combo.model().item(combo.findText("lab-cnn-light"))  # timed for this data in the background
    qtbot.waitUntil(lambda: "per epoch of shapes (48x48 colour) on this machine" in item.toolTip(), timeout=30_000)

    child(window, "epochsSpin").setValue(2)
    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.session is not None and window.training.session.state == "finished",
                    timeout=60_000)  # fmt: skip
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=30_000)  # evaluated after the run
    assert window.evaluation.result.images.shape == (12, 3, 48, 48)
    assert window.evaluation.result.class_names == sorted(SHAPES)

    probe = window.feature_maps.probePicture.pixmap().toImage().convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    assert colour_spread(image_bytes(probe, 4)[..., :3]) > 10  # the Feature maps probe, in its colours
    assert window.filters.scaleCombo.currentText() == COLOURS  # the first layer's kernels, as colours
    window.tabs.setCurrentWidget(window.filters)
    qtbot.waitUntil(lambda: window.filters.image.image is not None, timeout=10_000)
    kernels = window.filters.image.image
    assert kernels.ndim == 3 and kernels.shape[2] == 3 and colour_spread(kernels) > 5

    draw = window.draw
    window.tabs.setCurrentWidget(draw)
    assert draw.notice.isVisible() and "this model reads 48x48 colour photos" in draw.notice.text()
    assert not draw.canvas.isEnabled() and not draw.correction.isVisible()
    photo = root / "test" / "triangle" / "0.png"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(photo), ""))
    qtbot.mouseClick(draw.openImageButton, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: draw.processed is not None, timeout=5_000)  # predicted on the next timer tick
    assert draw.processed.shape == (3, 48, 48)
    assert draw.predictionLabel.text().split(" (")[0] in SHAPES
    seen = draw.seenLabel.pixmap().toImage().convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    assert colour_spread(image_bytes(seen, 4)[..., :3]) > 10  # what the network sees, in colour


def test_a_picked_file_stands_for_its_dataset(tmp_path):
    assert dataset_location(tmp_path / "MNISTData.mat") == tmp_path / "MNISTData.mat"
    assert dataset_location(tmp_path / "train.csv") == tmp_path / "train.csv"
    assert dataset_location(tmp_path / "cifar" / "data_batch_1.bin") == tmp_path / "cifar"
    assert dataset_location(tmp_path / "flowers" / "train" / "rose" / "a.jpg") == tmp_path / "flowers"
    assert dataset_location(tmp_path / "digits" / "3" / "a.png") == tmp_path / "digits"


def test_the_data_tab_reads_the_pictures_again_another_way(qtbot, window, tmp_path, monkeypatch):
    root = photo_folder(tmp_path / "shapes", per_class=6)
    window.choose_model("lab-cnn-light")
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(root / "disc" / "0.png"), ""))
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        window.choose_dataset("Open folder/file...")
    window.resize(800, 600)
    window.tabs.setCurrentWidget(window.data_view)
    qtbot.wait(50)
    view = window.data_view
    assert view.readingRow.isVisible() and view.readingCombo.currentText() == "photos"
    assert view.readingSizeSpin.value() == 48 and view.readingColourCombo.currentText() == "colour"
    assert not scroll_bars_shown(window.tabs.widget(window.tabs.currentIndex())), "the Data tab fits 800x600"
    assert not view.myDigits.isVisible()  # kept drawings teach digit models
    view.readingSizeSpin.setValue(24)
    view.readingColourCombo.setCurrentText("grey")
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        qtbot.mouseClick(view.readAgainButton, QtCore.Qt.MouseButton.LeftButton)
    assert window.dataset.input_shape == (1, 24, 24) and window.model.input_shape == (1, 24, 24)
    view.readingSizeSpin.setValue(8)  # too small for a 9x9 kernel: that preset is offered no more, and says why
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        qtbot.mouseClick(view.readAgainButton, QtCore.Qt.MouseButton.LeftButton)
    combo = child(window, "modelCombo")
    classic = combo.model().item(combo.findText("classic-9x9"))
    qtbot.waitUntil(lambda: not classic.isEnabled(), timeout=30_000)
    assert "Does not fit this data: classic-9x9 does not fit 1x8x8 images" in classic.toolTip()
    before = window.model
    window.choose_model("classic-9x9")  # (as a script could): refused with the reason, the model stays
    assert "classic-9x9 does not fit 1x8x8 images" in window.last_error and window.model is before
    view.readingCombo.setCurrentText("digit drawings")
    assert not view.readingSizeSpin.isEnabled()
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        qtbot.mouseClick(view.readAgainButton, QtCore.Qt.MouseButton.LeftButton)
    assert window.dataset.pipeline == "digits" and window.dataset.input_shape == (1, 28, 28)
    assert view.myDigits.isVisible()


def open_in_window(qtbot, window, monkeypatch, path):
    """File > Open folder/file... on ``path``, as a user picks it; waits until it is loaded."""
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
        window.choose_dataset("Open folder/file...")


def train_one_epoch(qtbot, window):
    child(window, "epochsSpin").setValue(1)
    qtbot.mouseClick(child(window, "trainButton"), QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training.session is not None and window.training.session.state == "finished",
                    timeout=60_000)  # fmt: skip


def test_a_kaggle_csv_the_homeworks_mat_and_cifar10_in_the_window(qtbot, window, tmp_path, monkeypatch, digits):
    window.confirm = lambda question: True  # (a trained model may be replaced by the next one)
    window.choose_model("lab-cnn-light")
    open_in_window(qtbot, window, monkeypatch, kaggle_csv(tmp_path / "train.csv", digits["x_train"][:200],
                                                          digits["y_train"][:200]))  # fmt: skip
    assert window.dataset.name == "train" and len(window.dataset.x_train) == 200
    train_one_epoch(qtbot, window)
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=30_000)
    assert window.evaluation.result.part == "all" and len(window.evaluation.result.images) == 200  # no test part
    assert "Accuracy on all images (no separate test images)" in window.evaluation.summaryLabel.text()

    open_in_window(qtbot, window, monkeypatch, homework_mat(tmp_path / "MNISTData.mat", digits, train=200, test=50))
    assert window.dataset.name == "MNISTData" and len(window.dataset.x_test) == 50
    train_one_epoch(qtbot, window)
    qtbot.waitUntil(lambda: window.evaluation.result is not None and len(window.evaluation.result.images) == 50,
                    timeout=30_000)  # evaluated on its 50 test digits  # fmt: skip

    with FileServer() as server:
        serve_cifar(server, tmp_path, monkeypatch)
        window.ask_before_download = False
        with qtbot.waitSignal(window.dataset_loader.loaded, timeout=30_000):
            window.choose_dataset("cifar10")
    assert window.dataset.input_shape == (3, 32, 32) and window.dataset.class_names[0] == "airplane"
    assert window.model.input_shape == (3, 32, 32)  # lab-cnn-light, rebuilt for CIFAR-10
    train_one_epoch(qtbot, window)


def test_an_npz_under_names_of_its_own_asks_which_arrays(qtbot, window, tmp_path, monkeypatch, digits):
    path = tmp_path / "mine.npz"
    np.savez(path, pics=digits["x_train"][:60], answers=digits["y_train"][:60])
    asked = []
    window.ask_text = lambda title, question: asked.append(question) or "pics, answers"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    with qtbot.waitSignal(window.dataset_loader.failed, timeout=30_000):
        window.choose_dataset("Open folder/file...")
    qtbot.waitUntil(lambda: window.dataset.name == "mine", timeout=30_000)  # read again with the keys given
    assert asked and "mine.npz holds the arrays answers, pics" in asked[0]
    assert len(window.dataset.x_train) == 60


def test_a_measurement_of_older_data_never_overwrites_the_newer_datas_verdict(qtbot, window, digits):
    """The data changes while the presets are being timed on the old data: the old thread finishes the step it is
    in, and its late "fits" must not re-enable a preset the new data's images are too small for."""
    images = np.zeros((40, 24, 24), np.uint8)
    roomy = Dataset("roomy", images, np.arange(40) % 10, images[:10], np.arange(10), [str(d) for d in range(10)])
    tiny = Dataset("tiny", images[:, :8, :8], np.arange(40) % 10, images[:10, :8, :8], np.arange(10),
                   [str(d) for d in range(10)])  # fmt: skip
    times = window.preset_times
    times.measure(roomy)
    old = times.worker
    qtbot.waitUntil(lambda: old.is_running(), timeout=5_000)
    qtbot.wait(30)  # inside its first preset's timed steps
    times.measure(tiny)
    new = times.worker
    qtbot.waitUntil(lambda: not old.is_running() and not new.is_running(), timeout=120_000)
    qtbot.wait(100)  # the last queued results delivered
    combo = child(window, "modelCombo")
    classic = combo.model().item(combo.findText("classic-9x9"))
    assert not classic.isEnabled() and "does not fit 1x8x8 images" in classic.toolTip()


def test_closing_the_window_stops_timing_the_presets(qtbot, open_window):
    """The presets are timed in the background for new data; a closed window stops that at once, not after
    every preset's timed steps (its thread would go on working, and emitting, for a window that is gone)."""
    win = open_window()
    images = np.zeros((40, 3, 32, 32), np.uint8)
    win._set_dataset(Dataset("colour", images, np.arange(40) % 10, images[:10], np.arange(10),
                             [str(d) for d in range(10)]))  # fmt: skip
    worker = win.preset_times.worker
    qtbot.waitUntil(worker.is_running, timeout=5_000)
    win.close()
    assert win.preset_times.stop_event.is_set()
    assert worker.wait(60), "the timing thread ends after the preset it was in"
