"""Finite-difference gradient checking, for any layer or whole model.

The analytic gradient from ``backward`` is compared with the central difference

    df/dv  ~=  (f(v + eps) - f(v - eps)) / (2 * eps)

for entries v of the input and of every parameter, and the worst *relative error*
``|analytic - numeric| / (|analytic| + |numeric|)`` is reported. In float64 with
eps = 1e-6, a correct backward pass gives errors around 1e-7 or smaller; a bug gives
errors near 1.

Checks run in float64 (the layers work in any float dtype) so that rounding does not hide
mistakes. Layers that draw random numbers (Dropout) are replayed with the same random
state for every evaluation, so the function being differentiated is fixed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .layers.base import Layer


def relative_error(analytic: np.ndarray, numeric: np.ndarray, floor: float = 1e-7) -> float:
    """Worst element-wise relative error ``|a - n| / (|a| + |n|)``.

    Entries whose gradient is tiny compared with the rest of the array (below 1/1000 of its
    largest entry, or below ``floor``) are measured against that level instead: otherwise
    the finite difference's rounding noise (~1e-10) on a gradient of ~1e-8 would read as a
    large error although the array is right to ten digits.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"gradient shapes differ: analytic {analytic.shape} vs numeric {numeric.shape}")
    if not analytic.size:
        return 0.0
    size = np.abs(analytic) + np.abs(numeric)
    scale = np.maximum(size, max(floor, 1e-3 * float(size.max())))
    return float(np.max(np.abs(analytic - numeric) / scale))


def numerical_gradient(f: Callable[[], float], v: np.ndarray, eps: float = 1e-6, indices=None) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to array ``v``.

    ``v`` is perturbed in place (and restored), so ``f`` must read it. ``indices`` limits
    the check to some flat positions (a random sample for big arrays); other entries stay 0.
    """
    grad = np.zeros_like(v, dtype=np.float64)
    flat_v = v.reshape(-1)  # a view: writing to it perturbs v
    flat_grad = grad.reshape(-1)
    for index in range(v.size) if indices is None else indices:
        old = flat_v[index]
        flat_v[index] = old + eps
        f_plus = f()
        flat_v[index] = old - eps
        f_minus = f()
        flat_v[index] = old
        flat_grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def _sample(size: int, max_checks: int | None, rng: np.random.Generator) -> np.ndarray | None:
    if max_checks is None or size <= max_checks:
        return None
    return rng.choice(size, max_checks, replace=False)


def _compare(analytic, numeric, indices) -> float:
    if indices is None:
        return relative_error(analytic, numeric)
    return relative_error(analytic.reshape(-1)[indices], numeric.reshape(-1)[indices])


def check_layer(
    layer: Layer, x: np.ndarray, eps: float = 1e-6, max_checks: int | None = 200, seed: int = 0
) -> dict[str, float]:
    """Gradient-check one layer on input ``x``; returns {'x': err, 'W': err, ...}.

    The scalar being differentiated is ``sum(layer.forward(x) * dy)`` for a fixed random
    ``dy``, whose gradient with respect to the output is exactly ``dy``.
    """
    # A stream of its own, so dy never equals an x drawn from the same seed (for BatchNorm,
    # dy = x makes the true input gradient exactly zero and the check meaningless).
    rng = np.random.default_rng([seed, 0x9C4E])
    layer.astype(np.float64)
    x = np.array(x, dtype=np.float64)
    replay_state = layer.rng.bit_generator.state

    def run() -> np.ndarray:
        layer.rng.bit_generator.state = replay_state
        return layer.forward(x, training=True)

    dy = rng.standard_normal(run().shape)

    def loss() -> float:
        return float(np.sum(run() * dy))

    run()
    analytic = {"x": layer.backward(dy)}
    analytic.update({name: layer.grads[name].copy() for name in layer.params})

    targets = {"x": x, **layer.params}
    errors = {}
    for name, value in targets.items():
        indices = _sample(value.size, max_checks, rng)
        numeric = numerical_gradient(loss, value, eps, indices)
        errors[name] = _compare(analytic[name], numeric, indices)
    return errors


def check_model(
    model, x: np.ndarray, y: np.ndarray, eps: float = 1e-6, max_checks: int | None = 30, seed: int = 0
) -> dict[str, float]:
    """Gradient-check every parameter of a compiled ``Sequential`` through its loss.

    Returns the worst relative error per layer (layers without parameters are skipped).
    The model is converted to float64 in place; use a throwaway copy.
    """
    return check_model_at_smooth_points(model, x, y, eps, max_checks, seed, kink_tolerance=None)[0]


def check_model_at_smooth_points(
    model, x, y, eps: float = 1e-6, max_checks: int | None = 30, seed: int = 0, kink_tolerance: float | None = 1e-3
) -> tuple[dict[str, float], dict[str, int]]:
    """Like ``check_model``, but leaves out entries that sit at a kink; also returns how many.

    A whole network has ReLU and max-pool kinks everywhere: nudging one weight by eps
    can flip some unit across zero, and the finite difference then measures a slope that
    is no derivative at all (CS231n's "kinks in the objective"). Such entries show up as
    two step sizes (eps and eps/2) disagreeing by more than ``kink_tolerance`` relative;
    at a smooth point they agree to rounding level. Returns ({layer: worst error},
    {layer: entries left out}). ``kink_tolerance=None`` keeps every entry.
    """
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        layer.astype(np.float64)
    x = np.asarray(x, dtype=np.float64)
    states = [layer.rng.bit_generator.state for layer in model.layers]

    def loss() -> float:
        for layer, state in zip(model.layers, states, strict=True):
            layer.rng.bit_generator.state = state
        return float(model.loss.forward(model.forward(x, training=True), y)) + model.regularization_loss()

    loss()
    model.backward(model.loss.backward())
    errors, skipped = {}, {}
    for layer in model.layers:
        if not layer.params:
            continue
        worst, left_out = 0.0, 0
        for name, value in layer.params.items():
            analytic = layer.grads[name].copy().reshape(-1)
            indices = _sample(value.size, max_checks, rng)
            indices = np.arange(value.size) if indices is None else indices
            numeric = numerical_gradient(loss, value, eps, indices).reshape(-1)[indices]
            analytic = analytic[indices]
            if kink_tolerance is not None:
                half = numerical_gradient(loss, value, eps / 2, indices).reshape(-1)[indices]
                scale = np.maximum(np.abs(numeric) + np.abs(half), 1e-3 * np.abs(numeric).max() + 1e-12)
                smooth = np.abs(numeric - half) / scale <= kink_tolerance
                left_out += int((~smooth).sum())
                analytic, numeric = analytic[smooth], numeric[smooth]
            if analytic.size:
                worst = max(worst, relative_error(analytic, numeric))
        errors[layer.name] = worst
        skipped[layer.name] = left_out
    return errors, skipped
