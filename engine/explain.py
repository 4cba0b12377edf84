"""Why the model said 7: which pixels mattered, which training digits it is like, and "not a digit?".

saliency = occlusion_map(model, image)            # (28, 28): how much covering each place lowers the answer
index = NeighbourIndex.build(model, bank_x, bank_y, calibration_x)
found = index.query(model, image)                 # the 5 most similar training digits, and a novelty score
found.unlike_digits                               # True: the input is unlike every digit the model knows

**Saliency by occlusion** (Zeiler and Fergus, "Visualizing and understanding convolutional
networks", 2014): a 6x6 patch of background slides over the 28x28 input, and each
position records how much the probability of the predicted class falls when that part is
hidden. It needs nothing but forward passes (one batch of 144 images), works for every
model here, and reads plainly: "without this part of your stroke, it would not say 7".
Covering background with background changes nothing, so the map lights the strokes that
carry the answer, never the empty paper (a gradient map is noisier and marks paper too).

**Nearest remembered digits and novelty** (Sun et al., "Out-of-distribution detection with
deep nearest neighbors", ICML 2022): every digit of a memory (``engine/memory.py``: the
model's own, whose nearest digits also vote on its answers, else the embedded training
digits and stroke digits) is described by the network's penultimate layer (the features
the last layer weighs), normalised to unit length. A new input's nearest remembered digits
show what it resembles, and the distance to its k-th nearest one is its novelty. The
threshold is calibrated on held-out digits: the novelty that only ``FALSE_ALARMS`` of
real digits exceed. Above it, the window says "this does not
look like any digit" instead of a confident answer; softmax confidence alone cannot, as
an ``A`` or a zigzag often gets 90% for some digit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .data.datasets import load_embedded
from .data.drawing import Placement, fit_square, paper_shade
from .data.handwriting import generate_handwriting
from .data.preprocessing import model_inputs
from .memory import Memory, features
from .model import Sequential

PATCH, STRIDE = 6, 2  # the occluding square and its step, in pixels of the 28x28 input
K = 5  # nearest neighbours shown, and the one whose distance is the novelty
FALSE_ALARMS = 0.02  # of held-out real digits called "not a digit"
BANK_STROKES = 2000  # stroke digits beside the embedded ones, for a model without a memory of its own
BANK_SEED = 20261201  # of the stroke digits remembered beside the embedded ones
CALIBRATION_STROKES = 500  # beside the embedded test digits, to calibrate "not a digit"


def occlusion_map(model: Sequential, image: np.ndarray, target: int | None = None) -> np.ndarray:
    """(28, 28) saliency of a (28, 28) [0, 1] image for class ``target`` (default: the predicted one).

    Each value is the mean fall in that class's probability over the patches covering the
    pixel (0 where hiding it does not lower the answer).
    """
    image = np.asarray(image, np.float32)
    height, width = image.shape
    probabilities = model.predict(model_inputs(model, image[None]))[0]
    target = int(np.argmax(probabilities)) if target is None else target
    corners = [
        (top, left) for top in range(0, height - PATCH + 1, STRIDE) for left in range(0, width - PATCH + 1, STRIDE)
    ]
    hidden = np.repeat(image[None], len(corners), axis=0)
    for k, (top, left) in enumerate(corners):
        hidden[k, top : top + PATCH, left : left + PATCH] = 0  # background, as in MNIST
    falls = probabilities[target] - model.predict(model_inputs(model, hidden))[:, target]
    total, count = np.zeros_like(image), np.zeros_like(image)
    for fall, (top, left) in zip(falls, corners, strict=True):
        total[top : top + PATCH, left : left + PATCH] += max(float(fall), 0.0)
        count[top : top + PATCH, left : left + PATCH] += 1
    return total / np.maximum(count, 1)


@dataclass
class Neighbours:
    """The bank digits most like one input: indices (K,), their labels, cosine similarities, and its novelty."""

    indices: np.ndarray
    labels: np.ndarray
    similarities: np.ndarray
    novelty: float
    unlike_digits: bool


class NeighbourIndex:
    """A memory of labelled digits (``engine/memory.py``) and the novelty threshold calibrated on held-out ones."""

    def __init__(self, memory: Memory, threshold: float):
        self.memory, self.threshold = memory, threshold
        self.images, self.labels = memory.images, memory.labels

    @classmethod
    def build(cls, model: Sequential, memory: Memory, held_out: np.ndarray) -> NeighbourIndex:
        """``memory`` (with features for the model's weights); ``held_out`` real digits not in it calibrate."""
        index = cls(memory, threshold=np.inf)
        novelty = index.novelty(features(model, held_out))
        index.threshold = float(np.quantile(novelty, 1 - FALSE_ALARMS))
        return index

    def novelty(self, queries: np.ndarray) -> np.ndarray:
        """(M,) cosine distance of each feature row to its K-th nearest remembered digit."""
        return 1.0 - self.memory.nearest(queries, K)[1][:, -1]

    def query(self, model: Sequential, image: np.ndarray) -> Neighbours:
        """The K nearest remembered digits to one (28, 28) image, and whether it is unlike all digits."""
        indices, similarities = self.memory.nearest(features(model, np.asarray(image)[None]), K)
        novelty = 1.0 - float(similarities[0, -1])
        return Neighbours(indices[0], self.labels[indices[0]], similarities[0], novelty, novelty > self.threshold)


def digit_index(model: Sequential, strokes: int = BANK_STROKES) -> NeighbourIndex:
    """What a digit model is explained with: its own memory when it has one for its weights, else the
    8,000 embedded training digits and ``strokes`` stroke digits. Calibrated on the 2,000 embedded
    test digits and ``CALIBRATION_STROKES`` other stroke digits, none of them remembered."""
    memory = model.memory if model.memory is not None and model.memory.fresh(model) else None
    if memory is None:
        memory = Memory.build(model, *digit_bank(strokes))
    held_out = np.concatenate([load_embedded().x_test, stroke_digits(CALIBRATION_STROKES, BANK_SEED + 1)[0]])
    return NeighbourIndex.build(model, memory, held_out)


def digit_bank(strokes: int) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """What a digit model remembers: the 8,000 embedded training digits and ``strokes`` stroke digits
    (``engine/data/handwriting.py``, the styles MNIST lacks): images, labels and sources."""
    digits = load_embedded()
    x, y = stroke_digits(strokes, BANK_SEED) if strokes else (digits.x_train[:0], digits.y_train[:0])
    sources = {"embedded training digits": len(digits.y_train), "stroke digits": len(y)}
    return np.concatenate([digits.x_train, x]), np.concatenate([digits.y_train, y]), sources


@functools.lru_cache(maxsize=4)
def stroke_digits(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` stroke digits and labels drawn from ``seed``, once per process (about 2 s per 1,000)."""
    return generate_handwriting(count, seed=seed)


def on_drawing(field: np.ndarray, placement: Placement) -> np.ndarray:
    """A (28, 28) map (a saliency) carried back onto the picture it was made from: (H, W) float32.

    Each picture pixel takes the bilinear value of the field pixel it landed on
    (``preprocess_drawing``'s ``Placement``); pixels that fell outside the field get 0. Bilinear
    sampling is separable: rows then columns, one small matrix product each.
    """
    rows = _sampling(placement.shape[0], placement.scale[0], placement.offset[0], field.shape[0])
    cols = _sampling(placement.shape[1], placement.scale[1], placement.offset[1], field.shape[1])
    return (rows @ np.asarray(field, np.float32) @ cols.T).astype(np.float32)


def _sampling(count: int, scale: float, offset: float, size: int) -> np.ndarray:
    """(count, size): row i holds the linear-interpolation weights of field position i * scale + offset."""
    position = np.arange(count) * scale + offset
    inside = (position >= 0) & (position <= size - 1)
    low = np.clip(np.floor(position).astype(int), 0, size - 2)
    weight = np.clip(position - low, 0, 1)
    matrix = np.zeros((count, size), np.float32)
    matrix[np.arange(count), low] = np.where(inside, 1 - weight, 0)
    matrix[np.arange(count), low + 1] = np.where(inside, weight, 0)
    return matrix


def tint(grey: np.ndarray, saliency: np.ndarray) -> np.ndarray:
    """A grey picture (H, W) in [0, 1] with ``saliency`` (H, W) >= 0 in red on top: (H, W, 3) uint8."""
    heat = (saliency / max(float(saliency.max()), 1e-6))[..., None]
    red = np.array([1.0, 0.15, 0.1], np.float32)
    rgb = np.asarray(grey, np.float32)[..., None] * (1 - heat) + red * heat
    return np.rint(np.clip(rgb, 0, 1) * 255).astype(np.uint8)


def saliency_overlay(image: np.ndarray, saliency: np.ndarray, scale: int = 8) -> np.ndarray:
    """The (28, 28) [0, 1] input in grey with the saliency in red on top, enlarged: (28*scale, 28*scale, 3) uint8."""
    return np.kron(tint(np.asarray(image, np.float32) * 0.6, saliency), np.ones((scale, scale, 1), np.uint8))


def drawing_overlay(grey: np.ndarray, saliency: np.ndarray, size: int) -> np.ndarray:
    """The picture drawn or opened (grey (H, W) in [0, 1]) with its saliency from ``on_drawing`` over it,
    fitted to a (size, size, 3) square as the draw panel shows it."""
    return tint(fit_square(grey, size, paper_shade(grey)), fit_square(saliency, size, 0.0))


def explanation_picture(image: np.ndarray, saliency: np.ndarray, neighbours: np.ndarray, scale: int = 8,
                        drawing: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """One picture for a report: the input, its saliency overlay (and ``drawing``, the same over the
    picture it came from: ``drawing_overlay``), then the nearest digits below: (H, W, 3) uint8."""
    side = 28 * scale
    plain = np.kron(np.rint(np.asarray(image, np.float32) * 255).astype(np.uint8), np.ones((scale, scale), np.uint8))
    gap = np.full((side, 8, 3), 255, np.uint8)
    panels = [np.repeat(plain[..., None], 3, axis=2), gap, saliency_overlay(image, saliency, scale)]
    top = np.concatenate(panels + ([gap, drawing] if drawing is not None else []), axis=1)
    small = side * 2 // max(len(neighbours), 1) // 28 * 28 or 28
    row = np.full((small, top.shape[1], 3), 255, np.uint8)
    for k, digit in enumerate(neighbours):
        tile = np.kron(np.asarray(digit, np.uint8), np.ones((small // 28, small // 28), np.uint8))
        row[: tile.shape[0], k * (small + 4) : k * (small + 4) + tile.shape[1]] = tile[..., None]
    return np.concatenate([top, np.full((8, top.shape[1], 3), 255, np.uint8), row])
