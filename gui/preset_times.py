"""Which presets fit the data, and how long an epoch of it takes each, measured in the background.

When the data changes shape (CIFAR-10, a folder of colour photos), the Model combo says it for every
preset: in its tooltip "about 40 s per epoch of shapes here", or, for a preset that cannot be built for
images that small, disabled with the reason. The measurement is ``engine.presets.epoch_seconds`` (two
timed steps per preset), run one preset after another on a ``Worker`` and stopped as soon as the data
changes again or training starts, so it never competes with a run.
"""

from __future__ import annotations

import threading

from pyqtgraph.Qt import QtCore, QtWidgets

from engine.data.dataset import shape_words
from engine.presets import PRESETS, epoch_seconds

from .i18n import error_text, tr, tr_said
from .worker import Worker


class PresetTimes(QtCore.QObject):
    """``measure(dataset)`` times every preset for it; each result goes to the model combo as it comes."""

    measured = QtCore.Signal(str, str)  # preset, what the combo says about it
    refused = QtCore.Signal(str, str)  # preset, why it does not fit

    def __init__(self, combo: QtWidgets.QComboBox, parent=None):
        super().__init__(parent)
        self.combo = combo
        self.stop_event = threading.Event()
        self.worker: Worker | None = None
        self.descriptions = {name: preset.description for name, preset in PRESETS.items()}

    def measure(self, dataset) -> None:
        """Time every preset on data like ``dataset``'s (its shape, classes and training images)."""
        self.stop()
        self.stop_event = stop = threading.Event()
        shape, classes, images = dataset.input_shape, dataset.num_classes, max(1, len(dataset.x_train))
        words = f"{dataset.name} ({tr_said(shape_words(shape))})"

        def task(report):
            for name in PRESETS:
                if stop.is_set():
                    return
                try:
                    seconds = epoch_seconds(name, shape, classes, images)
                except ValueError as error:  # images too small for this preset's layers
                    report((stop, name, None, error_text(error)))
                    continue
                report((stop, name, seconds, words))

        self.worker = Worker(task, name="preset-times")
        self.worker.progress.connect(self._measured)
        self.worker.start()

    def stop(self) -> None:
        """No more measuring (the data changed, or training starts): the thread ends after its current step."""
        self.stop_event.set()

    def _measured(self, result) -> None:
        """A result of a measurement stopped since (the data changed again) is dropped when it arrives: the old
        thread finishes the step it was in, and its late "fits" would overwrite the new data's "does not fit"."""
        stop, *measured = result
        if not stop.is_set():
            self._arrived(tuple(measured))

    def _arrived(self, result) -> None:
        name, seconds, words = result
        index = self.combo.findText(name)
        if index < 0:
            return
        item = self.combo.model().item(index)
        if seconds is None:
            item.setEnabled(False)
            item.setToolTip(tr("Does not fit this data: {why}").format(why=words))
            self.refused.emit(name, words)
            return
        item.setEnabled(True)
        said = tr("About {time} per epoch of {data} on this machine (2 timed steps).").format(
            time=in_words(seconds), data=words
        )
        item.setToolTip(f"{said}\n\n{tr_said(self.descriptions[name])}")
        self.measured.emit(name, said)


def in_words(seconds: float) -> str:
    """``"under a second"``, ``"40 seconds"``, ``"3 minutes"``, ``"1.5 hours"``: a time as people say it."""
    if seconds < 1:
        return tr("under a second")
    if seconds < 90:
        return tr("{count} seconds").format(count=f"{seconds:.0f}")
    if seconds < 90 * 60:
        return tr("{count} minutes").format(count=f"{seconds / 60:.0f}")
    return tr("{count} hours").format(count=f"{seconds / 3600:.1f}")
