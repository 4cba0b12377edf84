"""The two-thread elementwise passes give exactly the results of the one-thread ones."""

import numpy as np
import pytest

from engine.layers import LSTM, BatchNorm1D, BatchNorm2D, Conv2D, MaxPool2D, ReLU, parallel


@pytest.fixture
def threads(monkeypatch):
    """Switch the threads on (the test process loaded numpy first, so they start off)."""

    def use(flag: bool):
        monkeypatch.setattr(parallel, "enabled", flag)
        monkeypatch.setattr(parallel, "MIN_SIZE", 1 << 12)  # these small test batches split too

    return use


def run(layer, x, dy):
    y = layer.forward(x)
    dx = layer.backward(dy)
    return y, dx, {key: value.copy() for key, value in layer.grads.items()}


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda: ReLU(), (32, 8, 28, 28)),
        (lambda: MaxPool2D(2), (32, 8, 28, 28)),
        (lambda: Conv2D(8, 16, 3, padding=1), (32, 8, 28, 28)),
        (lambda: Conv2D(4, 6, 3, stride=2), (33, 4, 29, 29)),  # odd batch: uneven halves
        (lambda: BatchNorm2D(17), (8, 17, 28, 28)),  # split by channels, unevenly
        (lambda: BatchNorm1D(1024), (64, 1024)),
        (lambda: LSTM(28, 16), (33, 28, 28)),  # each half of the batch runs the loop over time
        (lambda: LSTM(7, 16, return_sequences=True), (32, 9, 7)),
    ],
)
def test_threaded_layers_match_the_single_thread_ones_exactly(make, shape, threads, rng):
    x = rng.standard_normal(shape).astype(np.float32)
    x = np.maximum(x, 0)  # ties (zeros) for the max-pool, as after a ReLU
    layer = make()
    dy = rng.standard_normal((shape[0], *layer.output_shape(shape[1:]))).astype(np.float32)
    threads(False)
    expected = run(layer, x, dy)
    threads(True)
    got = run(layer, x, dy)
    for a, b in zip(expected[:2], got[:2], strict=True):
        np.testing.assert_array_equal(a, b)
    for key in expected[2]:
        np.testing.assert_array_equal(expected[2][key], got[2][key])


def test_over_batch_splits_big_batches_in_two_and_leaves_small_ones_whole(monkeypatch):
    monkeypatch.setattr(parallel, "enabled", True)
    calls = []
    parallel.over_batch(lambda *parts: calls.append(parts[0].shape), np.zeros((64, 16, 14, 14)), np.zeros(16))
    assert calls == [(64, 16, 14, 14)]  # 200,704 numbers: one thread is faster (parallel.MIN_SIZE)
    calls.clear()
    big = np.zeros((64, 16384), np.float32)
    parallel.over_batch(lambda part: calls.append(part.shape), big)
    assert sorted(calls) == [(32, 16384), (32, 16384)]
    calls.clear()
    parallel.over_batch(lambda part: calls.append(part.shape), np.zeros((1, 1, 28, 28)))  # one drawn digit
    assert calls == [(1, 1, 28, 28)]


def test_a_failure_in_the_helper_thread_reaches_the_caller(threads):
    threads(True)

    def fail_on_second_half(part):
        if part[0, 0] == 1:
            raise ValueError("second half broke")

    data = np.zeros((64, 4096), np.float32)
    data[32:] = 1
    with pytest.raises(ValueError, match="second half broke"):
        parallel.over_batch(fail_on_second_half, data)


def test_threads_are_used_only_when_openblas_idles_without_spinning(monkeypatch):
    monkeypatch.setenv("OPENBLAS_THREAD_TIMEOUT", "4")
    assert parallel.blas_threads_sleep()
    monkeypatch.delenv("OPENBLAS_THREAD_TIMEOUT")
    assert not parallel.blas_threads_sleep()
    monkeypatch.setenv("OPENBLAS_THREAD_TIMEOUT", "fast")
    assert not parallel.blas_threads_sleep()
