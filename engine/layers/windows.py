"""Sliding windows over images: the im2col / col2im pairs behind convolution and pooling.

Convolution: ``im2col(x, kH, kW, stride, pads)`` copies every kH x kW patch of ``x`` into
one matrix with a column per output pixel, so that the whole convolution is a single
matrix product; ``col2im`` is its adjoint, adding each column's gradient back onto the
pixels it came from (see their docstrings for the memory layout, chosen for speed).

Pooling: ``windows(x, kH, kW, stride)`` returns a *view* of every patch,

    x: (N, C, H, W)  ->  patches: (N, C, H_out, W_out, kH, kW)
    H_out = (H - kH) // stride + 1,   W_out = (W - kW) // stride + 1

without copying (numpy's ``sliding_window_view`` only changes strides), and
``scatter_windows`` is its adjoint. Windows overlap when stride < kernel size, so a pixel
can receive several contributions. Both adjoints loop over the kH * kW kernel offsets (9
for a 3x3 kernel) and add one strided slice of the whole batch at a time: vectorised over
samples and pixels, and an order of magnitude faster than ``np.add.at``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .parallel import over_batch


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


def im2col(x: np.ndarray, kH: int, kW: int, stride: int, pads: tuple[int, int, int, int]):
    """The im2col matrix of ``x``, channel-first: one *column* per output pixel.

    x: (N, C, H, W), any memory layout  ->  cols: (C * kH * kW, N * H_out * W_out),
    rows ordered (C, kH, kW) like the filters, columns ordered (N, H_out, W_out).
    Returns (cols, H_out, W_out).

    Why this layout: the matrix is filled with kH * kW slice copies (one per kernel offset),
    each moving whole image rows, instead of gathering 3-number snippets; and the product
    ``W (C_out, C*kH*kW) @ cols`` gives the output as (C_out, N, H_out, W_out), which the
    layer hands on as an (N, C_out, H_out, W_out) *view*. The next convolution finds its
    input already channel-first in memory, so its own copy is a straight one. About 2x
    faster than gathering row-per-pixel patches (benchmarks/speed.py).
    """
    N, C, H, W = x.shape
    top, bottom, left, right = pads
    H_out = output_size(H, kH, stride, top, bottom)
    W_out = output_size(W, kW, stride, left, right)
    padded = np.zeros((C, N, H + top + bottom, W + left + right), dtype=x.dtype)
    cols = np.empty((C, kH, kW, N, H_out, W_out), dtype=x.dtype)

    def fill(x_channel_first, padded, cols):  # one half of the batch (axis N)
        padded[:, :, top : top + H, left : left + W] = x_channel_first
        for i in range(kH):
            for j in range(kW):
                # Kernel offset (i, j) sees pixel (i + stride * r, j + stride * c) of output pixel (r, c).
                cols[:, i, j] = padded[:, :, i : i + stride * H_out : stride, j : j + stride * W_out : stride]

    over_batch(fill, x.transpose(1, 0, 2, 3), padded, cols, axes=(1, 1, 3))
    return cols.reshape(C * kH * kW, N * H_out * W_out), H_out, W_out


def col2im(d_cols: np.ndarray, input_shape: tuple, kH: int, kW: int, stride: int, pads: tuple[int, int, int, int]):
    """The adjoint of ``im2col``: add every column's gradient back onto the pixels it came from.

    d_cols: (C * kH * kW, N * H_out * W_out)  ->  dx: (N, C, H, W) (a channel-first view).
    """
    N, C, H, W = input_shape
    top, bottom, left, right = pads
    H_out = output_size(H, kH, stride, top, bottom)
    W_out = output_size(W, kW, stride, left, right)
    d_cols = d_cols.reshape(C, kH, kW, N, H_out, W_out)
    d_padded = np.zeros((C, N, H + top + bottom, W + left + right), dtype=d_cols.dtype)

    def add_back(d_cols, d_padded):  # one half of the batch (axis N)
        for i in range(kH):
            for j in range(kW):
                d_padded[:, :, i : i + stride * H_out : stride, j : j + stride * W_out : stride] += d_cols[:, i, j]

    over_batch(add_back, d_cols, d_padded, axes=(3, 1))
    return d_padded[:, :, top : top + H, left : left + W].transpose(1, 0, 2, 3)
