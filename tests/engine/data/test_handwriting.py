"""The style-diverse stroke digits that the default model trains on beside MNIST."""

import numpy as np
import pytest

from engine.data import load_embedded
from engine.data.handwriting import (
    STYLES,
    SmoothField,
    generate_handwriting,
    generate_non_digits,
    pen_paths,
    pick,
    render,
    resample,
    with_handwriting,
)


def test_digits_are_mnist_style_balanced_and_repeatable():
    images, labels = generate_handwriting(50, seed=3)
    again, _ = generate_handwriting(50, seed=3)
    np.testing.assert_array_equal(images, again)
    assert images.shape == (50, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels, minlength=10).tolist() == [5] * 10
    assert not np.array_equal(images, generate_handwriting(50, seed=4)[0])
    rows, cols = np.indices((28, 28))
    for image in images.astype(np.float64):
        ink = np.argwhere(image > 0)
        assert max(np.ptp(ink, axis=0)) + 1 in (19, 20, 21), "the longer side fills MNIST's 20 px box"
        assert abs((rows * image).sum() / image.sum() - 13.5) < 1.0  # centred by the centre of mass


def test_every_style_of_every_digit_is_drawn():
    assert sorted(STYLES) == list(range(10))
    rng = np.random.default_rng(0)
    for digit, styles in STYLES.items():
        for style in styles:
            points = np.concatenate(style.strokes)
            assert points.min() >= -0.1 and points.max() <= 1.1, f"{digit} {style.name} leaves the unit box"
            picture = render([stroke - 0.5 for stroke in style.strokes], rng)
            assert np.ptp(picture) == 255, f"{digit} {style.name} draws no ink"


def test_the_styles_people_write_are_there():
    names = {digit: {style.name for style in styles} for digit, styles in STYLES.items()}
    assert {"flag", "flag and base", "long flag"} <= names[1]
    assert {"crossed", "crossed, pen joined"} <= names[7]
    assert {"closed", "open top"} <= names[4]
    assert {"straight stem", "small loop", "open loop"} <= names[9]
    assert {"looped"} <= names[2] and {"closed loop", "open loop"} <= names[6]


def test_a_fast_pen_is_a_few_points_along_the_path_with_pen_lifts_joined():
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])  # a path of length 2
    points = resample(square, 5)
    np.testing.assert_allclose(points, [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1]])
    rng = np.random.default_rng(1)
    counts = [[len(p) for p in pen_paths(pick(STYLES[7], rng), rng)] for _ in range(200)]
    fast = [c for c in counts if len(c) == 1 and c[0] <= 12]
    assert 0.3 < len(fast) / len(counts) < 0.7, "about half the digits are fast, one joined path"


def test_trajectory_distortion_is_smooth_and_bounded():
    field = SmoothField(np.random.default_rng(2), amplitude=0.08)
    points = np.stack(np.meshgrid(np.linspace(0, 1, 50), np.linspace(0, 1, 50)), -1).reshape(-1, 2)
    moved = field(points)
    assert 0.01 < np.abs(moved).max() <= 0.08 * np.sqrt(3) + 1e-9
    neighbours = field(points + [0.02, 0.0]) - moved
    assert np.abs(neighbours).max() < 0.04, "points 0.02 apart move alike (independent noise: up to 0.16)"


def test_mixing_adds_strokes_to_the_training_part_only():
    digits = load_embedded().take(100)
    mixed = with_handwriting(digits, 30, seed=0)
    assert len(mixed.x_train) == 130 and np.bincount(mixed.y_train, minlength=10).sum() == 130
    np.testing.assert_array_equal(mixed.x_test, digits.x_test)
    assert mixed.class_names == digits.class_names and "stroke digits" in mixed.source
    originals = {bytes(image) for image in digits.x_train}
    assert sum(bytes(image) in originals for image in mixed.x_train) == 100


@pytest.mark.parametrize("count", [0, -1])
def test_a_count_below_one_is_refused(count):
    with pytest.raises(ValueError, match="stroke digits"):
        generate_handwriting(count)


def test_non_digits_are_drawn_the_same_way_and_named():
    images, names = generate_non_digits(26, seed=0)
    assert images.shape == (26, 28, 28) and images.dtype == np.uint8
    assert {"A", "dash", "zigzag", "X"} <= set(names)
    assert all(image.max() > 200 for image in images)
