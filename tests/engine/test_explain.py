"""Why the model said 7: saliency on the strokes, neighbours of the right class, "not a digit?"."""

import numpy as np
import pytest

from engine import load_model
from engine.data import load_embedded, preprocess_drawing
from engine.data.handwriting import generate_non_digits
from engine.data.judge_sets import load_mnist_test, load_pen_digits, pen_traces, render_pen_trace
from engine.explain import PATCH, digit_index, explanation_picture, occlusion_map, on_drawing, saliency_overlay
from engine.memory import features as penultimate


@pytest.fixture(scope="module")
def model():
    return load_model("default")


@pytest.fixture(scope="module")
def index(model):
    return digit_index(model, strokes=400)


def test_saliency_lights_the_strokes_never_the_empty_paper(model):
    digits = load_embedded()
    for image in digits.x_test[:8].astype(np.float32) / 255:
        saliency = occlusion_map(model, image)
        assert saliency.shape == (28, 28) and saliency.min() >= 0 and saliency.max() > 0
        ink = image > 0.3
        near = np.zeros_like(ink)  # every pixel a patch covering some ink can reach
        for y, x in np.argwhere(image > 0):
            near[max(0, y - PATCH + 1) : y + PATCH, max(0, x - PATCH + 1) : x + PATCH] = True
        assert saliency[~near].max() < 1e-5, "hiding empty paper changes nothing (but rounding)"
        assert saliency[ink].mean() > 3 * saliency[~ink].mean()


def test_clear_digits_have_neighbours_of_their_own_class(model, index):
    digits = load_embedded()
    right = [np.mean(index.query(model, image).labels == label) for image, label in
             zip(digits.x_test[:40], digits.y_test[:40], strict=True)]  # fmt: skip
    assert np.mean(right) >= 0.9
    found = index.query(model, digits.x_test[0])
    assert len(found.indices) == 5 and np.all(np.diff(found.similarities) <= 1e-6)


def test_non_digits_are_caught_far_more_often_than_real_digits_are_flagged(model, index):
    mnist = index.novelty(penultimate(model, load_mnist_test().x_test[:500])) > index.threshold
    pen = index.novelty(penultimate(model, load_pen_digits(limit=300).x_test)) > index.threshold
    shapes, _ = generate_non_digits(130, seed=3)
    caught = index.novelty(penultimate(model, shapes)) > index.threshold
    assert mnist.mean() < 0.05, f"{mnist.mean():.0%} of MNIST test digits called 'not a digit'"
    assert pen.mean() < 0.25, f"{pen.mean():.0%} of real pen digits called 'not a digit'"
    assert caught.mean() > pen.mean() + 0.4, f"caught {caught.mean():.0%} of non-digits, flagged {pen.mean():.0%}"


def test_the_pictures_are_not_blank():
    image = np.zeros((28, 28), np.float32)
    image[6:22, 13:15] = 1
    saliency = np.zeros((28, 28), np.float32)
    saliency[10:14, 13:15] = 0.5
    overlay = saliency_overlay(image, saliency)
    assert overlay.shape == (224, 224, 3) and overlay[11 * 8, 13 * 8, 0] > 200 and overlay[0, 0].max() == 0
    picture = explanation_picture(image, saliency, np.zeros((5, 28, 28), np.uint8) + 255)
    assert picture.ndim == 3 and picture.std() > 20


def test_the_28x28_field_maps_back_onto_the_drawing_where_the_ink_is():
    """The placement preprocess_drawing records carries its result back onto the picture: the
    mapped-back digit lies on the drawn strokes, wherever they were on a page of any shape."""
    points, _ = pen_traces()
    for trace, aspect, (top, left) in [
        (points[0], 1.0, (5, 120)),
        (points[7], 0.5, (60, 10)),
        (points[21], 2.0, (0, 0)),
    ]:
        page = np.full((340, 420), 255, np.uint8)
        page[top : top + 280, left : left + 280] = render_pen_trace(trace, aspect)
        result, steps = preprocess_drawing(page, return_steps=True)
        back = on_drawing(result, steps.placement)
        assert back.shape == page.shape
        ink = page < 128
        near = np.zeros_like(ink)  # within 20 px of a stroke (a pixel of the 28x28 field covers 10 here)
        for y, x in np.argwhere(ink[::4, ::4]) * 4:
            near[max(0, y - 20) : y + 21, max(0, x - 20) : x + 21] = True
        assert back[near].sum() > 0.95 * back.sum(), "the digit comes back onto its strokes"
        assert np.abs(np.argwhere(back > 0.3).mean(0) - np.argwhere(ink).mean(0)).max() < 8  # px, of 280
