"""The control panel: dataset, model, hyperparameters, Train/Pause/Step/Stop and progress."""

from __future__ import annotations

import dataclasses

from pyqtgraph.Qt import QtCore, QtGui, QtWidgets

from engine.data import HANDWRITING, KNOWN, OBJECTS, AugmentConfig
from engine.presets import PRESETS, Preset
from engine.progress import format_duration
from engine.training_config import (
    DEFAULT_DECAY_RATE,
    MOMENTUM_OPTIMIZERS,
    OPTIMIZER_NAMES,
    SCHEDULE_NAMES,
    TrainingConfig,
)

from .fit import FittingScroll, compact
from .i18n import add_choices, choice, choose, has_choice, tr, tr_said, translatable

DEFAULT_MODEL_ENTRY = "default (pretrained)"
EPOCHS_DEFAULT = 5  # short runs for a live demo, unless a preset's recipe asks for more
OPEN_ENTRY = "Open folder/file..."
CUSTOM_ENTRY = "custom"  # the model built in the layer editor
# The augmentation menu: its entries and the recipe each one stands for (strength 1).
AUGMENT_NONE = "none"
AUGMENT_RECIPES = {
    AUGMENT_NONE: AugmentConfig(),
    "handwriting-like": HANDWRITING,
    "flips and erasing": OBJECTS,
}
AUGMENT_CUSTOM = "preset's own"  # a recipe that is none of the above: kept as it is
# The entries that are words rather than names, shown in the window's language (gui/i18n.add_choices).
ENTRY_WORDS = {
    DEFAULT_MODEL_ENTRY: translatable("default (pretrained)"),
    CUSTOM_ENTRY: translatable("custom"),
    OPEN_ENTRY: translatable("Open folder/file..."),
    AUGMENT_NONE: translatable("none"),
    "handwriting-like": translatable("handwriting-like"),
    "flips and erasing": translatable("flips and erasing"),
    AUGMENT_CUSTOM: translatable("preset's own"),
    "constant": translatable("constant"),
    "cosine": translatable("cosine"),
    "step": translatable("step"),
    "exponential": translatable("exponential"),
}
HIDDEN_SETTINGS = ("warmup_epochs", "label_smoothing", "val_split")  # recipe settings without a control

HELP = {
    "dataset": translatable(
        "The images to learn from. The embedded digits are 10,000 real MNIST digits that ship with the app."
    ),
    "model": translatable(
        "The architecture. 'default (pretrained)' is already trained; a preset starts from random weights; "
        "'custom' is what you built in the layer editor (Edit layers...)."
    ),
    "edit": translatable(
        "Open the layer editor (Model tab): add, remove, reorder and change layers, with every layer's output "
        "shape and parameter count checked after every edit."
    ),
    "optimizer": translatable(
        "How gradients turn into weight changes. Adam adapts a step size per weight and is a safe default; "
        "SGD with momentum is the classic; compare them on the curves."
    ),
    "lr": translatable(
        "Learning rate: the step size of each update. Too high and the loss jumps or diverges; too low and "
        "learning crawls. Can be changed while training."
    ),
    "momentum": translatable(
        "For SGD momentum/Nesterov and RMSProp: how much of the previous step carries over, smoothing noisy "
        "gradients. Can be changed while training."
    ),
    "batch": translatable(
        "Images per update. Bigger batches give smoother gradients and faster images/s, smaller ones more "
        "updates per epoch. Can be changed while training."
    ),
    "epochs": translatable("How many times training goes through all training images."),
    "schedule": translatable(
        "How the learning rate changes over the run: constant, cosine (smoothly down to 0 by the last "
        "step, usually the most accurate), step (times the decay factor every so many epochs; halved every third of "
        "the run unless set) or exponential (times the decay factor per so many epochs, smoothly: the TF2 notes' "
        "lr = base * decay ** (epoch / step))."
    ),
    "decay_rate": translatable(
        "Step and exponential schedules: the factor the learning rate is multiplied by per period."
    ),
    "decay_epochs": translatable(
        "Step and exponential schedules: the period in epochs (0: step halves every third of the run, "
        "exponential decays per epoch)."
    ),
    "decay": translatable(
        "Weight decay (L2): pulls weights towards zero every step so the net prefers simple solutions. Live."
    ),
    "augment": translatable(
        "Fresh random changes to the training images every batch, so the network learns what does not "
        "matter. Handwriting-like: rotate, shift, zoom, slant and warp, as real handwriting varies (for digits). "
        "Flips and erasing: mirror images and blanked patches (for clothes and objects; a mirrored 7 is no digit). "
        "Slower to fit, better on new images. Recipe and strength can be changed while training."
    ),
    "seed": translatable(
        "Makes a run repeatable: the same seed gives the same initial weights, order and augmentation."
    ),
    "train": translatable(
        "Train: start training these weights. Continue: go on with the last run (same weights, optimizer "
        "state and counters; its curves go on, and Epochs more epochs are trained). Resume: after Pause."
    ),
    "start over": translatable(
        "Fresh random weights from the Seed, then train: a new run. The curves so far stay, faded, "
        "for comparison; asks first if the trained model is not saved."
    ),
    "pause": translatable("Pause after the current batch; curves and pictures stay as they are."),
    "step": translatable("Train exactly one batch, then pause: watch a single update happen."),
    "stop": translatable("End the run. The weights learnt so far stay in the model."),
}



def entry_text(name: str) -> str:
    """A menu entry's name as the window shows it: 'default (pretrained)' in the window's language, 'mini-resnet'
    as it is."""
    return tr(ENTRY_WORDS[name]) if name in ENTRY_WORDS else name

STRENGTH_HELP = translatable("Augmentation strength, 0% to 200% of the chosen recipe. Live.")


class _SaysWhenOutOfRange:
    """A spin box that shows a typed value outside its range and, when the typing ends, keeps
    the old value and says why (``refused``). Qt's own boxes refuse the keystroke: typing 5 or 50
    into a learning rate that stops at 1 did nothing, without a word."""

    def _typed(self, text: str) -> float | None:
        text = text.strip().removeprefix(self.prefix()).removesuffix(self.suffix()).replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None

    def validate(self, text, pos):
        state, text_, pos_ = super().validate(text, pos)
        if state == QtGui.QValidator.State.Invalid and self._typed(text) is not None:
            return QtGui.QValidator.State.Intermediate, text, pos  # a number, just out of range: show it
        return state, text_, pos_

    def fixup(self, text):
        number = self._typed(text)
        if number is not None and not self.minimum() <= number <= self.maximum():
            self.refused.emit(tr("{number} is outside {low} to {high}, so it stays {value}").format(
                number=f"{number:g}", low=f"{self.minimum():g}", high=f"{self.maximum():g}", value=f"{self.value():g}"
            ))
        return super().fixup(text)


class CheckedDoubleSpinBox(_SaysWhenOutOfRange, QtWidgets.QDoubleSpinBox):
    refused = QtCore.Signal(str)


class CheckedSpinBox(_SaysWhenOutOfRange, QtWidgets.QSpinBox):
    refused = QtCore.Signal(str)


class ControlPanel(QtWidgets.QWidget):
    """Widgets only; the main window connects them to the training worker."""

    datasetChosen = QtCore.Signal(str)
    modelChosen = QtCore.Signal(str)
    liveSettingChanged = QtCore.Signal(dict)
    recipeAdapted = QtCore.Signal(str)  # a preset's recipe, adapted to a new number of epochs, in words

    def __init__(self, parent=None):
        super().__init__(parent)
        form = self.settingsForm = QtWidgets.QFormLayout()
        self.datasetCombo = self._combo("datasetCombo", [*KNOWN, OPEN_ENTRY], HELP["dataset"])
        self.modelCombo = self._combo("modelCombo", [DEFAULT_MODEL_ENTRY, *PRESETS], HELP["model"])
        self.optimizerCombo = self._combo("optimizerCombo", list(OPTIMIZER_NAMES), HELP["optimizer"])
        choose(self.optimizerCombo, "adam")
        self.learningRateSpin = self._double("learningRateSpin", 1e-5, 1.0, 1e-3, 5, HELP["lr"])
        self.momentumSpin = self._double("momentumSpin", 0.0, 0.999, 0.9, 3, HELP["momentum"])
        self.weightDecaySpin = self._double("weightDecaySpin", 0.0, 0.1, 0.0, 5, HELP["decay"])
        self.batchSizeSpin = self._int("batchSizeSpin", 1, 4096, 64, HELP["batch"])
        self.epochsSpin = self._int("epochsSpin", 1, 1000, EPOCHS_DEFAULT, HELP["epochs"])
        self.hidden_settings: dict = {}  # a recipe's settings that have no control (HIDDEN_SETTINGS)
        self.following: tuple[Preset, TrainingConfig] | None = None  # the preset recipe shown, as set
        self.epochsSpin.valueChanged.connect(self._epochs_changed)
        self.scheduleCombo = self._combo("scheduleCombo", list(SCHEDULE_NAMES), HELP["schedule"])
        self.decayRateSpin = self._double("decayRateSpin", 0.01, 1.0, 0.5, 3, HELP["decay_rate"])
        self.decayEpochsSpin = self._double("decayEpochsSpin", 0.0, 1000.0, 0.0, 1, HELP["decay_epochs"])
        self.decayEpochsSpin.setSpecialValueText(tr("auto"))  # 0: the schedule's own period
        self.decayEpochsSpin.setSuffix(tr(" epochs"))
        self.decayRateSpin.setPrefix("x ")
        self.scheduleCombo.currentIndexChanged.connect(lambda _: self._schedule_changed(choice(self.scheduleCombo)))
        self.seedSpin = self._int("seedSpin", 0, 2**31 - 1, 0, HELP["seed"])
        self.augmentCombo = self._combo("augmentCombo", list(AUGMENT_RECIPES), HELP["augment"])
        self.custom_augment = None  # the AugmentConfig behind AUGMENT_CUSTOM, once a recipe brings one
        self.augmentStrengthSlider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.augmentStrengthSlider.setObjectName("augmentStrengthSlider")
        self.augmentStrengthSlider.setRange(0, 200)
        self.augmentStrengthSlider.setValue(100)
        self.augmentStrengthSlider.setToolTip(tr(STRENGTH_HELP))
        self.editLayersButton = self._button("editLayersButton", tr("Edit layers..."), HELP["edit"])
        self.augmentStrengthLabel = QtWidgets.QLabel("100%")
        self.augmentStrengthLabel.setMinimumWidth(self.augmentStrengthLabel.fontMetrics().horizontalAdvance("200%") + 4)
        strength_row = QtWidgets.QHBoxLayout()
        strength_row.addWidget(self.augmentStrengthSlider, 1)
        strength_row.addWidget(self.augmentStrengthLabel)
        for label, widget in (
            (tr("Dataset"), self.datasetCombo),
            (tr("Model"), self.modelCombo),
            ("", self.editLayersButton),
            (tr("Optimizer"), self.optimizerCombo),
            (tr("Learning rate"), self.learningRateSpin),
            (tr("Momentum"), self.momentumSpin),
            (tr("Batch size"), self.batchSizeSpin),
            (tr("Epochs"), self.epochsSpin),
            (tr("Schedule"), self.scheduleCombo),
            (tr("Decay by"), self.decayRateSpin),  # two rows, only for step and exponential: one is too narrow
            (tr("Decay every"), self.decayEpochsSpin),
            (tr("Weight decay"), self.weightDecaySpin),
            (tr("Augmentation"), self.augmentCombo),
            (tr("Strength"), strength_row),
            (tr("Seed"), self.seedSpin),
        ):
            form.addRow(label, widget)
            if isinstance(widget, _SaysWhenOutOfRange):
                widget.refused.connect(lambda message, label=label: self.statusLabel.setText(f"{label}: {message}."))
        self._schedule_changed(choice(self.scheduleCombo))

        self.trainButton = self._button("trainButton", tr("Train"), HELP["train"])
        self.pauseButton = self._button("pauseButton", tr("Pause"), HELP["pause"])
        self.stepButton = self._button("stepButton", tr("Step"), HELP["step"])
        self.stopButton = self._button("stopButton", tr("Stop"), HELP["stop"])
        self.startOverButton = self._button("startOverButton", tr("Start over"), HELP["start over"])
        buttons = QtWidgets.QGridLayout()
        buttons.addWidget(self.trainButton, 0, 0, 1, 2)
        buttons.addWidget(self.startOverButton, 0, 2)
        buttons.addWidget(self.pauseButton, 1, 0)
        buttons.addWidget(self.stepButton, 1, 1)
        buttons.addWidget(self.stopButton, 1, 2)
        compact(self.trainButton, self.startOverButton, self.pauseButton, self.stepButton, self.stopButton)
        self.progressBar = QtWidgets.QProgressBar()
        self.progressBar.setObjectName("progressBar")
        self.progressBar.setFormat(tr("idle"))
        self.progressBar.setTextVisible(True)
        self.last_report = None  # the newest BatchReport shown
        self.paused = False  # set by set_running_state
        self.statusLabel = QtWidgets.QLabel(tr("Ready."))
        self.statusLabel.setObjectName("trainingStatus")
        self.statusLabel.setWordWrap(True)
        policy = self.statusLabel.sizePolicy()  # a long message wraps; it never widens the panel
        policy.setHorizontalPolicy(QtWidgets.QSizePolicy.Policy.Ignored)
        self.statusLabel.setSizePolicy(policy)

        # The settings scroll when the window is short (800x600 and below); the run's buttons and its
        # progress stay in sight under them.
        settings = QtWidgets.QWidget()
        settings.setObjectName("trainingSettings")
        settings.setLayout(form)
        form.setContentsMargins(0, 0, 4, 0)  # (the panel has margins of its own)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(FittingScroll(settings, horizontal=False), 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progressBar)
        layout.addWidget(self.statusLabel)
        self.set_running_state("idle")

        self.optimizerCombo.currentIndexChanged.connect(lambda _: self._show_what_applies())
        self.augmentCombo.currentIndexChanged.connect(lambda _: self._show_what_applies())
        self._show_what_applies()
        self.datasetCombo.activated.connect(lambda _: self.datasetChosen.emit(choice(self.datasetCombo)))
        self.modelCombo.activated.connect(lambda _: self.modelChosen.emit(choice(self.modelCombo)))
        self.learningRateSpin.valueChanged.connect(lambda v: self.liveSettingChanged.emit({"learning_rate": v}))
        self.momentumSpin.valueChanged.connect(lambda v: self.liveSettingChanged.emit({"momentum": v}))
        self.weightDecaySpin.valueChanged.connect(lambda v: self.liveSettingChanged.emit({"weight_decay": v}))
        self.batchSizeSpin.valueChanged.connect(lambda v: self.liveSettingChanged.emit({"batch_size": v}))
        self.augmentCombo.activated.connect(lambda _: self.liveSettingChanged.emit({"augment": self.augment_dict()}))
        self.augmentStrengthSlider.valueChanged.connect(lambda v: self.augmentStrengthLabel.setText(f"{v}%"))
        self.augmentStrengthSlider.valueChanged.connect(
            lambda _: self.liveSettingChanged.emit({"augment": self.augment_dict()})
        )

    def _show_what_applies(self) -> None:
        """Momentum only for the optimizers that have one, Strength only with an augmentation: a
        control that would do nothing is off, and its tooltip says why."""
        optimizer = choice(self.optimizerCombo)
        uses_momentum = optimizer in MOMENTUM_OPTIMIZERS
        self.momentumSpin.setEnabled(uses_momentum)
        self.momentumSpin.setToolTip(tr(HELP["momentum"]) if uses_momentum else
                                     tr("Off: {optimizer} has no momentum.").format(optimizer=optimizer)
                                     + " " + tr(HELP["momentum"]))  # fmt: skip
        augmented = choice(self.augmentCombo) != AUGMENT_NONE
        self.augmentStrengthSlider.setEnabled(augmented)
        self.augmentStrengthSlider.setToolTip(tr(STRENGTH_HELP) if augmented else
                                              tr("Off: choose an augmentation first.") + " " + tr(STRENGTH_HELP))

    # -------------------------------------------------------------- small builders
    def _combo(self, name, items, tip):
        combo = QtWidgets.QComboBox()
        combo.setObjectName(name)
        add_choices(combo, items, ENTRY_WORDS)
        combo.setToolTip(tr(tip))
        # As wide as the panel allows, not as wide as the longest entry: the panel fits an 800x600 window.
        combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _double(self, name, low, high, value, decimals, tip):
        spin = CheckedDoubleSpinBox()
        spin.setObjectName(name)
        spin.setDecimals(decimals)
        spin.setRange(low, high)
        spin.setSingleStep(10 ** -(decimals - 1) if decimals > 3 else 0.05)
        spin.setValue(value)
        spin.setToolTip(tr(tip))
        spin.setKeyboardTracking(False)  # apply a typed value once, not at every keystroke
        return spin

    def _int(self, name, low, high, value, tip):
        spin = CheckedSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setToolTip(tr(tip))
        spin.setKeyboardTracking(False)
        return spin

    def _button(self, name, text, tip):
        button = QtWidgets.QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tr(tip))
        return button

    # -------------------------------------------------------------- reading and showing state
    def augment_dict(self) -> dict:
        """The chosen recipe at the slider's strength, as ``TrainingSession.update(augment=...)`` takes it."""
        name = choice(self.augmentCombo)
        recipe = self.custom_augment if name == AUGMENT_CUSTOM else AUGMENT_RECIPES[name]
        if not recipe.active:
            return AugmentConfig().to_dict()
        return {**recipe.to_dict(), "strength": self.augmentStrengthSlider.value() / 100}

    def show_augment(self, config: AugmentConfig) -> str:
        """Select the menu entry for ``config`` (adding the preset's own entry if none fits); returns its name."""
        at_full_strength = dataclasses.replace(config, strength=1.0)
        if not config.active:
            name = AUGMENT_NONE
        else:
            name = next((n for n, recipe in AUGMENT_RECIPES.items() if recipe == at_full_strength), None)
        if name is None:
            name, self.custom_augment = AUGMENT_CUSTOM, at_full_strength
            if not has_choice(self.augmentCombo, AUGMENT_CUSTOM):
                add_choices(self.augmentCombo, [AUGMENT_CUSTOM], ENTRY_WORDS)
        choose(self.augmentCombo, name)
        if config.active:
            self.augmentStrengthSlider.setValue(round(config.strength * 100))
        return name

    def apply_recipe(self, recipe: dict, preset: Preset | None = None) -> str:
        """Set the controls to a recipe (the rest to their defaults); returns it in words.

        ``preset``: the recipe is that preset's (``Preset.recipe_for``), and follows the Epochs box
        from now on, until the user changes a setting of the recipe by hand.
        """
        config = TrainingConfig.from_dict({"epochs": EPOCHS_DEFAULT, **recipe})
        self.following = None  # while the controls change, Epochs must not re-adapt them
        choose(self.optimizerCombo, config.optimizer)
        self.learningRateSpin.setValue(config.learning_rate)
        self.momentumSpin.setValue(config.momentum)
        self.weightDecaySpin.setValue(config.weight_decay)
        self.batchSizeSpin.setValue(config.batch_size)
        self.epochsSpin.setValue(config.epochs)
        choose(self.scheduleCombo, config.schedule)
        self.decayRateSpin.setValue(config.decay_rate or DEFAULT_DECAY_RATE.get(config.schedule, 0.5))
        self.decayEpochsSpin.setValue(config.decay_epochs or 0.0)
        self.show_augment(config.augment)
        # Settings without a control of their own (warm-up, label smoothing, validation share) ride along.
        self.hidden_settings = {name: getattr(config, name) for name in HIDDEN_SETTINGS}
        self.following = (preset, self.training_config()) if preset is not None else None
        return tr("{recipe}, {epochs} epochs").format(recipe=tr_said(config.describe()), epochs=config.epochs)

    def forget_recipe(self) -> None:
        """A model that is no preset (the pretrained default, an opened file, a custom build): no recipe
        follows the Epochs box, and no setting without a control rides along unseen."""
        self.hidden_settings, self.following = {}, None

    def _epochs_changed(self, epochs: int) -> None:
        """A preset's recipe adapts to the budget (``Preset.recipe_for``): a 3-epoch run gets a faster
        learning rate and lighter augmentation than a 30-epoch one. Only while the controls still hold
        the recipe as it was set: a value the user chose by hand is never overwritten."""
        if self.following is None:
            return
        preset, shown = self.following
        if self.training_config().replace(epochs=shown.epochs, seed=shown.seed) != shown:
            self.following = None  # the user has made the recipe their own
            return
        self.recipeAdapted.emit(self.apply_recipe(preset.recipe_for(epochs), preset))

    def _schedule_changed(self, schedule: str) -> None:
        """The decay row is there for the schedules that decay by a factor, with that schedule's usual one."""
        decays = schedule in DEFAULT_DECAY_RATE
        for spin in (self.decayRateSpin, self.decayEpochsSpin):
            spin.setVisible(decays)
            self.settingsForm.labelForField(spin).setVisible(decays)
        if decays:
            self.decayRateSpin.setValue(DEFAULT_DECAY_RATE[schedule])

    def _decay(self) -> dict:
        """The decay settings of the step and exponential schedules; none for the others."""
        if choice(self.scheduleCombo) not in DEFAULT_DECAY_RATE:
            return {}
        period = self.decayEpochsSpin.value()
        return {"decay_rate": self.decayRateSpin.value(), "decay_epochs": period or None}

    def training_config(self) -> TrainingConfig:
        return TrainingConfig(
            epochs=self.epochsSpin.value(),
            batch_size=self.batchSizeSpin.value(),
            optimizer=choice(self.optimizerCombo),
            learning_rate=self.learningRateSpin.value(),
            momentum=self.momentumSpin.value(),
            weight_decay=self.weightDecaySpin.value(),
            schedule=choice(self.scheduleCombo),
            **self._decay(),
            seed=self.seedSpin.value(),
            augment=AugmentConfig.from_dict(self.augment_dict()),
            **self.hidden_settings,
        )

    def set_running_state(self, state: str, continuable: bool = False) -> None:
        """Enable the buttons that make sense: idle/finished -> Train (Continue after a run, see
        ``TrainingController.continuable``) and Start over; running -> Pause/Stop; paused -> all."""
        running, paused = state == "running", state == "paused"
        self.paused = paused  # a batch report drained after the pause still says "paused"
        self.trainButton.setEnabled(not running)
        self.trainButton.setText(tr("Resume") if paused else tr("Continue") if continuable else tr("Train"))
        self.startOverButton.setEnabled(not (running or paused))
        self.pauseButton.setEnabled(running)
        self.stepButton.setEnabled(not running)
        self.stopButton.setEnabled(running or paused)
        fixed_for_a_run = (self.datasetCombo, self.modelCombo, self.optimizerCombo, self.epochsSpin, self.scheduleCombo,
                           self.decayRateSpin, self.decayEpochsSpin, self.seedSpin)  # fmt: skip
        for widget in fixed_for_a_run:
            widget.setEnabled(not (running or paused))

    def show_progress(self, report) -> None:
        """One short line inside the bar (``epoch 1/5 · 80/113 · ETA 0:44``, or ``paused · ...``
        while paused); the speed in its tooltip."""
        self.last_report = report
        total = report.epochs * max(1, report.batches)
        done = (report.epoch - 1) * report.batches + report.batch
        self.progressBar.setMaximum(total)
        self.progressBar.setValue(min(done, total))
        where = tr("epoch {epoch}/{epochs} · {batch}/{batches}").format(
            epoch=report.epoch, epochs=report.epochs, batch=report.batch, batches=report.batches
        )
        if self.paused:
            self.progressBar.setFormat(tr("paused · {where}").format(where=where))
            return
        eta = format_duration(report.eta_seconds) if report.eta_seconds == report.eta_seconds else "?"
        self.progressBar.setFormat(tr("{where} · ETA {eta}").format(where=where, eta=eta))
        self.progressBar.setToolTip(tr("{speed} images/s; the ETA follows the last 50 batches").format(
            speed=f"{report.images_per_second:.0f}"
        ))

    def show_paused(self) -> None:
        if self.last_report is not None:
            self.show_progress(self.last_report)
