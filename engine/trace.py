"""One batch through the network and back, with every layer's numbers kept: the Backprop lens.

    trace = trace_step(model, x, y)            # x normalised as for predict, y class labels
    for step in trace.forward:                 # in the order the layers ran, blocks' children too
        print(step.name, step.x.shape, "->", step.y.shape)
    print(trace.loss, trace.probabilities)     # and trace.d_logits, which is (p - y) / N
    for step in trace.backward:                # from the loss back to the input
        print(step.name, step.dy.shape, {k: g.shape for k, g in step.grads.items()})

The trace runs on a private copy of the model (``Lens``), so the model itself never changes:
no optimizer step, no BatchNorm statistics, no random state, no cache (a training run that
goes on after a trace is bit-identical to one without it; tests/engine/test_trace.py checks
every preset). In the copy, dropout is off (unless asked for) and BatchNorm normalises with
its running statistics, as a prediction does, with gradients (``frozen``): the numbers are
those of the image as the Draw panel sees it.

The copy's layers are run one after another in their declared order (the model's own loop
swaps each ReLU with the MaxPool2D after it, which gives the same numbers faster, see
``model.run_order``: a student expects the order of the summary). Every layer, a block's
children included, is wrapped so that its ``forward`` and ``backward`` record what went in and
came out; nothing else in the layers changes, so what the lens shows is what training computes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from . import losses, optimizers
from .gradcheck import numerical_gradient, relative_error
from .layers import LSTM, BatchNorm1D, BatchNorm2D, Conv2D, Dropout, MaxPool2D, SimpleRNN
from .layers.base import Layer
from .layers.blocks import all_layers
from .model import Sequential, labels_of


@dataclass
class LayerTrace:
    """One layer's part in a traced batch (arrays are copies, batch axis first).

    x, y: the input and output; dy, dx: dL/d(output) and dL/d(input) (dx is None where the
    input needs none); params and grads: the weights as they were and their gradients.
    depth: 0 for the model's own layers, 1 for a block's children (``parent`` names the block).
    """

    name: str
    kind: str
    layer: Layer  # the lens's copy (for its config and its code), never the model's layer
    depth: int
    parent: str | None
    x: np.ndarray
    y: np.ndarray
    params: dict[str, np.ndarray]
    dy: np.ndarray | None = None
    dx: np.ndarray | None = None
    grads: dict[str, np.ndarray] = field(default_factory=dict)
    winners: np.ndarray | None = None  # MaxPool2D: how many windows each input won (the gradient's route)
    time: dict[str, np.ndarray] | None = None  # LSTM / SimpleRNN: the states at every time step (states_of)

    def gradient_norm(self) -> float:
        """The norm of all this layer's weight gradients together (0 for a layer without weights)."""
        return float(np.sqrt(sum(float(np.vdot(g, g)) for g in self.grads.values())))


@dataclass
class Trace:
    """A batch's way forward and back. ``forward``: the layers in the order they ran (a block before
    its children); ``backward``: in the order the gradient reached them."""

    forward: list[LayerTrace]
    backward: list[LayerTrace]
    logits: np.ndarray  # (N, K): what the loss sees
    probabilities: np.ndarray  # (N, K)
    labels: np.ndarray | None  # (N,); None for a regression's float targets
    loss: float
    d_logits: np.ndarray  # (N, K): dL/d(logits); for softmax cross-entropy (p - y) / N
    classes: int

    def layer(self, name: str) -> LayerTrace:
        for step in self.forward:
            if step.name == name:
                return step
        raise KeyError(f"no layer named {name!r} in the trace; layers: {', '.join(s.name for s in self.forward)}")

    @property
    def chance_loss(self) -> float:
        """ln(K): the loss of a uniform guess over K classes, where a fresh model should start."""
        return float(np.log(self.classes))

    def gradient_norms(self) -> list[tuple[str, float]]:
        """(layer, norm of its weight gradients) for every layer with weights, input side first.

        Blocks are listed by their children, so a deep stack shows where gradients shrink or grow."""
        return [(s.name, s.gradient_norm()) for s in self.forward if s.params and not hasattr(s.layer, "children")]


def private_copy(model: Sequential) -> Sequential:
    """A deep copy of ``model`` that shares no array, generator or state with it, without the
    optimizer (its moments belong to the run), the remembered digits, or the layers' caches."""
    memo = {id(part): None for part in (model.optimizer, model.memory) if part is not None}
    clone = copy.deepcopy(model, memo)
    for layer, _, _, _ in all_layers(clone.layers):
        layer.cache = None
        # A lens's recording wrappers are functions, which deepcopy shares: the copy goes without them.
        layer.__dict__.pop("forward", None)
        layer.__dict__.pop("backward", None)
    clone.loss = type(model.loss)(**model.loss.get_config()) if model.loss is not None else None  # no cache
    return clone


def states_of(layer: Layer) -> dict[str, np.ndarray] | None:
    """A recurrent layer's states at every time step, from what its forward pass kept for backward:
    ``h`` (N, T, H) and, for an LSTM, ``c`` (N, T, H) and ``gates`` (N, T, 4, H): i, f, g, o. None for
    any other layer."""
    if isinstance(layer, LSTM):
        return layer.states()
    if isinstance(layer, SimpleRNN) and layer.cache is not None:
        return {"h": layer.cache[1][:, 1:].copy()}
    return None


class Lens:
    """A private copy of a model to walk batches through: ``trace``, ``check_weight``, ``apply_step``
    and ``undo``. The model it was made from is never touched.

    dropout: keep the Dropout layers' random masks (off by default: the numbers of a prediction).
    """

    def __init__(self, model: Sequential, dropout: bool = False):
        if not model.layers:
            raise ValueError("the model has no layers to trace")
        self.model = private_copy(model)
        if self.model.loss is None:
            self.model.loss = losses.SoftmaxCrossEntropy()
        self._events: list[tuple[str, LayerTrace]] | None = None
        self._steps: dict[int, LayerTrace] = {}
        self._undo: list[tuple[str, np.ndarray, np.ndarray]] | None = None  # (name, weights, copy before)
        for layer, name, depth, parent in all_layers(self.model.layers):
            if isinstance(layer, (BatchNorm1D, BatchNorm2D)):
                layer.frozen = True
            if isinstance(layer, Dropout) and not dropout:
                layer.p = 0.0
            self._wrap(layer, name, depth, parent)

    # ----------------------------------------------------------------- recording
    def _wrap(self, layer: Layer, name: str, depth: int, parent: str | None) -> None:
        """Give this copy's ``layer`` a ``forward`` and ``backward`` that record, then call its own."""
        forward, backward = layer.forward, layer.backward  # the class's methods, bound

        def traced_forward(x, training=True):
            step = None
            if self._events is not None:
                step = LayerTrace(name, type(layer).__name__, layer, depth, parent, x.copy(), x,
                                  {k: v.copy() for k, v in layer.params.items()})  # fmt: skip
                self._events.append(("forward", step))  # now: a block comes before its children
                self._steps[id(layer)] = step
            y = forward(x, training=training)
            if step is not None:
                step.y = y.copy()
                step.time = states_of(layer)
            return y

        def traced_backward(dy):
            step = self._steps.get(id(layer)) if self._events is not None else None
            if step is not None:
                step.dy = dy.copy()
                self._events.append(("backward", step))
            dx = backward(dy)
            if step is not None:
                step.dx = None if dx is None else dx.copy()
                step.grads = {k: np.array(g, copy=True) for k, g in layer.grads.items()}
                if isinstance(layer, MaxPool2D):
                    step.winners = backward(np.ones_like(step.y)).astype(np.int32)  # its route, with dy = 1
            return dx

        layer.forward, layer.backward = traced_forward, traced_backward

    # ----------------------------------------------------------------- the walk
    def _scores(self, x: np.ndarray, training: bool) -> np.ndarray:
        x = self.model._prepare(x)
        for layer in self.model._scoring_layers():
            x = layer.forward(x, training=training)
        return x

    def trace(self, x: np.ndarray, y) -> Trace:
        """Forward and backward for the batch ``x`` (N, ...) with labels ``y`` (N,); every layer recorded."""
        x, targets = np.asarray(x), np.asarray(y)
        if len(targets) != len(x):
            raise ValueError(f"{len(x)} images but {len(targets)} labels")
        self._events, self._steps = [], {}
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                logits = self._scores(x, training=True)
                loss = float(self.model.loss.forward(logits, targets))
                d_logits = self.model.loss.backward()
                dy = d_logits
                for layer in reversed(self.model._scoring_layers()):
                    layer.input_gradient = True  # the lens shows dL/d(input) of every layer, the first too
                    dy = layer.backward(dy)
            events = self._events
        finally:
            self._events = None
        forward = [step for kind, step in events if kind == "forward"]
        backward = [step for kind, step in events if kind == "backward"]
        labels = labels_of(targets) if targets.ndim == 1 or np.issubdtype(targets.dtype, np.integer) else None
        return Trace(forward, backward, logits.copy(), self.model.probabilities(logits), labels, loss,
                     np.array(d_logits, copy=True), int(logits.shape[-1]))  # fmt: skip

    def loss(self, x: np.ndarray, y) -> float:
        """The loss of the batch with the copy's weights as they are now. Inference maths, which in the
        lens are the trace's too: BatchNorm frozen, dropout off (``check_weight``'s lens has it off)."""
        return float(self.model.loss.forward(self._scores(x, training=False), np.asarray(y)))

    # ----------------------------------------------------------------- check it
    def check_weight(self, x: np.ndarray, y, parameter: str, index: tuple[int, ...], eps: float = 1e-6) -> WeightCheck:
        """The analytic gradient of one weight (``"conv2d_1.W"``, ``(3, 0, 1, 2)``) beside a central
        finite difference of the loss, both in float64 on a lens over this lens's model (dropout off:
        a random mask would change the function between its two evaluations)."""
        lens = Lens(self.model)
        for layer in lens.model.layers:
            layer.astype(np.float64)
        values = {name: value for name, value, _ in lens.model.named_parameters()}
        if parameter not in values:
            raise KeyError(f"no parameter {parameter!r}; parameters: {', '.join(values)}")
        value = values[parameter]
        index = tuple(int(i) for i in index)
        if len(index) != value.ndim or any(not 0 <= i < n for i, n in zip(index, value.shape, strict=True)):
            raise IndexError(f"{parameter} has shape {value.shape}; index {index} is outside it")
        x64 = np.asarray(x, dtype=np.float64)
        owner, key = parameter.rsplit(".", 1)  # "block_1.conv1.W": the child block_1.conv1, its "W"
        analytic = float(lens.trace(x64, y).layer(owner).grads[key][index])
        flat = int(np.ravel_multi_index(index, value.shape))
        numeric = float(numerical_gradient(lambda: lens.loss(x64, y), value, eps, [flat]).ravel()[flat])
        error = relative_error(np.array([analytic]), np.array([numeric]))
        return WeightCheck(parameter, index, analytic, numeric, error)

    # ----------------------------------------------------------------- the update
    def apply_step(self, x: np.ndarray, y, optimizer: str = "sgd", learning_rate: float = 0.01) -> StepResult:
        """One optimizer step on the copy from the gradients of this batch (a fresh optimizer of that
        kind, as a run's first step); ``undo`` puts the weights back."""
        before_loss = self.loss(x, y)
        self.trace(x, y)  # fills every layer's grads
        before = [(name, value, value.copy()) for name, value, _ in self.model.named_parameters()]
        step_optimizer = optimizers.get(optimizer, lr=float(learning_rate))
        step_optimizer.step(list(self.model.named_parameters()))
        self._undo = before
        after_loss = self.loss(x, y)
        changes = {name: (old, value.copy()) for name, value, old in before}
        return StepResult(optimizer, float(learning_rate), before_loss, after_loss, changes)

    def can_undo(self) -> bool:
        return self._undo is not None

    def undo(self) -> bool:
        """Put back the weights from before the last ``apply_step``; False if there is nothing to undo."""
        if self._undo is None:
            return False
        for _, value, old in self._undo:
            value[...] = old
        self._undo = None
        return True


@dataclass(frozen=True)
class WeightCheck:
    parameter: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    relative_error: float


@dataclass(frozen=True)
class StepResult:
    optimizer: str
    learning_rate: float
    loss_before: float
    loss_after: float
    changes: dict[str, tuple[np.ndarray, np.ndarray]]  # parameter -> (before, after)


def trace_step(model: Sequential, x: np.ndarray, y, dropout: bool = False) -> Trace:
    """Every layer's input, output, output gradient, input gradient and weight gradients for one batch,
    without changing ``model`` (see the module docstring)."""
    return Lens(model, dropout=dropout).trace(x, y)


@dataclass(frozen=True)
class PixelStory:
    """How one output pixel of a convolution was made, and what it gives the kernel's gradient.

    patch: the (C_in, kH, kW) input window (padding included) under the kernel; kernel: W[c];
    products: patch * kernel; value = products.sum() + bias, the pixel itself.
    gradient: dL/dy at that pixel; dW_share = gradient * patch, this pixel's part of dL/dW[c]
    (dW[c] is the sum of such shares over every pixel of every image of the batch).
    """

    layer: str
    where: tuple[int, int, int, int]  # (n, c, i, j)
    patch: np.ndarray
    kernel: np.ndarray
    bias: float
    products: np.ndarray
    value: float
    gradient: float
    dW_share: np.ndarray  # noqa: N815 (the gradient's usual name)


def conv_pixel(step: LayerTrace, n: int, c: int, i: int, j: int) -> PixelStory:
    """The multiply-add behind ``step.y[n, c, i, j]`` of a traced ``Conv2D``, forward and back."""
    layer = step.layer
    if not isinstance(layer, Conv2D):
        raise TypeError(f"{step.name} is a {step.kind}, not a Conv2D")
    top, bottom, left, right = layer.pads
    padded = np.pad(step.x[n], ((0, 0), (top, bottom), (left, right)))
    kH, kW = layer.kernel_size
    s = layer.stride
    patch = padded[:, i * s : i * s + kH, j * s : j * s + kW]
    kernel = step.params["W"][c]
    bias = float(step.params["b"][c]) if "b" in step.params else 0.0
    products = patch * kernel
    gradient = float(step.dy[n, c, i, j]) if step.dy is not None else 0.0
    return PixelStory(step.name, (n, c, i, j), patch.copy(), kernel.copy(), bias, products,
                      float(products.sum(dtype=np.float64) + bias), gradient, gradient * patch)  # fmt: skip
