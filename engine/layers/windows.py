"""Sliding windows over images: the im2col / col2im pair behind convolution and pooling.

``windows(x, kH, kW, stride)`` returns a *view* of every kH x kW patch of ``x``:

    x: (N, C, H, W)  ->  patches: (N, C, H_out, W_out, kH, kW)
    H_out = (H - kH) // stride + 1,   W_out = (W - kW) // stride + 1

No data is copied: numpy's ``sliding_window_view`` only changes strides. Convolution then
reshapes the patches into one big matrix (the "im2col" matrix, one row per output pixel)
so that the whole convolution is a single matrix product.

``scatter_windows`` is the adjoint (col2im): it adds each patch's gradient back onto the
pixels it came from. Windows overlap when stride < kernel size, so a pixel can receive
several contributions; we loop over the kH * kW kernel offsets (9 for a 3x3 kernel) and
add one strided slice of the whole batch at a time. That is vectorised over samples and
pixels, and avoids ``np.add.at``, which is an order of magnitude slower.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def output_size(size: int, kernel: int, stride: int, pad_before: int = 0, pad_after: int = 0) -> int:
    """Output length along one axis: ``floor((size + pads - kernel) / stride) + 1``."""
    return (size + pad_before + pad_after - kernel) // stride + 1


def windows(x: np.ndarray, kH: int, kW: int, stride: int) -> np.ndarray:
    """View of all patches: ``(N, C, H, W) -> (N, C, H_out, W_out, kH, kW)``."""
    patches = sliding_window_view(x, (kH, kW), axis=(2, 3))
    return patches[:, :, ::stride, ::stride]


def scatter_windows(d_patches: np.ndarray, input_shape: tuple, stride: int) -> np.ndarray:
    """Sum patch gradients back into an image (col2im).

    d_patches: (N, C, H_out, W_out, kH, kW) gradient for every patch.
    input_shape: (N, C, H, W) of the image the patches were taken from.
    Returns dx of shape (N, C, H, W).
    """
    _, _, H_out, W_out, kH, kW = d_patches.shape
    dx = np.zeros(input_shape, dtype=d_patches.dtype)
    for i in range(kH):
        for j in range(kW):
            # Kernel offset (i, j) touched pixels i, i+stride, i+2*stride, ... of every window.
            dx[:, :, i : i + stride * H_out : stride, j : j + stride * W_out : stride] += d_patches[:, :, :, :, i, j]
    return dx


def pad_image(x: np.ndarray, pads: tuple[int, int, int, int]) -> np.ndarray:
    """Zero-pad ``(N, C, H, W)`` by (top, bottom, left, right); returns ``x`` itself if no padding."""
    top, bottom, left, right = pads
    if not any(pads):
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))


def unpad_image(x: np.ndarray, pads: tuple[int, int, int, int]) -> np.ndarray:
    """Remove the padding added by ``pad_image``."""
    top, bottom, left, right = pads
    H, W = x.shape[2], x.shape[3]
    return x[:, :, top : H - bottom, left : W - right]
