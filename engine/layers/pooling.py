"""Pooling layers: max, average and global average."""

from __future__ import annotations

import numpy as np

from .base import Layer, Shape, positive_int
from .conv import pair
from .windows import output_size, scatter_windows, windows


class _Pool2D(Layer):
    """Shared set-up of the windowed pooling layers (kernel, stride, shape checks)."""

    input_ndim = 3

    def __init__(self, kernel_size, stride=None, name: str | None = None):
        super().__init__(name)
        kind = type(self).__name__
        self.kernel_size = pair(kernel_size, f"{kind}: kernel_size")
        if min(self.kernel_size) < 1:
            raise ValueError(f"{kind}: kernel_size must be >= 1, got {kernel_size!r}")
        if stride is None:
            stride = self.kernel_size[0]
        self.stride = positive_int(stride, f"{kind}: stride")

    def get_config(self) -> dict:
        return {"kernel_size": list(self.kernel_size), "stride": self.stride}

    def describe(self) -> str:
        kH, kW = self.kernel_size
        return f"{type(self).__name__}({kH}x{kW}, stride {self.stride})"

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, "pooling needs images")
        C, H, W = input_shape
        kH, kW = self.kernel_size
        if kH > H or kW > W:
            raise ValueError(f"{self.name}: a {kH}x{kW} window does not fit a {H}x{W} input")
        return (C, output_size(H, kH, self.stride), output_size(W, kW, self.stride))


class MaxPool2D(_Pool2D):
    """Max pooling: each output is the largest value in its kH x kW window.

    Args:
        kernel_size: window size, int or (kH, kW).
        stride: step between windows; defaults to the kernel size (no overlap).
            Overlapping windows (e.g. 3 with stride 2) are allowed.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1

    Backward: the gradient flows only to the position that held the maximum (the first
    one on ties); with overlapping windows a pixel collects the gradient of every window
    it won.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        kH, kW = self.kernel_size
        patches = windows(x, kH, kW, self.stride)
        N, C, H_out, W_out = patches.shape[:4]
        flat = patches.reshape(N, C, H_out, W_out, kH * kW)
        winner = flat.argmax(axis=-1)[..., None]  # index of the max inside each window
        y = np.take_along_axis(flat, winner, axis=-1)[..., 0]
        if training:
            self.cache = (winner, x.shape)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        winner, input_shape = self.backward_cache()
        kH, kW = self.kernel_size
        d_flat = np.zeros((*dy.shape, kH * kW), dtype=dy.dtype)
        np.put_along_axis(d_flat, winner, dy[..., None], axis=-1)
        return scatter_windows(d_flat.reshape(*dy.shape, kH, kW), input_shape, self.stride)


class AvgPool2D(_Pool2D):
    """Average pooling: each output is the mean of its kH x kW window.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1

    Backward: every pixel of a window receives ``dy / (kH * kW)``.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        kH, kW = self.kernel_size
        y = windows(x, kH, kW, self.stride).mean(axis=(-2, -1), dtype=x.dtype)
        if training:
            self.cache = x.shape
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        input_shape = self.backward_cache()
        kH, kW = self.kernel_size
        share = dy / (kH * kW)
        d_patches = np.broadcast_to(share[..., None, None], (*dy.shape, kH, kW))
        return scatter_windows(d_patches, input_shape, self.stride)


class GlobalAvgPool2D(Layer):
    """Average each feature map down to one number.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C)
    """

    input_ndim = 3

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, "global pooling needs images")
        return (input_shape[0],)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        if training:
            self.cache = x.shape
        return x.mean(axis=(2, 3), dtype=x.dtype)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        N, C, H, W = self.backward_cache()
        return np.broadcast_to((dy / (H * W))[:, :, None, None], (N, C, H, W)).copy()
