"""The straightforward numpy CNN that speed is measured against (not used by the app).

This is how a typical course-lab implementation of the ``lab-cnn`` network looks: float64
everywhere, im2col built by copying one patch per output position, col2im accumulating
one patch at a time, max-pooling through a reshape and an argmax mask, and Adam. It is correct
(``tests/test_naive_reference.py`` checks its gradients against the engine's), just slow:
``benchmarks/speed.py`` measures how much faster the engine is.
"""

from __future__ import annotations

import numpy as np


def im2col(x, k, pad):
    """x: (N, C, H, W) -> cols: (N * H_out * W_out, C * k * k), one patch copy per position."""
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    N, C, H, W = x.shape
    H_out, W_out = H - k + 1, W - k + 1
    cols = np.empty((N, H_out, W_out, C * k * k))
    for i in range(H_out):
        for j in range(W_out):
            cols[:, i, j, :] = x[:, :, i : i + k, j : j + k].reshape(N, -1)
    return cols.reshape(N * H_out * W_out, -1)


def pool_forward(r):
    """2x2 max-pool of (N, C, H, W); also a mask marking the first maximum of every window."""
    N, C, H, W = r.shape
    windows = r.reshape(N, C, H // 2, 2, W // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, H // 2, W // 2, 4)
    winner = windows.argmax(axis=-1)
    mask = np.arange(4) == winner[..., None]  # one position per window, also on ties
    return windows.max(axis=-1), mask


def pool_backward(d, mask):
    """Route each window's gradient to its winner: (N, C, H/2, W/2) -> (N, C, H, W)."""
    N, C, H2, W2, _ = mask.shape
    d_windows = (mask * d[..., None]).reshape(N, C, H2, W2, 2, 2).transpose(0, 1, 2, 4, 3, 5)
    return d_windows.reshape(N, C, 2 * H2, 2 * W2)


def col2im(d_cols, x_shape, k, pad):
    """The adjoint of ``im2col``: accumulate every patch gradient back, one position at a time."""
    N, C, H, W = x_shape
    H_out, W_out = H + 2 * pad - k + 1, W + 2 * pad - k + 1
    d_cols = d_cols.reshape(N, H_out, W_out, C, k, k)
    dx = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(H_out):
        for j in range(W_out):
            dx[:, :, i : i + k, j : j + k] += d_cols[:, i, j]
    return dx[:, :, pad : pad + H, pad : pad + W]


class NaiveLabCNN:
    """conv 32 3x3 pad 1, ReLU, pool 2, conv 64 3x3 pad 1, ReLU, pool 2, dense 128, ReLU, dropout, dense."""

    def __init__(self, seed=0, learning_rate=1e-3, dropout=0.25):
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.params = {
            "W1": rng.standard_normal((32, 1, 3, 3)) * np.sqrt(2 / 9),
            "b1": np.zeros(32),
            "W2": rng.standard_normal((64, 32, 3, 3)) * np.sqrt(2 / 288),
            "b2": np.zeros(64),
            "W3": rng.standard_normal((3136, 128)) * np.sqrt(2 / 3136),
            "b3": np.zeros(128),
            "W4": rng.standard_normal((128, 10)) * np.sqrt(2 / 128),
            "b4": np.zeros(10),
        }
        self.lr, self.dropout, self.t = learning_rate, dropout, 0
        self.m = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.params.items()}

    def loss_and_grads(self, x, y, training=True):
        p = self.params
        x = x.astype(np.float64)
        N = len(x)
        cols1 = im2col(x, 3, 1)
        a1 = (cols1 @ p["W1"].reshape(32, -1).T + p["b1"]).reshape(N, 28, 28, 32).transpose(0, 3, 1, 2)
        r1 = np.maximum(a1, 0)
        m1, mask1 = pool_forward(r1)
        cols2 = im2col(m1, 3, 1)
        a2 = (cols2 @ p["W2"].reshape(64, -1).T + p["b2"]).reshape(N, 14, 14, 64).transpose(0, 3, 1, 2)
        r2 = np.maximum(a2, 0)
        m2, mask2 = pool_forward(r2)
        flat = m2.reshape(N, -1)
        h = np.maximum(flat @ p["W3"] + p["b3"], 0)
        keep = (self.rng.random(h.shape) >= self.dropout) / (1 - self.dropout) if training else 1.0
        hd = h * keep
        scores = hd @ p["W4"] + p["b4"]
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()

        g = {}
        d = probs.copy()
        d[np.arange(N), y] -= 1
        d /= N
        g["W4"], g["b4"] = hd.T @ d, d.sum(0)
        d = (d @ p["W4"].T) * keep * (h > 0)
        g["W3"], g["b3"] = flat.T @ d, d.sum(0)
        d = (d @ p["W3"].T).reshape(N, 64, 7, 7)
        d = pool_backward(d, mask2) * (a2 > 0)
        d_mat = d.transpose(0, 2, 3, 1).reshape(-1, 64)
        g["W2"], g["b2"] = (d_mat.T @ cols2).reshape(64, 32, 3, 3), d_mat.sum(0)
        d = col2im(d_mat @ p["W2"].reshape(64, -1), (N, 32, 14, 14), 3, 1)
        d = pool_backward(d, mask1) * (a1 > 0)
        d_mat = d.transpose(0, 2, 3, 1).reshape(-1, 32)
        g["W1"], g["b1"] = (d_mat.T @ cols1).reshape(32, 1, 3, 3), d_mat.sum(0)
        return loss, g

    def train_step(self, x, y):
        loss, grads = self.loss_and_grads(x, y)
        self.t += 1
        for k, grad in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * grad
            self.v[k] = 0.999 * self.v[k] + 0.001 * grad**2
            m_hat, v_hat = self.m[k] / (1 - 0.9**self.t), self.v[k] / (1 - 0.999**self.t)
            self.params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        return loss
