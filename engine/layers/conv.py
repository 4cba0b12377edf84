"""2-D convolution, computed as one matrix product over im2col patches."""

from __future__ import annotations

import math

import numpy as np

from .. import blas, initializers
from ..regularizers import Regularizer
from ..validation import whole_number
from ..words import said
from .base import Layer, Shape, check_allocation, regularizer_config, shape_text
from .windows import col2im, im2col, output_size

PADDING_MODES = ("valid", "same", "full")


def pair(value, what: str) -> tuple[int, int]:
    """Accept ``3`` or ``(3, 3)``; return ``(3, 3)``; reject nonsense with a clear message."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value), int(value))
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(said("{what} must be an int or a pair of ints, got {value}", what=what, value=repr(value)))
    return int(value[0]), int(value[1])


def resolve_padding(padding, kernel: tuple[int, int], stride: int) -> tuple[int, int, int, int]:
    """Turn ``padding`` (int, (pH, pW), 'valid', 'same' or 'full') into (top, bottom, left, right).

    * ``'valid'``: no padding; the kernel only visits positions where it fits.
    * ``'same'``: output has the input's size (stride 1 only); an even kernel pads one
      pixel more at the bottom/right, as PyTorch does.
    * ``'full'``: every position where kernel and image overlap at all (pad = k - 1).
    """
    kH, kW = kernel
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding == "same":
            if stride != 1:
                raise ValueError(said("padding='same' needs stride=1 (with stride > 1 the size shrinks)"))
            top, left = (kH - 1) // 2, (kW - 1) // 2
            return (top, kH - 1 - top, left, kW - 1 - left)
        if padding == "full":
            return (kH - 1, kH - 1, kW - 1, kW - 1)
        raise ValueError(said("padding must be an int or one of {PADDING_MODES}, got {padding}",
                              PADDING_MODES=PADDING_MODES, padding=repr(padding)))
    pH, pW = pair(padding, "padding")
    if pH < 0 or pW < 0:
        raise ValueError(said("padding must be >= 0, got {padding}", padding=repr(padding)))
    return (pH, pH, pW, pW)


class Conv2D(Layer):
    """2-D convolution (cross-correlation, as in every deep-learning library).

    Args:
        in_channels: channels of the input image (1 for grayscale digits).
        out_channels: number of filters, i.e. channels of the output feature maps.
        kernel_size: filter size, an int or (kH, kW).
        stride: step between filter positions.
        padding: int, (pH, pW), ``'valid'`` (=0), ``'same'`` or ``'full'``.
        bias: learn one bias per output channel.
        weight_init: initialiser name for ``W`` (default ``he_normal``, for ReLU nets).

    Shape:
        x: (N, C_in, H, W)  ->  y: (N, C_out, H_out, W_out)
        H_out = floor((H + pad_top + pad_bottom - kH) / stride) + 1   (likewise W_out)

    Parameters:
        W: (out_channels, in_channels, kH, kW);  b: (out_channels,)

    How it works: every kH x kW patch of the (padded) input becomes one column of a
    matrix ``cols`` of shape (C_in * kH * kW, N * H_out * W_out) (im2col); the filters
    become a matrix (C_out, C_in * kH * kW); the whole layer is then ``W_matrix @ cols``.
    The backward pass uses the same two matrices: ``dW = dY @ cols^T`` and
    ``dcols = W_matrix^T @ dY``, whose columns are added back onto the image (col2im).
    ``reference.conv2d_forward`` computes the same thing with plain loops. A stride-1 'same'
    convolution with no more filters than input channels computes its backward pass from the
    patches of dy instead (``_backward_same``).

    The output is a view of the (C_out, N, H_out, W_out) product with axes swapped, so in
    memory it is channel-first; numpy keeps that layout through ReLU and pooling, and the
    next convolution's im2col then copies whole rows (see ``windows.im2col``).
    """

    input_argument = "in_channels"
    input_ndim = 3
    code_parts = {"forward": ("_convolve",), "backward": ("_backward_same",)}  # shown by the Backprop lens too

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride: int = 1,
        padding=0,
        bias: bool = True,
        weight_init: str = "he_normal",
        kernel_regularizer: Regularizer | dict | None = None,
        name: str | None = None,
    ):
        super().__init__(name)
        self.kernel_regularizer = Regularizer.of(kernel_regularizer)
        self.in_channels = whole_number(in_channels, "Conv2D: in_channels")
        self.out_channels = whole_number(out_channels, "Conv2D: out_channels")
        self.kernel_size = pair(kernel_size, "Conv2D: kernel_size")
        if min(self.kernel_size) < 1:
            raise ValueError(said("Conv2D: kernel_size must be >= 1, got {kernel_size}", kernel_size=repr(kernel_size)))
        self.stride = whole_number(stride, "Conv2D: stride")
        self.padding = padding if isinstance(padding, str) else pair(padding, "Conv2D: padding")
        self.pads = resolve_padding(self.padding, self.kernel_size, self.stride)
        self.use_bias = bool(bias)
        self.weight_init = weight_init
        initializers.get(weight_init)  # fail early on an unknown name
        self.reset_parameters()

    def reset_parameters(self) -> None:
        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        check_allocation(f"{self.name} (Conv2D)", shape, (self.out_channels,))
        self.params["W"] = initializers.get(self.weight_init)(shape, self.rng)
        if self.use_bias:
            self.params["b"] = np.zeros(self.out_channels, dtype=np.float32)

    def get_config(self) -> dict:
        padding = self.padding if isinstance(self.padding, str) else list(self.padding)
        return {
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "kernel_size": list(self.kernel_size),
            "stride": self.stride,
            "padding": padding,
            "bias": self.use_bias,
            "weight_init": self.weight_init,
        } | regularizer_config(self)

    def describe(self) -> str:
        kH, kW = self.kernel_size
        pad = (
            self.padding
            if isinstance(self.padding, str)
            else (self.padding[0] if self.padding[0] == self.padding[1] else self.padding)
        )
        return f"Conv2D({self.in_channels}->{self.out_channels}, {kH}x{kW}, stride {self.stride}, pad {pad})"

    def output_shape(self, input_shape: Shape) -> Shape:
        expected = f"(N, {self.in_channels}, H, W)"
        if len(input_shape) != 3:
            raise self.shape_error(expected, input_shape, said("Conv2D needs images (N, C, H, W)"))
        C, H, W = input_shape
        if self.in_channels != C:
            raise self.shape_error(
                expected, input_shape, said("the input has {count} channel(s), the layer takes {channels}", count=C,
                                            channels=self.in_channels)
            )
        top, bottom, left, right = self.pads
        kH, kW = self.kernel_size
        if H + top + bottom < kH or W + left + right < kW:
            raise ValueError(
                said("{name}: a {kH}x{kW} kernel does not fit the {H}x{W} input (padded to {value}x{value2}); input "
                     "{value3}",
                     name=self.name, kH=kH, kW=kW, H=H, W=W, value=H + top + bottom, value2=W + left + right,
                     value3=shape_text(input_shape))
            )
        H_out = output_size(H, kH, self.stride, top, bottom)
        W_out = output_size(W, kW, self.stride, left, right)
        return (self.out_channels, H_out, W_out)

    def multiply_adds(self, input_shape: Shape) -> int:
        """Every output value is a kernel's C_in * kH * kW products."""
        return math.prod(self.output_shape(input_shape)) * self.in_channels * math.prod(self.kernel_size)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """x: (N, C_in, H, W) -> y: (N, C_out, H_out, W_out)."""
        y, cols = self._convolve(x, self.params["W"], self.params["b"] if self.use_bias else None)
        if training:
            # What backward needs: the patches, or, where it will compute dx from dy's own patches
            # (``_backward_same``), the input alone: then the patches go now, while still in the cache.
            self.cache = ("input", x) if self._same_backward() else ("patches", cols, x.shape)
        return y

    def infer(self, x: np.ndarray, W: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        """The convolution with the weights given (a BatchNorm folded in: ``folding.py``), nothing cached."""
        return self._convolve(x, W, b)[0]

    def _convolve(self, x: np.ndarray, W: np.ndarray, b: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """(y, the im2col patches): y (N, C_out, H_out, W_out), a view of the (C_out, N, H_out, W_out) product."""
        self.check_input(x)
        N = x.shape[0]
        kH, kW = self.kernel_size
        cols, H_out, W_out = im2col(x, kH, kW, self.stride, self.pads)  # (C_in * kH * kW, N * H_out * W_out)
        y = W.reshape(self.out_channels, -1) @ cols  # (C_out, N * H_out * W_out)
        if b is not None:
            y += b[:, None]
        return y.reshape(self.out_channels, N, H_out, W_out).transpose(1, 0, 2, 3), cols

    def _same_backward(self) -> bool:
        """True for a stride-1 'same' convolution with an odd kernel (centred: equal padding on both
        sides) that passes a gradient on and has no more filters than input channels (dy's patches
        are then no larger than x's): ``backward`` then uses ``_backward_same``."""
        kH, kW = self.kernel_size
        top, bottom, left, right = self.pads
        centred = (top, bottom, left, right) == ((kH - 1) // 2, (kH - 1) // 2, (kW - 1) // 2, (kW - 1) // 2)
        return (self.input_gradient and self.stride == 1 and kH * kW > 1 and kH % 2 == kW % 2 == 1 and centred
                and self.out_channels <= self.in_channels)  # fmt: skip

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        """dy: (N, C_out, H_out, W_out) -> dx: (N, C_in, H, W); fills grads['W'], grads['b'].

        Returns None without computing dx when ``input_gradient`` is False (first layer).
        """
        how, *cached = self.backward_cache()
        if how == "input":
            return self._backward_same(dy, *cached)
        cols, input_shape = cached
        kH, kW = self.kernel_size
        dy_matrix = dy.transpose(1, 0, 2, 3).reshape(self.out_channels, -1)  # (C_out, N * H_out * W_out)
        W_matrix = self.params["W"].reshape(self.out_channels, -1)
        # dW = dy_matrix @ cols.T. When C_in * kH * kW > C_out, OpenBLAS computes the same
        # product 1.1-1.7x faster transposed, with the longer side as the rows (measured).
        transposed = cols.shape[0] > self.out_channels
        # A first layer's product (grey images: few patch rows) is long and thin: ``blas.long_product``.
        dW = blas.long_product(cols, dy_matrix.T).T if transposed else blas.long_product(dy_matrix, cols.T)
        self.grads["W"] = dW.reshape(self.params["W"].shape)
        if self.use_bias:
            self.grads["b"] = dy_matrix.sum(axis=1)
        if not self.input_gradient:
            return None
        d_cols = W_matrix.T @ dy_matrix  # (C_in * kH * kW, N * H_out * W_out)
        return col2im(d_cols, input_shape, kH, kW, self.stride, self.pads)

    def code_that_ran(self, which: str) -> str:
        """The method whose code the last ``which`` pass ran, for the Backprop lens (``lens_text.code_of``)."""
        took_input = isinstance(self.cache, tuple) and self.cache[0] == "input"
        return "_backward_same" if which == "backward" and took_input else which

    def _backward_same(self, dy: np.ndarray, x: np.ndarray) -> np.ndarray | None:
        """Backward of a stride-1 'same' convolution from the patches of dy instead of those of x.

        dx is itself a 'same' convolution: of dy, with each kernel turned by 180 degrees and its
        in/out channels swapped. So ``dx = W_turned @ im2col(dy)``, and dW comes from the same
        patches: the patch of dy at offset (i, j) meets x where the forward pass's offset
        (kH-1-i, kW-1-j) did, so ``dW = im2col(dy) @ x^T`` with the offsets turned back. This
        replaces the product into a 9x larger ``d_cols`` matrix and the col2im that adds it back
        (read-modify-write, 2x the time of im2col's copies) by one im2col, and the forward pass
        keeps x instead of its 9x larger patches. Training steps at batch 64 (A/B in one process,
        medians of 7 rounds): mini-resnet 1.08-1.11x faster, mini-vgg 1.12x. With more filters than
        input channels dy's patches are the larger ones, and lab-cnn's 32 -> 64 convolution was
        0.90x as fast this way: ``_same_backward`` leaves those to the patches of x.
        """
        N, C_in, H, W = x.shape
        kH, kW = self.kernel_size
        C_out = self.out_channels
        d_cols, _, _ = im2col(dy, kH, kW, 1, self.pads)  # (C_out * kH * kW, N * H * W)
        x_rows = x.transpose(1, 0, 2, 3).reshape(C_in, -1)  # (C_in, N * H * W): a view after a convolution
        dW_turned = (d_cols @ x_rows.T).reshape(C_out, kH, kW, C_in)
        self.grads["W"] = np.ascontiguousarray(dW_turned[:, ::-1, ::-1].transpose(0, 3, 1, 2))
        if self.use_bias:
            self.grads["b"] = dy.sum(axis=(0, 2, 3))
        if not self.input_gradient:
            return None
        W_turned = self.params["W"][:, :, ::-1, ::-1].transpose(1, 0, 2, 3).reshape(C_in, -1)  # (C_in, C_out*kH*kW)
        dx_rows = W_turned @ d_cols  # (C_in, N * H * W)
        return dx_rows.reshape(C_in, N, H, W).transpose(1, 0, 2, 3)
