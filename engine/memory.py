"""The digits a model remembers, and how it reads with them (deep k-nearest neighbours).

model.memory = Memory.build(model, images, labels, {"embedded training digits": 8000})
model.predict(x)                      # the network's answer, helped by the K most similar remembered digits
model.memory.nearest(features(model, x))  # which remembered digits those are (the Why? box shows them)

A network's last layer draws straight lines through the features its other layers compute
(the *penultimate* features, one vector per image). A memory keeps, for a few thousand
labelled digits, those feature vectors (unit length) and answers with the labels of the
``K`` nearest ones, each vote weighted by how similar it is. ``predict`` adds these votes
to the network's probabilities ("deep k-nearest neighbours", Papernot and McDaniel 2018;
the interpolation of a network with a nearest-neighbour vote is Khandelwal et al.'s kNN-LM,
2020):

    p(class) ∝ softmax(scores)[class] + WEIGHT * mean over the K nearest of
               exp((similarity - 1) / TEMPERATURE) * [their label == class]

A near-identical remembered digit (similarity 1) adds a full vote; one at similarity 0.8
adds e^-2 = 0.14 of one. Why it helps: the nearest digits decide locally, where the
straight lines of the last layer cannot bend, and the memory can hold digits the network
was never trained on. Measured on the shipped model (``python benchmarks/handwriting.py``):
remembering its 8,000 embedded training digits and 4,000 stroke digits took the real pen
digits from 83.7% to 89% and the official MNIST test set from 99.11% to 99.3%; teaching
(``engine/teach.py``) adds the user's own drawings to the memory, so a style seen ten times
is recognised at once.

The features belong to the weights they were computed with. A memory records a
fingerprint of those weights; when the weights change (training), ``predict`` uses the
network alone until ``refresh`` recomputes the features (the training session does at the
end of every run; loading does when the file's fingerprint does not match).
"""

from __future__ import annotations

import hashlib

import numpy as np

from .data.preprocessing import model_inputs
from .errors import ModelFileError
from .words import said

K = 10  # nearest remembered digits that vote (5 and 20 read the pen digits within 0.3 points)
TEMPERATURE = 0.1  # how fast a vote fades as the similarity falls below 1
WEIGHT = 10.0  # votes against the network's probabilities (3: 1 point fewer pen digits read)
MAX_ITEMS = 200_000  # digits a model file may remember (12,000 for the shipped model)
QUERY_ROWS = 512  # inputs compared with the memory at once, so the similarity matrix stays small


def features(model, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """The penultimate features (N, F) of uint8 or [0, 1] images (N, H, W), unit length."""
    return input_features(model, model_inputs(model, images), batch_size)


def input_features(model, inputs: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """The same for inputs already prepared for the model (N, C, H, W): the input of its last weighted layer."""
    last = max(i for i, layer in enumerate(model.layers) if layer.params)
    parts = []
    for start in range(0, len(inputs), batch_size):
        x = inputs[start : start + batch_size]
        for layer in model.layers[:last]:
            x = layer.forward(x, training=False)
        parts.append(x.reshape(len(x), -1))
    found = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, 0), np.float32)
    return found / np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-12)


def fingerprint(model) -> str:
    """A short hash of every weight and buffer: the features of a memory are valid for these exactly."""
    digest = hashlib.blake2b(digest_size=16)
    for layer in model.layers:
        for store in (layer.params, layer.buffers):
            for value in store.values():
                digest.update(memoryview(np.ascontiguousarray(value)).cast("B"))
    return digest.hexdigest()


class Memory:
    """Remembered digits: images (M, H, W) uint8, labels (M,), how much each one's vote counts
    (``emphasis`` (M,), 1 by default), their features (M, F) for the weights fingerprinted by
    ``weights``, and where they came from (``sources``: description -> count)."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, sources: dict[str, int],
                 emphasis: np.ndarray | None = None, features: np.ndarray | None = None,
                 weights: str | None = None):  # fmt: skip
        self.images, self.labels = np.asarray(images, np.uint8), np.asarray(labels, np.int64)
        self.emphasis = np.ones(len(self.labels), np.float32) if emphasis is None else np.asarray(emphasis, np.float32)
        self.sources = dict(sources)
        self.features, self.weights = features, weights

    @classmethod
    def build(cls, model, images: np.ndarray, labels: np.ndarray, sources: dict[str, int]) -> Memory:
        memory = cls(images, labels, sources)
        memory.refresh(model)
        return memory

    def __len__(self) -> int:
        return len(self.labels)

    def refresh(self, model) -> None:
        """Recompute the features with the model's current weights (about 2 s for 12,000 digits)."""
        self.features, self.weights = features(model, self.images), fingerprint(model)

    def fresh(self, model) -> bool:
        return self.features is not None and self.weights == fingerprint(model)

    def extended(
        self, images: np.ndarray, labels: np.ndarray, source: str, model=None, emphasis: float = 1.0
    ) -> Memory:
        """A copy that also remembers ``images`` with ``labels``, each vote counting ``emphasis``. Its
        features are computed for ``model`` (only the new ones, when this memory is fresh for it);
        without ``model``, they are to be refreshed."""
        sources = {**self.sources, source: self.sources.get(source, 0) + len(labels)}
        grown = Memory(np.concatenate([self.images, images]), np.concatenate([self.labels, labels]), sources,
                       np.concatenate([self.emphasis, np.full(len(labels), emphasis, np.float32)]))  # fmt: skip
        if model is not None and self.fresh(model):
            grown.features, grown.weights = np.concatenate([self.features, features(model, images)]), self.weights
        elif model is not None:
            grown.refresh(model)
        return grown

    def nearest(self, queries: np.ndarray, count: int = K) -> tuple[np.ndarray, np.ndarray]:
        """Indices (N, count) of the remembered digits nearest to each feature row, most similar first, and
        their cosine similarities (N, count)."""
        count = min(count, len(self))
        indices, similarities = [], []
        for start in range(0, len(queries), QUERY_ROWS):
            scores = queries[start : start + QUERY_ROWS] @ self.features.T
            top = np.argpartition(-scores, count - 1, axis=1)[:, :count]
            top_scores = np.take_along_axis(scores, top, axis=1)
            order = np.argsort(-top_scores, axis=1)
            indices.append(np.take_along_axis(top, order, axis=1))
            similarities.append(np.take_along_axis(top_scores, order, axis=1))
        return np.concatenate(indices), np.concatenate(similarities)

    def votes(self, queries: np.ndarray, classes: int) -> np.ndarray:
        """(N, classes): the K nearest remembered digits' labels, each weighted by its similarity and emphasis."""
        indices, similarities = self.nearest(queries)
        weights = np.exp((similarities - 1.0) / TEMPERATURE) * self.emphasis[indices] / indices.shape[1]
        votes = np.zeros((len(queries), classes), np.float64)
        np.add.at(votes, (np.arange(len(queries))[:, None], self.labels[indices]), weights)
        return votes

    def blend(self, model, inputs: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
        """The network's ``probabilities`` (N, C) for ``inputs`` with the memory's votes added, renormalised;
        unchanged when the memory does not belong to the current weights."""
        if len(inputs) == 0 or len(self) == 0 or not self.fresh(model):
            return probabilities
        mixed = probabilities + WEIGHT * self.votes(input_features(model, inputs), probabilities.shape[1])
        return (mixed / mixed.sum(axis=1, keepdims=True)).astype(probabilities.dtype)

    # ------------------------------------------------------------------ in a model file
    def description(self) -> dict:
        return {"count": len(self), "sources": self.sources, "weights": self.weights}

    def arrays(self) -> dict[str, np.ndarray]:
        arrays = {"memory/images": self.images, "memory/labels": self.labels, "memory/emphasis": self.emphasis}
        if self.features is not None:
            arrays["memory/features"] = self.features.astype(np.float16)  # half the bytes; votes unchanged
        return arrays

    @classmethod
    def load(cls, archive, entry, model) -> Memory:
        """The memory a model file describes in ``entry``, every array checked before it is used."""
        path = archive.path
        if not isinstance(entry, dict) or not isinstance(entry.get("sources"), dict):
            raise ModelFileError(said("{path}: the memory description is damaged", path=path))
        count = entry.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= MAX_ITEMS:
            raise ModelFileError(said("{path}: the memory declares {count} digits (1 to {MAX_ITEMS:,} allowed)",
                                      path=path, count=repr(count), MAX_ITEMS=MAX_ITEMS))
        height, width = model.input_shape[-2:] if model.input_shape else (None, None)
        images = archive.read("memory/images", (count, height, width) if height else None)
        labels = archive.read("memory/labels", (count,))
        if images is None or labels is None:
            raise ModelFileError(said("{path}: the memory's images or labels are missing", path=path))
        classes = model.output_shape()[-1] if model.input_shape else None
        if images.dtype != np.uint8 or images.ndim != 3:
            raise ModelFileError(said("{path}: memory/images must be (N, H, W) bytes, not {dtype} {shape}",
                                      path=path, dtype=images.dtype, shape=images.shape))
        if labels.dtype.kind not in "iu" or (
            len(labels) and (labels.min() < 0 or (classes and labels.max() >= classes))
        ):
            raise ModelFileError(said("{path}: memory/labels must be class numbers of the model", path=path))
        emphasis = archive.read("memory/emphasis", (count,))
        if emphasis is not None and (emphasis.dtype != np.float32 or not np.all((emphasis >= 0) & (emphasis <= 1e3))):
            raise ModelFileError(said("{path}: memory/emphasis must be numbers from 0 to 1000", path=path))
        memory = cls(images, labels, {str(k): int(v) for k, v in entry["sources"].items()}, emphasis)
        stored = archive.read("memory/features")
        weights = fingerprint(model)
        if stored is not None and entry.get("weights") == weights:
            if stored.shape[0] != count or stored.dtype != np.float16 or not np.all(np.isfinite(stored)):
                raise ModelFileError(said("{path}: memory/features do not match the memory", path=path))
            memory.features, memory.weights = stored.astype(np.float32), weights
            if memory.features.shape[1] != features(model, images[:1]).shape[1]:
                raise ModelFileError(said("{path}: memory/features do not match the network's features", path=path))
        else:  # saved during training, or the weights were edited: compute them anew
            memory.refresh(model)
        return memory
