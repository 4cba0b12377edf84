"""The two-thread elementwise passes give exactly the results of the one-thread ones; a big prediction runs
in two halves."""

import threading

import numpy as np
import pytest

from engine.doctor import dead_shares
from engine.layers import LSTM, BatchNorm1D, BatchNorm2D, Conv2D, Dense, MaxPool2D, ReLU, parallel
from engine.presets import build_preset


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


def record_threads(model, seen: list):
    """Wrap the forward of ``model``'s last Dense layer to note (thread, batch, whether over_batch could
    split there) at each call."""
    layer = [layer for layer in model.layers if isinstance(layer, Dense)][-1]
    original = layer.forward

    def forward(x, training=True):
        could_split = parallel.splits(np.zeros((64, parallel.MIN_SIZE), np.float32))
        seen.append((threading.get_ident(), len(x), could_split))
        return original(x, training)

    layer.forward = forward


@pytest.mark.parametrize("preset, batch", [("mini-resnet", 256), ("lenet-5-relu", 101)])
def test_a_big_prediction_runs_each_half_through_every_layer_on_its_own_thread(preset, batch, monkeypatch, rng):
    model = build_preset(preset, seed=0)
    x = rng.standard_normal((batch, *model.input_shape)).astype(np.float32)
    monkeypatch.setattr(parallel, "enabled", False)
    expected = model.predict(x)
    monkeypatch.setattr(parallel, "enabled", True)
    seen = []
    record_threads(model, seen)
    got = model.predict(x)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
    assert len({thread for thread, *_ in seen}) == 2  # both halves, on two threads
    assert sorted(size for _, size, _ in seen) == [batch // 2, batch - batch // 2]
    assert not any(could_split for *_, could_split in seen)  # inside a half, no pass splits again


def test_small_predictions_and_nets_without_convolutions_stay_in_one_piece(monkeypatch, rng):
    monkeypatch.setattr(parallel, "enabled", True)
    # mini-resnet's layers do 0.75 million multiply-adds on average on 8 images, lenet-5's 0.56 on 16: less
    # than a prediction in halves needs (model.HALVES_WORK)
    for preset, batch in [("mini-resnet", 16), ("lenet-5", 32), ("mini-resnet", 1), ("mlp", 256), ("row-lstm", 256)]:
        model = build_preset(preset, seed=0)
        seen = []
        record_threads(model, seen)
        model.predict(rng.standard_normal((batch, *model.input_shape)).astype(np.float32))
        assert [size for _, size, _ in seen] == [batch], preset


def test_a_prediction_in_halves_keeps_the_callers_numpy_error_settings(monkeypatch, tmp_path):
    # predict_scores silences numpy's overflow warnings and reports overflowing weights itself; the
    # second half runs on another thread, which must see the same setting (a warning is an error here).
    monkeypatch.setattr(parallel, "enabled", True)
    model = build_preset("lenet-5-relu", seed=0)
    model.layers[0].params["W"][...] = 3e38
    with pytest.raises(ValueError, match="overflow"):
        model.predict(np.ones((128, 1, 28, 28), np.float32))


def one_step(model, x, y):
    """(loss, every gradient, every BatchNorm running estimate) of one training step; the weights stay."""
    grads = {}
    model.optimizer.step = lambda named: grads.update({name: g.copy() for name, _, g in named})
    loss, _ = model.train_step(x, y)
    return loss, grads, [value.copy() for layer in model.layers for value in layer.buffers.values()]


@pytest.mark.parametrize("preset", ["mini-resnet", "lab-cnn", "baseline-cbapd"])
def test_a_training_step_in_two_halves_computes_what_the_step_in_one_piece_does(preset, monkeypatch, rng):
    # mini-resnet: BatchNorms (the halves add their sums); lab-cnn and baseline-cbapd: dropout (one mask for
    # the whole batch, the one a step in one piece draws)
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 64)
    results = []
    for halves in (False, True):
        monkeypatch.setattr(parallel, "enabled", halves)
        model = build_preset(preset, seed=0).compile("adam")
        seen = []
        record_threads(model, seen)
        results.append(one_step(model, x, y))
        assert len({thread for thread, *_ in seen}) == (2 if halves else 1)
    (loss, grads, buffers), (loss2, grads2, buffers2) = results
    assert loss2 == pytest.approx(loss, rel=1e-6)
    assert grads.keys() == grads2.keys()
    for name in grads:
        scale = float(np.abs(grads[name]).max())
        np.testing.assert_allclose(grads2[name], grads[name], rtol=0, atol=1e-4 * scale + 1e-9, err_msg=name)
    for a, b in zip(buffers, buffers2, strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


def test_small_nets_and_small_batches_train_in_one_piece(monkeypatch, rng):
    monkeypatch.setattr(parallel, "enabled", True)
    # mini-inception's layers do 0.8 million multiply-adds on average on 32 images: less than halves need
    # (model.HALVES_WORK); mini-resnet's do 1.5 on 16, but training halves of 16 lose (HALVES_TRAINING_BATCH)
    for preset, batch in [("mini-inception", 64), ("mini-resnet", 32), ("mlp", 256)]:
        model = build_preset(preset, seed=0).compile("adam")
        seen = []
        record_threads(model, seen)
        model.train_step(rng.standard_normal((batch, *model.input_shape)).astype(np.float32),
                         rng.integers(0, 10, batch))
        assert [size for _, size, _ in seen] == [batch], preset


def test_a_failure_in_one_half_of_a_training_step_reaches_the_caller_without_a_hang(monkeypatch, rng):
    # The other half would wait for it at the next BatchNorm: the barrier breaks instead.
    monkeypatch.setattr(parallel, "enabled", True)
    model = build_preset("mini-resnet", seed=0).compile("adam")
    conv = model.layers[0]
    original = conv.forward

    def forward(x, training=True):
        if parallel.lane() == 1:
            raise MemoryError("no memory for the second half")
        return original(x, training)

    conv.forward = forward
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    outcome = []

    def step():
        try:
            model.train_step(x, rng.integers(0, 10, 64))
        except MemoryError as error:
            outcome.append(str(error))

    thread = threading.Thread(target=step, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the training step hangs"
    assert outcome == ["no memory for the second half"]
    conv.forward = original
    model.train_step(x, rng.integers(0, 10, 64))  # the next step works


def test_the_doctor_sees_dead_units_over_both_halves_of_a_step(monkeypatch, rng):
    # The first half's images are blank, so the first ReLU is zero everywhere on them: only the second half
    # shows its channels alive. A channel is dead only if it is zero on every image of the whole batch.
    monkeypatch.setattr(parallel, "enabled", True)
    model = build_preset("lab-cnn", seed=0).compile("adam")
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    x[:32] = 0
    model.train_step(x, rng.integers(0, 10, 64))
    shares = dict(dead_shares(model))
    assert shares["conv2d_1"] < 0.5


def test_training_in_halves_is_reproducible_bit_for_bit(monkeypatch, rng):
    # Which half finishes first never changes a number: the halves' sums are added in one order, and each
    # half's products run on one BLAS thread. A seeded run is the same run every time (and a resumed one
    # the same as an uninterrupted one).
    monkeypatch.setattr(parallel, "enabled", True)
    x = rng.standard_normal((3, 64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, (3, 64))
    runs = []
    for _ in range(2):
        model = build_preset("baseline-cbapd", seed=0).compile("adam")
        for xb, yb in zip(x, y, strict=True):
            model.train_step(xb, yb)
        runs.append(model.get_weights() + [v for layer in model.layers for v in layer.buffers.values()])
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)
