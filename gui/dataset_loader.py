"""Loading (and, for MNIST and Fashion-MNIST, downloading) a dataset off the GUI thread.

Reading 70,000 images or fetching 30 MB takes seconds to minutes; the window must stay
usable meanwhile. The loader runs the engine's plain functions on a ``Worker`` (the one
the window uses for training and evaluation too) and reports back through signals. A download shows in a
progress dialog whose Cancel stops it between chunks; the partial file stays on disk and
the next attempt resumes it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pyqtgraph.Qt import QtCore, QtWidgets

from engine.data import DataOptions, DatasetError, download_dataset, load_dataset
from engine.data.datasets import find_known
from engine.data.download import SOURCES
from engine.data.image_folder import PART_FOLDERS

from .i18n import error_text, tr
from .worker import Worker


def needs_download(spec: str) -> bool:
    """True for a downloadable dataset (``mnist``, ``fashion-mnist``, ``cifar10``) not on this machine yet."""
    return spec in SOURCES and find_known(spec) is None


def dataset_location(picked: Path) -> Path:
    """What to load for a file picked in the dataset dialog.

    An ``.npz``, ``.mat``, ``.csv`` or ``.txt`` is the dataset; an IDX or CIFAR ``.bin`` file stands for
    its folder; a picture stands for the image-folder dataset two levels up (``digits/3/a.png`` ->
    ``digits``), or three when the folder is split (``flowers/train/rose/a.jpg`` -> ``flowers``).
    """
    if picked.suffix.lower() in (".npz", ".mat", ".csv", ".txt", ".tsv"):
        return picked
    if "ubyte" in picked.name or picked.suffix == ".bin":
        return picked.parent
    if picked.parent.parent.name.lower() in {name for names in PART_FOLDERS.values() for name in names}:
        return picked.parent.parent.parent
    return picked.parent.parent


class DatasetLoader(QtCore.QObject):
    """``start(spec)`` loads on a thread; ``loaded(spec, dataset)`` or ``failed(spec, message, error)`` follows."""

    progress = QtCore.Signal(str, int, int)  # file name, bytes so far, total bytes (-1: unknown)
    loaded = QtCore.Signal(str, object)
    failed = QtCore.Signal(str, str, object)  # spec, the message in the window's language, the exception

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.worker: Worker | None = None

    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def cancel(self) -> None:
        self.cancel_event.set()

    def start(self, spec: str, download: bool = False, options: DataOptions | None = None) -> None:
        """Load ``spec`` (reading its pictures by ``options``, see ``engine.data.pictures``) on the worker."""
        self.cancel_event.clear()

        def task(report):
            if download:
                download_dataset(spec, progress=lambda *progress: report(progress), cancel=self.cancel_event)
            return load_dataset(spec, options)

        # Bound methods, not lambdas: Qt drops them by itself if this loader (the window) is
        # gone when the load ends, where a lambda would call into a deleted object.
        self.spec = spec
        self.worker = Worker(task, name="dataset-loader")
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._loaded)
        self.worker.errored.connect(self._failed)
        self.worker.start()

    def _loaded(self, dataset) -> None:
        self.loaded.emit(self.spec, dataset)

    def _failed(self, error: Exception) -> None:
        self.failed.emit(self.spec, self._message(error), error)

    def _progress(self, progress) -> None:
        filename, done, total = progress
        self.progress.emit(filename, int(done), -1 if total is None else int(total))

    @staticmethod
    def _message(error: Exception) -> str:
        if isinstance(error, (DatasetError, OSError)):
            return error_text(error)
        return tr("{error} (a bug in CNN Studio: please report it)").format(error=f"{type(error).__name__}: {error}")


class DownloadDialog(QtWidgets.QProgressDialog):
    """Per-file download progress with Cancel (which asks the loader to stop)."""

    def __init__(self, spec: str, loader: DatasetLoader, parent=None):
        super().__init__(tr("Downloading {dataset}...").format(dataset=spec), tr("Cancel"), 0, 100, parent)
        self.setObjectName("downloadProgress")
        self.setWindowTitle(tr("CNN Studio: download"))
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.spec = spec
        self.files = list(SOURCES[spec].files)
        self.canceled.connect(loader.cancel)
        loader.progress.connect(self.show_progress)

    def show_progress(self, filename: str, done: int, total: int) -> None:
        number = self.files.index(filename) + 1 if filename in self.files else 0
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))
            amount = tr("{done} of {total} MB").format(done=f"{done / 1e6:.1f}", total=f"{total / 1e6:.1f}")
        else:
            self.setMaximum(0)  # unknown size: a busy indicator
            amount = f"{done / 1e6:.1f} MB"
        self.setLabelText(tr("Downloading {dataset}: file {number} of {count}, {file}").format(
            dataset=self.spec, number=number, count=len(self.files), file=filename) + "\n" + amount)
