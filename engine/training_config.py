"""``TrainingConfig``: every hyperparameter of a training run, validated, as one small object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from . import losses, optimizers, schedules
from .data.augment import AugmentConfig, describe_augment
from .validation import number_in, whole_number
from .words import Said, joined, said

OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
SCHEDULE_NAMES = ("constant", "cosine", "step", "exponential")
DEFAULT_DECAY_RATE = {"step": 0.5, "exponential": 0.9}  # per drop, per decay_epochs
MOMENTUM_OPTIMIZERS = ("momentum", "nesterov", "rmsprop")  # those that read ``momentum``
# What may change while a session runs; it takes effect at the next batch.
LIVE_SETTINGS = ("learning_rate", "momentum", "weight_decay", "batch_size", "dropout", "augment")


@dataclass(frozen=True)
class TrainingConfig:
    """Hyperparameters of one run.

    learning_rate: the base learning rate; ``schedule`` shapes it over the run, after
        ``warmup_epochs`` of linear warm-up: "cosine" decays to 0 by the last step, "step"
        multiplies it by ``decay_rate`` every ``decay_epochs`` (default: halves it every third of
        the run), "exponential" by ``decay_rate`` per ``decay_epochs``, smoothly (the TF2 notes'
        ``lr = base * decay ** (epoch / step)``; default 0.9 per epoch).
    decay_rate, decay_epochs: the step and exponential schedules' factor and period (None: their
        defaults above).
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
    decay_rate: float | None = None
    decay_epochs: float | None = None
    warmup_epochs: float = 0.0
    val_split: float = 0.1
    seed: int = 0
    dropout: float | None = None
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    label_smoothing: float = 0.0
    max_gradient_norm: float | None = 1e4
    shuffle: bool = True

    def __post_init__(self):
        for name in ("epochs", "batch_size"):
            whole_number(getattr(self, name), name)
        whole_number(self.seed, "seed", low=0)  # numpy's generators take no negative seeds
        for name, names in (("optimizer", OPTIMIZER_NAMES), ("schedule", SCHEDULE_NAMES)):
            if getattr(self, name) not in names:
                raise ValueError(said("{name} must be one of {value}, got {value2}",
                                      name=name, value=', '.join(names), value2=repr(getattr(self, name))))
        number_in(self.learning_rate, "learning_rate", 0, 10, include_low=False, include_high=True)
        for name in ("momentum", "weight_decay", "val_split", "label_smoothing"):
            number_in(getattr(self, name), name, 0, 1)
        number_in(self.warmup_epochs, "warmup_epochs", 0)
        if self.decay_rate is not None:
            number_in(self.decay_rate, "decay_rate", 0, 1, include_low=False, include_high=True)
        if self.decay_epochs is not None:
            number_in(self.decay_epochs, "decay_epochs", 0, include_low=False)
        if self.dropout is not None:
            number_in(self.dropout, "dropout", 0, 1)
        if self.max_gradient_norm is not None:
            number_in(self.max_gradient_norm, "max_gradient_norm", 0, include_low=False)
        if not isinstance(self.shuffle, bool):
            raise ValueError(said("shuffle must be True or False, got {shuffle}", shuffle=repr(self.shuffle)))
        if isinstance(self.augment, dict):
            object.__setattr__(self, "augment", AugmentConfig.from_dict(self.augment))
        elif not isinstance(self.augment, AugmentConfig):
            raise ValueError(said("augment must be an AugmentConfig or a dict of its settings, got {augment}",
                                  augment=repr(self.augment)))

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
            raise ValueError(said("unknown training setting(s): {value}", value=', '.join(sorted(unknown))))
        values = dict(values)
        if isinstance(values.get("augment"), dict):
            values["augment"] = AugmentConfig.from_dict(values["augment"])
        return cls(**values)

    def describe(self) -> Said:
        """The recipe in words: ``adam, learning rate 0.002, cosine schedule, batch 64, handwriting augmentation``."""
        schedule = said("{schedule} schedule", schedule=self.schedule)
        if self.schedule in DEFAULT_DECAY_RATE and (self.decay_rate is not None or self.decay_epochs is not None):
            rate = self.decay_rate or DEFAULT_DECAY_RATE[self.schedule]
            period = self.decay_epochs or (1 if self.schedule == "exponential" else None)
            every = said("a third of the run") if period is None else said("epoch") if period == 1 else said(
                "{count:g} epochs", count=period)
            schedule = said("{schedule} schedule (x{rate:g} every {every})", schedule=self.schedule, rate=rate,
                            every=every)
        parts = [self.optimizer, said("learning rate {lr:g}", lr=self.learning_rate), schedule,
                 said("batch {size}", size=self.batch_size)]  # fmt: skip
        if self.warmup_epochs:
            parts.append(said("{epochs:g} epochs of warm-up", epochs=self.warmup_epochs))
        if self.label_smoothing:
            parts.append(said("label smoothing {amount:g}", amount=self.label_smoothing))
        parts.append(said("{augment} augmentation", augment=describe_augment(self.augment)))
        return joined(parts)

    def make_optimizer(self) -> optimizers.Optimizer:
        kwargs = {"lr": self.learning_rate, "weight_decay": self.weight_decay}
        if self.optimizer in MOMENTUM_OPTIMIZERS:
            kwargs["momentum"] = self.momentum
        return optimizers.get(self.optimizer, **kwargs)

    def make_loss(self) -> losses.SoftmaxCrossEntropy:
        return losses.SoftmaxCrossEntropy(label_smoothing=self.label_smoothing)

    def make_schedule(self, steps_per_epoch: int) -> schedules.Schedule:
        total = max(1, self.epochs * steps_per_epoch)
        warmup = int(round(self.warmup_epochs * steps_per_epoch))
        if self.schedule == "cosine":
            return schedules.CosineDecay(self.learning_rate, total_steps=total, warmup_steps=warmup)
        rate = self.decay_rate or DEFAULT_DECAY_RATE.get(self.schedule, 1.0)
        period = None if self.decay_epochs is None else max(1, round(self.decay_epochs * steps_per_epoch))
        if self.schedule == "step":
            return schedules.StepDecay(self.learning_rate, step_size=period or max(1, total // 3), gamma=rate,
                                       warmup_steps=warmup)  # fmt: skip
        if self.schedule == "exponential":
            return schedules.ExponentialDecay(self.learning_rate, rate, decay_steps=period or max(1, steps_per_epoch),
                                              warmup_steps=warmup)  # fmt: skip
        return schedules.ConstantLR(self.learning_rate, warmup_steps=warmup)
