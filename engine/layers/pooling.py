"""Pooling layers: max, average and global average."""

from __future__ import annotations

import numpy as np

from .base import Layer, Shape, positive_int
from .conv import pair
from .parallel import over_batch
from .windows import output_size, scatter_windows, windows


class _Pool2D(Layer):
    """Shared set-up of the windowed pooling layers (kernel, stride, shape checks)."""

    input_ndim = 3

    def __init__(self, kernel_size, stride=None, name: str | None = None):
        super().__init__(name)
        kind = type(self).__name__
        self.kernel_size = pair(kernel_size, f"{kind}: kernel_size")
        if min(self.kernel_size) < 1:
            raise ValueError(f"{kind}: kernel_size must be >= 1, got {kernel_size!r}")
        if stride is None:
            stride = self.kernel_size[0]
        self.stride = positive_int(stride, f"{kind}: stride")

    def get_config(self) -> dict:
        return {"kernel_size": list(self.kernel_size), "stride": self.stride}

    def describe(self) -> str:
        kH, kW = self.kernel_size
        return f"{type(self).__name__}({kH}x{kW}, stride {self.stride})"

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, "pooling needs images")
        C, H, W = input_shape
        kH, kW = self.kernel_size
        if kH > H or kW > W:
            raise ValueError(f"{self.name}: a {kH}x{kW} window does not fit a {H}x{W} input")
        return (C, output_size(H, kH, self.stride), output_size(W, kW, self.stride))

    def tiles(self) -> bool:
        """True when the windows tile the image without overlap (stride = kernel size, as in 2x2/2)."""
        kH, kW = self.kernel_size
        return kH == kW == self.stride

    def offset_slices(self, shape: Shape):
        """For tiling windows: per kernel offset (i, j), the slice of the input it covers.

        Offset (i, j) of every window is the strided slice ``[i::k, j::k]`` (cropped to
        whole windows), so pooling becomes a few elementwise operations on kH * kW
        slices instead of a gather of patches: about 4x faster for 2x2 windows.
        """
        k = self.stride
        H_out, W_out = shape[2] // k, shape[3] // k
        return [
            (slice(None), slice(None), slice(i, i + k * H_out, k), slice(j, j + k * W_out, k))
            for i in range(k)
            for j in range(k)
        ]


class MaxPool2D(_Pool2D):
    """Max pooling: each output is the largest value in its kH x kW window.

    Args:
        kernel_size: window size, int or (kH, kW).
        stride: step between windows; defaults to the kernel size (no overlap).
            Overlapping windows (e.g. 3 with stride 2) are allowed.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1

    Backward: the gradient flows only to the position that held the maximum (the first
    one on ties); with overlapping windows a pixel collects the gradient of every window
    it won.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        if self.tiles():
            return self._forward_tiled(x, training)
        kH, kW = self.kernel_size
        patches = windows(x, kH, kW, self.stride)
        N, C, H_out, W_out = patches.shape[:4]
        flat = patches.reshape(N, C, H_out, W_out, kH * kW)
        winner = flat.argmax(axis=-1)[..., None]  # index of the max inside each window
        y = np.take_along_axis(flat, winner, axis=-1)[..., 0]
        if training:
            self.cache = ("windows", winner, x.shape)
        return y

    def _forward_tiled(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Non-overlapping windows: keep a running maximum over the offset slices.

        ``winner`` records which offset won each window; the comparison is strict, so on
        ties the first offset keeps it, as argmax does. The outputs take the layout of
        ``x[where]`` (``order="K"``): channel-first after a convolution. The two halves of
        the batch run on two threads (``parallel.over_batch``).
        """
        first = x[self.offset_slices(x.shape)[0]]
        y = np.empty_like(first, order="K")
        winner = np.empty_like(first, dtype=np.uint8, order="K")
        over_batch(self._max_of_tiles, x, y, winner)
        if training:
            self.cache = ("tiled", winner, x)
        return y

    def _max_of_tiles(self, x: np.ndarray, y: np.ndarray, winner: np.ndarray) -> None:
        """Fill ``y`` with the window maxima of ``x`` and ``winner`` with the offsets that won."""
        winner.fill(0)
        for number, where in enumerate(self.offset_slices(x.shape)):
            if number == 0:
                np.copyto(y, x[where])
                continue
            # A compact copy first: elementwise work on it is about 2x faster than on the
            # strided slice.
            part = x[where].copy(order="K")
            better = part > y
            np.maximum(y, part, out=y)
            np.copyto(winner, np.uint8(number), where=better)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        # source: the input itself (tiled: its memory layout is reused) or its shape (windows)
        how, winner, source = self.backward_cache()
        if how == "tiled":
            dx = np.zeros_like(source)  # pixels beyond the last whole window get no gradient
            over_batch(self._route_to_winners, dy, winner, dx)
            return dx
        input_shape = source
        kH, kW = self.kernel_size
        d_flat = np.zeros((*dy.shape, kH * kW), dtype=dy.dtype)
        np.put_along_axis(d_flat, winner, dy[..., None], axis=-1)
        return scatter_windows(d_flat.reshape(*dy.shape, kH, kW), input_shape, self.stride)

    def _route_to_winners(self, dy: np.ndarray, winner: np.ndarray, dx: np.ndarray) -> None:
        """Each window's gradient goes to the pixel that won it (tiled windows)."""
        for number, where in enumerate(self.offset_slices(dx.shape)):
            np.multiply(dy, winner == number, out=dx[where])


class AvgPool2D(_Pool2D):
    """Average pooling: each output is the mean of its kH x kW window.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1

    Backward: every pixel of a window receives ``dy / (kH * kW)``.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        kH, kW = self.kernel_size
        if self.tiles():  # sum the offset slices (see _Pool2D.offset_slices)
            slices = self.offset_slices(x.shape)
            y = x[slices[0]].copy(order="K")
            for where in slices[1:]:
                y += x[where]
            y /= kH * kW
        else:
            y = windows(x, kH, kW, self.stride).mean(axis=(-2, -1), dtype=x.dtype)
        if training:
            self.cache = x
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x = self.backward_cache()
        kH, kW = self.kernel_size
        share = dy / (kH * kW)
        if self.tiles():
            dx = np.zeros_like(x)  # pixels beyond the last whole window get no gradient
            for where in self.offset_slices(x.shape):
                dx[where] = share
            return dx
        input_shape = x.shape
        d_patches = np.broadcast_to(share[..., None, None], (*dy.shape, kH, kW))
        return scatter_windows(d_patches, input_shape, self.stride)


class GlobalAvgPool2D(Layer):
    """Average each feature map down to one number.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C)
    """

    input_ndim = 3

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, "global pooling needs images")
        return (input_shape[0],)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        if training:
            self.cache = x.shape
        return x.mean(axis=(2, 3), dtype=x.dtype)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        N, C, H, W = self.backward_cache()
        return np.broadcast_to((dy / (H * W))[:, :, None, None], (N, C, H, W)).copy()
