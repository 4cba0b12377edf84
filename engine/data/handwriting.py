"""A style-diverse stream of stroke digits to train on, beside the MNIST digits.

x, y = generate_handwriting(20_000, seed=0)    # (N, 28, 28) uint8 and (N,) labels, balanced
mixed = with_handwriting(load_embedded(), 20_000, seed=0)   # a Dataset: MNIST + strokes

MNIST holds American census-form styles only; a model trained on it alone misreads how
many people write (a 1 with a flag and a base, a crossed 7, an open 4, a 9 with a small
loop or a straight stem) and how people write on a screen or tablet (fast, a few straight
segments instead of curves, pen lifts joined by a line). This module draws digits the way
a pen moves, in the styles MNIST lacks, and renders them through ``preprocess_drawing``,
exactly as the draw panel turns a drawing into the model's input.

How a digit is made (the synthesis is the classic one of on-line handwriting):

1. **A style.** Every digit has several ways to write it (``STYLES``), each a list of pen
   strokes in a unit box (x right, y down), in the order a writer draws them.
2. **Pen lifts joined.** With some probability the strokes become one path and the pen's
   travel between them is drawn, as tablets record it (the UCI pen digits do this).
3. **Trajectory perturbation.** Every point of the path moves by a smooth random
   displacement field: Simard, Steinkraus and Platt's elastic distortion ("Best practices
   for convolutional neural networks applied to visual document analysis", ICDAR 2003),
   applied to the pen trajectory instead of the pixels, so strokes bend but stay strokes,
   as in stroke-level augmentation of on-line handwriting.
4. **The writer's hand.** A random affine map: width-to-height ratio from very narrow to
   square, slant (shear), tilt (rotation).
5. **Speed.** Half of the digits are resampled to a few points equally spaced along the
   path (5 to 12) and drawn as straight segments: a fast pen sampled by a tablet. This is
   how Alimoglu and Alpaydin recorded the pen digits ("Methods of combining multiple
   classifiers based on different representations for pen-based handwritten digit
   recognition", TAINN 1996), which resample every trajectory to 8 points.
6. **The medium.** A random canvas size and pen width, dark on light or light on dark;
   then ``preprocess_drawing`` (ink crop, stroke width, 20 px box, centre of mass).

No digit here comes from the judge sets (``judge_sets``): those are real people's writing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ..words import said
from .dataset import Dataset
from .drawing import preprocess_drawing

MIX_SUFFIX = "+strokes"  # the name of a dataset with stroke digits mixed in: "mnist-embedded+strokes"
STEP = 0.02  # spacing of the points along a stroke, in unit-box widths


def line(*points: tuple[float, float]) -> np.ndarray:
    """A polyline through ``points``, with a point every ``STEP``: (K, 2)."""
    corners = np.asarray(points, dtype=np.float64)
    pieces = []
    for start, end in zip(corners[:-1], corners[1:], strict=True):
        count = max(2, int(np.ceil(np.linalg.norm(end - start) / STEP)))
        pieces.append(np.linspace(start, end, count, endpoint=False))
    return np.concatenate([*pieces, corners[-1:]])


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> np.ndarray:
    """An elliptic arc from angle ``start`` to ``end`` (degrees; 0 = right, 90 = down): (K, 2)."""
    count = max(8, int(abs(end - start) / 360 * 2 * np.pi * max(rx, ry) / STEP))
    angles = np.radians(np.linspace(start, end, count))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def curve(p0, p1, p2) -> np.ndarray:
    """A quadratic Bezier curve from ``p0`` to ``p2`` pulled towards ``p1``: (K, 2)."""
    t = np.linspace(0, 1, 24)[:, None]
    return (1 - t) ** 2 * np.array(p0) + 2 * (1 - t) * t * np.array(p1) + t**2 * np.array(p2)


def path(*pieces: np.ndarray) -> np.ndarray:
    """Pieces drawn without lifting the pen, one after the other: (K, 2)."""
    return np.concatenate(pieces)


@dataclass(frozen=True)
class Style:
    """One way to write a digit: its strokes in drawing order, and how common it is."""

    name: str
    strokes: tuple[np.ndarray, ...]
    weight: float = 1.0
    aspect: tuple[float, float] = (0.45, 1.15)  # width / height, drawn uniformly


STYLES: dict[int, list[Style]] = {
    0: [
        Style("oval", (arc(0.5, 0.5, 0.5, 0.5, -90, 280),)),
        Style("oval, clockwise", (arc(0.5, 0.5, 0.5, 0.5, -80, -450),)),
        Style("open at the top", (arc(0.5, 0.5, 0.5, 0.5, -70, 250),), 0.5),
    ],
    1: [
        Style("stem", (line((0.5, 0), (0.5, 1)),), 1.0, (0.05, 0.3)),
        Style("flag", (line((0.15, 0.3), (0.6, 0), (0.6, 1)),), 1.5, (0.25, 1.0)),
        Style("long flag", (line((0, 0.45), (0.6, 0), (0.6, 1)),), 1.5, (0.35, 1.15)),
        Style(
            "long flag, curved",
            (path(curve((0, 0.5), (0.3, 0.3), (0.75, 0)), line((0.75, 0), (0.7, 1))),),
            0.8,
            (0.4, 1.15),
        ),  # fmt: skip
        Style(
            "flag and base", (line((0.2, 0.25), (0.55, 0), (0.55, 1)), line((0.1, 1), (0.95, 1))), 1.5, (0.35, 1.0)
        ),  # fmt: skip
    ],
    2: [
        Style("curve and base", (path(arc(0.5, 0.3, 0.45, 0.3, 190, 360), line((0.95, 0.3), (0.05, 1), (1, 1))),)),
        Style(
            "swan neck",
            (
                path(
                    arc(0.5, 0.28, 0.45, 0.28, 200, 380),
                    curve((0.93, 0.4), (0.4, 0.7), (0.05, 1)),
                    line((0.05, 1), (1, 0.97)),
                ),
            ),
        ),  # fmt: skip
        Style(
            "looped",
            (
                path(
                    arc(0.5, 0.28, 0.45, 0.28, 200, 370),
                    curve((0.94, 0.38), (0.3, 0.75), (0.1, 0.95)),
                    arc(0.22, 0.88, 0.12, 0.1, 90, -180),
                    line((0.1, 0.88), (1, 1)),
                ),
            ),
            0.8,
        ),  # fmt: skip
        Style("angular", (line((0.05, 0.15), (0.5, 0), (0.95, 0.2), (0.05, 1), (1, 1)),), 0.7),
    ],
    3: [
        Style("two bumps", (path(arc(0.45, 0.25, 0.45, 0.25, 200, 450), arc(0.45, 0.75, 0.5, 0.25, 270, 520)),)),
        Style(
            "flat top", (path(line((0.05, 0), (0.95, 0), (0.4, 0.42)), arc(0.45, 0.72, 0.5, 0.28, 260, 515)),), 0.7
        ),  # fmt: skip
        Style("angular", (line((0.05, 0.05), (0.9, 0.1), (0.4, 0.5), (0.95, 0.75), (0.05, 1)),), 0.6),
    ],
    4: [
        Style("closed", (line((0.65, 0), (0, 0.65), (1, 0.65)), line((0.7, 0.25), (0.7, 1))), 1.0),
        Style("open top", (line((0.15, 0), (0.05, 0.6), (0.95, 0.6)), line((0.75, 0), (0.75, 1))), 1.2),
        Style("open, one stroke", (line((0.15, 0), (0.05, 0.6), (0.95, 0.6), (0.75, 0), (0.75, 1)),), 1.5),
        Style("open, one stroke, travel", (line((0.1, 0), (0, 0.55), (1, 0.55), (0.65, 0), (0.7, 1)),), 1.5),
        Style("closed, one stroke", (line((0.7, 1), (0.7, 0), (0, 0.65), (1, 0.65)),), 0.6),
    ],
    5: [
        Style(
            "bowl, then bar",
            (path(line((0.2, 0), (0.15, 0.45)), arc(0.5, 0.7, 0.45, 0.3, 235, 515)), line((0.2, 0), (0.95, 0))),
            2.0,
        ),  # fmt: skip
        Style("bar first", (path(line((0.9, 0), (0.2, 0), (0.15, 0.45)), arc(0.5, 0.7, 0.45, 0.3, 235, 515)),)),
        Style("angular", (line((0.95, 0), (0.15, 0), (0.1, 0.45), (0.9, 0.55), (0.8, 0.95), (0.05, 0.9)),), 0.6),
    ],
    6: [
        Style(
            "closed loop", (path(curve((0.85, 0), (0.05, 0.25), (0.05, 0.7)), arc(0.5, 0.72, 0.45, 0.28, 180, -180)),)
        ),  # fmt: skip
        Style("straight stem", (path(line((0.6, 0), (0.08, 0.7)), arc(0.5, 0.72, 0.42, 0.28, 180, -175)),), 0.8),
        Style(
            "open loop", (path(curve((0.8, 0), (0.05, 0.3), (0.1, 0.75)), arc(0.5, 0.75, 0.4, 0.25, 170, -100)),), 0.6
        ),  # fmt: skip
    ],
    7: [
        Style("plain", (line((0, 0), (1, 0), (0.35, 1)),), 1.0),
        Style("crossed", (line((0, 0.05), (1, 0), (0.4, 1)), line((0.3, 0.5), (0.95, 0.5))), 1.0),
        Style("crossed, pen joined", (line((0, 0.05), (1, 0), (0.4, 1), (0.25, 0.52), (0.95, 0.5)),), 2.0),
        Style("crossed, pen joined low", (line((0, 0.05), (1, 0), (0.3, 1), (0.05, 0.6), (0.9, 0.55)),), 1.5),
        Style("hooked", (line((0, 0.25), (0.05, 0), (1, 0), (0.4, 1)),), 0.8),
        Style("curved stem", (path(line((0, 0), (1, 0)), curve((1, 0), (0.5, 0.4), (0.4, 1))),), 0.6),
    ],
    8: [
        Style(
            "figure of eight",
            (
                path(
                    arc(0.5, 0.25, 0.4, 0.25, -30, -270),
                    curve((0.5, 0.5), (1.05, 0.75), (0.5, 1)),
                    curve((0.5, 1), (-0.05, 0.75), (0.8, 0.08)),
                ),
            ),
        ),  # fmt: skip
        Style("two circles", (arc(0.5, 0.25, 0.38, 0.25, -90, 275), arc(0.5, 0.74, 0.48, 0.26, -90, 275)), 0.7),
        Style("angular", (line((0.9, 0.05), (0.1, 0.05), (0.9, 0.95), (0.1, 0.95), (0.9, 0.05)),), 0.5),
    ],
    9: [
        Style("straight stem", (arc(0.5, 0.28, 0.5, 0.28, 0, 365), line((1, 0.28), (0.95, 1))), 0.8),
        Style("loop and stem", (path(arc(0.5, 0.28, 0.5, 0.28, -10, -370), line((1, 0.2), (0.9, 1))),)),
        Style("curved stem", (path(arc(0.5, 0.3, 0.5, 0.3, 10, 370), curve((1, 0.35), (0.95, 0.75), (0.55, 1))),)),
        Style("small loop", (path(arc(0.5, 0.17, 0.45, 0.17, -10, -370), line((0.95, 0.15), (0.75, 1))),), 0.8),
        Style("open loop", (path(arc(0.5, 0.28, 0.5, 0.28, -60, -330), line((1, 0.15), (0.95, 1))),), 0.7),
        Style(
            "flat loop", (path(arc(0.5, 0.15, 0.5, 0.15, -20, -340), line((0.97, 0.1), (0.85, 1))),), 0.8, (0.6, 1.15)
        ),  # fmt: skip
        Style("angular loop", (line((1, 0.05), (0.1, 0), (0, 0.35), (0.95, 0.4), (1, 0.05), (0.9, 1)),), 0.8),
        Style(
            "hooked stem",
            (
                path(
                    arc(0.5, 0.25, 0.5, 0.25, -20, -350),
                    line((0.98, 0.2), (0.95, 0.85)),
                    curve((0.95, 0.85), (0.85, 1.02), (0.5, 0.95)),
                ),
            ),
            1.0,
        ),  # fmt: skip
        Style(
            "loop from the right, open", (path(arc(0.5, 0.25, 0.5, 0.25, 0, -300), line((0.9, 0.3), (0.9, 1))),), 0.8
        ),  # fmt: skip
    ],
}

# Shapes that are no digit, drawn the same way: to test that a model can say "not a digit".
# (No O, I, S, Z, B, G or q: those are digits in all but name.)
NON_DIGITS: list[Style] = [
    Style("A", (line((0, 1), (0.5, 0), (1, 1)), line((0.2, 0.6), (0.8, 0.6)))),
    Style("E", (line((1, 0), (0, 0), (0, 1), (1, 1)), line((0, 0.5), (0.7, 0.5)))),
    Style("H", (line((0, 0), (0, 1)), line((1, 0), (1, 1)), line((0, 0.5), (1, 0.5)))),
    Style("K", (line((0, 0), (0, 1)), line((1, 0), (0, 0.55), (1, 1)))),
    Style("M", (line((0, 1), (0, 0), (0.5, 0.6), (1, 0), (1, 1)),)),
    Style("W", (line((0, 0), (0.25, 1), (0.5, 0.3), (0.75, 1), (1, 0)),), 1.0, (0.9, 1.6)),
    Style("X", (line((0, 0), (1, 1)), line((1, 0), (0, 1)))),
    Style("plus", (line((0.5, 0), (0.5, 1)), line((0, 0.5), (1, 0.5))), 1.0, (0.8, 1.2)),
    Style(
        "hash",
        (line((0.3, 0), (0.3, 1)), line((0.7, 0), (0.7, 1)), line((0, 0.3), (1, 0.3)), line((0, 0.7), (1, 0.7))),
        1.0,
        (0.8, 1.2),
    ),  # fmt: skip
    Style("dash", (line((0, 0.5), (1, 0.5)),), 1.0, (3, 8)),
    Style("zigzag", (line((0, 0.2), (0.2, 0.8), (0.4, 0.2), (0.6, 0.8), (0.8, 0.2), (1, 0.8)),), 1.0, (1.5, 3)),
    Style("triangle", (line((0.5, 0), (1, 1), (0, 1), (0.5, 0)),), 1.0, (0.8, 1.2)),
    Style("star", (line((0.5, 0), (0.5, 1)), line((0, 0.25), (1, 0.75)), line((1, 0.25), (0, 0.75))), 1.0, (0.8, 1.2)),
]

JOIN_PEN_LIFTS = 0.35  # of smooth digits; fast (angular) digits are always one path
FAST = 0.5  # of digits drawn as a few straight segments
FAST_POINTS = (5, 12)  # points a fast digit is resampled to


def generate_handwriting(count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` stroke digits, balanced over 0-9: (N, 28, 28) uint8 MNIST-style, and (N,) int64 labels."""
    if count < 1:
        raise ValueError(said("the number of stroke digits must be positive, got {count}", count=count))
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(count) % 10)
    images = np.stack([draw(pick(STYLES[int(digit)], rng), rng) for digit in labels])
    return images, labels.astype(np.int64)


def generate_non_digits(count: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``count`` hand-drawn shapes that are no digit (letters, a dash, a zigzag...), drawn like the digits:
    (N, 28, 28) uint8 and the name of each shape. To measure whether a model can tell it is not looking at a digit."""
    rng = np.random.default_rng(seed)
    shapes = [NON_DIGITS[k % len(NON_DIGITS)] for k in rng.permutation(count)]
    return np.stack([draw(shape, rng) for shape in shapes]), [shape.name for shape in shapes]


def draw(style: Style, rng: np.random.Generator) -> np.ndarray:
    """One random drawing of ``style``, preprocessed like every drawing: (28, 28) uint8."""
    image = None
    while image is None:  # thinning can erase a very faint, tiny drawing: draw another
        image = preprocess_drawing(render(pen_paths(style, rng), rng))
    return np.rint(image * 255).astype(np.uint8)


def pick(styles: list[Style], rng: np.random.Generator) -> Style:
    """One of ``styles``, as often as its weight says."""
    weights = np.array([style.weight for style in styles])
    return styles[rng.choice(len(styles), p=weights / weights.sum())]


def with_handwriting(dataset: Dataset, count: int, seed: int = 0) -> Dataset:
    """``dataset`` (digits) with ``count`` stroke digits added to its training part (shuffled in)."""
    x, y = generate_handwriting(count, seed)
    order = np.random.default_rng(seed).permutation(len(dataset.x_train) + count)
    x_train = np.concatenate([dataset.x_train, x])[order]
    y_train = np.concatenate([dataset.y_train, y])[order]
    source = f"{dataset.source} + {count} stroke digits (engine/data/handwriting.py, seed {seed})"
    return Dataset(f"{dataset.name}{MIX_SUFFIX}", x_train, y_train, dataset.x_test, dataset.y_test,
                   list(dataset.class_names), source, list(dataset.notes))  # fmt: skip


def pen_paths(style: Style, rng: np.random.Generator) -> list[np.ndarray]:
    """The pen's paths for one random drawing of ``style``, in the unit box scaled by the writer's hand: [(K, 2)]."""
    strokes = [stroke.copy() for stroke in style.strokes]
    fast = rng.random() < FAST
    if len(strokes) > 1 and (fast or rng.random() < JOIN_PEN_LIFTS):
        strokes = [np.concatenate(strokes)]  # the pen's travel between strokes is drawn
    field = SmoothField(rng, amplitude=rng.uniform(0, 0.09))
    strokes = [stroke + field(stroke) for stroke in strokes]
    aspect = rng.uniform(*style.aspect)
    slant = rng.uniform(-0.4, 0.4)
    tilt = np.radians(rng.uniform(-12, 12))
    rotation = np.array([[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]])
    hand = rotation @ np.array([[aspect, -slant], [0, 1]])  # narrow or wide, slanted, then tilted
    strokes = [(stroke - 0.5) @ hand.T for stroke in strokes]
    if fast:
        strokes = [resample(stroke, int(rng.integers(FAST_POINTS[0], FAST_POINTS[1] + 1))) for stroke in strokes]
    return strokes


class SmoothField:
    """A smooth random displacement of the plane: a sum of a few low-frequency waves.

    The trajectory counterpart of an elastic distortion (Simard et al. 2003): nearby
    points move alike, so a stroke bends without breaking into noise.
    """

    WAVES = 3

    def __init__(self, rng: np.random.Generator, amplitude: float):
        self.frequency = rng.uniform(0.5, 2.5, (self.WAVES, 2, 2))  # (wave, axis moved, along x/y)
        self.phase = rng.uniform(0, 2 * np.pi, (self.WAVES, 2))
        self.amplitude = amplitude / np.sqrt(self.WAVES)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """(K, 2) points -> (K, 2) displacements."""
        angles = 2 * np.pi * np.einsum("kd,wad->kwa", points, self.frequency) + self.phase
        return self.amplitude * np.sin(angles).sum(axis=1)


def resample(points: np.ndarray, count: int) -> np.ndarray:
    """``count`` points equally spaced along the path ``points`` (K, 2): what a tablet keeps of a fast pen."""
    lengths = np.r_[0, np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))]
    if lengths[-1] == 0:
        return points[:1]
    where = np.linspace(0, lengths[-1], count)
    return np.stack([np.interp(where, lengths, points[:, axis]) for axis in (0, 1)], axis=1)


def render(strokes: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Draw the paths (centred, any size) on a random canvas: a uint8 (H, W) picture, either polarity."""
    size = int(rng.integers(64, 200))
    pen = max(1.0, size * rng.uniform(0.02, 0.09))
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (size - 2 * pen - 2) / max(high - low)
    offset = (size - (high - low) * scale) / 2 - low * scale
    dark_on_light = rng.random() < 0.6
    canvas = Image.new("L", (size, size), 255 if dark_on_light else 0)
    pencil = ImageDraw.Draw(canvas)
    ink = 0 if dark_on_light else 255
    for stroke in strokes:
        xy = [tuple(p) for p in stroke * scale + offset]
        if len(xy) > 1:
            pencil.line(xy, fill=ink, width=int(round(pen)), joint="curve")
        for x, y in (xy[0], xy[-1]):  # round pen ends
            pencil.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=ink)
    return np.asarray(canvas)
