"""The `Layer` base class every layer derives from.

A layer is a small object with two methods:

* ``forward(x, training=True) -> y`` computes the output. In training mode it keeps
  whatever the backward pass will need in ``self.cache``; in inference mode
  (``training=False``) it changes nothing on the layer, so a prediction from the draw
  panel can run while the network trains.
* ``backward(dy) -> dx`` takes the gradient of the loss with respect to the output and
  returns the gradient with respect to the input. It stores the gradients of the
  parameters in ``self.grads`` (same keys as ``self.params``) and never updates weights:
  that is the optimizer's job.

Shapes never include a batch size: one image ``(1, C, H, W)`` or 10,000 go through the
same object.
"""

from __future__ import annotations

import contextlib
import contextvars
import math

import numpy as np

from ..words import said
from . import parallel

Shape = tuple[int, ...]


# The most numbers one layer may hold: 2**28, 1 GiB of float32, 13 times the biggest preset.
# Anything larger is a typo (out_features=10**7) or a hostile model file, and would take the
# machine's memory before any other check could run.
MAX_LAYER_ELEMENTS = 2**28
_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("parameter_budget", default=None)


def check_allocation(who: str, *shapes: tuple[int, ...]) -> None:
    """Refuse, before allocating, a layer whose arrays would be absurdly large, or larger than a file being
    loaded stores for it (``parameter_budget``)."""
    count = sum(math.prod(int(n) for n in shape) for shape in shapes)
    if count > MAX_LAYER_ELEMENTS:
        raise ValueError(said("{who}: its weights would hold {count:,} numbers, more than the {MAX_LAYER_ELEMENTS:,} "
                              "one layer may have",
                              who=who, count=count, MAX_LAYER_ELEMENTS=MAX_LAYER_ELEMENTS))  # fmt: skip
    budget = _budget.get()
    if budget is not None:
        budget[0] -= count
        if budget[0] < 0:
            raise ValueError(said("{who}: declares {count:,} weights, more than the file stores for it",
                                  who=who, count=count))


@contextlib.contextmanager
def parameter_budget(elements: int):
    """Layers built inside may allocate at most ``elements`` numbers in all (what a model file stores)."""
    token = _budget.set([elements])
    try:
        yield
    finally:
        _budget.reset(token)


def shape_text(shape: Shape) -> str:
    """Render a per-sample shape with the batch axis in front, e.g. ``(N, 1, 28, 28)``."""
    return "(" + ", ".join(["N", *(str(s) for s in shape)]) + ")"


class Layer:
    """Base class: parameters, gradients, buffers, config and shape checking.

    Attributes:
        params: dict name -> ndarray of trainable parameters (updated in place by optimizers).
        grads: dict name -> ndarray, same keys as ``params``, filled by ``backward`` (per lane: below).
        buffers: dict name -> ndarray of state that is saved but not trained
            (BatchNorm's running statistics).
        rng: the ``numpy.random.Generator`` used for initialisation and for random
            masks; a seeded ``Sequential`` hands every layer its own generator.
        name: a readable name, unique inside a model (``conv2d_1``).

    Class attributes for the architecture editor (``engine.architecture``):
        input_argument: the constructor argument that must equal the size of the input's
            feature axis (Conv2D's ``in_channels``, Dense's ``in_features``), so the editor
            fills it in from the previous layer instead of asking the user.
        input_ndim: how many per-sample axes the layer takes: 3 for images (C, H, W),
            2 for sequences (T, F), 1 for vectors (F,); None for "any".
    """

    input_argument: str | None = None
    input_ndim: int | None = None

    def __init__(self, name: str | None = None):
        self.name = name or type(self).__name__.lower()
        self.params: dict[str, np.ndarray] = {}
        self.grads = {}
        self.buffers: dict[str, np.ndarray] = {}
        self.cache = None
        self.rng = np.random.default_rng()
        # False when nothing needs the gradient with respect to the input (the model's
        # first layer while training); backward may then skip computing it and return None.
        self.input_gradient = True

    # ----------------------------------------------------------------- state of a pass, per lane
    # A training step in two halves (``parallel.Lanes``) runs each half through the same layers at the same
    # time, so what a pass keeps for backward (``cache``) and what backward finds (``grads``) are kept per
    # lane: each thread sees its own. Outside lanes there is one, lane 0's; setting it there also drops
    # what lane 1 kept from an earlier step, so nothing stale of it is ever read.
    @property
    def cache(self):
        """What the last training forward pass kept for backward (this lane's); None before one."""
        return self._caches[parallel.lane()]

    @cache.setter
    def cache(self, value) -> None:
        if parallel.in_lanes():
            self._caches[parallel.lane()] = value
        else:
            self._caches = [value, None]

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """dict name -> ndarray, the same keys as ``params``, filled by ``backward`` (this lane's)."""
        return self._grads[parallel.lane()]

    @grads.setter
    def grads(self, value: dict[str, np.ndarray]) -> None:
        if parallel.in_lanes():
            self._grads[parallel.lane()] = value
        else:
            self._grads = [value, {}]

    def lane_caches(self) -> list:
        """Every lane's cache that holds something: the whole batch's last training pass."""
        return [cache for cache in self._caches if cache is not None]

    def lane_grads(self, lane: int) -> dict[str, np.ndarray]:
        """The gradients lane ``lane`` computed (``Sequential.train_step`` adds lane 1's to lane 0's)."""
        return self._grads[lane]

    # ----------------------------------------------------------------- to override
    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def output_shape(self, input_shape: Shape) -> Shape:
        """Per-sample output shape for a per-sample input shape; raises ValueError if invalid.

        The default is for layers that keep the shape (activations, dropout, ...).
        """
        return tuple(input_shape)

    def multiply_adds(self, input_shape: Shape) -> int:
        """The multiply-adds of one sample's forward pass through this layer (its matrix products; 0 for
        layers without weights): how much arithmetic it does, e.g. to judge whether two threads pay."""
        return 0

    def get_config(self) -> dict:
        """The constructor arguments, as a plain JSON-able dict that rebuilds the layer."""
        return {}

    def reset_parameters(self) -> None:
        """Draw fresh initial parameters from ``self.rng`` (layers without parameters: no-op)."""

    # ----------------------------------------------------------------- helpers
    @classmethod
    def from_config(cls, config: dict) -> Layer:
        return cls(**config)

    def describe(self) -> str:
        """Short human-readable description, e.g. ``Conv2D(1->8, 3x3, pad 1)``."""
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def num_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def astype(self, dtype) -> Layer:
        """Convert parameters and buffers in place (float64 for gradient checks)."""
        for store in (self.params, self.buffers):
            for key, value in store.items():
                store[key] = value.astype(dtype)
        self.grads = {}
        return self

    def check_input(self, x: np.ndarray) -> None:
        """Raise a ValueError naming this layer if ``x`` cannot go through it."""
        if not isinstance(x, np.ndarray):
            raise ValueError(said("{name}: expected a numpy array, got {name2}",
                                  name=self.name, name2=type(x).__name__))
        if x.ndim < 1:
            raise ValueError(said("{name}: expected a batch of inputs, got a scalar", name=self.name))
        self.output_shape(x.shape[1:])

    def backward_cache(self):
        """The cache saved by the last training-mode forward, or a clear error."""
        if self.cache is None:
            raise RuntimeError(
                f"{self.name}: backward() called before a forward(x, training=True); "
                "inference-mode forward passes keep no cache"
            )
        return self.cache

    def shape_error(self, expected: str, got: Shape, why: str = "") -> ValueError:
        if why:
            return ValueError(said("{name}: expected input of shape {expected}, got {got} ({why})", name=self.name,
                                   expected=expected, got=shape_text(got), why=why))
        return ValueError(said("{name}: expected input of shape {expected}, got {got}", name=self.name,
                               expected=expected, got=shape_text(got)))

    def __repr__(self) -> str:
        return self.describe()


def regularizer_config(layer: Layer) -> dict:
    """The ``kernel_regularizer`` entry of a layer's config, only when it has one (old files stay as they were)."""
    regularizer = getattr(layer, "kernel_regularizer", None)
    return {} if regularizer is None else {"kernel_regularizer": regularizer.to_dict()}


def flat_size(layers: list, input_shape: Shape) -> int:
    """How many numbers ``layers`` turn one input of ``input_shape`` into: what a Dense layer after them reads
    (e.g. 64 * 7 * 7 after two poolings of a 28x28 image)."""
    shape = tuple(input_shape)
    for layer in layers:
        shape = layer.output_shape(shape)
    return int(np.prod(shape))
