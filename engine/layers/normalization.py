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
A training step in two halves at once (``parallel.Lanes``): each half adds its per-channel sums
to the other's (``parallel.total``), so the statistics are the whole batch's, as in one piece
(PyTorch's SyncBatchNorm does the same across devices).
"""

from __future__ import annotations

import functools

import numpy as np

from ..validation import whole_number
from ..words import said
from . import parallel
from .base import Layer, Shape, check_allocation
from .parallel import over_batch

SUM_OF_PRODUCTS = {1: "ij,ij->i", 0: "ij,ij->j"}  # per line of a matrix, lines along axis 1 or 0


def _per_line(axis: int):
    """Broadcasts a per-channel vector against a matrix whose lines run along ``axis``."""
    return (lambda v: v[:, None]) if axis == 1 else (lambda v: v)


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
        if not training or self.frozen:
            if training:  # frozen: keep what backward needs
                gamma = self._broadcast(self.params["gamma"], x.ndim)
                mean = self._broadcast(self.buffers["running_mean"], x.ndim)
                inv_std = 1.0 / np.sqrt(self._broadcast(self.buffers["running_var"], x.ndim) + self.eps)
                self.cache = (((x - mean) * inv_std).astype(x.dtype, copy=False), inv_std, gamma)
            scale, shift = (self._broadcast(v, x.ndim) for v in self.scale_shift(x.dtype))
            y = self._empty_like(x)
            np.multiply(x, scale, out=y)  # two passes
            y += shift
            return y

        # Values averaged per channel, over the whole batch: when a training step runs in two halves at once
        # (``parallel.Lanes``), each half's sums are added to the other's (``parallel.total``, below), so the
        # statistics are the whole batch's, as in one piece.
        n = x.size // self.num_features
        lane = parallel.lane_rows()
        if lane is not None:
            n = n // len(x) * lane[1]  # the whole batch's count, without a meeting of the halves to add it
        if n < 2:
            raise ValueError(
                said("{name}: training needs more than 1 value per channel (got input {shape}); use a batch of at "
                     "least 2 samples", name=self.name, shape=x.shape)
            )
        # The maths runs on a 2-D matrix in which each channel is one line (``_matrix``): a row of
        # (C, n) for images (a view after a convolution: each reduction runs along contiguous
        # memory), a column of the (N, F) batch for features. The output is laid out the same way.
        y = self._empty_like(x)
        (x_lines, axis), (y_lines, _) = self._matrix(x), self._matrix(y)
        centred = np.empty(x_lines.shape, x.dtype)  # x - mean: with inv_std all backward needs
        mean, var = np.empty(self.num_features, x.dtype), np.empty(self.num_features, x.dtype)
        # Each channel's statistics are its own, so the two halves of the channels can run on two
        # threads (``parallel.over_batch``).
        lines = 1 - axis  # the axis of the matrices that runs over the channels
        over_batch(functools.partial(self._normalise, axis, n), x_lines, self.params["gamma"], self.params["beta"],
                   centred, y_lines, mean, var, axes=(lines, 0, 0, lines, lines, 0, 0))  # fmt: skip
        self.cache = (centred, 1.0 / np.sqrt(var + np.asarray(self.eps, var.dtype)), self.params["gamma"], n)
        if parallel.lane() != 0:
            return y  # the running estimates are updated once, by lane 0, from the same statistics

        m = self.momentum
        running_mean, running_var = self.buffers["running_mean"], self.buffers["running_var"]
        running_mean *= 1 - m
        running_mean += m * mean.astype(running_mean.dtype)
        running_var *= 1 - m
        running_var += m * (var * (n / (n - 1))).astype(running_var.dtype)
        return y

    def scale_shift(self, dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
        """Inference as a line per channel, ``y = x * scale + shift``: (C,) vectors from the running estimates.

        gamma * (x - mean) / sqrt(var + eps) + beta, with scale = gamma / sqrt(var + eps) and
        shift = beta - mean * scale. ``folding.FoldedNorm`` folds them into the layer before.
        """
        scale = self.params["gamma"] / np.sqrt(self.buffers["running_var"] + self.eps)
        shift = self.params["beta"] - self.buffers["running_mean"] * scale
        return scale.astype(dtype, copy=False), shift.astype(dtype, copy=False)

    def _normalise(self, axis, n, x, gamma, beta, centred, y, mean, var) -> None:
        """For some channels (lines of the matrices along ``axis``, ``n`` values each in the whole batch):
        ``mean``, ``var``, ``centred = x - mean`` and ``y = gamma * centred / sqrt(var + eps) + beta``, in
        four passes. The sums are the whole batch's (``parallel.total``: in one piece, this batch's)."""
        per_line = _per_line(axis)
        np.sum(x, axis=axis, out=mean)
        np.divide(parallel.total(mean), n, out=mean)  # what np.mean computes, bit for bit
        np.subtract(x, per_line(mean), out=centred)
        np.einsum(SUM_OF_PRODUCTS[axis], centred, centred, out=var)  # sum of squares, without a squared copy
        np.divide(parallel.total(var), n, out=var)
        scale = gamma / np.sqrt(var + np.asarray(self.eps, var.dtype))
        np.multiply(centred, per_line(scale), out=y)
        y += per_line(beta)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """The textbook simplification of d/dx through the batch's mean and variance:

        dx = gamma * inv_std * (dy - mean(dy) - x_hat * mean(dy * x_hat)),   x_hat = centred * inv_std

        where the means are per channel and equal dbeta / n and dgamma / n. Per channel that is
        ``dx = a * dy + b * centred + c`` with three numbers a, b, c: two passes over the rows.
        """
        if self.frozen:  # fixed statistics: x_hat depends on x alone, so dx is dy scaled
            x_hat, inv_std, gamma = self.backward_cache()
            axes = (0, *range(2, dy.ndim))
            self.grads["gamma"] = np.sum(dy * x_hat, axis=axes).astype(gamma.dtype)
            self.grads["beta"] = np.sum(dy, axis=axes).astype(gamma.dtype)
            return dy * (gamma * inv_std)
        centred, inv_std, gamma, n = self.backward_cache()
        dgamma, dbeta = np.empty_like(self.params["gamma"]), np.empty_like(self.params["beta"])
        dx = self._empty_like(dy)
        (dy_lines, axis), (dx_lines, _) = self._matrix(dy), self._matrix(dx)
        lines = 1 - axis
        over_batch(functools.partial(self._gradients, axis, n), dy_lines, centred, inv_std, gamma, dgamma, dbeta,
                   dx_lines, axes=(lines, lines, 0, 0, 0, 0, lines))  # fmt: skip
        self.grads["gamma"], self.grads["beta"] = dgamma, dbeta  # this lane's share (``train_step`` adds them)
        return dx

    @staticmethod
    def _gradients(axis, n, dy, centred, inv_std, gamma, dgamma, dbeta, dx) -> None:
        """For some channels (lines of the matrices along ``axis``, ``n`` values each in the whole batch):
        dgamma, dbeta (this part of the batch's) and dx (which needs the whole batch's: ``parallel.total``)."""
        per_line = _per_line(axis)
        np.sum(dy, axis=axis, out=dbeta)
        dgamma[...] = np.einsum(SUM_OF_PRODUCTS[axis], dy, centred) * inv_std  # sum(dy * x_hat)
        all_dgamma, all_dbeta = parallel.total(dgamma, dbeta)
        a = gamma * inv_std
        np.multiply(centred, per_line(-a * inv_std * all_dgamma / n), out=dx)
        dx += per_line(-a * all_dbeta / n)
        dx += dy * per_line(a)

    def _matrix(self, a: np.ndarray) -> tuple[np.ndarray, int]:
        """``a`` as a 2-D matrix with one line per channel, and the axis the lines run along: images
        (N, C, H, W) as (C, N * H * W) rows (a view when channel-first), features (N, C) as they are,
        one column per feature (along a strided row of (C, N) BatchNorm1D was 3-5x slower)."""
        if a.ndim == 2:
            return a, 0
        return a.transpose(1, 0, 2, 3).reshape(a.shape[1], -1), 1

    def _empty_like(self, a: np.ndarray) -> np.ndarray:
        """A new array of ``a``'s shape whose ``_matrix`` is a view: features as ``a``, images channel-first."""
        if a.ndim == 2:
            return np.empty_like(a)
        return np.empty((a.shape[1], a.shape[0], *a.shape[2:]), a.dtype).transpose(1, 0, 2, 3)


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
