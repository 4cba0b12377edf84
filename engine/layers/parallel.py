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
So can a training step (``Lanes``: data parallelism on the two cores), where the two halves
meet where the maths needs the whole batch (a BatchNorm's statistics: ``total``).
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
_here = threading.local()  # ``whole``: this thread runs one half of a whole pass (``in_halves``, ``Lanes``);
# ``lanes``, ``lane``: the Lanes it runs in, and which of the two (0 or 1)


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
    """``function(x)`` computed as ``function(x[:h])`` and ``function(x[h:])`` at the same time, one half per
    core (``Lanes``), joined along axis 0: a whole prediction (``Sequential.forward``). The caller decides
    when this pays (``enabled``, and a batch big enough)."""
    return np.concatenate(Lanes(len(x)).run(lambda rows: function(x[rows])))


def _half(array: np.ndarray, axis: int, part: int) -> tuple:
    """The index of the first (``part`` 0) or second half of ``array`` along ``axis``."""
    middle = array.shape[axis] // 2
    index = [slice(None)] * array.ndim
    index[axis] = slice(0, middle) if part == 0 else slice(middle, None)
    return tuple(index)


def _start(function, *args):
    """Run ``function(*args)`` on the pool's thread, in a copy of this thread's context (so ``np.errstate``
    holds there too); its future."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(THREADS, thread_name_prefix="engine-batch")
    return _pool.submit(contextvars.copy_context().run, function, *args)


# ----------------------------------------------------------------- lanes (a training step in two halves)
def lane() -> int:
    """Which lane this thread runs in: 0 or 1 inside ``Lanes.run``, else 0 (the only one)."""
    return getattr(_here, "lane", 0)


def in_lanes() -> bool:
    """True inside ``Lanes.run``: this thread computes one half of a batch, the other lane the other."""
    return getattr(_here, "lanes", None) is not None


def lane_rows() -> tuple[slice, int] | None:
    """(this lane's rows of the whole batch, the whole batch's size) inside ``Lanes.run``, else None."""
    lanes = getattr(_here, "lanes", None)
    return None if lanes is None else (lanes.rows[lane()], lanes.batch)


def total(*values):
    """Each value summed over both lanes (in both, the same sums); outside lanes, the values as they are.

    For the sums a layer needs over the whole batch, such as a BatchNorm's per-channel sums: each lane
    passes its half's, and both go on with the whole batch's. A single value gives a single result."""
    lanes = getattr(_here, "lanes", None)
    if lanes is not None:
        # Copies: a lane may change its own arrays as soon as it has the sums, while the other still adds.
        first, second = lanes.exchange(tuple(np.copy(v) if isinstance(v, np.ndarray) else v for v in values))
        values = tuple(a + b for a, b in zip(first, second, strict=True))  # in this order in both lanes: equal
    return values[0] if len(values) == 1 else values


def from_first_lane(make):
    """``make()`` computed by lane 0 and handed to both lanes (outside lanes: ``make()``): for a value that
    must be drawn once for the whole batch, such as a dropout mask. Both lanes get the same object: neither
    may change it."""
    lanes = getattr(_here, "lanes", None)
    if lanes is None:
        return make()
    return lanes.exchange(make() if lane() == 0 else None)[0]


def batch_draw(draw, shape: tuple):
    """``draw(shape)``, random numbers for a batch of ``shape``; inside a lane, where ``shape`` is half the
    batch's, they are drawn once for the whole batch (by lane 0) and each lane gets its rows: the numbers a
    batch in one piece gets (a dropout mask)."""
    lane = lane_rows()
    if lane is None:
        return draw(shape)
    rows, batch = lane
    return from_first_lane(lambda: draw((batch, *shape[1:])))[rows]


class Lanes:
    """One batch in two halves ("lanes"), each computed on its own core by the same layers: data parallelism.

        with Lanes(len(x)) as lanes:  # OpenBLAS on one thread meanwhile
            scores = np.concatenate(lanes.run(lambda rows: model.forward(x[rows])))

    ``run(function)`` calls ``function(rows)`` for each half's rows, lane 0 in this thread and lane 1 on the
    pool's, and returns both results. Each lane keeps its own layer caches and gradients (``Layer.cache``
    and ``Layer.grads`` are per lane), the passes inside do not split again, and the matrix products run
    on one BLAS thread each, so the cores never wait for each other, except where the maths needs the
    whole batch: there the layer calls ``total`` (a BatchNorm's statistics) or ``from_first_lane`` (a
    dropout mask), and the lanes meet at a barrier. If one lane fails, the barrier breaks so the other
    cannot wait forever, and ``run`` raises the first lane's own error.
    """

    def __init__(self, batch: int, products: bool = True):
        self.batch = batch
        self.products = products  # False: no matrix products inside, so OpenBLAS's threads are left as they are
        self.rows = (slice(0, batch // 2), slice(batch // 2, batch))
        self._barrier = threading.Barrier(2)
        # Two generations of slots, used in turn: a lane can only write generation g + 2 (the same slots as g)
        # after both passed the barrier of g + 1, so the other lane has read g by then.
        self._slots = [[None, None], [None, None]]
        self._exchanges = [0, 0]  # per lane: how many exchanges it made

    def __enter__(self) -> Lanes:
        """Hold OpenBLAS on one thread (for products inside the halves) until ``__exit__``, across several
        ``run`` calls and the work between them."""
        self._blas = blas.threads_for(0 if self.products else blas.SMALL)
        self._blas.__enter__()
        return self

    def __exit__(self, *error) -> None:
        self._blas.__exit__(*error)

    def exchange(self, value) -> list:
        """[lane 0's value, lane 1's value], once both lanes handed theirs in."""
        me = lane()
        slots = self._slots[self._exchanges[me] % 2]
        self._exchanges[me] += 1
        slots[me] = value
        self._barrier.wait()
        return slots

    def run(self, function) -> list:
        """[function(lane 0's rows), function(lane 1's rows)], computed at the same time on two threads."""
        with blas.threads_for(0 if self.products else blas.SMALL):
            other = _start(self._lane, 1, function)
            outcomes = [None, None]
            try:
                outcomes[0] = (True, self._lane(0, function))
            except BaseException as error:  # noqa: BLE001  (Ctrl+C too: the other lane is freed, then it goes on)
                outcomes[0] = (False, error)
            try:
                outcomes[1] = (True, other.result())
            except BaseException as error:  # noqa: BLE001
                outcomes[1] = (False, error)
        failures = [value for ok, value in outcomes if not ok]
        if failures:  # a lane's own error, not the broken barrier it left the other lane
            raise next((e for e in failures if not isinstance(e, threading.BrokenBarrierError)), failures[0])
        return [value for _, value in outcomes]

    @staticmethod
    def add_gradients(layers) -> None:
        """After a backward pass in lanes: lane 1's gradients added to lane 0's, which the optimizer reads (a
        block's children first, then the block gathers theirs again); lane 1's are dropped."""
        for layer in layers:
            children = getattr(layer, "children", None)
            if children:
                Lanes.add_gradients(list(children.values()))
                layer.collect_grads()
                continue
            mine, other = layer.lane_grads(0), layer.lane_grads(1)
            for key, value in other.items():
                mine[key] = mine[key] + value
            other.clear()

    def _lane(self, which: int, function):
        _here.whole, _here.lanes, _here.lane = True, self, which
        try:
            return function(self.rows[which])
        except BaseException:
            self._barrier.abort()  # the other lane may wait at the barrier: it raises BrokenBarrierError
            raise
        finally:
            _here.whole, _here.lanes, _here.lane = False, None, 0
