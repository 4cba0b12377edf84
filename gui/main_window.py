"""The main window: assembles the views and owns the current dataset and model.

Training is the ``TrainingController``'s (``gui/training_controller.py``); evaluation and
dataset loading run on the same ``Worker`` (``gui/worker.py``).
"""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtWidgets

from engine import ModelFileError, load_model
from engine.data import AugmentConfig, load_embedded, model_inputs
from engine.data.dataset import shape_words
from engine.metrics import evaluate_model
from engine.presets import build_preset
from engine.session import TrainingSession
from engine.snapshots import take_snapshot
from engine.trace import Lens

from .backprop import SOURCES, BackpropView
from .controls import DEFAULT_MODEL_ENTRY, ControlPanel
from .curves import CurvesView
from .data_menu import DataChoice
from .data_view import DataView
from .dataset_loader import DatasetLoader
from .draw import DrawView
from .evaluation import EvaluationView
from .feature_maps import FeatureMapView
from .file_menu import FileMenu
from .filters import FilterView
from .fit import ViewTabs
from .i18n import choice, error_text, tr, tr_said
from .model_menu import ModelChoice
from .model_view import ModelView
from .preset_times import PresetTimes
from .teaching import MyDigits, TeachingController
from .training_controller import TrainingController, TrainingViews
from .worker import Worker


class MainWindow(DataChoice, ModelChoice, FileMenu, QtWidgets.QMainWindow):
    """The whole app. ``MainWindow()`` needs no arguments: it opens the embedded digits and the default model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle("CNN Studio")
        self.settings = QtCore.QSettings("CNN Studio", "CNN Studio")
        self.model = None
        self.model_entry = ""
        self.unsaved_training = False  # trained since it was opened, built or saved
        self.evaluation_worker: Worker | None = None
        self.custom_specs = None  # the layer editor's last built architecture
        self.ask_before_download = True  # tests and scripts turn the question off
        self.download_dialog = None
        self.dataset_loader = DatasetLoader(self)
        self.dataset_loader.loaded.connect(self._dataset_loaded)
        self.dataset_loader.failed.connect(self._dataset_failed)
        self.ask_before_closing = True
        self.last_error = ""

        self.controls = ControlPanel()
        dock = QtWidgets.QDockWidget(tr("Training"), self)
        dock.setObjectName("controlsDock")
        dock.setWidget(self.controls)
        dock.setFeatures(
            QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.curves = CurvesView()
        self.filters = FilterView()
        self.feature_maps = FeatureMapView()
        self.draw = DrawView()
        self.evaluation = EvaluationView()
        self.model_view = ModelView()
        self.my_digits = MyDigits()
        self.data_view = DataView(self.my_digits)
        self.backprop = BackpropView()
        self.tabs = ViewTabs()
        self.tabs.setObjectName("viewTabs")
        for widget, title in (
            (self.draw, tr("Draw && predict")),
            (self.curves, tr("Curves")),
            (self.filters, tr("Filters")),
            (self.feature_maps, tr("Feature maps")),
            (self.backprop, tr("Backprop")),
            (self.evaluation, tr("Evaluation")),
            (self.model_view, tr("Model")),
            (self.data_view, tr("Data")),
        ):
            self.tabs.addTab(widget, title)
        self.setCentralWidget(self.tabs)
        self._build_menu()
        self.statusBar().showMessage(tr("Ready"))

        views = TrainingViews(self.controls, self.tabs, self.curves, self.filters, self.feature_maps, self.model_view)
        self.training = TrainingController(views, self._make_session, self)
        self.training.problem.connect(self.show_error)
        self.training.stateChanged.connect(self._training_state_changed)
        self.training.runFinished.connect(self._run_done)

        self.controls.datasetChosen.connect(self.choose_dataset)
        self.controls.modelChosen.connect(self.choose_model)
        self.controls.editLayersButton.clicked.connect(lambda: self.tabs.setCurrentWidget(self.model_view))
        self.model_view.editor.buildRequested.connect(self.build_custom_model)
        self.controls.liveSettingChanged.connect(self.training.live_change)
        self.controls.recipeAdapted.connect(
            lambda words: self.statusBar().showMessage(tr("The recipe for this budget: {recipe}").format(recipe=words))
        )
        self.controls.trainButton.clicked.connect(self.training.train)
        self.controls.startOverButton.clicked.connect(self.start_over)
        self.controls.pauseButton.clicked.connect(self.training.pause)
        self.controls.stepButton.clicked.connect(self.training.step)
        self.controls.stopButton.clicked.connect(self.training.stop)
        self.feature_maps.probeChanged.connect(self._probe_changed)
        self.feature_maps.useDrawingButton.clicked.connect(lambda: self.feature_maps.use_drawing(self.draw.processed))
        self.filters.layerChosen.connect(self._picture_layers_changed)
        self.feature_maps.kernelWanted.connect(self._picture_layers_changed)
        self.evaluation.evaluateButton.clicked.connect(self.evaluate)
        self.backprop.walkWanted.connect(self.walk_backprop)
        self.backprop.handoutWanted.connect(self.export_handout_dialog)
        self.data_view.readingChosen.connect(self.read_again)
        self.preset_times = PresetTimes(self.controls.modelCombo, self)
        self.evaluation.sampleChosen.connect(self.open_test_image)
        self.draw.openImageButton.clicked.connect(self.open_image)
        self.draw.correction.corrected.connect(self.keep_drawing)
        self.teaching = TeachingController(self, self.my_digits, self.draw.teachButton, self.draw.undoTeachButton,
                                           self.draw.teachProgress, self.draw.teachResult)  # fmt: skip
        self.controls.augmentCombo.currentIndexChanged.connect(self._augmentation_preview)
        self.controls.augmentStrengthSlider.valueChanged.connect(self._augmentation_preview)

        self.dataset = load_embedded()
        self.probe = None
        self._set_dataset(self.dataset)
        try:
            self.set_model(load_model("default"), DEFAULT_MODEL_ENTRY)
        except ModelFileError as error:  # no shipped model: start from a small untrained one
            self.show_error(error_text(error))
            self.set_model(build_preset("lab-cnn-light", seed=0), "lab-cnn-light")
        self._restore_settings()

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.restoreState(self.settings.value("windowState"))
        else:
            self.resize(1280, 800)
        c = self.controls
        for spin, key in ((c.learningRateSpin, "lr"), (c.batchSizeSpin, "batch"), (c.epochsSpin, "epochs")):
            value = self.settings.value(key)
            if value is not None:
                spin.setValue(type(spin.value())(value))

    def _save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        c = self.controls
        self.settings.setValue("lr", c.learningRateSpin.value())
        self.settings.setValue("batch", c.batchSizeSpin.value())
        self.settings.setValue("epochs", c.epochsSpin.value())

    # ------------------------------------------------------------------ errors
    def show_error(self, message: str) -> None:
        """Tell the user without stopping the app (a non-blocking message box and the status bar)."""
        self.last_error = message
        self.statusBar().showMessage(tr("Error: {message}").format(message=message), 15000)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "CNN Studio", message, parent=self)
        box.setObjectName("errorBox")
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def walk_backprop(self, source: str, index: int, label: int) -> None:
        """The Backprop tab asks for a walk: a test digit (with its own label) or the drawing."""
        view, training = self.backprop, self.training
        if self.model is None:
            return view.say(tr("There is no model to look inside yet."))
        if training.running() and training.session.state != "paused":
            return view.say(tr("Training is running: pause or stop it first, so that the weights stand still."))
        if source == SOURCES[1]:  # the drawing
            if self.draw.processed is None:
                return view.say(tr("Draw a digit on the Draw & predict tab first."))
            image = self.draw.processed
        else:
            if not len(self.dataset.x_test):
                return view.say(tr("{dataset} has no test images.").format(dataset=self.dataset.name))
            image, label = self.dataset.x_test[index], int(self.dataset.y_test[index])
        view.optimizer = choice(self.controls.optimizerCombo)
        view.learning_rate = self.controls.learningRateSpin.value()
        try:
            view.show_walk(Lens(self.model), model_inputs(self.model, image[None]), label)
        except ValueError as error:  # e.g. a model that does not take this dataset's images
            view.say(tr("Cannot walk this image through the model: {error}").format(error=error_text(error)))

    def predict_one(self, image: np.ndarray) -> np.ndarray:
        """One [0, 1] image as the model reads it ((28, 28), or (3, H, W) for a colour model) -> class
        probabilities, with the model's own normalisation."""
        return self.model.predict(model_inputs(self.model, image[None]))[0]

    def keep_drawing(self, label: str) -> None:
        """Wrong? It is a ``label``: the drawing goes to My digits, to teach the model later."""
        path = self.my_digits.add(self.draw.canvas.pixels(), label)
        self.data_view.myDigits.refresh()
        count = self.my_digits.counts().get(label, 0)
        self.statusBar().showMessage(tr("Kept as '{label}' in My digits ({count} of that class): {file}. Teach it "
                                        "when you have a few.").format(label=label, count=count, file=path.name))

    # ------------------------------------------------------------------ training, evaluation
    def _make_session(self, previous: TrainingSession | None = None) -> TrainingSession:
        """A session for the current model, dataset and controls (ValueError: a message for the user).

        ``previous``: the run to continue. The new session goes on from its state (weights, optimizer
        state, step and epoch counters, batch order) for Epochs more epochs, with the controls' live
        settings; a different optimizer starts a fresh optimizer state on the same weights.
        """
        if tuple(self.model.input_shape) != self.dataset.input_shape:
            theirs, ours = (tr_said(shape_words(shape)) for shape in (self.dataset.input_shape, self.model.input_shape))
            raise ValueError(tr(
                "the model reads {ours} images but {dataset}'s are {theirs}: choose a preset to build one for them"
            ).format(ours=ours, dataset=self.dataset.name, theirs=theirs))
        if self.model.output_shape() != (self.dataset.num_classes,):
            raise ValueError(tr(
                "the model predicts {predicted} classes but {dataset} has {classes}: choose a preset to build a "
                "fitting model"
            ).format(predicted=self.model.output_shape()[0], dataset=self.dataset.name,
                     classes=self.dataset.num_classes))
        layers = self._picture_layers()
        config = self.controls.training_config()
        if previous is None:
            return TrainingSession(self.model, self.dataset, config, probe=self.probe, filter_layers=layers)
        state = previous.state_dict()
        config = config.replace(epochs=previous.epoch + config.epochs)
        if config.optimizer != previous.config.optimizer:
            self.model.optimizer = None  # the old optimizer's state means nothing to the new one
        return TrainingSession(self.model, self.dataset, config, probe=self.probe, filter_layers=layers,
                               resume_state=state, normalization=previous.normalization)  # fmt: skip

    def _training_state_changed(self, state: str, message: str) -> None:
        busy = state in ("running", "paused")  # the model in training must not be replaced under it
        if busy:
            self.preset_times.stop()  # measuring presets must not slow the run down
        self.openAction.setEnabled(not busy)
        self.recentMenu.setEnabled(not busy)
        if message and state != "failed":  # a failure arrives as a problem, in a message box
            self.statusBar().showMessage(message, 8000)

    def _run_done(self, _state: str) -> None:
        self.openAction.setEnabled(True)
        self.recentMenu.setEnabled(True)
        if self.training.session is not None and self.training.session.step_count > 0:
            self.unsaved_training = True
            self.show_title()
        self.model_view.show_model(self.model, self.dataset.num_classes)
        if not self.model.is_regression:
            self.evaluate()

    def _show_still_snapshot(self) -> None:
        """Pictures of the current model when nothing is training (e.g. just opened)."""
        if self.model is None:
            return
        probe = None if self.probe is None else self._normalised_probe()
        layers = self._picture_layers()
        self.training.show_snapshot(take_snapshot(self.model, 0, 0, probe, layers), everywhere=True)

    def _normalised_probe(self):
        """The probe as the model takes it; None when it is not the model's image shape (an opened model
        that does not fit the data)."""
        shape = self.probe.shape if self.probe.ndim == 3 else (1, *self.probe.shape)
        if tuple(self.model.input_shape) != shape:
            return None
        return model_inputs(self.model, self.probe[None])[0]

    def _probe_changed(self, image) -> None:
        self.probe = None if image is None else np.asarray(image)
        if not self.training.set_probe(self.probe):
            self._show_still_snapshot()

    def _picture_layers(self) -> list[str]:
        """The conv layers whose kernels the views show: the Filters tab's and a clicked feature map's."""
        return [name for name in (self.filters.layer, self.feature_maps.kernel_layer) if name]

    def _picture_layers_changed(self, _name: str) -> None:
        if not self.training.show_filters_of(self._picture_layers()):
            self._show_still_snapshot()

    def _augmentation_preview(self, *_) -> None:
        self.data_view.set_augmentation(AugmentConfig.from_dict(self.controls.augment_dict()))

    def evaluate(self) -> None:
        """Predict every test image (all images, for data without a test part) on a worker; the Evaluation
        view shows the result."""
        self.evaluation.summaryLabel.setText(tr("Evaluating..."))
        model, dataset = self.model, self.dataset
        worker = Worker(lambda report: evaluate_model(model, dataset), name="evaluation")
        worker.finished.connect(self.evaluation.show_result)
        worker.errored.connect(self._evaluation_failed)
        self.evaluation_worker = worker
        worker.start()

    def open_test_image(self, index: int) -> None:
        """A thumbnail clicked in the Evaluation gallery: that image on the canvas (predicted and
        explained there) and as the Feature maps probe; Draw & predict comes to the front."""
        result = self.evaluation.result
        image, label = result.images[index], result.class_names[result.labels[index]]
        self.draw.canvas.open_picture(image)
        self.feature_maps.use_image(image, tr("test image {index} (label: {label})").format(index=index, label=label))
        self.tabs.setCurrentWidget(self.draw)

    def _evaluation_failed(self, error: Exception) -> None:
        self.show_error(tr("evaluation failed: {error}").format(error=error_text(error)))

    # ------------------------------------------------------------------ closing
    def closing_question(self) -> str | None:
        """What to ask before quitting, or None: a run in progress, or a trained model not saved."""
        if self.training.running():
            return tr("Training is running. Stop it and quit? (The weights learnt so far are not saved.)")
        if self.unsaved_training:
            return tr("The model was trained and is not saved. Quit anyway (its training is lost)?")
        return None

    def ask_to_close(self) -> bool:
        """Ask ``closing_question``; the question follows the training behind it, so a run that ends
        while the box is up changes the question instead of leaving a stale one."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question,
            "CNN Studio",
            self.closing_question() or "",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("quitQuestion")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)

        def follow(*_):
            question = self.closing_question()
            if question is None:
                box.done(QtWidgets.QMessageBox.StandardButton.Yes)  # nothing left to lose: quit as asked
            else:
                box.setText(question)

        self.training.runFinished.connect(follow)
        try:
            return box.exec() == QtWidgets.QMessageBox.StandardButton.Yes
        finally:
            self.training.runFinished.disconnect(follow)

    def closeEvent(self, event) -> None:
        if self.ask_before_closing and self.closing_question() is not None and not self.ask_to_close():
            event.ignore()
            return
        if self.training.running():
            self.training.stop_and_wait()
        self.training.timer.stop()
        self.preset_times.stop()  # its thread would time every preset for a window that is gone
        self._save_settings()
        event.accept()
