"""Composite layers: small networks inside one layer (residual and inception blocks).

A block is built from ordinary layers (its *children*) and wires them in a way a plain
stack cannot: a residual block adds its input back onto its output, an inception block
runs several branches side by side and concatenates them. To the model, the optimizer
and the model file a block is one layer: its ``params`` are its children's parameters
under names like ``"conv1.W"`` (the very same arrays, so an in-place optimizer update
reaches the child), and its backward pass calls the children's backward passes in
reverse order, adding gradients where paths join.
"""

from __future__ import annotations

import numpy as np

from ..validation import whole_number
from ..words import said
from .activations import ReLU
from .base import Layer, Shape
from .conv import Conv2D
from .folding import inference_order
from .normalization import BatchNorm2D
from .pooling import MaxPool2D


def all_layers(layers) -> list[tuple[Layer, str, int, str | None]]:
    """(layer, name, depth, parent's name) for ``layers`` and, below each block, its children. A
    child's name is its block's and its own key, as its parameters are named (``residualblock_2.conv1``)."""
    return list(_walk([(layer.name, layer) for layer in layers], 0, None))


def _walk(named, depth: int, parent: str | None):
    for name, layer in named:
        yield layer, name, depth, parent
        children = getattr(layer, "children", None) or {}
        yield from _walk([(f"{name}.{key}", child) for key, child in children.items()], depth + 1, name)


class Block(Layer):
    """Base class of composite layers: children, and their parameters as one flat dict."""

    input_argument = "in_channels"
    input_ndim = 3

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        """A block renamed (``Sequential.add`` numbers it: ``residualblock_2``) renames its children with it,
        so that their errors name them as the model does (``residualblock_2.conv1``)."""
        self._name = value
        for child_name, child in getattr(self, "children", {}).items():
            child.name = f"{value}.{child_name}"

    def adopt(self, children: dict[str, Layer]) -> None:
        """Take ``children`` (name -> layer) and expose their parameters as ``"name.key"``."""
        self.children = children
        for child_name, child in children.items():
            child.name = f"{self.name}.{child_name}"
            child.rng = self.rng
        self.collect()

    def collect(self) -> None:
        """Rebuild the flat ``params``/``buffers`` dicts after children replaced their arrays."""
        self.params = {f"{c}.{k}": v for c, child in self.children.items() for k, v in child.params.items()}
        self.buffers = {f"{c}.{k}": v for c, child in self.children.items() for k, v in child.buffers.items()}

    def collect_grads(self) -> None:
        self.grads = {f"{c}.{k}": v for c, child in self.children.items() for k, v in child.grads.items()}

    def reset_parameters(self) -> None:
        for child in self.children.values():
            child.rng = self.rng  # one seeded stream for the whole block
            child.reset_parameters()
        self.collect()

    def astype(self, dtype) -> Layer:
        for child in self.children.values():
            child.astype(dtype)
        self.collect()
        self.grads = {}
        return self

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        y = self.forward_children(x, training)
        if training:
            self.cache = True  # the children hold what backward needs; this marks that they do
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        self.backward_cache()
        dx = self.backward_children(dy)
        self.collect_grads()
        return dx

    def forward_children(self, x: np.ndarray, training: bool) -> np.ndarray:
        raise NotImplementedError

    def backward_children(self, dy: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError

    def check_channels(self, input_shape: Shape) -> tuple[int, int, int]:
        if len(input_shape) != 3:
            raise self.shape_error(f"(N, {self.in_channels}, H, W)", input_shape,
                                   said("{kind} needs images", kind=type(self).__name__))
        if input_shape[0] != self.in_channels:
            raise self.shape_error(
                f"(N, {self.in_channels}, H, W)",
                input_shape,
                said("the input has {count} channel(s), the block takes {channels}", count=input_shape[0],
                     channels=self.in_channels),
            )
        return tuple(input_shape)


def run_forward(layers: list[Layer], x: np.ndarray, training: bool) -> np.ndarray:
    for layer in layers if training else inference_order(layers, len(x)):  # a prediction folds BatchNorms away
        x = layer.forward(x, training=training)
    return x


def path_multiply_adds(layers: list[Layer], input_shape: Shape) -> int:
    """The multiply-adds of one sample through ``layers`` one after the other (``Layer.multiply_adds``)."""
    total = 0
    for layer in layers:
        total += layer.multiply_adds(input_shape)
        input_shape = layer.output_shape(input_shape)
    return total


def run_backward(layers: list[Layer], dy: np.ndarray) -> np.ndarray | None:
    for layer in reversed(layers):
        dy = layer.backward(dy)
    return dy


class ResidualBlock(Block):
    """He et al.'s (2015) basic residual block: two 3x3 convolutions plus a shortcut.

        y = ReLU( BN(conv3x3(ReLU(BN(conv3x3_stride(x))))) + shortcut(x) )

    The shortcut is the identity when the shape does not change, otherwise a 1x1
    convolution with the same stride and a BatchNorm ("projection shortcut"). Because the
    block only has to learn a *correction* to its input, and the gradient reaches earlier
    layers through the shortcut undiminished, deep stacks of these train easily.

    Args:
        in_channels, out_channels: channels in and out.
        stride: 2 halves the height and width (the first convolution and the shortcut step 2).

    Shape:
        x: (N, in_channels, H, W) -> y: (N, out_channels, H_out, W_out),
        H_out = floor((H - 1) / stride) + 1   (likewise W_out)

    Parameters: ``conv1.W``, ``bn1.gamma``, ``bn1.beta``, ``conv2.W``, ``bn2.*`` and, with a
    projection, ``shortcut.W``, ``shortcut_bn.*``.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, name: str | None = None):
        super().__init__(name)
        self.in_channels = whole_number(in_channels, "ResidualBlock: in_channels")
        self.out_channels = whole_number(out_channels, "ResidualBlock: out_channels")
        self.stride = whole_number(stride, "ResidualBlock: stride")
        children = {
            "conv1": Conv2D(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),
            "bn1": BatchNorm2D(out_channels),
            "relu1": ReLU(),
            "conv2": Conv2D(out_channels, out_channels, 3, padding=1, bias=False),
            "bn2": BatchNorm2D(out_channels),
        }
        self.projection = stride != 1 or in_channels != out_channels
        if self.projection:
            children["shortcut"] = Conv2D(in_channels, out_channels, 1, stride=stride, bias=False)
            children["shortcut_bn"] = BatchNorm2D(out_channels)
        children["relu_out"] = ReLU()
        self.adopt(children)
        names = ["conv1", "bn1", "relu1", "conv2", "bn2"]
        self.main_path = [self.children[n] for n in names]
        self.shortcut_path = [self.children["shortcut"], self.children["shortcut_bn"]] if self.projection else []

    def get_config(self) -> dict:
        return {"in_channels": self.in_channels, "out_channels": self.out_channels, "stride": self.stride}

    def describe(self) -> str:
        shortcut = "1x1 projection" if self.projection else "identity"
        return f"ResidualBlock({self.in_channels}->{self.out_channels}, stride {self.stride}, {shortcut} shortcut)"

    def output_shape(self, input_shape: Shape) -> Shape:
        _, H, W = self.check_channels(input_shape)
        return (self.out_channels, (H - 1) // self.stride + 1, (W - 1) // self.stride + 1)

    def multiply_adds(self, input_shape: Shape) -> int:
        return path_multiply_adds(self.main_path, input_shape) + path_multiply_adds(self.shortcut_path, input_shape)

    def forward_children(self, x: np.ndarray, training: bool) -> np.ndarray:
        """x: (N, C_in, H, W) -> (N, C_out, H_out, W_out)."""
        main = run_forward(self.main_path, x, training)
        shortcut = run_forward(self.shortcut_path, x, training)  # the identity when the path is empty
        return self.children["relu_out"].forward(main + shortcut, training=training)

    def backward_children(self, dy: np.ndarray) -> np.ndarray | None:
        # The sum sends the same gradient down both paths; where they met (x) it is added up.
        d_sum = self.children["relu_out"].backward(dy)
        self.children["conv1"].input_gradient = self.input_gradient
        d_main = run_backward(self.main_path, d_sum)
        if not self.projection:
            return d_main + d_sum if self.input_gradient else None
        self.children["shortcut"].input_gradient = self.input_gradient
        d_shortcut = run_backward(self.shortcut_path, d_sum)
        return d_main + d_shortcut if self.input_gradient else None


def conv_bn_relu(in_channels: int, out_channels: int, kernel_size: int, stride: int = 1) -> list[Layer]:
    """The unit every inception branch is made of: convolution ('same' size at stride 1), BatchNorm, ReLU."""
    conv = Conv2D(in_channels, out_channels, kernel_size, stride=stride, padding=kernel_size // 2, bias=False)
    return [conv, BatchNorm2D(out_channels), ReLU()]


class InceptionBlock(Block):
    """Szegedy et al.'s (2014) inception module: four branches side by side, concatenated.

        1x1 conv                       -> out_1x1 channels
        1x1 conv (reduce) -> 3x3 conv  -> out_3x3 channels
        1x1 conv (reduce) -> 5x5 conv  -> out_5x5 channels
        3x3 max-pool, stride 1 -> 1x1  -> out_pool channels

    Every convolution is followed by BatchNorm and ReLU. The network does not have to
    choose a filter size per layer: it learns how much to use each. The cheap 1x1
    "reduce" convolutions shrink the channels before the expensive 3x3 and 5x5 ones.

    Args:
        in_channels: channels of the input.
        out_1x1, out_3x3, out_5x5, out_pool: channels each branch contributes.
        reduce_3x3, reduce_5x5: channels of the 1x1 reductions (default: half of the
            branch's output, at least 1).
        stride: 2 halves the height and width: each branch's first 1x1 convolution steps 2 (the
            pool branch's after its pooling), as the TF2 notes' ``InceptionBlk`` does.

    Shape:
        x: (N, in_channels, H, W) -> y: (N, out_1x1 + out_3x3 + out_5x5 + out_pool, H_out, W_out),
        H_out = floor((H - 1) / stride) + 1
    """

    BRANCHES = ("branch1x1", "branch3x3", "branch5x5", "branch_pool")

    def __init__(
        self,
        in_channels: int,
        out_1x1: int = 8,
        out_3x3: int = 16,
        out_5x5: int = 8,
        out_pool: int = 8,
        reduce_3x3: int | None = None,
        reduce_5x5: int | None = None,
        stride: int = 1,
        name: str | None = None,
    ):
        super().__init__(name)
        what = "InceptionBlock: "
        self.in_channels = whole_number(in_channels, what + "in_channels")
        self.widths = {
            key: whole_number(value, what + key)
            for key, value in (("out_1x1", out_1x1), ("out_3x3", out_3x3), ("out_5x5", out_5x5), ("out_pool", out_pool))
        }
        self.reduce_3x3 = whole_number(reduce_3x3 or max(1, out_3x3 // 2), what + "reduce_3x3")
        self.reduce_5x5 = whole_number(reduce_5x5 or max(1, out_5x5 // 2), what + "reduce_5x5")
        self.stride = whole_number(stride, what + "stride")
        s = self.stride
        self.paths = {
            "branch1x1": conv_bn_relu(in_channels, out_1x1, 1, s),
            "branch3x3": conv_bn_relu(in_channels, self.reduce_3x3, 1, s) + conv_bn_relu(self.reduce_3x3, out_3x3, 3),
            "branch5x5": conv_bn_relu(in_channels, self.reduce_5x5, 1, s) + conv_bn_relu(self.reduce_5x5, out_5x5, 5),
            "branch_pool": [MaxPool2D(3, stride=1), *conv_bn_relu(in_channels, out_pool, 1, s)],
        }
        self.adopt(
            {f"{branch}.{index}": layer for branch, layers in self.paths.items() for index, layer in enumerate(layers)}
        )

    @property
    def out_channels(self) -> int:
        return sum(self.widths.values())

    def get_config(self) -> dict:
        return {
            "in_channels": self.in_channels,
            **self.widths,
            "reduce_3x3": self.reduce_3x3,
            "reduce_5x5": self.reduce_5x5,
        } | ({"stride": self.stride} if self.stride != 1 else {})  # old files stay as they were

    def describe(self) -> str:
        w = self.widths
        return (
            f"InceptionBlock({self.in_channels}->{self.out_channels}: 1x1 {w['out_1x1']}, 3x3 {w['out_3x3']}, "
            f"5x5 {w['out_5x5']}, pool {w['out_pool']}" + (f", stride {self.stride})" if self.stride != 1 else ")")
        )

    def output_shape(self, input_shape: Shape) -> Shape:
        _, H, W = self.check_channels(input_shape)
        return (self.out_channels, (H - 1) // self.stride + 1, (W - 1) // self.stride + 1)

    def multiply_adds(self, input_shape: Shape) -> int:
        C, H, W = input_shape
        padded = (C, H + 2, W + 2)  # the pool branch's input (``forward_children``)
        return sum(path_multiply_adds(layers, padded if branch == "branch_pool" else input_shape)
                   for branch, layers in self.paths.items())  # fmt: skip

    def forward_children(self, x: np.ndarray, training: bool) -> np.ndarray:
        """x: (N, C_in, H, W) -> (N, out_1x1 + out_3x3 + out_5x5 + out_pool, H_out, W_out)."""
        outputs = []
        for branch, layers in self.paths.items():
            # The pool branch keeps the size: pad by one with -inf, which never wins a max.
            start = pad_border(x, -np.inf) if branch == "branch_pool" else x
            outputs.append(run_forward(layers, start, training))
        return np.concatenate(outputs, axis=1)

    def backward_children(self, dy: np.ndarray) -> np.ndarray | None:
        # Each branch gets its own slice of the output channels; all four read x, so their
        # input gradients add up.
        bounds = np.cumsum([0, *self.widths.values()])
        dx = None
        for (branch, layers), low, high in zip(self.paths.items(), bounds[:-1], bounds[1:], strict=True):
            # Without an input gradient to return, the pool branch stops at its convolution.
            path = layers[1:] if branch == "branch_pool" and not self.input_gradient else layers
            path[0].input_gradient = self.input_gradient
            d_branch = run_backward(path, dy[:, low:high])
            if d_branch is None:
                continue
            if branch == "branch_pool":
                d_branch = d_branch[:, :, 1:-1, 1:-1]  # the -inf border got no gradient anyway
            dx = d_branch if dx is None else dx + d_branch
        return dx


def pad_border(x: np.ndarray, value: float) -> np.ndarray:
    """(N, C, H, W) -> (N, C, H + 2, W + 2) with a one-pixel border of ``value``."""
    return np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=value)
