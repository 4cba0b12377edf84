"""Plain, obviously-correct loop implementations of convolution and pooling.

These follow the textbook definitions pixel by pixel. They are far too slow for training
and exist for two reasons: the tests compare the fast im2col layers against them, and a
student can read them first to see what the fast versions compute.
"""

from __future__ import annotations

import numpy as np


def conv2d_forward(x, W, b, stride=1, pads=(0, 0, 0, 0)):
    """x: (N, C, H, W), W: (F, C, kH, kW), b: (F,) or None -> y: (N, F, H_out, W_out)."""
    top, bottom, left, right = pads
    x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    N, C, H, Wd = x.shape
    F, _, kH, kW = W.shape
    H_out = (H - kH) // stride + 1
    W_out = (Wd - kW) // stride + 1
    y = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, W))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    patch = x[n, :, i * stride : i * stride + kH, j * stride : j * stride + kW]
                    y[n, f, i, j] = np.sum(patch * W[f]) + (0 if b is None else b[f])
    return y


def conv2d_backward(x, W, dy, stride=1, pads=(0, 0, 0, 0)):
    """Gradients (dx, dW, db) of ``conv2d_forward`` for upstream gradient dy."""
    top, bottom, left, right = pads
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    dxp = np.zeros_like(xp, dtype=np.result_type(x, dy))
    dW = np.zeros_like(W, dtype=np.result_type(W, dy))
    N, F, H_out, W_out = dy.shape
    kH, kW = W.shape[2:]
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + kH)
                    cols = slice(j * stride, j * stride + kW)
                    dW[f] += dy[n, f, i, j] * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += dy[n, f, i, j] * W[f]
    db = dy.sum(axis=(0, 2, 3))
    H, Wd = xp.shape[2:]
    return dxp[:, :, top : H - bottom, left : Wd - right], dW, db


def pool2d_forward(x, kernel_size, stride, mode="max"):
    """x: (N, C, H, W) -> (N, C, H_out, W_out) by max or mean over each window."""
    N, C, H, W = x.shape
    kH, kW = kernel_size
    H_out, W_out = (H - kH) // stride + 1, (W - kW) // stride + 1
    reduce = np.max if mode == "max" else np.mean
    y = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    y[n, c, i, j] = reduce(x[n, c, i * stride : i * stride + kH, j * stride : j * stride + kW])
    return y


def pool2d_backward(x, dy, kernel_size, stride, mode="max"):
    """dx of ``pool2d_forward``: max sends dy to the (first) maximum, mean spreads it evenly."""
    dx = np.zeros_like(x, dtype=np.result_type(x, dy))
    N, C, H_out, W_out = dy.shape
    kH, kW = kernel_size
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + kH)
                    cols = slice(j * stride, j * stride + kW)
                    if mode == "max":
                        window = x[n, c, rows, cols]
                        a, b = np.unravel_index(np.argmax(window), window.shape)
                        dx[n, c, i * stride + a, j * stride + b] += dy[n, c, i, j]
                    else:
                        dx[n, c, rows, cols] += dy[n, c, i, j] / (kH * kW)
    return dx
