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
    if (H_out, W_out, stride) == (H, W, 1):
        return _im2col_same(x, kH, kW, pads), H, W
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
    if (H_out, W_out, stride) == (H, W, 1):
        return _col2im_same(d_cols, input_shape, kH, kW, pads)
    d_cols = d_cols.reshape(C, kH, kW, N, H_out, W_out)
    d_padded = np.zeros((C, N, H + top + bottom, W + left + right), dtype=d_cols.dtype)

    def add_back(d_cols, d_padded):  # one half of the batch (axis N)
        for i in range(kH):
            for j in range(kW):
                d_padded[:, :, i : i + stride * H_out : stride, j : j + stride * W_out : stride] += d_cols[:, i, j]

    over_batch(add_back, d_cols, d_padded, axes=(3, 1))
    return d_padded[:, :, top : top + H, left : left + W].transpose(1, 0, 2, 3)


# ----------------------------------------------------------------- 'same' convolutions
# With stride 1 and 'same' padding the output grid is the input grid, and kernel offset
# (i, j) reads the pixel (i - top) rows and (j - left) columns away. In the channel-first
# memory order (C, N, H, W) that pixel is a fixed distance along each channel's flat
# (N * H * W) row:  shift = (i - top) * W + (j - left).  So each offset's im2col rows are
# one long shifted copy of the image rows, instead of C * N * H copies of W numbers each
# (numpy's per-row overhead dominates such short rows). The shift wraps across image
# borders (row 0 of one image reads the last row of the one before) exactly where the
# padding would be, so those entries are set to zero afterwards. Measured against the
# padded copies (batch 64, 3x3): 1.1x (im2col) and 1.5x (col2im) faster for 32 channels
# of 14x14, 2.7x and 4x for 64 channels of 7x7, where the rows are shortest.


def _offsets(kH: int, kW: int, top: int, left: int, W: int):
    """(i, j, rows, columns, shift) per kernel offset: the output rows/columns where the
    offset falls into the padding, and the flat shift along a channel-first row."""
    for i in range(kH):
        for j in range(kW):
            di, dj = i - top, j - left
            rows = slice(0, -di) if di < 0 else slice(-di, None) if di > 0 else None
            columns = slice(0, -dj) if dj < 0 else slice(-dj, None) if dj > 0 else None
            yield i, j, rows, columns, di * W + dj


def _shifted(length: int, shift: int) -> tuple[slice, slice]:
    """(destination, source) slices of a row of ``length`` for ``dest[q] = source[q + shift]``."""
    shift = max(-length, min(length, shift))  # a kernel wider than a tiny image: nothing to copy
    if shift >= 0:
        return slice(0, length - shift), slice(shift, length)
    return slice(-shift, length), slice(0, length + shift)


def _im2col_same(x: np.ndarray, kH: int, kW: int, pads: tuple[int, int, int, int]) -> np.ndarray:
    """im2col for stride 1, 'same' padding: (N, C, H, W) -> (C * kH * kW, N * H * W)."""
    N, C, H, W = x.shape
    top, _, left, _ = pads
    rows_in = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).reshape(C, N * H * W)  # free after a conv
    cols = np.empty((C, kH, kW, N * H * W), dtype=x.dtype)

    def fill(rows_in, cols):  # one half of the channels
        for i, j, rows, columns, shift in _offsets(kH, kW, top, left, W):
            to, source = _shifted(N * H * W, shift)
            cols[:, i, j, to] = rows_in[:, source]
            _zero_padding(cols[:, i, j], N, H, W, rows, columns)

    over_batch(fill, rows_in, cols)
    return cols.reshape(C * kH * kW, N * H * W)


def _col2im_same(d_cols: np.ndarray, input_shape: tuple, kH: int, kW: int, pads: tuple[int, int, int, int]):
    """col2im for stride 1, 'same' padding: (C * kH * kW, N * H * W) -> dx (N, C, H, W) (channel-first view).

    Zeroes the padding entries of ``d_cols`` in place (the convolution's own fresh product).
    """
    N, C, H, W = input_shape
    top, _, left, _ = pads
    d_cols = d_cols.reshape(C, kH, kW, N * H * W)
    dx = np.zeros((C, N * H * W), dtype=d_cols.dtype)

    def add_back(d_cols, dx):  # one half of the channels
        for i, j, rows, columns, shift in _offsets(kH, kW, top, left, W):
            _zero_padding(d_cols[:, i, j], N, H, W, rows, columns)  # gradients of padding go nowhere
            to, source = _shifted(N * H * W, shift)
            dx[:, source] += d_cols[:, i, j, to]

    over_batch(add_back, d_cols, dx)
    return dx.reshape(C, N, H, W).transpose(1, 0, 2, 3)


def _zero_padding(block: np.ndarray, N: int, H: int, W: int, rows: slice | None, columns: slice | None) -> None:
    """Zero the entries of one offset's (C, N * H * W) block that fall into the padding."""
    images = block.reshape(-1, N, H, W)
    if rows is not None:
        images[:, :, rows] = 0
    if columns is not None:
        images[:, :, :, columns] = 0
