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

A whole prediction can go the same way (``in_halves``): each half of the batch runs through
every layer on its own thread, and the passes inside stay in one piece (see the function).
"""

from __future__ import annotations

import contextvars
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .. import blas

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
_here = threading.local()  # ``whole``: this thread runs one half of a whole pass (``in_halves``)


def splits(*arrays: np.ndarray, axes: tuple[int, ...] | None = None) -> bool:
    """True if ``over_batch`` runs these arrays in two halves on two threads (see MIN_BATCH, MIN_SIZE)."""
    axes = axes or (0,) * len(arrays)
    if not enabled or getattr(_here, "whole", False):
        return False
    return arrays[0].shape[axes[0]] >= MIN_BATCH and max(array.size for array in arrays) >= MIN_SIZE


def over_batch(function, *arrays: np.ndarray, axes: tuple[int, ...] | None = None) -> None:
    """Call ``function(*halves)`` for each half of the batch, on two threads when worth it.

    axes: the batch axis of each array (default 0 for all), e.g. 1 for a channel-first
    (C, N, H, W) buffer.
    """
    axes = axes or (0,) * len(arrays)
    if not splits(*arrays, axes=axes):
        function(*arrays)
        return
    halves = [[array[_half(array, axis, part)] for array, axis in zip(arrays, axes, strict=True)] for part in (0, 1)]
    other = _start(function, *halves[1])
    function(*halves[0])  # this thread does the first half meanwhile
    other.result()


def in_halves(function, x: np.ndarray) -> np.ndarray:
    """``function(x)`` computed as ``function(x[:h])`` and ``function(x[h:])`` on two threads, joined
    along axis 0; for a whole prediction (``Sequential.forward``), where every layer runs on each half.

    Each half stays on its thread: the passes inside do not split again (``splits`` is False there)
    and the matrix products run on one BLAS thread each (``blas.threads_for(0)``), so the two cores
    never wait for each other between layers. The second thread runs in a copy of the caller's
    context, so ``np.errstate`` holds there too. The caller decides when this pays (``enabled``, and
    a batch big enough): see ``Sequential.forward``.
    """
    middle = len(x) // 2

    def whole(part: np.ndarray) -> np.ndarray:
        _here.whole = True
        try:
            return function(part)
        finally:
            _here.whole = False

    with blas.threads_for(0):
        other = _start(whole, x[middle:])
        first = whole(x[:middle])
        return np.concatenate([first, other.result()])


def _half(array: np.ndarray, axis: int, part: int) -> tuple:
    """The index of the first (``part`` 0) or second half of ``array`` along ``axis``."""
    middle = array.shape[axis] // 2
    index = [slice(None)] * array.ndim
    index[axis] = slice(0, middle) if part == 0 else slice(middle, None)
    return tuple(index)


def _start(function, *args):
    """Run ``function(*args)`` on the pool's thread, in a copy of this thread's context; its future."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(THREADS, thread_name_prefix="engine-batch")
    return _pool.submit(contextvars.copy_context().run, function, *args)
