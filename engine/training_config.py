"""``TrainingConfig``: every hyperparameter of a training run, validated, as one small object."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from . import losses, optimizers, schedules
from .data.augment import AugmentConfig, describe_augment

OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
SCHEDULE_NAMES = ("constant", "cosine", "step")
# What may change while a session runs; it takes effect at the next batch.
LIVE_SETTINGS = ("learning_rate", "momentum", "weight_decay", "batch_size", "dropout", "augment")


@dataclass(frozen=True)
class TrainingConfig:
    """Hyperparameters of one run.

    learning_rate: the base learning rate; ``schedule`` shapes it over the run
        ("cosine" decays to 0 by the last step, "step" halves it every 1/3 of the run),
        after ``warmup_epochs`` of linear warm-up.
    momentum: used by the momentum, nesterov and rmsprop optimizers.
    dropout: if set, overrides the rate of every Dropout layer.
    val_split: share of the training images held out (stratified) for validation.
    label_smoothing: the cross-entropy target becomes ``(1 - s) * one_hot + s / K``
        (as ``torch.nn.CrossEntropyLoss(label_smoothing=s)``); 0.1 is the usual choice.
    max_gradient_norm: a larger overall gradient norm stops the run as diverged (None: no limit).
    shuffle: a new random order of the training samples every epoch (else their order as given).
    """

    epochs: int = 10
    batch_size: int = 64
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "constant"
    warmup_epochs: float = 0.0
    val_split: float = 0.1
    seed: int = 0
    dropout: float | None = None
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    label_smoothing: float = 0.0
    max_gradient_norm: float | None = 1e4
    shuffle: bool = True

    def __post_init__(self):
        def bad(name, value, rule):
            raise ValueError(f"{name} must be {rule}, got {value!r}")

        for name in ("epochs", "batch_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                bad(name, value, "a positive integer")
        if self.optimizer not in OPTIMIZER_NAMES:
            bad("optimizer", self.optimizer, f"one of {', '.join(OPTIMIZER_NAMES)}")
        if self.schedule not in SCHEDULE_NAMES:
            bad("schedule", self.schedule, f"one of {', '.join(SCHEDULE_NAMES)}")
        if not _number(self.learning_rate) or not 0 < self.learning_rate <= 10:
            bad("learning_rate", self.learning_rate, "a number in (0, 10]")
        if not _number(self.momentum) or not 0 <= self.momentum < 1:
            bad("momentum", self.momentum, "a number in [0, 1)")
        if not _number(self.weight_decay) or not 0 <= self.weight_decay < 1:
            bad("weight_decay", self.weight_decay, "a number in [0, 1)")
        if not _number(self.warmup_epochs) or self.warmup_epochs < 0:
            bad("warmup_epochs", self.warmup_epochs, "a number >= 0")
        if not _number(self.val_split) or not 0 <= self.val_split < 1:
            bad("val_split", self.val_split, "a number in [0, 1)")
        if self.dropout is not None and (not _number(self.dropout) or not 0 <= self.dropout < 1):
            bad("dropout", self.dropout, "a number in [0, 1) or None")
        if not _number(self.label_smoothing) or not 0 <= self.label_smoothing < 1:
            bad("label_smoothing", self.label_smoothing, "a number in [0, 1)")
        if self.max_gradient_norm is not None and (not _number(self.max_gradient_norm) or self.max_gradient_norm <= 0):
            bad("max_gradient_norm", self.max_gradient_norm, "a positive number or None")
        if not isinstance(self.shuffle, bool):
            bad("shuffle", self.shuffle, "True or False")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            bad("seed", self.seed, "an integer")
        if isinstance(self.augment, dict):
            object.__setattr__(self, "augment", AugmentConfig.from_dict(self.augment))
        elif not isinstance(self.augment, AugmentConfig):
            bad("augment", self.augment, "an AugmentConfig or a dict of its settings")

    def replace(self, **changes) -> TrainingConfig:
        if isinstance(changes.get("augment"), dict):
            changes["augment"] = dataclasses.replace(self.augment, **changes["augment"])
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        values = dataclasses.asdict(self)
        values["augment"] = self.augment.to_dict()
        return values

    @classmethod
    def from_dict(cls, values: dict) -> TrainingConfig:
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"unknown training setting(s): {', '.join(sorted(unknown))}")
        values = dict(values)
        if isinstance(values.get("augment"), dict):
            values["augment"] = AugmentConfig.from_dict(values["augment"])
        return cls(**values)

    def describe(self) -> str:
        """The recipe in words: ``adam, learning rate 0.002, cosine schedule, batch 64, handwriting augmentation``."""
        return (
            f"{self.optimizer}, learning rate {self.learning_rate:g}, {self.schedule} schedule, "
            f"batch {self.batch_size}, {describe_augment(self.augment)} augmentation"
        )

    def make_optimizer(self) -> optimizers.Optimizer:
        kwargs = {"lr": self.learning_rate, "weight_decay": self.weight_decay}
        if self.optimizer in ("momentum", "nesterov", "rmsprop"):
            kwargs["momentum"] = self.momentum
        return optimizers.get(self.optimizer, **kwargs)

    def make_loss(self) -> losses.SoftmaxCrossEntropy:
        return losses.SoftmaxCrossEntropy(label_smoothing=self.label_smoothing)

    def make_schedule(self, steps_per_epoch: int) -> schedules.Schedule:
        total = max(1, self.epochs * steps_per_epoch)
        warmup = int(round(self.warmup_epochs * steps_per_epoch))
        if self.schedule == "cosine":
            return schedules.CosineDecay(self.learning_rate, total_steps=total, warmup_steps=warmup)
        if self.schedule == "step":
            return schedules.StepDecay(self.learning_rate, step_size=max(1, total // 3), gamma=0.5, warmup_steps=warmup)
        return schedules.ConstantLR(self.learning_rate, warmup_steps=warmup)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
