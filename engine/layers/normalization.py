"""Batch normalisation, with PyTorch's semantics.

Training: normalise each feature/channel with the mean and (biased) variance of the
current batch, then scale and shift: ``y = gamma * (x - mean) / sqrt(var + eps) + beta``.
The running estimates used at inference are updated as
``running = (1 - momentum) * running + momentum * batch_stat``, where the variance that
goes into the running estimate is the *unbiased* one (divided by n - 1), as in PyTorch.
Inference: normalise with the running estimates; nothing on the layer changes.
Frozen (``layer.frozen = True``): the running estimates in training mode too, with
gradients, and left as they are (PyTorch's ``eval()`` under ``backward``). The Backprop lens
traces a drawing this way, so its numbers are those of the prediction (``engine/trace.py``).
"""

from __future__ import annotations

import numpy as np

from ..validation import whole_number
from ..words import said
from .base import Layer, Shape, check_allocation
from .parallel import over_batch


class _BatchNorm(Layer):
    """Shared maths; subclasses say which axes are averaged and what input they accept."""

    axes: tuple[int, ...] = ()
    input_argument = "num_features"
    input_description = ""

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5, name=None):
        super().__init__(name)
        kind = type(self).__name__
        if not 0.0 < momentum <= 1.0:
            raise ValueError(said("{kind}: momentum must be in (0, 1], got {momentum}",
                                  kind=kind, momentum=repr(momentum)))
        if eps <= 0:
            raise ValueError(said("{kind}: eps must be > 0, got {eps}", kind=kind, eps=repr(eps)))
        self.num_features = whole_number(num_features, f"{kind}: num_features")
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.frozen = False  # see the module docstring
        self.reset_parameters()

    def reset_parameters(self) -> None:
        check_allocation(f"{self.name} ({type(self).__name__})", *[(self.num_features,)] * 4)
        self.params["gamma"] = np.ones(self.num_features, dtype=np.float32)
        self.params["beta"] = np.zeros(self.num_features, dtype=np.float32)
        self.buffers["running_mean"] = np.zeros(self.num_features, dtype=np.float32)
        self.buffers["running_var"] = np.ones(self.num_features, dtype=np.float32)

    def get_config(self) -> dict:
        return {"num_features": self.num_features, "momentum": self.momentum, "eps": self.eps}

    def describe(self) -> str:
        return f"{type(self).__name__}({self.num_features})"

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != self.input_ndim or input_shape[0] != self.num_features:
            raise self.shape_error(
                self.input_description.format(self.num_features),
                input_shape,
                said("{kind} normalises {count} features/channels", kind=type(self).__name__, count=self.num_features),
            )
        return tuple(input_shape)

    def _broadcast(self, v: np.ndarray, ndim: int) -> np.ndarray:
        """Reshape a per-channel vector (C,) so it broadcasts against the input."""
        return v.reshape((1, -1) + (1,) * (ndim - 2))

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        gamma = self._broadcast(self.params["gamma"], x.ndim)
        beta = self._broadcast(self.params["beta"], x.ndim)
        if not training or self.frozen:
            mean = self._broadcast(self.buffers["running_mean"], x.ndim)
            var = self._broadcast(self.buffers["running_var"], x.ndim)
            if training:  # frozen: keep what backward needs
                inv_std = 1.0 / np.sqrt(var + self.eps)
                self.cache = (((x - mean) * inv_std).astype(x.dtype, copy=False), inv_std, gamma)
            return (x - mean) / np.sqrt(var + self.eps) * gamma + beta

        n = x.size // self.num_features  # values averaged per channel
        if n < 2:
            raise ValueError(
                said("{name}: training needs more than 1 value per channel (got input {shape}); use a batch of at "
                     "least 2 samples", name=self.name, shape=x.shape)
            )
        mean, var, inv_std = (np.empty(gamma.shape, x.dtype) for _ in range(3))  # (1, C) or (1, C, 1, 1)
        x_hat, y = np.empty_like(x), np.empty_like(x)  # x's memory layout
        # Each channel's statistics are its own, so the two halves of the channels can
        # run on two threads (``parallel.over_batch`` along axis 1).
        over_batch(self._normalise, x, gamma, beta, mean, var, inv_std, x_hat, y, axes=(1,) * 8)
        self.cache = (x_hat, inv_std, gamma)

        m = self.momentum
        running_mean, running_var = self.buffers["running_mean"], self.buffers["running_var"]
        running_mean *= 1 - m
        running_mean += m * mean.reshape(-1).astype(running_mean.dtype)
        running_var *= 1 - m
        running_var += m * (var.reshape(-1) * (n / (n - 1))).astype(running_var.dtype)
        return y

    def _normalise(self, x, gamma, beta, mean, var, inv_std, x_hat, y) -> None:
        """For some channels: mean, var, inv_std, ``x_hat`` and ``y = gamma * x_hat + beta``."""
        np.mean(x, axis=self.axes, keepdims=True, out=mean)
        centred = np.subtract(x, mean, out=x_hat)
        np.mean(np.square(centred), axis=self.axes, keepdims=True, out=var)
        np.divide(1.0, np.sqrt(var + self.eps), out=inv_std)
        np.multiply(centred, inv_std, out=x_hat)
        np.multiply(x_hat, gamma, out=y)
        y += beta

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """The textbook simplification of d/dx through the batch's mean and variance:

        dx = gamma * inv_std * (dy - mean(dy) - x_hat * mean(dy * x_hat))

        where the means are per channel and equal dbeta / n and dgamma / n.
        """
        x_hat, inv_std, gamma = self.backward_cache()
        if self.frozen:  # fixed statistics: x_hat depends on x alone, so dx is dy scaled
            axes = (0, *range(2, dy.ndim))
            self.grads["gamma"] = np.sum(dy * x_hat, axis=axes).astype(gamma.dtype)
            self.grads["beta"] = np.sum(dy, axis=axes).astype(gamma.dtype)
            return dy * (gamma * inv_std)
        dgamma, dbeta = np.empty_like(self.params["gamma"]), np.empty_like(self.params["beta"])
        dx = np.empty_like(x_hat)
        over_batch(self._gradients, dy, x_hat, inv_std, gamma, dgamma, dbeta, dx, axes=(1, 1, 1, 1, 0, 0, 1))
        self.grads["gamma"], self.grads["beta"] = dgamma, dbeta
        return dx

    def _gradients(self, dy, x_hat, inv_std, gamma, dgamma, dbeta, dx) -> None:
        """For some channels: dgamma, dbeta (C,) and dx."""
        n = dy.size // dy.shape[1]
        np.sum(dy * x_hat, axis=self.axes, out=dgamma)
        np.sum(dy, axis=self.axes, out=dbeta)
        shape = inv_std.shape
        np.multiply(x_hat, (dgamma / n).reshape(shape), out=dx)
        np.subtract(dy, dx, out=dx)
        dx -= (dbeta / n).reshape(shape)
        dx *= gamma * inv_std


class BatchNorm1D(_BatchNorm):
    """Batch normalisation over features.

    Shape:
        x: (N, num_features) -> y: same shape
    Parameters: gamma, beta: (num_features,). Buffers: running_mean, running_var.
    """

    axes = (0,)
    input_ndim = 1
    input_description = "(N, {})"


class BatchNorm2D(_BatchNorm):
    """Batch normalisation over channels of feature maps (statistics over N, H and W).

    Shape:
        x: (N, num_features, H, W) -> y: same shape
    Parameters: gamma, beta: (num_features,). Buffers: running_mean, running_var.
    """

    axes = (0, 2, 3)
    input_ndim = 3
    input_description = "(N, {}, H, W)"
