"""Prediction only: a BatchNorm folded into the convolution before it.

At inference a BatchNorm is a fixed line per channel, ``y = x * scale + shift`` (from its
running estimates, ``_BatchNorm.scale_shift``). After a convolution, whose output channel
``f`` is ``W_f * x + b_f``, that is the same as the convolution with each channel's kernels
and bias scaled:

    BN(W * x + b) = (scale W) * x + (scale b + shift)

so the pair runs as one product with those weights (``Conv2D.infer``) and the BatchNorm's two
passes over the feature maps go. The folded kernels are computed at every call (a few
thousand numbers), so they always follow the current training state. Training, and the
feature maps that show each layer's own output, run the two layers as they are.

Predicting 1,024 images (A/B in one process, the fastest of 9 alternating rounds, two runs):
mini-resnet 1.10-1.15x faster, baseline-cbapd 1.26-1.33x, mini-inception and mini-vgg
0.94-1.04x (within the noise; mini-inception's blocks alone 1.03x); equal to 4e-7 of the
largest score. A Dense layer's weights are larger than its outputs (mlp's 784 x 512
against 256 x 512): folding into them was 0.92x as fast, so Dense + BatchNorm1D stay two
layers; so do batches under 16 images (a drawn digit): there, folding the kernels and the
extra Python cost about as much as they save (one image 0.7-0.9x as fast with them).
"""

from __future__ import annotations

import numpy as np

from .base import Layer
from .conv import Conv2D
from .normalization import BatchNorm2D

MIN_BATCH = 16  # smaller batches run the two layers as they are: the folding costs about what it saves


class FoldedNorm:
    """``conv`` then ``norm`` in inference mode, as one convolution with folded weights (see the module)."""

    def __init__(self, conv: Conv2D, norm: BatchNorm2D):
        self.conv, self.norm = conv, norm

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if training:
            raise ValueError("FoldedNorm is for inference only: training runs the two layers")
        scale, shift = self.norm.scale_shift(x.dtype)
        W = self.conv.params["W"] * scale.reshape(-1, 1, 1, 1)  # each output channel's kernels (F, C, kH, kW)
        b = shift + self.conv.params["b"] * scale if self.conv.use_bias else shift
        return self.conv.infer(x, W.astype(x.dtype, copy=False), b)


def inference_order(layers: list[Layer], batch: int) -> list[Layer | FoldedNorm]:
    """``layers`` with every Conv2D followed by a BatchNorm2D as one ``FoldedNorm``, for a batch of
    ``batch`` samples (below ``MIN_BATCH``, ``layers`` as they are)."""
    if batch < MIN_BATCH:
        return layers
    order: list[Layer | FoldedNorm] = []
    for layer in layers:
        if order and type(order[-1]) is Conv2D and type(layer) is BatchNorm2D:
            order[-1] = FoldedNorm(order[-1], layer)
        else:
            order.append(layer)
    return order
