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


class Schedule:
    """Base class: warm-up handling and config; subclasses implement ``decayed(step)``."""

    def __init__(self, base_lr: float, warmup_steps: int = 0):
        if not (isinstance(base_lr, (int, float)) and base_lr > 0 and math.isfinite(base_lr)):
            raise ValueError(f"base_lr must be a positive number, got {base_lr!r}")
        if not isinstance(warmup_steps, int) or warmup_steps < 0:
            raise ValueError(f"warmup_steps must be an int >= 0, got {warmup_steps!r}")
        self.base_lr = float(base_lr)
        self.warmup_steps = warmup_steps

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
        if not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"step_size must be a positive int, got {step_size!r}")
        if not 0 < gamma <= 1:
            raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
        self.step_size, self.gamma = step_size, float(gamma)

    def decayed(self, step: int) -> float:
        return self.base_lr * self.gamma ** (step // self.step_size)

    def get_config(self) -> dict:
        return {**super().get_config(), "step_size": self.step_size, "gamma": self.gamma}


class ExponentialDecay(Schedule):
    """``lr = base_lr * decay_rate ** (step / decay_steps)``: smooth exponential decay."""

    def __init__(self, base_lr: float, decay_rate: float, decay_steps: int = 1, warmup_steps: int = 0):
        super().__init__(base_lr, warmup_steps)
        if not 0 < decay_rate <= 1:
            raise ValueError(f"decay_rate must be in (0, 1], got {decay_rate!r}")
        if not isinstance(decay_steps, int) or decay_steps < 1:
            raise ValueError(f"decay_steps must be a positive int, got {decay_steps!r}")
        self.decay_rate, self.decay_steps = float(decay_rate), decay_steps

    def decayed(self, step: int) -> float:
        return self.base_lr * self.decay_rate ** (step / self.decay_steps)

    def get_config(self) -> dict:
        return {**super().get_config(), "decay_rate": self.decay_rate, "decay_steps": self.decay_steps}


class CosineDecay(Schedule):
    """Half a cosine from ``base_lr`` down to ``min_lr`` over ``total_steps``, then stay at ``min_lr``."""

    def __init__(self, base_lr: float, total_steps: int, min_lr: float = 0.0, warmup_steps: int = 0):
        super().__init__(base_lr, warmup_steps)
        if not isinstance(total_steps, int) or total_steps < 1:
            raise ValueError(f"total_steps must be a positive int, got {total_steps!r}")
        if not 0 <= min_lr <= base_lr:
            raise ValueError(f"min_lr must be in [0, base_lr], got {min_lr!r}")
        self.total_steps, self.min_lr = total_steps, float(min_lr)

    def decayed(self, step: int) -> float:
        progress = min(step, self.total_steps) / self.total_steps
        return self.min_lr + (self.base_lr - self.min_lr) * (1 + math.cos(math.pi * progress)) / 2

    def get_config(self) -> dict:
        return {**super().get_config(), "total_steps": self.total_steps, "min_lr": self.min_lr}
