"""Optimizers with the update rules of ``torch.optim`` (same defaults, same numbers).

An optimizer receives ``(name, parameter, gradient)`` triples from the model and updates
each parameter *in place*. It owns its per-parameter state (momentum buffers, moment
estimates), keyed by the parameter's name, so that state can be saved with the model and
training resumed. ``lr`` may be changed between steps (schedules, the GUI's slider).

    optimizer = Adam(lr=1e-3)
    optimizer.step(model.named_parameters())     # after model.backward(...)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .layers import parallel
from .validation import number_in

Triple = tuple[str, np.ndarray, np.ndarray]
# A parameter this big is updated as two halves at once, one per core (``Optimizer.step``): the update is
# elementwise, so each half is its own. Adam on lab-cnn's and mlp's 401,408 dense weights: 540-570 us
# on one thread, 370-410 on two; under about 200,000 numbers handing half to the other thread (60-80
# us) costs more than it saves (a 18,432-number kernel: 33 against 114 us).
SPLIT_SIZE = 200_000


class Optimizer:
    """Base class: learning rate, weight decay, per-parameter state, save/restore."""

    def __init__(self, lr: float, weight_decay: float = 0.0):
        self.lr = lr
        self.weight_decay = weight_decay
        self.state: dict[str, dict[str, np.ndarray | int]] = {}
        self.iterations = 0
        self._scratch: dict[tuple, np.ndarray] = {}  # work arrays by (shape, dtype): ``scratch_like``

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = number_in(value, "learning rate", 0.0, include_low=False)

    @property
    def weight_decay(self) -> float:
        return self._weight_decay

    @weight_decay.setter
    def weight_decay(self, value: float) -> None:
        self._weight_decay = number_in(value, "weight_decay", 0.0)

    def step(self, parameters: Iterable[Triple]) -> None:
        """Apply one update to every (name, parameter, gradient)."""
        for name, param, grad in parameters:
            state = self.state.setdefault(name, {})
            grad = grad.astype(param.dtype, copy=False)
            if self._in_halves(param, state):
                self._update_in_halves(param, grad, state)
            else:
                self.update(param, grad, state)
        self.iterations += 1

    def _in_halves(self, param: np.ndarray, state: dict) -> bool:
        """True for a big parameter (``SPLIT_SIZE``) whose state exists already (the first step creates it),
        all contiguous, so that each half is a view of the very memory it updates."""
        arrays = [param, *(value for value in state.values() if isinstance(value, np.ndarray))]
        return (parallel.enabled and param.size >= SPLIT_SIZE and all(slot in state for slot in self.slots())
                and all(array.flags.c_contiguous for array in arrays))  # fmt: skip

    def _update_in_halves(self, param: np.ndarray, grad: np.ndarray, state: dict) -> None:
        """``update`` on each half of the flattened parameter, gradient and state arrays at once (``parallel.Lanes``);
        the same numbers as in one piece, bit for bit. Numbers in the state (Adam's step count) are counted by
        each half alike and taken from the first."""
        flat, flat_grad = param.reshape(-1), grad.reshape(-1)  # the parameter's own memory: it is contiguous

        def half(rows: slice) -> dict:
            part = {key: value.reshape(-1)[rows] if isinstance(value, np.ndarray) and value.shape == param.shape
                    else value for key, value in state.items()}  # fmt: skip
            self.update(flat[rows], flat_grad[rows], part)
            return part

        first, _ = parallel.Lanes(param.size, products=False).run(half)
        state.update({key: value for key, value in first.items() if not isinstance(value, np.ndarray)})

    def scratch_like(self, param: np.ndarray) -> np.ndarray:
        """A work array of ``param``'s shape and dtype, the same one every step (not saved: not state)."""
        key = (param.shape, param.dtype, parallel.lane())  # each half of a parameter (``step``) its own
        if key not in self._scratch:
            self._scratch[key] = np.empty_like(param)
        return self._scratch[key]

    def update(self, param: np.ndarray, grad: np.ndarray, state: dict) -> None:
        raise NotImplementedError

    def slots(self) -> tuple[str, ...]:
        """The state every parameter has once a step was taken (a resumed run must find all of it)."""
        return ()

    def _l2(self, param: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Classic (coupled) weight decay: add ``weight_decay * param`` to the gradient."""
        return grad + self.weight_decay * param if self.weight_decay else grad

    # ------------------------------------------------------------- saving
    def get_config(self) -> dict:
        return {"lr": self.lr, "weight_decay": self.weight_decay}

    def state_arrays(self) -> dict[str, np.ndarray]:
        """Flat ``{"param_name/slot": array}`` of all state, for saving in an .npz."""
        return {
            f"{name}/{slot}": np.asarray(value) for name, slots in self.state.items() for slot, value in slots.items()
        }

    def load_state_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        """Inverse of ``state_arrays``."""
        self.state = {}
        for key, value in arrays.items():
            name, _, slot = key.rpartition("/")
            self.state.setdefault(name, {})[slot] = int(value) if value.ndim == 0 else np.array(value)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    g = grad + weight_decay * p
    buf = g                       (first step)
    buf = momentum * buf + g      (later steps)
    g = g + momentum * buf  if nesterov  else  buf
    p = p - lr * g
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.momentum = momentum
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError("Nesterov momentum needs momentum > 0")

    @property
    def momentum(self) -> float:
        return self._momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        self._momentum = number_in(value, "momentum", 0.0, 1.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}

    def slots(self) -> tuple[str, ...]:
        return ("momentum_buffer",) if self.momentum else ()

    def update(self, param, grad, state):
        grad = self._l2(param, grad)
        if self.momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = grad.copy()
            else:
                buf *= self.momentum
                buf += grad
            grad = grad + self.momentum * buf if self.nesterov else buf
        param -= self.lr * grad


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam`` (weight decay added to the gradient, L2 style).

    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g^2
    p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    """

    decoupled = False

    def __init__(self, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (number_in(betas[0], "beta1", 0.0, 1.0), number_in(betas[1], "beta2", 0.0, 1.0))
        self.eps = number_in(eps, "eps", 0.0, include_low=False)

    def get_config(self) -> dict:
        return {**super().get_config(), "betas": list(self.betas), "eps": self.eps}

    def slots(self) -> tuple[str, ...]:
        return ("step", "m", "v")

    def update(self, param, grad, state):
        beta1, beta2 = self.betas
        if self.decoupled:
            param *= 1 - self.lr * self.weight_decay
        else:
            grad = self._l2(param, grad)
        if "m" not in state:
            state["step"] = 0
            state["m"] = np.zeros_like(param)
            state["v"] = np.zeros_like(param)
        state["step"] += 1
        m, v, t = state["m"], state["v"], state["step"]
        # The same arithmetic as the formulas above (bit for bit), written in place through one
        # scratch array per shape: no new arrays a step. mini-vgg's whole update 1.15-1.26x faster
        # (0.96 -> 0.83 and 1.39 -> 1.10 ms; two A/B runs in one process, medians of 9 rounds).
        scratch = self.scratch_like(param)
        m *= beta1
        m += np.multiply(grad, 1 - beta1, out=scratch)
        v *= beta2
        np.multiply(grad, 1 - beta2, out=scratch)
        v += np.multiply(scratch, grad, out=scratch)
        denom = np.sqrt(v, out=scratch)
        denom /= math.sqrt(1 - beta2**t)
        denom += self.eps
        step = np.divide(m, denom, out=scratch)
        step *= self.lr / (1 - beta1**t)
        param -= step


class AdamW(Adam):
    """Adam with decoupled weight decay, as ``torch.optim.AdamW``: ``p *= 1 - lr * weight_decay``
    before the Adam step, instead of adding the decay to the gradient. Default decay 0.01."""

    decoupled = True

    def __init__(self, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2):
        super().__init__(lr, betas, eps, weight_decay)


class RMSProp(Optimizer):
    """RMSProp, as ``torch.optim.RMSprop`` (not centred).

    sq = alpha * sq + (1 - alpha) * g^2
    step = g / (sqrt(sq) + eps)
    with momentum:  buf = momentum * buf + step;  p -= lr * buf
    without:        p -= lr * step
    """

    def __init__(
        self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0, weight_decay: float = 0.0
    ):
        super().__init__(lr, weight_decay)
        self.alpha = number_in(alpha, "alpha", 0.0, 1.0)
        self.eps = number_in(eps, "eps", 0.0, include_low=False)
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha, "eps": self.eps, "momentum": self.momentum}

    def slots(self) -> tuple[str, ...]:
        return ("square_avg", "momentum_buffer") if self.momentum else ("square_avg",)

    def update(self, param, grad, state):
        grad = self._l2(param, grad)
        if "square_avg" not in state:
            state["square_avg"] = np.zeros_like(param)
        square_avg = state["square_avg"]
        square_avg *= self.alpha
        square_avg += (1 - self.alpha) * grad * grad
        step = grad / (np.sqrt(square_avg) + self.eps)
        if self.momentum:
            buf = state.setdefault("momentum_buffer", np.zeros_like(param))
            buf *= self.momentum
            buf += step
            step = buf
        param -= self.lr * step


class AdaGrad(Optimizer):
    """AdaGrad, as ``torch.optim.Adagrad``: each weight's step shrinks with its gradient history.

    sum = sum + g^2
    p = p - lr * g / (sqrt(sum) + eps)
    """

    def __init__(self, lr: float = 1e-2, eps: float = 1e-10, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.eps = number_in(eps, "eps", 0.0, include_low=False)

    def get_config(self) -> dict:
        return {**super().get_config(), "eps": self.eps}

    def slots(self) -> tuple[str, ...]:
        return ("sum",)

    def update(self, param, grad, state):
        grad = self._l2(param, grad)
        if "sum" not in state:
            state["sum"] = np.zeros_like(param)
        state["sum"] += grad * grad
        param -= self.lr * grad / (np.sqrt(state["sum"]) + self.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "SGD": SGD,
    "Adam": Adam,
    "AdamW": AdamW,
    "RMSProp": RMSProp,
    "AdaGrad": AdaGrad,
}


def get(optimizer, **kwargs) -> Optimizer:
    """An optimizer from a name (any case: 'adam', 'sgd', 'momentum', 'nesterov', ...) or as is.

    'momentum' is SGD with momentum 0.9 and 'nesterov' SGD with Nesterov momentum 0.9,
    unless kwargs say otherwise.
    """
    if isinstance(optimizer, Optimizer):
        return optimizer
    if not isinstance(optimizer, str):
        raise ValueError(f"expected an optimizer or its name, got {type(optimizer).__name__}")
    key = optimizer.lower()
    if key == "momentum":
        return SGD(**{"momentum": 0.9, **kwargs})
    if key == "nesterov":
        return SGD(**{"momentum": 0.9, "nesterov": True, **kwargs})
    by_lower = {name.lower(): cls for name, cls in OPTIMIZERS.items()}
    if key not in by_lower:
        valid = ", ".join([*sorted(by_lower), "momentum", "nesterov"])
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of: {valid}")
    return by_lower[key](**kwargs)


def from_config(class_name: str, config: dict) -> Optimizer:
    if class_name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer class {class_name!r}")
    return OPTIMIZERS[class_name](**config)
