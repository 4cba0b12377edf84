"""preprocess_drawing: polarity, cropping, size, thickness, centring, empty input."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from engine.data.drawing import MNIST_STROKE_WIDTH, preprocess_drawing, stroke_width


def seven(pen_width=10, size=280, offset=(0, 0), dark_on_light=True, rgb=False):
    """A '7' drawn with a round pen, as the draw panel or a photo of paper would give it."""
    paper, ink = (255, 0) if dark_on_light else (0, 255)
    image = Image.new("L", (size, size), paper)
    ox, oy = offset
    ImageDraw.Draw(image).line(
        [(60 + ox, 50 + oy), (200 + ox, 50 + oy), (110 + ox, 230 + oy)], fill=ink, width=pen_width, joint="curve"
    )
    array = np.asarray(image)
    return np.stack([array] * 3, axis=-1) if rgb else array


def centre_of_mass(image):
    return (np.indices(image.shape) * image).sum(axis=(1, 2)) / image.sum()


def ink_box(image, level=0.05):
    rows, cols = np.flatnonzero(image.max(axis=1) > level), np.flatnonzero(image.max(axis=0) > level)
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def test_output_is_mnist_shaped():
    result = preprocess_drawing(seven())
    assert result.shape == (28, 28) and result.dtype == np.float32
    assert result.min() >= 0 and result.max() <= 1 and result.max() > 0.9
    assert result[0].max() == 0 and result[:, 0].max() == 0  # black border, white ink
    np.testing.assert_allclose(centre_of_mass(result), [13.5, 13.5], atol=0.05)
    assert max(ink_box(result)) in (20, 21)  # longer side 20 px (+1 for anti-aliasing)


def test_polarity_and_colour_do_not_matter():
    reference = preprocess_drawing(seven())
    np.testing.assert_allclose(preprocess_drawing(seven(dark_on_light=False)), reference, atol=1e-5)
    np.testing.assert_allclose(preprocess_drawing(seven(rgb=True)), reference, atol=0.02)


def test_position_and_scale_do_not_matter():
    reference = preprocess_drawing(seven())
    moved = preprocess_drawing(seven(offset=(-50, 40), size=280))
    bigger = preprocess_drawing(seven(pen_width=20, size=560))
    assert np.corrcoef(moved.ravel(), reference.ravel())[0, 1] > 0.97
    assert np.corrcoef(bigger.ravel(), reference.ravel())[0, 1] > 0.95


@pytest.mark.parametrize("pen_width", [2, 5, 15, 40])
def test_thin_and_thick_strokes_come_out_mnist_thick(pen_width):
    width = stroke_width(preprocess_drawing(seven(pen_width=pen_width)))
    assert abs(width - MNIST_STROKE_WIDTH) < 0.6, width


def test_real_mnist_digits_survive_the_round_trip(digits):
    """An MNIST digit, enlarged and printed dark-on-white, comes back close to itself."""
    correlations = []
    for image in digits["x_test"][:60]:
        paper = np.asarray(Image.fromarray(255 - image).resize((280, 280), Image.Resampling.BILINEAR))
        correlations.append(np.corrcoef(preprocess_drawing(paper).ravel(), image.ravel() / 255.0)[0, 1])
    assert np.median(correlations) > 0.8


def test_nothing_drawn_returns_none():
    assert preprocess_drawing(np.full((200, 200), 255, np.uint8)) is None
    assert preprocess_drawing(np.zeros((50, 80), np.uint8)) is None
    noisy_paper = np.random.default_rng(0).integers(245, 256, (100, 100)).astype(np.uint8)
    assert preprocess_drawing(noisy_paper) is None


def test_intermediate_steps_for_the_gui():
    result, steps = preprocess_drawing(seven(), return_steps=True)
    assert list(steps) == [
        "grayscale",
        "ink (polarity fixed)",
        "cropped",
        "stroke width normalised",
        "scaled to 20 px",
        "centred 28x28",
    ]
    np.testing.assert_array_equal(steps["centred 28x28"], result)
    empty, steps = preprocess_drawing(np.zeros((10, 10), np.uint8), return_steps=True)
    assert empty is None and list(steps) == ["grayscale"]


def test_a_single_dot_and_a_transparent_png():
    dot = np.full((100, 100), 255, np.uint8)
    dot[40:43, 60:63] = 0
    assert preprocess_drawing(dot).shape == (28, 28)
    rgba = np.zeros((120, 120, 4), np.uint8)  # black ink on a transparent background
    rgba[..., 3] = 255 - seven(size=120, pen_width=6)
    assert (
        np.corrcoef(preprocess_drawing(rgba).ravel(), preprocess_drawing(seven(size=120, pen_width=6)).ravel())[0, 1]
        > 0.99
    )


@pytest.mark.parametrize("bad", [np.zeros((5, 5, 2), np.uint8), np.zeros(10, np.uint8), np.zeros((0, 4), np.uint8)])
def test_wrong_arrays_are_refused(bad):
    with pytest.raises(ValueError, match="image"):
        preprocess_drawing(bad)
