"""The window's half that chooses the data: the dataset combo, Open folder/file, downloads, and fitting
the model to data of another image shape.

A mixin of ``MainWindow`` (``gui/main_window.py``), which provides ``controls``, the views, ``model``,
``set_model``, ``may_replace_model``, ``ask_path``, ``show_error`` and ``dataset_loader``.
"""

from __future__ import annotations

from pathlib import Path

from pyqtgraph.Qt import QtWidgets

from engine.data import DataOptions
from engine.data.dataset import shape_words
from engine.data.download import DOWNLOAD_MB
from engine.presets import PRESETS, build_preset
from engine.words import Said

from .controls import CUSTOM_ENTRY, OPEN_ENTRY, entry_text
from .dataset_loader import DownloadDialog, dataset_location, needs_download
from .i18n import choose, error_text, has_choice, tr, tr_said

NO_ARRAYS_FOUND = "found no images and labels among its arrays"  # engine/data/arrays.py's error, by its template
DATASET_FILES = "*.npz *.mat *.csv *.txt *ubyte *ubyte.gz *.bin *.png *.jpg *.jpeg *.bmp *.gif *.tif *.webp"


class DataChoice:
    """Choosing, loading and showing a dataset; a preset rebuilt when the images change shape."""

    def choose_dataset(self, name: str) -> None:
        if name == OPEN_ENTRY:
            # One file dialog serves every format: pick the file itself (.npz, .mat, .csv, a picture
            # list), any IDX or CIFAR file of its folder, or any picture inside an image-folder dataset.
            title = tr("Open a dataset: an .npz, .mat or .csv file, a list of pictures, an IDX file in its folder, "
                       "or any picture of an image-folder dataset")  # fmt: skip
            kinds = tr("Datasets ({patterns});;All files (*)").format(patterns=DATASET_FILES)
            path = self.ask_path("open", title, "", kinds)
            if not path:
                choose(self.controls.datasetCombo, self.dataset.name)
                return
            name = str(dataset_location(Path(path)))
        self.load_dataset(name)

    def load_dataset(self, spec: str, options=None) -> bool:
        """Start loading ``spec`` off the GUI thread (downloading it first if the user agrees); ``options``:
        how its pictures are read (``DataOptions``; None: decided from the pictures).

        Returns False if nothing was started (declined, or a load already running); the
        outcome arrives later as ``dataset_loader.loaded`` or ``failed``.
        """
        combo = self.controls.datasetCombo
        if self.dataset_loader.busy():
            self.statusBar().showMessage(tr("Still loading the previous dataset"), 5000)
            choose(combo, self.dataset.name)
            return False
        download = needs_download(spec)
        if download and self.ask_before_download:
            question = tr("{dataset} is not on this machine yet. Download it now (about {megabytes} MB)?").format(
                dataset=spec, megabytes=DOWNLOAD_MB[spec]
            )
            answer = QtWidgets.QMessageBox.question(self, "CNN Studio", question)
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                choose(combo, self.dataset.name)
                return False
        if download:
            self.download_dialog = DownloadDialog(spec, self.dataset_loader, self)
            self.download_dialog.show()
        combo.setEnabled(False)
        self.statusBar().showMessage(tr("Loading {dataset}...").format(dataset=spec))
        self.dataset_loader.start(spec, download, options)
        return True

    def _dataset_loaded(self, spec: str, dataset) -> None:
        self._dataset_load_over()
        self._set_dataset(dataset)
        combo = self.controls.datasetCombo
        if not has_choice(combo, spec):
            combo.insertItem(combo.count() - 1, spec, spec)
        choose(combo, spec)

    def _dataset_failed(self, spec: str, message: str, error: Exception) -> None:
        self._dataset_load_over()
        choose(self.controls.datasetCombo, self.dataset.name)
        text = error.args[0] if len(error.args) == 1 else None
        if isinstance(text, Said) and NO_ARRAYS_FOUND in text.template:  # an .npz or .mat under names of its own:
            found = text.values["arrays"]  # ask which arrays to read
            question = tr("{file} holds the arrays {arrays}. Which hold the images and the labels? (images, labels; "
                          "or x_train, y_train, x_test, y_test)").format(file=Path(spec).name, arrays=found)
            answer = self.ask_text(tr("CNN Studio: which arrays?"), question)
            keys = tuple(key.strip() for key in (answer or "").split(",") if key.strip())
            if keys:
                try:
                    options = DataOptions(keys=keys)
                except ValueError as error:
                    self.show_error(error_text(error))
                    return
                self.load_dataset(spec, options)
            return
        self.show_error(message)

    def ask_text(self, title: str, question: str) -> str | None:
        """One line of text from the user, None when cancelled (tests and scripts replace this method)."""
        text, ok = QtWidgets.QInputDialog.getText(self, title, question)
        return text if ok else None

    def _dataset_load_over(self) -> None:
        self.controls.datasetCombo.setEnabled(not self.training.running())
        if self.download_dialog is not None:
            self.download_dialog.close()
            self.download_dialog = None

    def read_again(self, options) -> None:
        """The Data tab's *Read again*: the same picture files, read as ``options`` say."""
        self.load_dataset(self.dataset.source, options)  # a picture dataset's source is its folder or list

    def _set_dataset(self, dataset) -> None:
        previous = self.dataset  # (the window starts with the embedded digits already set)
        self.dataset, self.probe = dataset, None  # the old data's probe does not fit the new data's models
        self.data_view.set_dataset(dataset)
        self.model_view.editor.set_input(dataset.input_shape, dataset.num_classes)
        message = tr("Dataset: {name} ({train} train, {test} test, {shape})").format(
            name=dataset.name, train=len(dataset.x_train), test=len(dataset.x_test),
            shape=tr_said(shape_words(dataset.input_shape)),
        )
        if self.model is not None and previous.input_shape != dataset.input_shape:
            message += self._fit_model_to_data()  # first: the new probe below is drawn through the model
        probes = dataset.x_test if len(dataset.x_test) else dataset.x_train
        labels = dataset.y_test if len(dataset.x_test) else dataset.y_train
        self.feature_maps.set_samples(probes, labels, dataset.class_names)
        if previous.input_shape != dataset.input_shape or previous.num_classes != dataset.num_classes:
            self.preset_times.measure(dataset)  # which presets fit these images, and how long they take
        self.backprop.set_choices(len(dataset.x_test), list(dataset.class_names))
        self.statusBar().showMessage(message)

    def _fit_model_to_data(self) -> str:
        """The data's images changed shape: a preset or custom model is rebuilt for them (fresh weights, after
        asking if its training is not saved); an opened model stays and training will explain. Returns what
        happened, for the status line."""
        if tuple(self.model.input_shape) == self.dataset.input_shape:
            return ""
        shape = tr_said(shape_words(self.dataset.input_shape))
        entry = self.model_entry
        if entry in PRESETS and self.may_replace_model():
            try:
                self.set_model(self.fresh_preset(entry), entry)
            except ValueError as error:  # e.g. a 9x9 kernel and 8x8 pictures
                return "; " + tr("{error}: choose another preset").format(error=error_text(error))
            return "; " + tr("{model} rebuilt for {shape} images, with fresh weights").format(model=entry, shape=shape)
        if entry == CUSTOM_ENTRY and self.custom_specs and self.build_custom_model(self.custom_specs):
            return "; " + tr("the custom model rebuilt for {shape} images").format(shape=shape)
        return "; " + tr("{model} reads {shape} images: choose a preset to train one for these").format(
            model=entry_text(entry), shape=tr_said(shape_words(self.model.input_shape))
        )

    def fresh_preset(self, entry: str):
        """A new ``entry`` preset for the current data (its shape, classes and the way it reads pictures),
        seeded by the Seed control."""
        data = self.dataset
        model = build_preset(entry, data.num_classes, self.controls.seedSpin.value(), data.input_shape)
        model.metadata["pipeline"] = data.pipeline
        return model
