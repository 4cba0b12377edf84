"""Laying many small images (kernels, feature maps, digits) out as one grid picture."""

from __future__ import annotations

import numpy as np


def tile(images: np.ndarray, cols: int | None = None, gap: int = 1, fill: float = np.nan) -> np.ndarray:
    """(K, h, w) -> one (rows*(h+gap)-gap, cols*(w+gap)-gap) array; gaps hold ``fill``.

    ``cols`` defaults to a near-square grid.
    """
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
