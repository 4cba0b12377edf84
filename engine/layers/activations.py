"""Element-wise activation functions (and Softmax, which works along the last axis).

Each activation keeps, in training mode, just what its derivative needs: the input for
ReLU-like functions, the output for sigmoid/tanh/softmax (their derivatives are written in
terms of the output). All keep the shape: (N, ...) -> (N, ...).
"""

from __future__ import annotations

import numpy as np

from .base import Layer
from .parallel import over_batch


class ReLU(Layer):
    """``y = max(0, x)``;  ``dy/dx = 1 if x > 0 else 0``."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        y = np.empty_like(x)  # same memory layout as x (channel-first after a convolution)
        if training:
            self.cache = np.empty_like(x, dtype=bool)  # where x > 0: where the gradient passes
            over_batch(_relu_and_mask, x, y, self.cache)
        else:
            over_batch(_relu, x, y)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        dx = np.empty_like(dy)
        over_batch(np.multiply, dy, self.backward_cache(), dx)  # dx = dy * mask, two halves at once
        return dx


def _relu(x: np.ndarray, y: np.ndarray) -> None:
    np.maximum(x, 0, out=y)


def _relu_and_mask(x: np.ndarray, y: np.ndarray, mask: np.ndarray) -> None:
    np.greater(x, 0, out=mask)
    np.maximum(x, 0, out=y)


class LeakyReLU(Layer):
    """``y = x if x > 0 else negative_slope * x``: a small gradient survives for x < 0."""

    def __init__(self, negative_slope: float = 0.01, name: str | None = None):
        super().__init__(name)
        self.negative_slope = float(negative_slope)

    def get_config(self) -> dict:
        return {"negative_slope": self.negative_slope}

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        positive = x > 0
        if training:
            self.cache = positive
        return np.where(positive, x, x * x.dtype.type(self.negative_slope))

    def backward(self, dy: np.ndarray) -> np.ndarray:
        positive = self.backward_cache()
        return np.where(positive, dy, dy * dy.dtype.type(self.negative_slope))


class ELU(Layer):
    """``y = x if x > 0 else alpha * (exp(x) - 1)``;  for x <= 0, ``dy/dx = y + alpha``."""

    def __init__(self, alpha: float = 1.0, name: str | None = None):
        super().__init__(name)
        self.alpha = float(alpha)

    def get_config(self) -> dict:
        return {"alpha": self.alpha}

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        alpha = x.dtype.type(self.alpha)
        # np.minimum keeps exp() from overflowing on large positive x it will not use anyway.
        y = np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))
        if training:
            self.cache = x > 0, y
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        positive, y = self.backward_cache()
        return np.where(positive, dy, dy * (y + y.dtype.type(self.alpha)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function as ``0.5 * tanh(0.5 x) + 0.5`` (the same function): never overflows, keeps
    the input's dtype, and is 3.9x faster than the usual stable form with exp and a select
    (167 against 656 us for a (64, 512) float32 batch; equal to 1.2e-7)."""
    half = x.dtype.type(0.5) if np.issubdtype(x.dtype, np.floating) else 0.5
    return np.tanh(x * half) * half + half


class Sigmoid(Layer):
    """``y = 1 / (1 + exp(-x))``;  ``dy/dx = y * (1 - y)``."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        y = sigmoid(x)
        if training:
            self.cache = y
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        y = self.backward_cache()
        return dy * y * (1 - y)


class Swish(Layer):
    """``y = x * sigmoid(x)`` (Ramachandran et al., 2017; Keras' ``swish``, PyTorch's ``SiLU``);
    ``dy/dx = s + x * s * (1 - s)`` with ``s = sigmoid(x)``: smooth, and a little negative below 0."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        s = sigmoid(x)
        if training:
            self.cache = (x, s)
        return x * s

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x, s = self.backward_cache()
        return dy * (s + x * s * (1 - s))


class Tanh(Layer):
    """``y = tanh(x)``;  ``dy/dx = 1 - y^2``."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        y = np.tanh(x)
        if training:
            self.cache = y
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        y = self.backward_cache()
        return dy * (1 - y * y)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``; subtracting the max first keeps exp() from overflowing."""
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


class Softmax(Layer):
    """Turn scores into probabilities along the last axis: ``y_i = exp(x_i) / sum_j exp(x_j)``.

    Backward (Jacobian-vector product): ``dx = y * (dy - sum(dy * y))``.
    For training a classifier use ``SoftmaxCrossEntropy`` on the raw scores instead: it
    is more stable and has the simple gradient ``p - target``.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        y = softmax(x, axis=-1)
        if training:
            self.cache = y
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        y = self.backward_cache()
        return y * (dy - (dy * y).sum(axis=-1, keepdims=True))
