"""Teach it my handwriting: keep the drawings it misread (My digits), fine-tune on them, undo.

* ``MyDigits``: the user's drawings as PNG files in a per-user data folder,
  ``<data folder>/my_digits/<class>/<time>.png`` (an image folder like any other, so
  ``python main.py teach default <that folder> --out m.npz`` reads the same drawings).
* ``CorrectionBar``: under the prediction, "Wrong? It is a [0] [1] ... [9]": one click keeps
  the drawing as that class.
* ``MyDigitsView``: the Data tab's list of the drawings, with counts per class and Delete.
* ``TeachingController``: **Teach it** fine-tunes a copy of the model on the drawings in
  the worker thread (``engine.teach``), shows progress and the accuracy before and after
  on held-out drawings; **Undo teaching** brings the previous model back.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import numpy as np
from PIL import Image
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.data import DatasetError, load_dataset, load_image_folder
from engine.data.pictures import DIGIT_DRAWINGS
from engine.session_reports import SessionListener
from engine.teach import MIN_IMAGES, own_digits, replay_name, teach

from .i18n import error_text, tr
from .images import gray_rgb, to_qimage
from .worker import Worker


def default_folder() -> Path:
    """``my_digits`` in the per-user data folder (``~/.local/share/CNN Studio`` on Linux)."""
    base = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".cnn-studio") / "my_digits"


class MyDigits:
    """The user's own drawings: ``root/<class name>/<time>.png``, dark ink on white as drawn."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_folder()

    def add(self, pixels: np.ndarray, label: str) -> Path:
        """Keep a drawing (uint8 (H, W), as the canvas holds it) as class ``label``; returns its file."""
        folder = self.root / label
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.perf_counter_ns() % 10**6:06d}.png"
        Image.fromarray(pixels).save(path)
        return path

    def files(self) -> list[tuple[str, Path]]:
        """(class name, file) of every drawing, by class then time."""
        if not self.root.is_dir():
            return []
        return [(folder.name, path) for folder in sorted(p for p in self.root.iterdir() if p.is_dir())
                for path in sorted(folder.glob("*.png"))]  # fmt: skip

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for label, _ in self.files():
            counts[label] = counts.get(label, 0) + 1
        return counts

    def delete(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        if path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()  # an empty class folder would be "a class with no drawing"

    def images(self, class_names: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The drawings preprocessed (N, 28, 28) uint8 and their labels as the model's class numbers."""
        return own_digits(load_image_folder(self.root, name="my digits", options=DIGIT_DRAWINGS), class_names)


class CorrectionBar(QtWidgets.QWidget):
    """``Wrong? It is a`` and one button per class: ``corrected(label)`` when one is clicked."""

    corrected = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("correctionBar")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addWidget(QtWidgets.QLabel(tr("Wrong? It is a")))
        self.layout_ = QtWidgets.QGridLayout()  # two rows of five: narrow enough for an 800x600 window
        self.layout_.setSpacing(2)
        outer.addLayout(self.layout_)
        self.buttons: list[QtWidgets.QToolButton] = []
        self.set_classes([str(d) for d in range(10)])

    def set_classes(self, names: list[str]) -> None:
        for button in self.buttons:
            button.hide()  # at once: deleteLater waits for the event loop
            button.deleteLater()
        self.buttons = []
        for k, name in enumerate(names[:20]):  # buttons for up to 20 classes (a digit model has 10)
            button = QtWidgets.QToolButton()
            button.setText(name[:6])
            button.setMinimumWidth(26)
            button.setObjectName(f"correctionButton_{name}")
            button.setToolTip(tr("Keep this drawing in My digits as '{label}', to teach the model your handwriting")
                              .format(label=name))
            button.clicked.connect(lambda _=False, label=name: self.corrected.emit(label))
            self.layout_.addWidget(button, k // 5, k % 5)
            self.buttons.append(button)


class MyDigitsView(QtWidgets.QGroupBox):
    """The Data tab's My digits: how many drawings per class, thumbnails, and Delete."""

    changed = QtCore.Signal()

    def __init__(self, store: MyDigits, parent=None):
        super().__init__(tr("My digits"), parent)
        self.setObjectName("myDigitsView")
        self.store = store
        layout = QtWidgets.QVBoxLayout(self)
        self.countsLabel = QtWidgets.QLabel()
        self.countsLabel.setObjectName("myDigitsCounts")
        self.countsLabel.setWordWrap(True)
        layout.addWidget(self.countsLabel)
        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("myDigitsList")
        self.list.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.list.setIconSize(QtCore.QSize(48, 48))
        self.list.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)
        self.deleteButton = QtWidgets.QPushButton(tr("Delete selected"))
        self.deleteButton.setObjectName("deleteMyDigitButton")
        self.deleteButton.clicked.connect(self.delete_selected)
        layout.addWidget(self.deleteButton)
        self.refresh()

    def refresh(self) -> None:
        files = self.store.files()
        counts = self.store.counts()
        shown = ", ".join(f"{label}: {count}" for label, count in counts.items())
        self.countsLabel.setText(tr("{count} drawings ({counts}) in {folder}").format(
            count=len(files), counts=shown, folder=self.store.root) if files else tr(
            "No drawings yet. When a drawing is misread, click its class under the prediction to keep it here; then "
            "Teach it."))  # fmt: skip
        self.list.clear()
        for label, path in files:
            with Image.open(path) as image:
                thumb = np.asarray(image.convert("L").resize((48, 48), Image.Resampling.BOX))
            item = QtWidgets.QListWidgetItem(QtGui.QIcon(QtGui.QPixmap.fromImage(to_qimage(gray_rgb(thumb, 0, 255)))),
                                             label)  # fmt: skip
            item.setData(QtCore.Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(tr("{file}: kept as '{label}'").format(file=path.name, label=label))
            self.list.addItem(item)
        self.deleteButton.setEnabled(bool(files))

    def delete_selected(self) -> None:
        for item in self.list.selectedItems():
            self.store.delete(Path(item.data(QtCore.Qt.ItemDataRole.UserRole)))
        self.refresh()
        self.changed.emit()


class _Progress(SessionListener):
    """Hands the fine-tuning's progress (a fraction) to the worker's report function."""

    def __init__(self, report):
        self.report = report

    def on_batches(self, report) -> None:
        done = (report.epoch - 1 + report.batch / max(report.batches, 1)) / report.epochs
        self.report((done, report.eta_seconds))


class TeachingController(QtCore.QObject):
    """Teach it / Undo teaching for the main window's current model.

    ``window`` provides ``model``, ``model_entry``, ``unsaved_training``, ``set_model``,
    ``training.running()``, ``statusBar()`` and ``show_error``.
    """

    taught = QtCore.Signal(object)  # the TeachReport

    def __init__(self, window, store: MyDigits, button: QtWidgets.QPushButton, undo: QtWidgets.QPushButton,
                 progress: QtWidgets.QProgressBar, result: QtWidgets.QLabel):  # fmt: skip
        super().__init__(window)
        self.window, self.store = window, store
        self.button, self.undoButton, self.progress, self.result = button, undo, progress, result
        self.worker: Worker | None = None
        self.previous = None  # (model, entry, unsaved) before the last teaching
        self.button.clicked.connect(self.teach)
        self.undoButton.clicked.connect(self.undo)
        self.undoButton.setEnabled(False)
        self.progress.hide()

    def running(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def teach(self) -> None:
        window = self.window
        if window.training.running():
            window.show_error(tr("Stop training first: teaching fine-tunes the model, which training is changing"))
            return
        if self.running():
            return
        names = window.draw.class_names
        try:
            images, labels = self.store.images(names)
        except DatasetError as error:
            window.show_error(tr("Cannot teach yet: {error}. Keep at least {count} drawings with the 'Wrong? It is "
                                 "a' buttons under the prediction.").format(error=error_text(error), count=MIN_IMAGES))
            return
        model = copy.deepcopy(window.model)
        replay = self._replay(model)
        self.previous = (window.model, window.model_entry, window.unsaved_training)
        self.button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText(tr("Teaching {count} drawings...").format(count=len(images)))
        worker = Worker(lambda report: (model, teach(model, images, labels, replay, names,
                                                     listeners=[_Progress(report)])), name="teaching")  # fmt: skip
        worker.progress.connect(self._progress)
        worker.finished.connect(self._done)
        worker.errored.connect(self._failed)
        self.worker = worker
        worker.start()

    @staticmethod
    def _replay(model):
        """The data the model was trained on, without stroke digits; None if it cannot be found."""
        name = replay_name(model.metadata)
        try:
            return load_dataset(name) if name else None
        except (OSError, ValueError):
            return None

    def _progress(self, value) -> None:
        done, eta = value
        self.progress.setValue(int(done * 100))
        self.progress.setFormat(tr("teaching %p%  ETA {seconds} s").format(seconds=int(eta)))

    def _done(self, result) -> None:
        model, report = result
        self.progress.hide()
        self.button.setEnabled(True)
        if report.state != "finished":
            self.result.setText(tr("Teaching {state}; the model is unchanged.").format(state=tr(report.state)))
            return
        window = self.window
        if window.model is not self.previous[0] or window.training.running():
            self.result.setText(tr("Taught, but the model was changed or is training meanwhile: the taught copy was "
                                   "not applied. Teach it again."))  # fmt: skip
            self.previous = None
            return
        entry = self.previous[1]
        window.set_model(model, entry if entry.endswith("(taught)") else f"{entry} (taught)")
        window.unsaved_training = True
        self.undoButton.setEnabled(True)
        self.result.setText(describe(report))
        said = tr("Taught: {result} Save the model to keep it.").format(result=describe(report))
        window.statusBar().showMessage(said)
        self.taught.emit(report)

    def _failed(self, error: Exception) -> None:
        self.progress.hide()
        self.button.setEnabled(True)
        self.result.setText("")
        self.window.show_error(tr("teaching failed: {error}").format(error=error_text(error)))

    def undo(self) -> None:
        if self.previous is None or self.running():
            return
        model, entry, unsaved = self.previous
        self.window.set_model(model, entry)
        self.window.unsaved_training = unsaved
        self.previous = None
        self.undoButton.setEnabled(False)
        self.result.setText(tr("Teaching undone: the previous model is back."))


def describe(report) -> str:
    """``'held-out drawings: 40% -> 100% (5); embedded test digits: 99.3% -> 99.1%.'``"""

    def share(value):
        return "n/a" if value is None else f"{value:.0%}" if value in (0, 1) else f"{value:.1%}"

    text = tr("held-out drawings: {before} -> {after} ({count})").format(
        before=share(report.own_before), after=share(report.own_after), count=report.held_out)
    if report.replay_before is not None:
        text += "; " + tr("test digits: {before} -> {after}").format(
            before=share(report.replay_before), after=share(report.replay_after))
    return text + "."
