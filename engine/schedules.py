"""Learning-rate schedules: pure functions ``schedule(step) -> lr``.

``step`` counts from 0 and can be batches or epochs: the ``LearningRateScheduler``
callback decides which. Every schedule can start with a linear warm-up over
``warmup_steps`` (from ``base_lr / warmup_steps`` up to ``base_lr``), after which the decay
starts counting from 0.

    StepDecay(0.1, step_size=10, gamma=0.5)      lr = base * gamma ** floor(step / step_size)
    ExponentialDecay(0.1, 0.96, decay_steps=100) lr = base * decay_rate ** (step / decay_steps)
    CosineDecay(0.1, total_steps=1000)           lr = min + (base - min) * (1 + cos(pi * step / total)) / 2
"""

from __future__ import annotations

import math

from .validation import number_in, whole_number


class Schedule:
    """Base class: warm-up handling and config; subclasses implement ``decayed(step)``."""

    def __init__(self, base_lr: float, warmup_steps: int = 0):
        self.base_lr = number_in(base_lr, "base_lr", 0.0, include_low=False)
        self.warmup_steps = whole_number(warmup_steps, "warmup_steps", low=0)

    def __call__(self, step: int) -> float:
        if step < self.warmup_steps:
            return self.base_lr * (step + 1) / self.warmup_steps
        return self.decayed(step - self.warmup_steps)

    def decayed(self, step: int) -> float:
        return self.base_lr

    def get_config(self) -> dict:
        return {"base_lr": self.base_lr, "warmup_steps": self.warmup_steps}


class ConstantLR(Schedule):
    """The same learning rate at every step (after the optional warm-up)."""


class StepDecay(Schedule):
    """Multiply the rate by ``gamma`` every ``step_size`` steps."""

    def __init__(self, base_lr: float, step_size: int, gamma: float = 0.1, warmup_steps: int = 0):
        super().__init__(base_lr, warmup_steps)
        whole_number(step_size, "step_size")
        number_in(gamma, "gamma", 0.0, 1.0, include_low=False, include_high=True)
        self.step_size, self.gamma = step_size, float(gamma)

    def decayed(self, step: int) -> float:
        return self.base_lr * self.gamma ** (step // self.step_size)

    def get_config(self) -> dict:
        return {**super().get_config(), "step_size": self.step_size, "gamma": self.gamma}


class ExponentialDecay(Schedule):
    """``lr = base_lr * decay_rate ** (step / decay_steps)``: smooth exponential decay."""

    def __init__(self, base_lr: float, decay_rate: float, decay_steps: int = 1, warmup_steps: int = 0):
        super().__init__(base_lr, warmup_steps)
        number_in(decay_rate, "decay_rate", 0.0, 1.0, include_low=False, include_high=True)
        whole_number(decay_steps, "decay_steps")
        self.decay_rate, self.decay_steps = float(decay_rate), decay_steps

    def decayed(self, step: int) -> float:
        return self.base_lr * self.decay_rate ** (step / self.decay_steps)

    def get_config(self) -> dict:
        return {**super().get_config(), "decay_rate": self.decay_rate, "decay_steps": self.decay_steps}


class CosineDecay(Schedule):
    """Half a cosine from ``base_lr`` down to ``min_lr`` over ``total_steps``, then stay at ``min_lr``."""

    def __init__(self, base_lr: float, total_steps: int, min_lr: float = 0.0, warmup_steps: int = 0):
        super().__init__(base_lr, warmup_steps)
        whole_number(total_steps, "total_steps")
        number_in(min_lr, "min_lr", 0.0, base_lr, include_high=True)
        self.total_steps, self.min_lr = total_steps, float(min_lr)

    def decayed(self, step: int) -> float:
        progress = min(step, self.total_steps) / self.total_steps
        return self.min_lr + (self.base_lr - self.min_lr) * (1 + math.cos(math.pi * progress)) / 2

    def get_config(self) -> dict:
        return {**super().get_config(), "total_steps": self.total_steps, "min_lr": self.min_lr}
