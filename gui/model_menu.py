"""The window's half that chooses the model: a preset, the pretrained default, a custom build, starting
over, and what the views show of the model chosen.

A mixin of ``MainWindow`` (``gui/main_window.py``), which provides ``controls``, the views, ``dataset``,
``training``, ``open_model``, ``show_error`` and ``predict_one``; ``DataChoice`` (``gui/data_menu.py``)
provides ``fresh_preset``.
"""

from __future__ import annotations

from pyqtgraph.Qt import QtWidgets

from engine.architecture import build_model, specs_from_model
from engine.data import class_names_of
from engine.data.pictures import model_reading
from engine.presets import PRESETS
from engine.snapshots import filter_layer_names, map_layer_kinds

from .controls import CUSTOM_ENTRY, DEFAULT_MODEL_ENTRY, ENTRY_WORDS, entry_text
from .i18n import add_choices, choose, error_text, has_choice, tr


class ModelChoice:
    """Choosing and building the model, asking before a trained, unsaved one goes."""

    def may_replace_model(self) -> bool:
        """True unless the current model was trained and not saved and the user keeps it."""
        if not self.unsaved_training:
            return True
        question = tr("The current model was trained and is not saved. Replace it anyway (its training is lost)?")
        return self.confirm(question)

    def confirm(self, question: str) -> bool:
        """A yes/no question (tests and scripts replace this method)."""
        answer = QtWidgets.QMessageBox.question(self, "CNN Studio", question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def choose_model(self, entry: str) -> None:
        if not self.may_replace_model():
            choose(self.controls.modelCombo, self.model_entry)
            return
        if entry == DEFAULT_MODEL_ENTRY:
            if self.open_model("default", ask=False):
                self.statusBar().showMessage(tr("The pretrained default: Train fine-tunes its weights with the "
                                                "settings on the left; Start over trains a fresh one with its recipe"))
        elif entry in PRESETS:
            try:
                self.set_model(self.fresh_preset(entry), entry)
            except ValueError as error:  # a preset whose layers do not fit these images
                self.show_error(error_text(error))
                choose(self.controls.modelCombo, self.model_entry)
                return
            recipe = self.controls.apply_recipe(PRESETS[entry].recipe_for(), PRESETS[entry])
            self.statusBar().showMessage(tr("{model}: new random weights; its recipe: {recipe}").format(
                model=entry, recipe=recipe
            ))
        elif entry == CUSTOM_ENTRY and self.custom_specs:
            self.build_custom_model(self.custom_specs)

    def start_over(self) -> bool:
        """Fresh weights from the Seed for the current architecture, then train (asks first when a
        trained model is not saved). The pretrained default starts over as its preset, with its recipe."""
        if self.training.running() or not self.may_replace_model():
            return False
        seed, classes = self.controls.seedSpin.value(), self.dataset.num_classes
        entry = self.model_entry
        if entry == DEFAULT_MODEL_ENTRY:
            entry = self.model.metadata.get("recipe", {}).get("preset", "mini-resnet")
            self.controls.apply_recipe(PRESETS[entry].recipe_for(), PRESETS[entry])
        if entry in PRESETS:
            try:
                model = self.fresh_preset(entry)
            except ValueError as error:  # the data's images are too small for this preset
                self.show_error(error_text(error))
                return False
        else:  # custom or opened from a file: the same layers, new weights
            model = build_model(specs_from_model(self.model), self.dataset.input_shape, classes, seed=seed)
            model.name = self.model.name
        self.set_model(model, entry)
        self.statusBar().showMessage(tr("Started over: {model} with fresh weights from seed {seed}").format(
            model=entry_text(entry), seed=seed
        ))
        self.training.train()
        return True

    def build_custom_model(self, specs) -> bool:
        """A fresh model from the layer editor's list (seeded by the Seed control), named 'custom'."""
        try:
            data = self.dataset
            model = build_model(specs, data.input_shape, data.num_classes, seed=self.controls.seedSpin.value())
        except ValueError as error:
            self.show_error(error_text(error))
            return False
        if not self.may_replace_model():
            return False
        self.custom_specs = specs
        self.set_model(model, CUSTOM_ENTRY)
        self.statusBar().showMessage(tr("Built a new model: {layers} layers, {parameters} parameters").format(
            layers=len(model.layers), parameters=f"{model.num_params():,}"
        ))
        return True

    def show_title(self) -> None:
        """The window's title names the model, and says when its training is not saved."""
        unsaved = " - " + tr("trained, not saved") if self.unsaved_training else ""
        self.setWindowTitle(f"CNN Studio - {entry_text(self.model_entry)}{unsaved}")

    def set_model(self, model, entry: str) -> None:
        self.model, self.model_entry, self.unsaved_training = model, entry, False
        self.backprop.forget(tr("The model is now {model}: press Walk through to look inside it.").format(
            model=entry_text(entry)
        ))
        if entry not in PRESETS:
            self.controls.forget_recipe()
        self.show_title()
        combo = self.controls.modelCombo
        if not has_choice(combo, entry):
            add_choices(combo, [entry], ENTRY_WORDS)
        choose(combo, entry)
        self.model_view.show_model(model, self.dataset.num_classes)
        self.filters.set_layers(filter_layer_names(model))
        self.filters.choose_colours(model.input_shape[0] == 3)
        self.feature_maps.set_layers(map_layer_kinds(model))
        self.training.forget_run()  # a new model: a new run next time; the curves so far stay as an overlay
        self._show_class_views(not model.is_regression)
        if not model.is_regression:
            self.draw.set_reading(model_reading(model.input_shape, model.metadata.get("pipeline")))
            self.draw.explainPanel.set_model(model)
            self.draw.set_predictor(self.predict_one, class_names_of(model, self.dataset.class_names))
        self._show_still_snapshot()

    def _show_class_views(self, shown: bool) -> None:
        """A regression model predicts numbers, not classes: Draw & predict and Evaluation are then off."""
        for view in (self.draw, self.evaluation):
            index = self.tabs.indexOf(view)
            self.tabs.setTabEnabled(index, shown)
            off = tr("off: the model predicts numbers (regression), not classes")
            self.tabs.setTabToolTip(index, "" if shown else off)
        if not shown:  # (Qt has moved off a tab it disabled)
            self.statusBar().showMessage(tr("A regression model: it predicts numbers, so the class views are off"))
