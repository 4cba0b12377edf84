"""Datasets load off the GUI thread; MNIST downloads (from a local server) with a progress dialog."""

from pyqtgraph.Qt import QtCore, QtWidgets

from gui.dataset_loader import DatasetLoader, DownloadDialog
from tests.http_server import FileServer, serve_fake_mnist


def test_choosing_a_missing_dataset_downloads_it_with_progress(qtbot, window, tmp_path, monkeypatch):
    with FileServer() as server:
        serve_fake_mnist(server, tmp_path, monkeypatch)
        window.ask_before_download = False
        seen = []
        window.dataset_loader.progress.connect(lambda *args: seen.append(args))
        with qtbot.waitSignal(window.dataset_loader.loaded, timeout=20_000):
            window.choose_dataset("mnist")
            assert window.findChild(QtWidgets.QProgressDialog, "downloadProgress") is not None
            assert not window.controls.datasetCombo.isEnabled()  # no second load while this one runs
        assert window.dataset.name == "mnist" and len(window.dataset.x_train) == 20
        assert window.controls.datasetCombo.currentText() == "mnist" and window.controls.datasetCombo.isEnabled()
        assert {name for name, _, _ in seen} == set(server.files)
        assert window.download_dialog is None  # closed when done
        assert (tmp_path / "cache" / "mnist" / "train-images-idx3-ubyte.gz").exists()


def test_declining_the_download_keeps_the_current_dataset(window, tmp_path, monkeypatch):
    with FileServer() as server:
        serve_fake_mnist(server, tmp_path, monkeypatch)
        monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *args: QtWidgets.QMessageBox.StandardButton.No)
        assert window.load_dataset("mnist") is False
        assert window.dataset.name == "mnist-embedded" and not server.requests
        assert window.controls.datasetCombo.currentText() == "mnist-embedded"


def test_a_failed_download_is_reported_and_the_app_stays_usable(qtbot, window, tmp_path, monkeypatch):
    with FileServer() as server:
        serve_fake_mnist(server, tmp_path, monkeypatch)
        server.files.pop("t10k-labels-idx1-ubyte.gz")  # a mirror that lost a file: 404
        window.ask_before_download = False
        with qtbot.waitSignal(window.dataset_loader.failed, timeout=20_000):
            window.load_dataset("mnist")
        assert "t10k-labels-idx1-ubyte.gz" in window.last_error and "404" in window.last_error
        assert window.dataset.name == "mnist-embedded" and window.controls.datasetCombo.isEnabled()


def test_cancel_in_the_dialog_asks_the_loader_to_stop(qtbot):
    loader = DatasetLoader()
    dialog = DownloadDialog("mnist", loader)
    qtbot.addWidget(dialog)
    dialog.show_progress("train-images-idx3-ubyte.gz", 2_000_000, 9_912_422)
    assert "file 1 of 4" in dialog.labelText() and "2.0 of 9.9 MB" in dialog.labelText()
    button = dialog.findChild(QtWidgets.QPushButton)
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)
    assert loader.cancel_event.is_set()
