"""Loss functions: ``forward(prediction, target) -> mean loss`` and ``backward() -> d loss / d prediction``."""

from __future__ import annotations

import numpy as np

from .validation import number_in


def _targets_matrix(y: np.ndarray, N: int, K: int, dtype, who: str) -> np.ndarray:
    """Integer labels (N,) or one-hot / probability rows (N, K) -> float matrix (N, K)."""
    y = np.asarray(y)
    if y.ndim == 1:
        if y.shape[0] != N:
            raise ValueError(f"{who}: {N} predictions but {y.shape[0]} labels")
        if not np.issubdtype(y.dtype, np.integer):
            if not np.all(np.equal(np.mod(y, 1), 0)):
                raise ValueError(f"{who}: labels must be integer class indices, got {y.dtype} values")
            y = y.astype(np.int64)
        if y.size and (y.min() < 0 or y.max() >= K):
            raise ValueError(f"{who}: labels must be in [0, {K - 1}], got values from {y.min()} to {y.max()}")
        targets = np.zeros((N, K), dtype=dtype)
        targets[np.arange(N), y] = 1
        return targets
    if y.shape != (N, K):
        raise ValueError(f"{who}: targets must be labels (N,) or one-hot (N, K) = ({N}, {K}), got {y.shape}")
    return y.astype(dtype, copy=False)


class SoftmaxCrossEntropy:
    """Softmax followed by cross-entropy, fused for stability and a simple gradient.

    ``forward(logits, y)``: logits (N, K) raw scores; y integer labels (N,) or one-hot /
    probability rows (N, K). Returns the mean over the batch of ``-sum(t * log p)``, where
    ``log p = logits - logsumexp(logits)`` is computed without ever exponentiating a large
    number, so any finite logits are safe.

    ``backward()`` returns ``(p - t) / N``, the gradient with respect to the logits.

    Args:
        label_smoothing: in [0, 1); the target becomes ``(1 - s) * one_hot + s / K``, which
            stops the network from becoming over-confident.
    """

    def __init__(self, label_smoothing: float = 0.0):
        self.label_smoothing = number_in(label_smoothing, "label_smoothing", 0.0, 1.0)
        self.cache = None

    def get_config(self) -> dict:
        return {"label_smoothing": self.label_smoothing}

    def forward(self, logits: np.ndarray, y: np.ndarray) -> float:
        if logits.ndim != 2:
            raise ValueError(f"SoftmaxCrossEntropy: logits must be (N, K), got {logits.shape}")
        N, K = logits.shape
        targets = _targets_matrix(y, N, K, logits.dtype, "SoftmaxCrossEntropy")
        if self.label_smoothing:
            targets = targets * (1 - self.label_smoothing) + self.label_smoothing / K
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.cache = (np.exp(log_probs), targets)
        return float(-(targets * log_probs).sum() / N)

    def backward(self) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("SoftmaxCrossEntropy: backward() called before forward()")
        probs, targets = self.cache
        return (probs - targets) / probs.shape[0]


class MSE:
    """Mean squared error over all elements: ``mean((prediction - target) ** 2)``.

    Regression: targets of the prediction's shape (N, k), or (N,) numbers for a (N, 1)
    prediction. Classification as in the early literature: integer labels (N,) are turned
    into one-hot rows when the prediction is (N, K > 1), so a sigmoid-output classifier
    can be trained with MSE. ``backward()`` returns ``2 * (prediction - target) / prediction.size``.
    """

    def __init__(self):
        self.cache = None

    def get_config(self) -> dict:
        return {}

    def forward(self, prediction: np.ndarray, target: np.ndarray) -> float:
        target = np.asarray(target)
        if prediction.ndim == 2 and target.ndim == 1:
            if prediction.shape[1] == 1:
                target = target[:, None]  # one number per sample
            elif np.issubdtype(target.dtype, np.integer):
                target = _targets_matrix(target, *prediction.shape, prediction.dtype, "MSE")
            else:
                raise ValueError(
                    f"MSE: the model gives {prediction.shape[1]} numbers per sample but the targets are one "
                    f"{target.dtype} each; give targets of shape {prediction.shape} (or integer class labels)"
                )
        if target.shape != prediction.shape:
            raise ValueError(f"MSE: prediction {prediction.shape} and target {target.shape} differ in shape")
        diff = prediction - target.astype(prediction.dtype, copy=False)
        self.cache = diff
        return float(np.mean(diff**2))

    def backward(self) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("MSE: backward() called before forward()")
        return 2 * self.cache / self.cache.size


# Every loss class by its class name, as model files record it.
LOSS_CLASSES = {cls.__name__: cls for cls in (SoftmaxCrossEntropy, MSE)}
# The names ``compile(loss=...)`` takes.
LOSSES = {
    "cross_entropy": SoftmaxCrossEntropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
    "mse": MSE,
}


def get(loss) -> SoftmaxCrossEntropy | MSE:
    """A loss object from a name ('cross_entropy', 'mse') or the object itself."""
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
        return LOSSES[loss]()
    if not hasattr(loss, "forward") or not hasattr(loss, "backward"):
        raise ValueError(f"a loss needs forward() and backward(), got {type(loss).__name__}")
    return loss
