"""What a training session shows of the network's inside: filters, feature maps, statistics.

Every array in a ``Snapshot`` is a fresh copy, never a view into live weights, so a
viewer in another thread may keep and draw it while training goes on changing the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .layers import AvgPool2D, Conv2D, Dense, MaxPool2D
from .layers.blocks import Block

HISTOGRAM_BINS = 30
MAP_LAYERS = (Conv2D, MaxPool2D, AvgPool2D, Block)  # layers whose outputs are feature maps


@dataclass(frozen=True)
class ParameterStats:
    """Summary of one parameter array (or its gradient): moments, range, norm, histogram."""

    mean: float
    std: float
    min: float
    max: float
    norm: float
    counts: np.ndarray  # (HISTOGRAM_BINS,) int
    edges: np.ndarray  # (HISTOGRAM_BINS + 1,) float

    @classmethod
    def of(cls, values: np.ndarray) -> ParameterStats:
        values = np.asarray(values, dtype=np.float64).ravel()
        counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
        return cls(
            float(values.mean()),
            float(values.std()),
            float(values.min()),
            float(values.max()),
            float(np.sqrt(np.dot(values, values))),
            counts,
            edges,
        )


@dataclass(frozen=True)
class Snapshot:
    """The network at one training step.

    filters: layer name -> its weights as pictures (``weight_pictures``: a conv layer's kernels
        (C_out, C_in, kH, kW), or an MLP's first Dense layer's units (out, C, H, W)) for the first one and
        any layer asked for.
    feature_maps: layer name -> activations (C, H, W) of the probe image for every conv
        and pooling layer (empty without a probe).
    weights / gradients: "layer.param" -> ParameterStats (gradients of the last batch).
    """

    step: int
    epoch: int
    filters: dict[str, np.ndarray] = field(default_factory=dict)
    feature_maps: dict[str, np.ndarray] = field(default_factory=dict)
    probe_scores: np.ndarray | None = None  # (K,) class probabilities for the probe image
    weights: dict[str, ParameterStats] = field(default_factory=dict)
    gradients: dict[str, ParameterStats] = field(default_factory=dict)


def conv_layer_names(model) -> list[str]:
    return [layer.name for layer in model.layers if isinstance(layer, Conv2D)]


def map_layer_names(model) -> list[str]:
    """The layers whose outputs the Feature maps view shows (convolutions, pooling, blocks)."""
    return [layer.name for layer in model.layers if isinstance(layer, MAP_LAYERS)]


def map_layer_kinds(model) -> dict[str, str]:
    """``map_layer_names`` with what each layer is: "convolution", "max-pool", "average-pool" or "block"."""
    kinds = {Conv2D: "convolution", MaxPool2D: "max-pool", AvgPool2D: "average-pool", Block: "block"}
    return {
        layer.name: next(kind for cls, kind in kinds.items() if isinstance(layer, cls))
        for layer in model.layers
        if isinstance(layer, MAP_LAYERS)
    }


def filter_layer_names(model) -> list[str]:
    """The layers whose weights the Filters view can draw as pictures: every Conv2D; in a model
    without one (an MLP), its first Dense layer when that reads the image's pixels directly."""
    convs = conv_layer_names(model)
    if convs:
        return convs
    dense = next((layer for layer in model.layers if isinstance(layer, Dense)), None)
    pixels = int(np.prod(model.input_shape)) if model.input_shape else 0
    return [dense.name] if dense is not None and dense.params["W"].shape[0] == pixels else []


def weight_pictures(model, name: str) -> np.ndarray:
    """A layer's weights as pictures (N, C, kH, kW): a conv layer's kernels; for a Dense layer on the
    pixels, each unit's weights (in_features, out_features) laid back onto the image, (out, C, H, W):
    the pattern that unit responds to most."""
    layer = next(layer for layer in model.layers if layer.name == name)
    weights = layer.params["W"]
    if isinstance(layer, Dense):
        return weights.T.reshape(weights.shape[1], *model.input_shape).copy()
    return weights.copy()


def filter_pictures(model) -> dict[str, np.ndarray]:
    """Every drawable layer's ``weight_pictures``: what a run starts from, for the view of what it changed."""
    return {name: weight_pictures(model, name) for name in filter_layer_names(model)}


def take_snapshot(model, step: int, epoch: int, probe: np.ndarray | None = None, filter_layers=()) -> Snapshot:
    """Copy what the views need from ``model``.

    probe: one normalised input (C, H, W) or None. filter_layers: names of further conv
    layers whose kernels to copy (the first conv layer's always are).
    """
    drawable = filter_layer_names(model)
    wanted = drawable[:1] + [name for name in filter_layers if name in drawable]
    filters = {name: weight_pictures(model, name) for name in dict.fromkeys(wanted)}

    feature_maps, scores = {}, None
    if probe is not None:
        outputs = model.forward_trace(probe[None])  # inference mode: no caches, no state change
        for layer, output in zip(model.layers, outputs, strict=True):
            if isinstance(layer, MAP_LAYERS) and output.ndim == 4:
                feature_maps[layer.name] = output[0].copy()
        if outputs and outputs[-1].ndim == 2:
            # The trace runs every layer, a Softmax fused into the loss too: its output is already probabilities.
            scores = outputs[-1][0] if model.softmax_fused else model.probabilities(outputs[-1])[0]

    weights, gradients = {}, {}
    for name, value, grad in model.named_parameters():
        weights[name] = ParameterStats.of(value)
        if grad is not None:
            gradients[name] = ParameterStats.of(grad)
    return Snapshot(step, epoch, filters, feature_maps, scores, weights, gradients)
