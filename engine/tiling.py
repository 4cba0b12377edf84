"""Arrays -> pictures: many small images (kernels, feature maps, digits) laid out as one grid, and the
colour maps the views and the handout share (blue-white-red around zero, grey)."""

from __future__ import annotations

import numpy as np


def tile(images: np.ndarray, cols: int | None = None, gap: int = 1, fill: float = np.nan) -> np.ndarray:
    """(K, h, w) -> one (rows*(h+gap)-gap, cols*(w+gap)-gap) array; gaps hold ``fill``.

    Colour images (K, 3, h, w) give the same grid with the colours last: (..., ..., 3). ``cols``
    defaults to a near-square grid.
    """
    if images.ndim == 4:  # one grid per colour channel, stacked as a picture's RGB
        return np.stack([tile(images[:, c], cols, gap, fill) for c in range(images.shape[1])], axis=-1)
    count, height, width = images.shape
    cols = cols or int(np.ceil(np.sqrt(count)))
    rows = int(np.ceil(count / cols))
    grid = np.full((rows * (height + gap) - gap, cols * (width + gap) - gap), fill, dtype=np.float32)
    for k in range(count):
        r, c = divmod(k, cols)
        top, left = r * (height + gap), c * (width + gap)
        grid[top : top + height, left : left + width] = images[k]
    return grid


def tile_position(row: int, col: int, shape: tuple[int, int], count: int, cols: int, gap: int = 1):
    """Which tile (index, y, x inside it) a pixel of a ``tile`` grid belongs to, or None for a gap."""
    height, width = shape
    r, y = divmod(row, height + gap)
    c, x = divmod(col, width + gap)
    index = r * cols + c
    if y >= height or x >= width or c >= cols or index >= count or row < 0 or col < 0:
        return None
    return index, y, x


def diverging_rgb(values: np.ndarray, limit: float | None = None) -> np.ndarray:
    """Blue (negative) - white (0) - red (positive), centred on zero: (H, W) -> (H, W, 3) uint8.

    NaN (the gaps between tiles) becomes mid-grey. ``limit`` is the value shown at full
    colour (default: the largest magnitude), so zero always looks white.
    """
    finite = np.isfinite(values)
    limit = limit or (float(np.abs(values[finite]).max()) if finite.any() else 1.0) or 1.0
    t = np.clip(np.nan_to_num(values) / limit, -1, 1)[..., None]
    white = np.array([255, 255, 255], np.float32)
    red, blue = np.array([178, 24, 43], np.float32), np.array([33, 102, 172], np.float32)
    rgb = np.where(t >= 0, white + t * (red - white), white - t * (blue - white))
    rgb[~finite] = 128
    return rgb.astype(np.uint8)


def gray_rgb(values: np.ndarray, low: float | None = None, high: float | None = None) -> np.ndarray:
    """Grayscale (H, W) -> (H, W, 3) uint8, scaled from [low, high] (default: the data's range)."""
    finite = np.isfinite(values)
    if low is None:
        low = float(values[finite].min()) if finite.any() else 0.0
    if high is None:
        high = float(values[finite].max()) if finite.any() else 1.0
    scaled = np.clip((np.nan_to_num(values, nan=low) - low) / max(high - low, 1e-12), 0, 1) * 255
    rgb = np.repeat(scaled[..., None], 3, axis=2).astype(np.uint8)
    rgb[~finite] = (60, 60, 70)
    return rgb


def unit_rgb(values: np.ndarray) -> np.ndarray:
    """A picture of values in [0, 1], grey (H, W) or colour (H, W, 3), as (H, W, 3) uint8; NaN (the gaps
    between tiles) is dark grey."""
    if values.ndim == 2:
        return gray_rgb(values, 0.0, 1.0)
    rgb = np.rint(np.clip(np.nan_to_num(values), 0, 1) * 255).astype(np.uint8)
    rgb[~np.isfinite(values).all(axis=-1)] = (60, 60, 70)
    return rgb


def images_rgb(images: np.ndarray, cols: int | None = None, gap: int = 1) -> np.ndarray:
    """Dataset images, grey (K, h, w) or colour (K, 3, h, w), uint8 or in [0, 1], as one (H, W, 3) uint8 grid."""
    values = images / np.float32(255) if images.dtype == np.uint8 else images.astype(np.float32)
    return unit_rgb(tile(values, cols=cols, gap=gap))


def normalise_each(maps: np.ndarray) -> np.ndarray:
    """Scale every map (K, h, w) to [0, 1] on its own, so weak channels are visible too."""
    low = maps.min(axis=(1, 2), keepdims=True)
    high = maps.max(axis=(1, 2), keepdims=True)
    return (maps - low) / np.maximum(high - low, 1e-12)


def picture(values: np.ndarray, signed: bool) -> np.ndarray | None:
    """One sample's array as an RGB picture: (C, H, W) as a grid of maps, (T, F) as one map, (F,)
    as None (shown as bars). Gradients (``signed``) in blue-white-red around 0."""
    if values.ndim == 3:
        values = tile(values)
    elif values.ndim != 2:
        return None
    return diverging_rgb(values) if signed else gray_rgb(values)
