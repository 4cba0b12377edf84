"""Weight penalties on a layer's kernel, as Keras' ``kernel_regularizer`` (``l1``, ``l2``, ``l1_l2``).

Dense(512, 10, kernel_regularizer=Regularizer(l2=0.01))     # adds 0.01 * sum(W ** 2) to the loss

The penalty is added to the training loss and its gradient to ``dL/dW`` of that layer only
(``Sequential.regularization_loss`` and ``Sequential.backward``); the bias is never penalised.
Unlike the optimizers' ``weight_decay``, which pulls every weight of the model, it is set per layer,
as the TF2 notes set ``kernel_regularizer=tf.keras.regularizers.l2()`` on one Dense layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import number_in


@dataclass(frozen=True)
class Regularizer:
    """``l1 * sum(|W|) + l2 * sum(W^2)``; its gradient ``l1 * sign(W) + 2 * l2 * W`` (Keras' definitions:
    ``regularizers.l2(0.01)`` is ``Regularizer(l2=0.01)``)."""

    l1: float = 0.0
    l2: float = 0.0

    def __post_init__(self):
        for name in ("l1", "l2"):
            number_in(getattr(self, name), f"kernel_regularizer {name}", 0)

    def penalty(self, weights: np.ndarray) -> float:
        total = 0.0
        if self.l1:
            total += self.l1 * float(np.abs(weights).sum(dtype=np.float64))
        if self.l2:
            total += self.l2 * float(np.vdot(weights, weights))
        return total

    def gradient(self, weights: np.ndarray) -> np.ndarray:
        grad = np.zeros_like(weights)
        if self.l1:
            grad += (
                np.float32(self.l1) * np.sign(weights) if weights.dtype == np.float32 else self.l1 * np.sign(weights)
            )
        if self.l2:
            grad += (2 * self.l2) * weights
        return grad.astype(weights.dtype, copy=False)

    def to_dict(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}

    @classmethod
    def of(cls, value) -> Regularizer | None:
        """None, a Regularizer, or its dict (as saved in a model file) -> a Regularizer or None."""
        if value is None or isinstance(value, Regularizer):
            return value
        if isinstance(value, dict) and set(value) <= {"l1", "l2"}:
            return cls(**{key: float(number) for key, number in value.items()})
        raise ValueError(f"kernel_regularizer must be like {{'l2': 0.01}}, got {value!r}")
