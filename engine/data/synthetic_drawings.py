"""A test set of digits *drawn* the way people draw them, not scanned the way MNIST was.

drawings = generate_drawings(500, seed=0)       # Drawings: images (list of uint8 arrays), labels, conditions
image = drawings.images[0]                      # (H, W) grayscale, any size, either polarity

Each digit is a handful of pen strokes (polylines and elliptic arcs) in a unit box, in
one of a few common ways to write it (a 1 with or without a flag, a 4 open or closed, a
7 with or without a bar). A random drawing then varies what varies between people and
devices:

* the shape: a smooth random wobble of every stroke, width-to-height ratio, slant
  (shear) and tilt (rotation);
* the placement: size from a third of the canvas to nearly all of it, off-centre;
* the pen: stroke width from a 1 px mouse line to a fat brush (1-11% of the canvas);
* the medium: dark ink on white or light ink on black (a drawing app), and sometimes a
  "photo" of paper: grey, unevenly lit, noisy, slightly blurred.

Nothing here comes from MNIST, so a model that reads these reads handwriting, not one
dataset's quirks. ``benchmarks/drawings.py`` prints a model's accuracy on them per digit
and per condition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Stroke = list[tuple[float, float]]  # points (x, y) in the unit box; y grows downwards


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, points: int = 24) -> Stroke:
    """Points on an ellipse from angle ``start`` to ``end`` (degrees; 0 = right, 90 = down)."""
    angles = np.radians(np.linspace(start, end, points))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


def bezier(p0, p1, p2, points: int = 16) -> Stroke:
    """A quadratic Bezier curve from ``p0`` to ``p2`` pulled towards ``p1``."""
    t = np.linspace(0, 1, points)[:, None]
    curve = (1 - t) ** 2 * np.array(p0) + 2 * (1 - t) * t * np.array(p1) + t**2 * np.array(p2)
    return [tuple(p) for p in curve]


# Ways to write each digit: a list of variants, each a list of strokes.
DIGIT_STROKES: dict[int, list[list[Stroke]]] = {
    0: [[arc(0.5, 0.5, 0.45, 0.5, -90, 275)], [arc(0.5, 0.5, 0.4, 0.5, -100, 265)]],
    1: [
        [[(0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.55, 0.0), (0.55, 1.0)]],
        [[(0.25, 0.2), (0.55, 0.0), (0.55, 1.0)], [(0.25, 1.0), (0.85, 1.0)]],
    ],
    2: [
        [arc(0.5, 0.28, 0.42, 0.28, 195, 395) + [(0.05, 1.0), (0.95, 1.0)]],
        [arc(0.5, 0.3, 0.4, 0.3, 200, 380) + bezier((0.88, 0.4), (0.5, 0.75), (0.1, 1.0)) + [(0.95, 0.97)]],
    ],
    3: [
        [arc(0.45, 0.26, 0.4, 0.26, 200, 450) + arc(0.45, 0.74, 0.45, 0.26, 270, 520)],
        [[(0.1, 0.0), (0.9, 0.0), (0.4, 0.42)] + arc(0.45, 0.72, 0.45, 0.28, 260, 515)],
    ],
    4: [
        [[(0.6, 0.0), (0.05, 0.65), (0.95, 0.65)], [(0.68, 0.3), (0.68, 1.0)]],
        [[(0.15, 0.0), (0.1, 0.6), (0.9, 0.6)], [(0.75, 0.0), (0.75, 1.0)]],
    ],
    5: [
        [[(0.85, 0.0), (0.2, 0.0), (0.15, 0.45)] + arc(0.48, 0.69, 0.42, 0.31, 235, 520)],
        [[(0.2, 0.0), (0.15, 0.45)] + arc(0.48, 0.69, 0.42, 0.31, 235, 520), [(0.2, 0.0), (0.9, 0.0)]],
    ],
    6: [
        [bezier((0.8, 0.0), (0.1, 0.2), (0.1, 0.72)) + arc(0.5, 0.72, 0.4, 0.28, 180, -175)],
        [bezier((0.7, 0.0), (0.2, 0.3), (0.12, 0.7)) + arc(0.48, 0.74, 0.36, 0.26, 185, -170)],
    ],
    7: [
        [[(0.05, 0.0), (0.95, 0.0), (0.35, 1.0)]],
        [[(0.05, 0.05), (0.95, 0.0), (0.45, 1.0)], [(0.3, 0.5), (0.85, 0.5)]],
        [[(0.05, 0.0), (0.95, 0.0)] + bezier((0.95, 0.0), (0.55, 0.45), (0.45, 1.0))],
    ],
    8: [
        [arc(0.5, 0.25, 0.36, 0.25, -90, 275), arc(0.5, 0.73, 0.45, 0.27, -90, 275)],
        [
            arc(0.5, 0.25, 0.33, 0.25, 90, -180)
            + bezier((0.5, 0.5), (0.05, 0.75), (0.5, 1.0))
            + bezier((0.5, 1.0), (0.95, 0.75), (0.5, 0.5))
        ],
    ],  # fmt: skip
    9: [
        [arc(0.5, 0.28, 0.4, 0.28, 0, 365), [(0.9, 0.28), (0.85, 1.0)]],
        [arc(0.5, 0.3, 0.4, 0.3, 10, 370) + bezier((0.9, 0.35), (0.85, 0.7), (0.6, 1.0))],
    ],
}


@dataclass
class Drawings:
    """Generated drawings: images (list of uint8 (H, W)), labels (N,), conditions per image."""

    images: list[np.ndarray]
    labels: np.ndarray
    conditions: list[dict]


def generate_drawings(count: int, seed: int = 0) -> Drawings:
    """``count`` random drawings, digits 0-9 in turn (balanced), repeatable from ``seed``."""
    rng = np.random.default_rng(seed)
    images, labels, conditions = [], [], []
    for index in range(count):
        digit = index % 10
        image, condition = draw_digit(digit, rng)
        images.append(image)
        labels.append(digit)
        conditions.append(condition)
    return Drawings(images, np.array(labels, dtype=np.int64), conditions)


def draw_digit(digit: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """One random drawing of ``digit``: a uint8 (H, W) image and the conditions it was drawn in."""
    variants = DIGIT_STROKES[digit]
    strokes = variants[rng.integers(len(variants))]
    size = int(rng.integers(160, 400))
    height = size * rng.uniform(0.35, 0.85)
    width = height * rng.uniform(0.5, 0.85)
    slant = rng.uniform(-0.35, 0.35)  # x moves by slant * (distance above the middle)
    tilt = np.radians(rng.uniform(-12, 12))
    pen = max(1.0, size * rng.uniform(0.01, 0.11))
    wobble = rng.uniform(0, 0.04)
    condition = {
        "pen": "thin" if pen < size * 0.03 else "medium" if pen < size * 0.07 else "thick",
        "size": size,
        "slant": round(float(slant), 2),
        "off_centre": 0.0,
    }

    shapes = []
    for stroke in strokes:
        points = np.array(stroke, dtype=np.float64)
        points += smooth_noise(len(points), rng) * wobble
        x = (points[:, 0] - 0.5) * width
        y = (points[:, 1] - 0.5) * height
        x = x - slant * y
        shapes.append(np.stack([x * np.cos(tilt) - y * np.sin(tilt), x * np.sin(tilt) + y * np.cos(tilt)], axis=1))
    extent = np.concatenate(shapes)
    low, high = extent.min(axis=0) - pen, extent.max(axis=0) + pen
    room = np.maximum(size - (high - low), 0)
    offset = -low + rng.uniform(0, 1, 2) * room  # anywhere the drawing fits
    centre = (low + high) / 2 + offset
    condition["off_centre"] = round(float(np.abs(centre / size - 0.5).max()), 2)

    canvas = Image.new("L", (size, size), 0)
    pencil = ImageDraw.Draw(canvas)
    for shape in shapes:
        path = [tuple(p) for p in shape + offset]
        pencil.line(path, fill=255, width=int(round(pen)), joint="curve")
        for x, y in (path[0], path[-1]):  # round pen ends
            pencil.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=255)
    ink = np.asarray(canvas, dtype=np.float32) / 255

    medium = rng.choice(["dark on white", "light on black", "photo"], p=[0.45, 0.35, 0.2])
    condition["medium"] = str(medium)
    if medium == "dark on white":
        pixels = 255 * (1 - ink)
    elif medium == "light on black":
        pixels = 255 * ink
    else:
        pixels = photo_of_paper(ink, rng)
    return np.clip(pixels, 0, 255).astype(np.uint8), condition


def smooth_noise(length: int, rng: np.random.Generator) -> np.ndarray:
    """(length, 2) offsets that drift smoothly along a stroke (a hand that is not a ruler)."""
    steps = rng.standard_normal((length, 2))
    drift = np.cumsum(steps, axis=0) / np.sqrt(max(length, 1))
    return drift - drift.mean(axis=0)


def photo_of_paper(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dark ink on grey, unevenly lit paper with sensor noise and a little blur (0-255 floats)."""
    H, W = ink.shape
    rows, cols = np.mgrid[0:H, 0:W] / max(H, W)
    paper = rng.uniform(150, 230) + rng.uniform(-30, 30) * (rows - 0.5) + rng.uniform(-30, 30) * (cols - 0.5)
    ink_level = rng.uniform(10, 80)
    pixels = paper * (1 - ink) + ink_level * ink
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))  # blur works on 8-bit images
    blurred = np.asarray(photo.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.5))), dtype=np.float32)
    return blurred + rng.normal(0, rng.uniform(2, 8), (H, W))
