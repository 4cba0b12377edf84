"""Pooling layers: max, average and global average."""

from __future__ import annotations

import numpy as np

from ..validation import whole_number
from ..words import said
from .base import Layer, Shape
from .conv import pair
from .parallel import over_batch
from .windows import output_size, scatter_windows, windows


class _Pool2D(Layer):
    """Shared set-up of the windowed pooling layers (kernel, stride, shape checks)."""

    input_ndim = 3

    def __init__(self, kernel_size, stride=None, padding: str = "valid", name: str | None = None):
        super().__init__(name)
        kind = type(self).__name__
        self.kernel_size = pair(kernel_size, f"{kind}: kernel_size")
        if min(self.kernel_size) < 1:
            raise ValueError(said("{kind}: kernel_size must be >= 1, got {kernel_size}",
                                  kind=kind, kernel_size=repr(kernel_size)))
        if stride is None:
            stride = self.kernel_size[0]
        self.stride = whole_number(stride, f"{kind}: stride")
        if padding not in ("valid", "same"):
            raise ValueError(said("{kind}: padding must be 'valid' or 'same', got {padding}",
                                  kind=kind, padding=repr(padding)))
        self.padding = padding
        self.cache_pads = (0, 0, 0, 0)  # the padding the last training batch got, for backward to crop

    def get_config(self) -> dict:
        config = {"kernel_size": list(self.kernel_size), "stride": self.stride}
        return config | ({"padding": "same"} if self.padding == "same" else {})  # old files stay as they were

    def describe(self) -> str:
        kH, kW = self.kernel_size
        same = ", same" if self.padding == "same" else ""
        return f"{type(self).__name__}({kH}x{kW}, stride {self.stride}{same})"

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, said("pooling needs images"))
        C, H, W = input_shape
        kH, kW = self.kernel_size
        if self.padding == "same":  # Keras and TensorFlow: ceil(H / stride), whatever the window
            return (C, -(-H // self.stride), -(-W // self.stride))
        if kH > H or kW > W:
            raise ValueError(said("{name}: a {kH}x{kW} window does not fit a {H}x{W} input",
                                  name=self.name, kH=kH, kW=kW, H=H, W=W))
        return (C, output_size(H, kH, self.stride), output_size(W, kW, self.stride))

    def pads(self, H: int, W: int) -> tuple[int, int, int, int]:
        """(top, bottom, left, right) padding for ``padding='same'``: as TensorFlow pads, the odd pixel at the
        bottom and right, enough for ceil(H / stride) windows."""
        if self.padding != "same":
            return (0, 0, 0, 0)
        kH, kW = self.kernel_size
        total_h = max((-(-H // self.stride) - 1) * self.stride + kH - H, 0)
        total_w = max((-(-W // self.stride) - 1) * self.stride + kW - W, 0)
        return (total_h // 2, total_h - total_h // 2, total_w // 2, total_w - total_w // 2)

    def padded(self, x: np.ndarray, value: float, training: bool) -> np.ndarray:
        """``x`` with the 'same' padding of ``value`` around it (itself without padding)."""
        pads = self.pads(*x.shape[2:])
        if training:
            self.cache_pads = pads
        if not any(pads):
            return x
        top, bottom, left, right = pads
        return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)

    def cropped(self, dx: np.ndarray) -> np.ndarray:
        """The gradient of the padded input without the padding's rows and columns."""
        top, bottom, left, right = self.cache_pads
        if not any(self.cache_pads):
            return dx
        return dx[:, :, top : dx.shape[2] - bottom, left : dx.shape[3] - right]

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
        padding: ``'valid'`` (windows inside the image) or ``'same'`` (Keras' and TensorFlow's:
            padded with -inf, which never wins, so that H_out = ceil(H / stride)).

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1
        ('valid'), ceil(H / stride) ('same')

    Backward: the gradient flows only to the position that held the maximum (the first
    one on ties); with overlapping windows a pixel collects the gradient of every window
    it won.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        x = self.padded(x, -np.inf, training)
        if self.kernel_size == (2, 2) and self.stride == 2:
            return self._forward_pairs(x, training)
        return self._forward_offsets(x, training)

    def _offsets(self, shape: Shape) -> list[tuple]:
        """Per offset k of the window (reading order): (where it lies in the input, where in the outputs).

        Stride 1, on the flat input in memory order (``_flat``): offset (i, j) is the whole input
        shifted by i * W + j, and the outputs are computed at every input position (the valid ones
        are each plane's top-left H_out x W_out; shifted values never cross into them from another
        row or plane), so every step is one long contiguous pass. Other strides: offset (i, j) is the
        strided slice ``[i::stride, j::stride]`` of the input, and the outputs are (N, C, H_out, W_out).
        """
        kH, kW = self.kernel_size
        s = self.stride
        H_out, W_out = output_size(shape[2], kH, s), output_size(shape[3], kW, s)
        size = int(np.prod(shape))
        places = []
        for k in range(kH * kW):
            i, j = divmod(k, kW)
            if s == 1:
                shift = min(i * shape[3] + j, size)
                places.append((slice(shift, size), slice(0, size - shift)))
            else:
                places.append(((slice(None), slice(None), slice(i, i + s * (H_out - 1) + 1, s),
                                slice(j, j + s * (W_out - 1) + 1, s)), slice(None)))  # fmt: skip
        return places

    def _forward_offsets(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Any window and stride: the running maximum over the kH * kW offsets (``_offsets``).

        Going through the offsets in reading order, a strictly greater value takes over, so a tie
        keeps the first maximum, as argmax would. The offset that won (0 .. kH*kW - 1) is kept
        for backward, one byte per output. Measured against gathering the windows and taking
        their argmax (mini-inception's 3x3 stride-1 pooling of 64x16x16x16, forward and
        backward): 12.3 ms before, 3.7 with strided slices, 1.8 with the flat shifts of stride 1
        (mini-inception's whole step 51 -> 33 -> 29 ms); predicting, 8.4, 0.8 and 0.3 ms.
        """
        places = self._offsets(x.shape)
        if self.stride == 1:
            source, grid = _flat(x), np.empty_like(x)  # outputs at every input position
            y = _flat(grid)
            y[:] = source  # offset 0
        else:
            source, grid = x, None
            y = x[places[0][0]].copy(order="K")  # offset 0, in the input's memory layout
        if training:
            winner = np.zeros_like(y, dtype=np.uint8)
            better, claim = np.empty_like(y, dtype=bool), np.empty_like(winner)
        for k, (inside, outside) in enumerate(places[1:], start=1):
            candidate, best = source[inside], y[outside]
            if training:
                np.greater(candidate, best, out=better[outside])
                # winner = k where better: as a maximum, since k exceeds every earlier offset (15x
                # faster than np.putmask, whose scattered writes mispredict on random masks).
                np.maximum(winner[outside], np.multiply(better[outside], np.uint8(k), out=claim[outside]),
                           out=winner[outside])  # fmt: skip
            np.maximum(best, candidate, out=best)
        if training:
            self.cache = ("offsets", winner, x.shape if grid is None else grid)
        if grid is None:
            return y
        H_out, W_out = output_size(x.shape[2], self.kernel_size[0], 1), output_size(x.shape[3], self.kernel_size[1], 1)
        return grid[:, :, :H_out, :W_out].copy(order="K")

    def _forward_pairs(self, x: np.ndarray, training: bool) -> np.ndarray:
        """2x2 windows, stride 2 (the usual case), in two passes of pairwise maxima.

        The max of a 2x2 window is the max over its two columns, then over its two rows:

            r = max(x[..., 0::2], x[..., 1::2])          (N, C, H, W/2): left vs right
            y = max(r[:, :, 0::2], r[:, :, 1::2])        (N, C, H/2, W/2): top vs bottom

        Each pass is one vectorised ``np.maximum`` of two strided halves, about 3x faster
        than gathering the four window entries. Two boolean masks remember the winners,
        ``right_won`` (N, C, H, W/2) and ``bottom_won`` (N, C, H/2, W/2); the comparisons
        are strict, so on ties the left column and then the top row win: the first
        maximum in reading order, as argmax picks it. Odd sizes drop the last row/column,
        which then get no gradient. The outputs take the memory layout of ``x``
        (channel-first after a convolution); the two halves of the batch run on two
        threads (``parallel.over_batch``).
        """
        N, C, H, W = x.shape
        x_even = x[:, :, : H - H % 2, : W - W % 2]  # whole windows only
        y = np.empty_like(x_even[:, :, ::2, ::2], order="K")
        if not training:  # no winners to remember: two passes instead of four
            over_batch(_max_of_pairs, x_even, y)
            return y
        right_won = np.empty_like(x_even[..., ::2], dtype=bool, order="K")
        bottom_won = np.empty_like(y, dtype=bool)
        over_batch(_max_of_pairs, x_even, y, right_won, bottom_won)
        self.cache = ("pairs", (right_won, bottom_won), x)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        # source: the input (pairs: its memory layout is reused), the output grid (offsets, stride 1) or the
        # input's shape (offsets)
        how, winner, source = self.backward_cache()
        if how == "pairs":
            right_won, bottom_won = winner
            N, C, H, W = source.shape
            odd = H % 2 or W % 2  # then the dropped last row/column gets no gradient
            dx = np.zeros_like(source) if odd else np.empty_like(source)
            if not _same_layout(dy, bottom_won):
                # After a Flatten, dy is sample-first while the masks are channel-first;
                # mixing layouts makes each pass below about 2x slower than this one copy.
                dy = _copy_like(dy, bottom_won)
            over_batch(_route_to_pair_winners, dy, right_won, bottom_won, dx[:, :, : H - H % 2, : W - W % 2])
            return self.cropped(dx)
        if isinstance(source, np.ndarray):  # stride 1: the output grid is the input's (see _offsets)
            grid = np.zeros_like(source, dtype=dy.dtype)
            grid[:, :, : dy.shape[2], : dy.shape[3]] = dy
            dx = np.zeros_like(grid)
            d_out, d_in = _flat(grid), _flat(dx)
        else:
            dx = np.zeros(source, dtype=dy.dtype)  # source: the input's shape
            d_out, d_in = dy, dx
        won, share = np.empty_like(winner, dtype=bool), np.empty_like(d_out)
        for k, (inside, outside) in enumerate(self._offsets(dx.shape)):
            # Each window's gradient goes to the offset that won it; overlapping windows add up.
            np.equal(winner[outside], k, out=won[outside])
            d_in[inside] += np.multiply(d_out[outside], won[outside], out=share[outside])
        return self.cropped(dx)


def _max_of_pairs(x: np.ndarray, y: np.ndarray, right_won: np.ndarray | None = None,
                  bottom_won: np.ndarray | None = None) -> None:
    """Fill ``y`` with the 2x2 window maxima of ``x`` and the masks, if given, with the winners (one half-batch)."""
    left, right = x[..., 0::2], x[..., 1::2]
    rows = np.maximum(left, right)  # (N, C, H, W/2): the larger of each column pair
    if right_won is not None:
        np.greater(right, left, out=right_won)
    top, bottom = rows[:, :, 0::2], rows[:, :, 1::2]
    np.maximum(top, bottom, out=y)
    if bottom_won is not None:
        np.greater(bottom, top, out=bottom_won)


def _route_to_pair_winners(dy: np.ndarray, right_won: np.ndarray, bottom_won: np.ndarray, dx: np.ndarray) -> None:
    """Send each window's gradient to the pixel that won it: undo the two passes in reverse.

    ``dy * mask`` is the share of the winner; ``dy - dy * mask`` is then exactly dy or 0
    for the other side, without a second mask.
    """
    d_rows = np.empty_like(right_won, dtype=dy.dtype)  # gradient of the column-pair maxima
    bottom = np.multiply(dy, bottom_won, out=d_rows[:, :, 1::2])
    np.subtract(dy, bottom, out=d_rows[:, :, 0::2])
    right = np.multiply(d_rows, right_won, out=dx[..., 1::2])
    np.subtract(d_rows, right, out=dx[..., 0::2])


def _flat(a: np.ndarray) -> np.ndarray:
    """All of ``a`` as one row in memory order: a view for any contiguous layout (channel-first too)."""
    return a.ravel(order="K")


def _same_layout(a: np.ndarray, b: np.ndarray) -> bool:
    """True if the two arrays' axes are ordered the same way in memory (compared by strides)."""
    return np.array_equal(np.argsort(a.strides, kind="stable"), np.argsort(b.strides, kind="stable"))


def _copy_like(a: np.ndarray, layout: np.ndarray) -> np.ndarray:
    """A copy of ``a`` in the memory layout of ``layout`` (same shape)."""
    out = np.empty_like(layout, dtype=a.dtype)
    np.copyto(out, a)
    return out


class AvgPool2D(_Pool2D):
    """Average pooling: each output is the mean of its kH x kW window.

    Args: as ``MaxPool2D``; with ``padding='same'`` a window at the border averages only the
    pixels it covers, as Keras does (the zero padding is not counted).

    Shape:
        x: (N, C, H, W)  ->  y: (N, C, H_out, W_out),  H_out = floor((H - kH) / stride) + 1
        ('valid'), ceil(H / stride) ('same')

    Backward: every pixel of a window receives ``dy / (its number of pixels)``.
    """

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        H, W = x.shape[2:]
        x = self.padded(x, 0.0, training)
        kH, kW = self.kernel_size
        if self.tiles():  # sum the offset slices (see _Pool2D.offset_slices)
            slices = self.offset_slices(x.shape)
            y = x[slices[0]].copy(order="K")
            for where in slices[1:]:
                y += x[where]
            y /= kH * kW
        else:
            y = windows(x, kH, kW, self.stride).mean(axis=(-2, -1), dtype=x.dtype)
        if any(self.pads(H, W)):
            y *= self._padding_correction(H, W)
        if training:
            self.cache = x
        return y

    def _padding_correction(self, H: int, W: int) -> np.ndarray:
        """(H_out, W_out) factors kH*kW / (pixels of the image in each window): a border window of 'same'
        pooling is the mean of the pixels it covers, not of the padding too."""
        kH, kW = self.kernel_size
        top, _, left, _ = self.pads(H, W)

        def covered(size: int, before: int, k: int) -> np.ndarray:  # image pixels in each window, one axis
            starts = np.arange(-(-size // self.stride)) * self.stride - before
            return np.minimum(starts + k, size) - np.maximum(starts, 0)

        inside = covered(H, top, kH)[:, None] * covered(W, left, kW)[None, :]
        return ((kH * kW) / inside).astype(np.float32)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        x = self.backward_cache()
        kH, kW = self.kernel_size
        share = dy / (kH * kW)
        top, bottom, left, right = self.cache_pads
        if any(self.cache_pads):
            share = share * self._padding_correction(x.shape[2] - top - bottom, x.shape[3] - left - right)
        if self.tiles():
            dx = np.zeros_like(x)  # pixels beyond the last whole window get no gradient
            for where in self.offset_slices(x.shape):
                dx[where] = share
            return self.cropped(dx)
        input_shape = x.shape
        d_patches = np.broadcast_to(share[..., None, None], (*dy.shape, kH, kW))
        return self.cropped(scatter_windows(d_patches, input_shape, self.stride))


class GlobalAvgPool2D(Layer):
    """Average each feature map down to one number.

    Shape:
        x: (N, C, H, W)  ->  y: (N, C)
    """

    input_ndim = 3

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 3:
            raise self.shape_error("(N, C, H, W)", input_shape, said("global pooling needs images"))
        return (input_shape[0],)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        if training:
            self.cache = x.shape
        return x.mean(axis=(2, 3), dtype=x.dtype)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        N, C, H, W = self.backward_cache()
        return np.broadcast_to((dy / (H * W))[:, :, None, None], (N, C, H, W)).copy()
