"""Weight initialisers: He/Kaiming and Xavier/Glorot, normal and uniform.

Each initialiser draws an array of a given shape from a ``numpy.random.Generator``,
scaled by the layer's *fan-in* (inputs feeding one output unit) and *fan-out*:

==================  ==============================================  =========================
name                distribution                                    suits
==================  ==============================================  =========================
``he_normal``       N(0, std^2),      std   = sqrt(2 / fan_in)      ReLU-family layers
``he_uniform``      U(-limit, limit), limit = sqrt(6 / fan_in)      ReLU-family layers
``xavier_normal``   N(0, std^2),      std   = sqrt(2 / (in + out))  tanh / sigmoid layers
``xavier_uniform``  U(-limit, limit), limit = sqrt(6 / (in + out))  tanh / sigmoid layers
``zeros``           all zeros                                       biases
==================  ==============================================  =========================

Defaults per layer: ``Conv2D`` and ``Dense`` use ``he_normal`` weights and zero biases
(most nets here use ReLU); ``SimpleRNN`` and ``LSTM`` use ``xavier_uniform`` for both
weight matrices (their gates are tanh/sigmoid), zero biases, and the LSTM forget-gate bias
starts at 1 so the cell remembers by default.

For a convolution with weights ``(out_channels, in_channels, kH, kW)``:
``fan_in = in_channels * kH * kW`` and ``fan_out = out_channels * kH * kW``.
"""

from __future__ import annotations

import numpy as np


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a Dense ``(in, out)`` or Conv ``(out, in, kH, kW)`` weight."""
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) == 4:
        receptive_field = shape[2] * shape[3]
        return shape[1] * receptive_field, shape[0] * receptive_field
    raise ValueError(f"cannot compute fans of a weight of shape {shape}")


def he_normal(shape, rng, dtype=np.float32):
    fan_in, _ = fans(shape)
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(dtype)


def he_uniform(shape, rng, dtype=np.float32):
    fan_in, _ = fans(shape)
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def xavier_normal(shape, rng, dtype=np.float32):
    fan_in, fan_out = fans(shape)
    return (rng.standard_normal(shape) * np.sqrt(2.0 / (fan_in + fan_out))).astype(dtype)


def xavier_uniform(shape, rng, dtype=np.float32):
    fan_in, fan_out = fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def zeros(shape, rng=None, dtype=np.float32):
    return np.zeros(shape, dtype=dtype)


INITIALIZERS = {
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "zeros": zeros,
}

# Common aliases people type (Keras and PyTorch names).
ALIASES = {
    "kaiming_normal": "he_normal",
    "kaiming_uniform": "he_uniform",
    "glorot_normal": "xavier_normal",
    "glorot_uniform": "xavier_uniform",
}


def get(name: str):
    """Look an initialiser up by name, with a clear error listing the valid names."""
    key = ALIASES.get(name, name)
    if key not in INITIALIZERS:
        valid = ", ".join(sorted(INITIALIZERS) + sorted(ALIASES))
        raise ValueError(f"unknown initializer {name!r}; choose one of: {valid}")
    return INITIALIZERS[key]
