"""The judge sets: the official MNIST test digits and real pen digits, never trained on."""

import numpy as np

from engine import load_model
from engine.data import load_embedded, model_inputs
from engine.data.judge_sets import CANVAS, load_mnist_test, load_pen_digits, pen_traces, render_pen_trace


def test_the_mnist_test_set_is_the_official_one_and_unseen():
    test = load_mnist_test()
    assert test.x_test.shape == (10_000, 28, 28) and test.x_test.dtype == np.uint8
    assert test.y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]  # the famous first row
    assert np.bincount(test.y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert len(test.x_train) == 0
    embedded = load_embedded()
    seen = {bytes(image) for part in (embedded.x_train, embedded.x_test) for image in part}
    assert not any(bytes(image) in seen for image in test.x_test)


def test_the_pen_digits_are_trajectories_of_44_writers():
    points, labels = pen_traces()
    assert points.shape == (10_992, 8, 2) and points.max() == 100
    assert np.bincount(labels).min() >= 1_055
    ranges = points.max(axis=1).astype(int) - points.min(axis=1)
    assert (ranges == 100).all(), "every trace is scaled to fill 0..100 in x and in y"


def test_a_trace_is_drawn_as_dark_strokes_on_white_upright():
    stem = np.array([[50, 100], [50, 0]] + [[50, 0]] * 6)  # a 1: from the top (y = 100) down
    picture = render_pen_trace(stem)
    assert picture.shape == (CANVAS, CANVAS) and picture.dtype == np.uint8
    assert picture[0, 0] == 255 and picture[CANVAS // 2, CANVAS // 2] == 0
    ink_rows = np.flatnonzero((picture < 128).any(axis=1))
    assert ink_rows[0] < 50 and ink_rows[-1] > CANVAS - 50, "the stroke runs from top to bottom"
    upside_down = np.array([[0, 100], [100, 100]] + [[100, 100]] * 6)  # a bar at y = 100: the top
    assert np.flatnonzero((render_pen_trace(upside_down) < 128).any(axis=1)).max() < CANVAS // 2
    narrow = render_pen_trace(np.array([[0, 0], [100, 0]] + [[100, 0]] * 6), aspect=0.5)
    ink_cols = np.flatnonzero((narrow < 128).any(axis=0))
    assert ink_cols[-1] - ink_cols[0] < 0.6 * CANVAS


def test_the_default_model_reads_most_pen_digits():
    model = load_model("default")
    pen = load_pen_digits(limit=500)
    assert pen.x_test.shape == (500, 28, 28) and pen.x_test.dtype == np.uint8
    accuracy = np.mean(model.predict(model_inputs(model, pen.x_test)).argmax(axis=1) == pen.y_test)
    assert accuracy >= 0.8, f"the default model reads {accuracy:.1%} of 500 real pen digits (the first read 74%)"
