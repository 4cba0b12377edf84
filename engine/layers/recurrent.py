"""Recurrent layers over sequences ``(N, T, F)``: SimpleRNN, LSTM and GRU.

A model can read an image as a sequence: a 28x28 digit is 28 time steps (rows) of 28
features (pixels), so ``Reshape((28, 28))`` followed by ``LSTM(28, 64)`` reads the digit row
by row, top to bottom. Backward is backpropagation through time: the loop over time runs
backwards, carrying the gradient of the hidden (and cell) state from step t+1 to step t.
The matrix products with the input weights are done for all time steps at once, outside
the loop, because they do not depend on the previous step.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import blas, initializers
from ..validation import whole_number
from ..words import said
from . import parallel
from .activations import sigmoid
from .base import Layer, Shape, check_allocation
from .parallel import over_batch


def steps_buffer(shape: tuple, steps: int, dtype, every_step: bool, zeros: bool = True) -> np.ndarray:
    """A (steps, *shape) array for a loop over time, zeroed or not: a real one if ``every_step`` is kept,
    else one (*shape) buffer seen at every step (stride 0 along time: step t + 1 writes over what step t
    wrote, which a loop that only reads step t while it computes step t + 1 no longer needs)."""
    if every_step:
        return (np.zeros if zeros else np.empty)((steps, *shape), dtype)
    one = np.zeros(shape, dtype)
    # The view built directly: what as_strided builds, at 1.4 instead of 5.4 us a call (four of them a prediction).
    return np.ndarray((steps, *shape), dtype, buffer=one, strides=(0, *one.strides))


class _Recurrent(Layer):
    """Shared constructor, config and shape checks; ``gates`` = weight columns per unit."""

    gates = 1
    input_argument = "input_size"
    input_ndim = 2

    def __init__(self, input_size: int, hidden_size: int, return_sequences: bool = False, name=None):
        super().__init__(name)
        kind = type(self).__name__
        self.input_size = whole_number(input_size, f"{kind}: input_size")
        self.hidden_size = whole_number(hidden_size, f"{kind}: hidden_size")
        self.return_sequences = bool(return_sequences)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        F, H, G = self.input_size, self.hidden_size, self.gates
        check_allocation(f"{self.name} ({type(self).__name__})", (F, G * H), (H, G * H), (G * H,))
        self.params["Wx"] = initializers.xavier_uniform((F, G * H), self.rng)
        self.params["Wh"] = initializers.xavier_uniform((H, G * H), self.rng)
        self.params["b"] = np.zeros(G * H, dtype=np.float32)

    def get_config(self) -> dict:
        return {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "return_sequences": self.return_sequences,
        }

    def describe(self) -> str:
        seq = ", sequences" if self.return_sequences else ""
        return f"{type(self).__name__}({self.input_size}->{self.hidden_size}{seq})"

    def output_shape(self, input_shape: Shape) -> Shape:
        expected = f"(N, T, {self.input_size})"
        if len(input_shape) != 2:
            hint = said("recurrent layers read sequences (N, T, F); use Reshape to turn an image into rows")
            raise self.shape_error(expected, input_shape, hint)
        T, F = input_shape
        if self.input_size != F:
            raise self.shape_error(expected, input_shape, said("{count} features per step, the layer takes {features}",
                                                               count=F, features=self.input_size))
        return (T, self.hidden_size) if self.return_sequences else (self.hidden_size,)

    def multiply_adds(self, input_shape: Shape) -> int:
        """Each of the T steps multiplies [x_t, h_(t-1)] by the gates' weights."""
        T = input_shape[0]
        return T * (self.input_size + self.hidden_size) * self.gates * self.hidden_size

    def _full_dy(self, dy: np.ndarray, T: int) -> np.ndarray:
        """Gradient for every step's output: zeros except the last step if only it was returned."""
        if self.return_sequences:
            return dy
        full = np.zeros((dy.shape[0], T, self.hidden_size), dtype=dy.dtype)
        full[:, -1] = dy
        return full

    def _input_grads(self, x: np.ndarray, h_prev: np.ndarray, dz: np.ndarray, dz_recurrent=None) -> np.ndarray:
        """Parameter gradients summed over time, and dx, from the pre-activation gradients dz (N, T, G*H).

        dz_recurrent: the gradients at the recurrent products ``h_{t-1} @ Wh`` where they differ from dz
        (a GRU's reset gate scales its candidate's); None: the same as dz."""
        F, H = self.input_size, self.hidden_size
        dz_flat = dz.reshape(-1, dz.shape[-1])
        self.grads["Wx"] = x.reshape(-1, F).T @ dz_flat
        self.grads["b"] = dz_flat.sum(axis=0)
        recurrent = dz_flat if dz_recurrent is None else dz_recurrent.reshape(-1, dz.shape[-1])
        self.grads["Wh"] = h_prev.reshape(-1, H).T @ recurrent
        if "bh" in self.params:
            self.grads["bh"] = recurrent.sum(axis=0)
        return dz @ self.params["Wx"].T if self.input_gradient else None  # (None: the model's first layer)


class SimpleRNN(_Recurrent):
    """Elman RNN: ``h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)``, ``h_0 = 0``.

    Args:
        input_size: features per time step (F).
        hidden_size: size of the hidden state (H).
        return_sequences: return every step's h (N, T, H) instead of the last one (N, H).

    Shape:
        x: (N, T, F)  ->  y: (N, H), or (N, T, H) with return_sequences
    Parameters:
        Wx: (F, H);  Wh: (H, H);  b: (H,)
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        N, T, _ = x.shape
        H = self.hidden_size
        x_projected = x @ self.params["Wx"] + self.params["b"]  # (N, T, H), all steps at once
        hs = np.zeros((N, T + 1, H), dtype=x_projected.dtype)  # hs[:, 0] is h_0 = 0
        for t in range(T):
            hs[:, t + 1] = np.tanh(x_projected[:, t] + hs[:, t] @ self.params["Wh"])
        if training:
            self.cache = (x, hs)
        return hs[:, 1:].copy() if self.return_sequences else hs[:, -1].copy()

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x, hs = self.backward_cache()
        T = x.shape[1]
        dy = self._full_dy(dy, T)
        dz = np.empty_like(hs[:, 1:])
        dh_next = np.zeros_like(hs[:, 0])
        for t in reversed(range(T)):
            dh = dy[:, t] + dh_next
            dz[:, t] = dh * (1 - hs[:, t + 1] ** 2)  # through tanh
            dh_next = dz[:, t] @ self.params["Wh"].T
        return self._input_grads(x, hs[:, :-1], dz)


class LSTM(_Recurrent):
    """Long short-term memory, gates in PyTorch's order (input, forget, cell, output).

    For each step:  z = x_t @ Wx + h_{t-1} @ Wh + b,  split into four blocks of H:
        i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o)
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    Args:
        input_size: features per time step (F).
        hidden_size: size of the hidden and cell state (H).
        return_sequences: return every step's h (N, T, H) instead of the last one (N, H).

    Shape:
        x: (N, T, F)  ->  y: (N, H), or (N, T, H) with return_sequences
    Parameters:
        Wx: (F, 4H);  Wh: (H, 4H);  b: (4H,), forget-gate part initialised to 1.
    """

    gates = 4
    code_parts = {"forward": ("_forward_steps",), "backward": ("_backward_steps",)}  # shown by the Backprop lens

    def reset_parameters(self) -> None:
        super().reset_parameters()
        H = self.hidden_size
        self.params["b"][H : 2 * H] = 1.0  # remember by default: a standard LSTM trick

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        N, T, _ = x.shape
        H = self.hidden_size
        # Time-major buffers (T, N, ...): every step's slice is one contiguous block, which the small
        # per-step products and element-wise calls need (an (N, T, H) slice [:, t] is strided and
        # makes numpy copy or loop slowly). With the one-thread products below: row-lstm's batch-64
        # training step 8.1 -> 5 ms (per-layer timers, 2026-12-07).
        x_steps = np.ascontiguousarray(x.transpose(1, 0, 2))  # (T, N, F): one 2-D product, not T small ones
        x_projected = (x_steps.reshape(T * N, -1) @ self.params["Wx"]).reshape(T, N, 4 * H)
        x_projected += self.params["b"]
        dtype = x_projected.dtype
        # One tanh for all four gates: sigmoid(z) = 0.5 tanh(0.5 z) + 0.5 (``activations.sigmoid``), so
        # the i, f and o columns are halved before the tanh and halved and shifted by 0.5 after it;
        # the g columns (a plain tanh) are scaled by 1. Halving before the tanh is folded into the
        # input projection and into a scaled copy of Wh, once per batch instead of once per step.
        scale = np.repeat(np.array([0.5, 0.5, 1.0, 0.5], dtype=dtype), H)
        shift = np.repeat(np.array([0.5, 0.5, 0.0, 0.5], dtype=dtype), H)
        x_projected *= scale
        Wh_scaled = (self.params["Wh"] * scale).astype(dtype, copy=False)
        # Training keeps every step's states for backward. A prediction needs only the last h (or every h with
        # return_sequences): the other states then live in one buffer each, which every step overwrites
        # (``steps_buffer``) and which stays in the cache. row-lstm predicts 1,024 images at batch 256 1.75-2.05x
        # faster that way (39 -> 19-22 ms: the (T, N, 4H) gates of 256 images are 7 MB of fresh memory at every
        # call); at batch 64, where the allocator reuses the arrays, and for one image, about the same.
        hs = steps_buffer((N, H), T + 1, dtype, every_step=training or self.return_sequences)  # hs[0] = h_0 = 0
        cs = steps_buffer((N, H), T + 1, dtype, every_step=training)
        gates = steps_buffer((N, 4 * H), T, dtype, every_step=training, zeros=False)  # activated i, f, g, o
        tanh_cs = steps_buffer((N, H), T, dtype, every_step=training, zeros=False)  # tanh(c_t)
        with self._threads(gates):
            steps = functools.partial(self._forward_steps, Wh_scaled, scale, shift)
            over_batch(steps, x_projected, hs, cs, gates, tanh_cs, axes=(1,) * 5)
        if training:
            self.cache = (x_steps, hs, cs, gates, tanh_cs)
        return hs[1:].transpose(1, 0, 2).copy() if self.return_sequences else hs[-1].copy()

    def _threads(self, gates: np.ndarray):
        """The BLAS threads for the loops over time: one when the two halves of the batch run on two
        threads of their own (``parallel.over_batch``), else as ``blas.threads_for`` chooses.

        Each sample's recurrence is its own, so a big batch (at least ``parallel.MIN_SIZE`` gate
        values: 128 images of row-lstm) runs the loop in two halves at once, each on one core:
        row-lstm trains 1.2-1.45x faster at batch 256 and predicts 1.1-1.2x faster (three
        alternating runs of benchmarks/speed.py's engine worker); batch 64 stays in one piece.
        """
        _, N, G = gates.shape
        return blas.threads_for(0 if parallel.splits(gates, axes=(1,)) else N * self.hidden_size * G)

    def _forward_steps(self, Wh_scaled, scale, shift, x_projected, hs, cs, gates, tanh_cs) -> None:
        """The recurrence over time for some of the samples (axis 1 of each array)."""
        T, N, _ = x_projected.shape
        H = self.hidden_size
        z, ig = np.empty((N, 4 * H), dtype=gates.dtype), np.empty((N, H), dtype=gates.dtype)
        for t in range(T):
            np.matmul(hs[t], Wh_scaled, out=z)
            z += x_projected[t]
            np.tanh(z, out=z)
            np.multiply(z, scale, out=gates[t])
            gates[t] += shift
            i, f, g, o = gates[t, :, :H], gates[t, :, H : 2 * H], gates[t, :, 2 * H : 3 * H], gates[t, :, 3 * H :]
            np.multiply(f, cs[t], out=cs[t + 1])  # c_t = f * c_(t-1) + i * g
            cs[t + 1] += np.multiply(i, g, out=ig)
            np.tanh(cs[t + 1], out=tanh_cs[t])
            np.multiply(o, tanh_cs[t], out=hs[t + 1])  # h_t = o * tanh(c_t)

    def states(self) -> dict[str, np.ndarray] | None:
        """The states of the last training forward pass, batch first: ``h``, ``c`` (N, T, H) and
        ``gates`` (N, T, 4, H) (i, f, g, o); None before one."""
        if self.cache is None:
            return None
        _, hs, cs, gates, _ = self.cache
        T, N, _ = gates.shape
        return {"h": hs[1:].transpose(1, 0, 2).copy(), "c": cs[1:].transpose(1, 0, 2).copy(),
                "gates": gates.transpose(1, 0, 2).reshape(N, T, 4, -1).copy()}  # fmt: skip

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x_steps, hs, cs, gates, tanh_cs = self.backward_cache()
        dy = dy.transpose(1, 0, 2) if self.return_sequences else dy  # (T, N, H) or the last step's (N, H)
        dz = np.empty_like(gates)  # (T, N, 4H): the gradients at the gates' inputs
        Wh_T = np.ascontiguousarray(self.params["Wh"].T)
        with self._threads(gates):
            over_batch(functools.partial(self._backward_steps, Wh_T), dy, gates, tanh_cs, cs, dz,
                       axes=(dy.ndim - 2, 1, 1, 1, 1))  # fmt: skip
        dx = self._input_grads(x_steps, hs[:-1], dz)
        return None if dx is None else dx.transpose(1, 0, 2)

    def _backward_steps(self, Wh_T, dy, gates, tanh_cs, cs, dz) -> None:
        """Backpropagation through time for some of the samples: their gates' gradients into dz."""
        T, N, _ = gates.shape
        H = self.hidden_size
        # What each step's gradients are multiplied by, for all steps at once (no recurrence in it):
        #   dc_t    = dc_(t+1) * f_(t+1) + dh_t * o * (1 - tanh(c_t)^2)          (through h_t = o tanh(c_t))
        #   dz_i, dz_f, dz_g = dc_t * [g i (1 - i), c_(t-1) f (1 - f), i (1 - g^2)]   (sigmoid' = s (1 - s))
        #   dz_o    = dh_t * tanh(c_t) o (1 - o)
        i, f, g, o = (gates[:, :, k * H : (k + 1) * H] for k in range(4))
        through_cell = o * (1 - tanh_cs * tanh_cs)  # (T, N, H)
        from_cell = np.empty((T, N, 3, H), dtype=gates.dtype)
        np.multiply(g, i * (1 - i), out=from_cell[:, :, 0])
        np.multiply(cs[:-1], f * (1 - f), out=from_cell[:, :, 1])
        np.multiply(i, 1 - g * g, out=from_cell[:, :, 2])
        from_hidden = tanh_cs * o * (1 - o)  # (T, N, H)
        dz_blocks = dz.reshape(T, N, 4, H)  # a view: dz_blocks[t, :, :3] is dz_i, dz_f, dz_g
        dh = np.zeros((N, H), dtype=gates.dtype)
        dc = np.zeros((N, H), dtype=gates.dtype)
        for t in reversed(range(T)):
            if dy.ndim == 3:  # return_sequences: every step's output has a gradient
                dh += dy[t]
            elif t == T - 1:
                dh += dy
            dc += dh * through_cell[t]
            np.multiply(from_cell[t], dc[:, None, :], out=dz_blocks[t, :, :3])
            np.multiply(dh, from_hidden[t], out=dz[t, :, 3 * H :])
            dc *= f[t]  # dc_(t-1) starts from the forget gate's share
            np.matmul(dz[t], Wh_T, out=dh)  # dh_(t-1)


class GRU(_Recurrent):
    """Gated recurrent unit (Cho et al., 2014) as Keras (``reset_after=True``, TF2's default) and PyTorch
    compute it; gates in the order update, reset, candidate.

    For each step:  a = x_t @ Wx + b,  p = h_{t-1} @ Wh + bh,  each split into three blocks of H:
        z = sigmoid(a_z + p_z)            how much of the old state to keep
        r = sigmoid(a_r + p_r)            how much of the old state the candidate sees
        n = tanh(a_n + r * p_n)           the candidate state
        h_t = z * h_{t-1} + (1 - z) * n

    Two gates instead of the LSTM's three and no separate cell: fewer weights for the same hidden size.

    Args:
        input_size: features per time step (F).
        hidden_size: size of the hidden state (H).
        return_sequences: return every step's h (N, T, H) instead of the last one (N, H).

    Shape:
        x: (N, T, F)  ->  y: (N, H), or (N, T, H) with return_sequences
    Parameters:
        Wx: (F, 3H);  Wh: (H, 3H);  b: (3H,) the input bias;  bh: (3H,) the recurrent bias (Keras' second
        bias row, PyTorch's ``bias_hh``).
    """

    gates = 3

    def reset_parameters(self) -> None:
        super().reset_parameters()
        self.params["bh"] = np.zeros(3 * self.hidden_size, dtype=np.float32)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        N, T, _ = x.shape
        H = self.hidden_size
        x_projected = x @ self.params["Wx"] + self.params["b"]  # (N, T, 3H), all steps at once
        dtype = x_projected.dtype
        hs = np.zeros((N, T + 1, H), dtype=dtype)
        gates = np.empty((N, T, 3 * H), dtype=dtype)  # z, r, n for backward
        candidate_inputs = np.empty((N, T, H), dtype=dtype)  # p_n, which the reset gate scaled
        for t in range(T):
            p = hs[:, t] @ self.params["Wh"] + self.params["bh"]
            gates[:, t, : 2 * H] = sigmoid(x_projected[:, t, : 2 * H] + p[:, : 2 * H])  # z and r
            z, r = gates[:, t, :H], gates[:, t, H : 2 * H]
            candidate_inputs[:, t] = p[:, 2 * H :]
            gates[:, t, 2 * H :] = np.tanh(x_projected[:, t, 2 * H :] + r * p[:, 2 * H :])
            hs[:, t + 1] = z * hs[:, t] + (1 - z) * gates[:, t, 2 * H :]
        if training:
            self.cache = (x, hs, gates, candidate_inputs)
        return hs[:, 1:].copy() if self.return_sequences else hs[:, -1].copy()

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x, hs, gates, candidate_inputs = self.backward_cache()
        T, H = x.shape[1], self.hidden_size
        dy = self._full_dy(dy, T)
        dz_x = np.empty_like(gates)  # at a = x @ Wx + b
        dz_h = np.empty_like(gates)  # at p = h @ Wh + bh: the candidate's part scaled by r
        dh_next = np.zeros_like(hs[:, 0])
        for t in reversed(range(T)):
            z, r, n = gates[:, t, :H], gates[:, t, H : 2 * H], gates[:, t, 2 * H :]
            dh = dy[:, t] + dh_next
            d_n = dh * (1 - z) * (1 - n**2)  # through h = z h + (1 - z) n, then tanh
            d_z = dh * (hs[:, t] - n) * z * (1 - z)
            d_r = d_n * candidate_inputs[:, t] * r * (1 - r)
            dz_x[:, t] = np.concatenate([d_z, d_r, d_n], axis=1)
            dz_h[:, t] = np.concatenate([d_z, d_r, d_n * r], axis=1)
            dh_next = dh * z + dz_h[:, t] @ self.params["Wh"].T
        return self._input_grads(x, hs[:, :-1], dz_x, dz_h)
