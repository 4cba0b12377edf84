"""Two threads for the elementwise passes between the matrix products.

The matrix products already use both cores (BLAS threads). The passes in between (im2col
and col2im copies, ReLU, pooling) are plain numpy loops, one core each. numpy releases
the GIL inside such loops, so two Python threads can run the two halves of a batch at
the same time:

    over_batch(fill, x, y)       # fill(x[:h], y[:h]) and fill(x[h:], y[h:]) on two threads

The function must write its results into arrays it is given (no return value): the
halves are views, so both threads fill one shared output and nothing is concatenated.
Small batches (a drawn digit) run in the calling thread: starting threads costs more
than it saves there.

Measured on the 2-core machine (lab-cnn training steps, the two ways alternating in one
process): 1.22x faster when OpenBLAS's idle threads sleep at once
(``OPENBLAS_THREAD_TIMEOUT=4``, which ``import engine`` sets if numpy is not loaded yet),
but 0.95x when they spin and take the second core. So the threads are used only in the
first case.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

MIN_BATCH = 16  # below this many samples, or
# this many numbers in the largest array, one thread: handing half of a small pass to the other
# thread costs more than the half takes. Measured inside training steps (batch 64, one process,
# medians of 7 alternating rounds), against a limit of 65,536 in the first array: mini-resnet
# 28.9 against 35.2 ms a step (its BatchNorms on 14x14 and smaller maps 0.14-0.38 ms on one
# thread, 0.35-0.54 on two), mini-vgg 33.5 against 36.8, lab-cnn and baseline-cbapd the same.
MIN_SIZE = 1 << 19
THREADS = min(2, os.cpu_count() or 1)


def blas_threads_sleep() -> bool:
    """True if OpenBLAS was told to put its idle threads to sleep at once (see ``engine/__init__``)."""
    try:
        return int(os.environ.get("OPENBLAS_THREAD_TIMEOUT", "30")) <= 8
    except ValueError:
        return False


enabled = THREADS > 1 and blas_threads_sleep()
_pool: ThreadPoolExecutor | None = None


def splits(*arrays: np.ndarray, axes: tuple[int, ...] | None = None) -> bool:
    """True if ``over_batch`` runs these arrays in two halves on two threads (see MIN_BATCH, MIN_SIZE)."""
    axes = axes or (0,) * len(arrays)
    return enabled and arrays[0].shape[axes[0]] >= MIN_BATCH and max(array.size for array in arrays) >= MIN_SIZE


def over_batch(function, *arrays: np.ndarray, axes: tuple[int, ...] | None = None) -> None:
    """Call ``function(*halves)`` for each half of the batch, on two threads when worth it.

    axes: the batch axis of each array (default 0 for all), e.g. 1 for a channel-first
    (C, N, H, W) buffer.
    """
    global _pool
    axes = axes or (0,) * len(arrays)
    if not splits(*arrays, axes=axes):
        function(*arrays)
        return
    size = arrays[0].shape[axes[0]]
    if _pool is None:
        _pool = ThreadPoolExecutor(THREADS, thread_name_prefix="engine-batch")
    middle = size // 2
    halves = []
    for part in (slice(0, middle), slice(middle, size)):
        views = []
        for array, axis in zip(arrays, axes, strict=True):
            index = [slice(None)] * array.ndim
            index[axis] = part
            views.append(array[tuple(index)])
        halves.append(views)
    other = _pool.submit(function, *halves[1])
    function(*halves[0])  # this thread does the first half meanwhile
    other.result()
