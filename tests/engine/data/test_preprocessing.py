"""Normalisation, one-hot, stratified splits and the seeded batch iterator."""

import threading
import tracemalloc

import numpy as np
import pytest

from engine.data.preprocessing import BatchIterator, Normalization, one_hot, to_float, train_val_split


def test_to_float_scales_uint8_and_adds_the_channel_axis():
    images = np.array([[[0, 255], [51, 102]]], np.uint8)
    x = to_float(images)
    assert x.shape == (1, 1, 2, 2) and x.dtype == np.float32
    np.testing.assert_allclose(x[0, 0], [[0, 1], [0.2, 0.4]], atol=1e-7)
    with pytest.raises(ValueError, match="images must be"):
        to_float(np.zeros(5))


def test_normalization_of_uint8_images_is_exact_and_needs_no_float_copy(digits):
    """60,000 images' statistics from a histogram of the 256 values: the same numbers as float64
    arithmetic on every pixel, in a few MB (a float copy of the images alone is 188 MB)."""
    images = np.concatenate([digits["x_train"]] * 8)[:60000]
    reference = images[:5000].astype(np.float64) / 255
    small = Normalization.fit(images[:5000])
    assert small.mean == pytest.approx(reference.mean(), abs=1e-12) and small.std == pytest.approx(
        reference.std(), abs=1e-12
    )
    tracemalloc.start()
    try:
        Normalization.fit(images)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20, f"fitting took {peak / 2**20:.0f} MB"
    floats = Normalization.fit(images[:5000].astype(np.float32) / 255)  # float input: the same answer
    assert floats.mean == pytest.approx(small.mean, abs=1e-6) and floats.std == pytest.approx(small.std, abs=1e-6)


def test_normalization_fits_train_statistics_and_round_trips_through_metadata(digits):
    norm = Normalization.fit(digits["x_train"][:2000])
    x = norm.apply(digits["x_train"][:2000])
    assert abs(float(x.mean())) < 1e-4 and abs(float(x.std()) - 1) < 1e-3
    assert 0.11 < norm.mean < 0.15 and 0.28 < norm.std < 0.33  # MNIST's well-known 0.1307 / 0.3081
    again = Normalization.from_metadata({"normalization": norm.to_dict()})
    assert again == norm
    assert Normalization.from_metadata({}) == Normalization(0.0, 1.0)
    with pytest.raises(ValueError, match="positive std"):
        Normalization(0.5, 0.0)


def test_one_hot_and_its_errors():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    assert one_hot(np.array([1, 4])).shape == (2, 5)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 2\]"):
        one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="1-D integer"):
        one_hot(np.array([0.5]))


def test_stratified_split_keeps_class_shares_and_is_seeded():
    y = np.repeat(np.arange(3), [90, 9, 1])  # a rare class
    x = np.arange(100)
    x_tr, y_tr, x_val, y_val = train_val_split(x, y, 0.2, seed=5)
    assert len(x_val) == 20 and len(x_tr) == 80
    assert np.bincount(y_val, minlength=3).tolist() == [18, 2, 0]
    assert sorted(np.concatenate([x_tr, x_val]).tolist()) == list(range(100))  # a partition
    assert train_val_split(x, y, 0.2, seed=5)[2].tolist() == x_val.tolist()
    assert train_val_split(x, y, 0.2, seed=6)[2].tolist() != x_val.tolist()
    assert len(train_val_split(x, y, 0.3, stratify=False)[2]) == 30


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5])
def test_split_rejects_nonsense_fractions(fraction):
    with pytest.raises(ValueError, match="val_fraction"):
        train_val_split(np.arange(10), np.zeros(10, int), fraction)


def test_batch_iterator_covers_every_sample_once_per_epoch_in_a_new_order():
    x, y = np.arange(10), np.arange(10) * 10
    batches = BatchIterator(x, y, batch_size=4, seed=0)
    assert len(batches) == 3
    first = [xb for xb, _ in batches]
    assert [len(b) for b in first] == [4, 4, 2]
    assert sorted(np.concatenate(first).tolist()) == list(range(10))
    second = np.concatenate([xb for xb, yb in batches])
    assert sorted(second.tolist()) == list(range(10)) and second.tolist() != np.concatenate(first).tolist()
    assert batches.epoch == 2
    for xb, yb in BatchIterator(x, y, batch_size=3, seed=0, transform=lambda b: b + 0.5):
        np.testing.assert_array_equal(yb, (xb - 0.5) * 10)  # x and y stay paired


def test_batch_size_can_change_mid_epoch():
    batches = BatchIterator(np.arange(10), np.arange(10), batch_size=4, shuffle=False)
    assert batches.next_batch()[0].tolist() == [0, 1, 2, 3]
    batches.batch_size = 2
    assert batches.next_batch()[0].tolist() == [4, 5] and batches.remaining == 4
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        batches.batch_size = 0


def test_iterator_state_restores_the_exact_remaining_batches():
    x = np.arange(50)
    a = BatchIterator(x, x, batch_size=7, seed=3)
    a.next_batch()
    a.next_batch()
    state = a.state()
    rest_a = [xb.tolist() for xb, _ in a] + [xb.tolist() for xb, _ in a]
    b = BatchIterator(x, x, batch_size=7, seed=99)
    b.set_state(state)
    rest_b = [xb.tolist() for xb, _ in b] + [xb.tolist() for xb, _ in b]
    assert rest_a == rest_b


def test_iterator_is_safe_to_steer_from_another_thread():
    batches = BatchIterator(np.arange(10_000), np.arange(10_000), batch_size=8, seed=0)
    stop = threading.Event()

    def steer():
        while not stop.is_set():
            batches.batch_size = int(np.random.default_rng().integers(1, 64))

    thread = threading.Thread(target=steer)
    thread.start()
    try:
        served = np.concatenate([xb for xb, _ in batches])
    finally:
        stop.set()
        thread.join()
    assert sorted(served.tolist()) == list(range(10_000))
