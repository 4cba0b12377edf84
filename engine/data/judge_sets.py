"""Digits that no training of ours ever sees, to judge how well a model reads people.

mnist = load_mnist_test()          # Dataset: the official MNIST test set, 10,000 digits
pen = load_pen_digits()            # Dataset: 10,992 real pen digits by 44 writers, drawn as strokes

A test set made by the same generator as the training data measures nothing about people,
so neither of these comes from anything a model here is trained on. Both are built once by
``tools/build_judge_sets.py`` (sources, licences and checksums in
``resources/judge_sets.json``):

* the MNIST test digits (``t10k``) are scanned census-form and school digits, the
  benchmark every MNIST paper reports;
* the pen digits are the UCI "Pen-Based Recognition of Handwritten Digits" set: each is
  the trajectory of a pen on a tablet, resampled to 8 points, with pen lifts joined. It
  is drawn here as black strokes on white, the way the draw panel receives a drawing, and
  goes through ``preprocess_drawing`` like every drawing does. The set stores every digit
  scaled to a square (x and y each span 0..100); it is drawn at ``aspect`` (width over
  height; 1.0, the default, is the file as it is).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ..serialization import RESOURCES
from .dataset import Dataset
from .datasets import DIGIT_NAMES
from .drawing import preprocess_drawing

CANVAS = 280  # px, the draw panel's canvas
BOX = 200  # px, the longer side of the drawn digit
PEN = 14  # px, a brush like the draw panel's


def load_mnist_test() -> Dataset:
    """The official MNIST test set: ``x_test`` (10000, 28, 28) uint8, ``y_test`` (10000,)."""
    with np.load(RESOURCES / "mnist_test.npz") as archive:
        x, y = archive["x_test"], archive["y_test"].astype(np.int64)
    return Dataset("mnist-test", x[:0], y[:0], x, y, DIGIT_NAMES, "the official MNIST test set (t10k)")


def pen_traces() -> tuple[np.ndarray, np.ndarray]:
    """The pen digits as stored: points (N, 8, 2) uint8 (x, y in 0..100, y upwards), labels (N,)."""
    with np.load(RESOURCES / "pen_digits.npz") as archive:
        return archive["points"], archive["labels"].astype(np.int64)


def render_pen_trace(points: np.ndarray, aspect: float = 1.0, pen: int = PEN) -> np.ndarray:
    """One trace (K, 2) in 0..100, y upwards -> a uint8 (CANVAS, CANVAS) picture, black ink on white."""
    height = BOX if aspect <= 1 else BOX / aspect
    width = height * aspect
    x = (CANVAS - width) / 2 + points[:, 0] / 100 * width
    y = (CANVAS - height) / 2 + (1 - points[:, 1] / 100) * height
    path = list(zip(x.tolist(), y.tolist(), strict=True))
    canvas = Image.new("L", (CANVAS, CANVAS), 255)
    pencil = ImageDraw.Draw(canvas)
    pencil.line(path, fill=0, width=pen, joint="curve")
    for px, py in (path[0], path[-1]):  # round pen ends
        pencil.ellipse([px - pen / 2, py - pen / 2, px + pen / 2, py + pen / 2], fill=0)
    return np.asarray(canvas)


def load_pen_digits(aspect: float = 1.0, limit: int | None = None) -> Dataset:
    """The pen digits drawn and preprocessed like drawings: ``x_test`` (N, 28, 28) uint8."""
    points, labels = pen_traces()
    if limit is not None:
        points, labels = points[:limit], labels[:limit]
    drawn = np.stack([preprocess_drawing(render_pen_trace(trace, aspect)) for trace in points])
    images = np.rint(drawn * 255).astype(np.uint8)  # stored like MNIST's pixels
    source = f"real pen digits by 44 writers (UCI pendigits), drawn as strokes at aspect {aspect:g}"
    return Dataset("pen-digits", images[:0], labels[:0], images, labels, DIGIT_NAMES, source)
