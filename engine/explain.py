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

**Nearest training digits and novelty** (Sun et al., "Out-of-distribution detection with
deep nearest neighbors", ICML 2022): every digit of a bank is described by the network's
penultimate layer (the features the last layer weighs), normalised to unit length. A new
input's nearest bank digits show what it resembles, and the distance to its k-th nearest
neighbour is its novelty. The threshold is calibrated on held-out digits: the novelty
that only ``FALSE_ALARMS`` of real digits exceed. Above it, the window says "this does not
look like any digit" instead of a confident answer; softmax confidence alone cannot, as
an ``A`` or a zigzag often gets 90% for some digit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .data.datasets import load_embedded
from .data.handwriting import generate_handwriting
from .data.preprocessing import model_inputs
from .model import Sequential

PATCH, STRIDE = 6, 2  # the occluding square and its step, in pixels of the 28x28 input
K = 5  # nearest neighbours shown, and the one whose distance is the novelty
FALSE_ALARMS = 0.02  # of held-out real digits called "not a digit"
BANK_STROKES, BANK_SEED = (
    2000,
    20261201,
)  # stroke digits in the bank beside the embedded ones (drawn digits look like these)


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


def penultimate(model: Sequential, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """The input of the model's last weighted layer for uint8 or [0, 1] images (N, 28, 28): (N, F), unit length."""
    last = max(i for i, layer in enumerate(model.layers) if layer.params)
    parts = []
    for start in range(0, len(images), batch_size):
        x = model_inputs(model, images[start : start + batch_size])
        for layer in model.layers[:last]:
            x = layer.forward(x, training=False)
        parts.append(x.reshape(len(x), -1))
    features = np.concatenate(parts).astype(np.float32)
    return features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)


@dataclass
class Neighbours:
    """The bank digits most like one input: indices (K,), their labels, cosine similarities, and its novelty."""

    indices: np.ndarray
    labels: np.ndarray
    similarities: np.ndarray
    novelty: float
    unlike_digits: bool


class NeighbourIndex:
    """Penultimate features of a bank of labelled digits, and the novelty threshold calibrated on held-out ones."""

    def __init__(self, features: np.ndarray, images: np.ndarray, labels: np.ndarray, threshold: float):
        self.features, self.images, self.labels, self.threshold = features, images, labels, threshold

    @classmethod
    def build(cls, model: Sequential, images: np.ndarray, labels: np.ndarray, held_out: np.ndarray) -> NeighbourIndex:
        """A bank of ``images`` (N, 28, 28) with ``labels``; ``held_out`` real digits (not in the bank) calibrate."""
        index = cls(penultimate(model, images), images, np.asarray(labels), threshold=np.inf)
        novelty = index.novelty(penultimate(model, held_out))
        index.threshold = float(np.quantile(novelty, 1 - FALSE_ALARMS))
        return index

    def novelty(self, features: np.ndarray) -> np.ndarray:
        """(M,) cosine distance of each feature row to its K-th nearest bank digit."""
        similarities = features @ self.features.T
        kth = np.partition(-similarities, K - 1, axis=1)[:, K - 1]
        return 1.0 + kth  # 1 - similarity of the K-th nearest

    def query(self, model: Sequential, image: np.ndarray) -> Neighbours:
        """The K nearest bank digits to one (28, 28) image, and whether it is unlike all digits."""
        feature = penultimate(model, np.asarray(image)[None])
        similarities = (feature @ self.features.T)[0]
        nearest = np.argsort(-similarities)[:K]
        novelty = float(self.novelty(feature)[0])
        return Neighbours(nearest, self.labels[nearest], similarities[nearest], novelty, novelty > self.threshold)


def digit_index(model: Sequential, strokes: int = BANK_STROKES) -> NeighbourIndex:
    """The bank a digit model is explained with: the 8,000 embedded training digits and ``strokes``
    stroke digits; calibrated on the 2,000 embedded test digits and a quarter as many other stroke digits."""
    digits = load_embedded()
    bank_x, bank_y, held_out = digits.x_train, digits.y_train, digits.x_test
    if strokes:
        x, y, extra = bank_strokes(strokes)
        bank_x, bank_y, held_out = (
            np.concatenate([bank_x, x]),
            np.concatenate([bank_y, y]),
            np.concatenate([held_out, extra]),
        )
    return NeighbourIndex.build(model, bank_x, bank_y, held_out)


@functools.lru_cache(maxsize=2)
def bank_strokes(count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``count`` stroke digits and labels for the bank, and a quarter as many others to calibrate on.
    Drawn once per process (about 5 s for 2,000): every model explained afterwards reuses them."""
    x, y = generate_handwriting(count, seed=BANK_SEED)
    return x, y, generate_handwriting(max(count // 4, 10), seed=BANK_SEED + 1)[0]


def saliency_overlay(image: np.ndarray, saliency: np.ndarray, scale: int = 8) -> np.ndarray:
    """The (28, 28) [0, 1] input in grey with the saliency in red on top, enlarged: (28*scale, 28*scale, 3) uint8."""
    grey = np.repeat(np.asarray(image, np.float32)[..., None], 3, axis=2) * 0.6
    heat = saliency / max(float(saliency.max()), 1e-6)
    red = np.array([1.0, 0.15, 0.1], np.float32)
    rgb = grey * (1 - heat[..., None]) + red * heat[..., None]
    return np.kron(np.rint(np.clip(rgb, 0, 1) * 255).astype(np.uint8), np.ones((scale, scale, 1), np.uint8))


def explanation_picture(image: np.ndarray, saliency: np.ndarray, neighbours: np.ndarray, scale: int = 8) -> np.ndarray:
    """One picture for a report: the input, its saliency overlay, then the nearest digits below: (H, W, 3) uint8."""
    side = 28 * scale
    plain = np.kron(np.rint(np.asarray(image, np.float32) * 255).astype(np.uint8), np.ones((scale, scale), np.uint8))
    top = np.concatenate([np.repeat(plain[..., None], 3, axis=2), np.full((side, 8, 3), 255, np.uint8),
                          saliency_overlay(image, saliency, scale)], axis=1)  # fmt: skip
    small = side * 2 // max(len(neighbours), 1) // 28 * 28 or 28
    row = np.full((small, top.shape[1], 3), 255, np.uint8)
    for k, digit in enumerate(neighbours):
        tile = np.kron(np.asarray(digit, np.uint8), np.ones((small // 28, small // 28), np.uint8))
        row[: tile.shape[0], k * (small + 4) : k * (small + 4) + tile.shape[1]] = tile[..., None]
    return np.concatenate([top, np.full((8, top.shape[1], 3), 255, np.uint8), row])
