"""Fully connected layer and the shape/regularisation helpers around it."""

from __future__ import annotations

import math

import numpy as np

from .. import initializers
from ..regularizers import Regularizer
from ..validation import number_in, whole_number
from ..words import said
from . import parallel
from .base import Layer, Shape, check_allocation, regularizer_config


class Dense(Layer):
    """Fully connected layer: ``y = x @ W + b``.

    Args:
        in_features: size of each input vector.
        out_features: size of each output vector.
        bias: learn a bias vector.
        weight_init: initialiser name for ``W`` (default ``he_normal``).

    Shape:
        x: (N, in_features)  ->  y: (N, out_features)

    Parameters:
        W: (in_features, out_features);  b: (out_features,)
    """

    input_argument = "in_features"
    input_ndim = 1

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        weight_init: str = "he_normal",
        kernel_regularizer: Regularizer | dict | None = None,
        name: str | None = None,
    ):
        super().__init__(name)
        self.in_features = whole_number(in_features, "Dense: in_features")
        self.out_features = whole_number(out_features, "Dense: out_features")
        self.use_bias = bool(bias)
        self.weight_init = weight_init
        self.kernel_regularizer = Regularizer.of(kernel_regularizer)
        initializers.get(weight_init)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        shape = (self.in_features, self.out_features)
        check_allocation(f"{self.name} (Dense)", shape, (self.out_features,))
        self.params["W"] = initializers.get(self.weight_init)(shape, self.rng)
        if self.use_bias:
            self.params["b"] = np.zeros(self.out_features, dtype=np.float32)

    def get_config(self) -> dict:
        return {
            "in_features": self.in_features,
            "out_features": self.out_features,
            "bias": self.use_bias,
            "weight_init": self.weight_init,
        } | regularizer_config(self)

    def describe(self) -> str:
        return f"Dense({self.in_features}->{self.out_features})"

    def multiply_adds(self, input_shape: Shape) -> int:
        return self.in_features * self.out_features

    def output_shape(self, input_shape: Shape) -> Shape:
        expected = f"(N, {self.in_features})"
        if len(input_shape) != 1:
            hint = said("add a Flatten layer before Dense") if len(input_shape) > 1 else ""
            raise self.shape_error(expected, input_shape, hint)
        if input_shape[0] != self.in_features:
            raise self.shape_error(
                expected, input_shape, said("{count} features in, the layer takes {features}", count=input_shape[0],
                                            features=self.in_features)
            )
        return (self.out_features,)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        y = x @ self.params["W"]
        if self.use_bias:
            y += self.params["b"]
        if training:
            self.cache = x
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dy: (N, out_features) -> dx: (N, in_features); None when ``input_gradient`` is False."""
        x = self.backward_cache()
        self.grads["W"] = x.T @ dy
        if self.use_bias:
            self.grads["b"] = dy.sum(axis=0)
        return dy @ self.params["W"].T if self.input_gradient else None  # (None: the model's first layer)


class Flatten(Layer):
    """Flatten every sample into a vector.

    Shape:
        x: (N, d1, d2, ...)  ->  y: (N, d1 * d2 * ...)
    """

    def output_shape(self, input_shape: Shape) -> Shape:
        return (math.prod(input_shape),)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        if training:
            self.cache = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        return dy.reshape(self.backward_cache())


class Reshape(Layer):
    """Reshape every sample, e.g. (N, 1, 28, 28) -> (N, 28, 28) to feed a recurrent layer.

    Args:
        target_shape: the per-sample shape, without the batch axis.

    Shape:
        x: (N, *input_shape)  ->  y: (N, *target_shape)   (same number of values per sample)
    """

    def __init__(self, target_shape, name: str | None = None):
        super().__init__(name)
        self.target_shape = tuple(whole_number(s, "Reshape: target_shape entries") for s in target_shape)

    def get_config(self) -> dict:
        return {"target_shape": list(self.target_shape)}

    def output_shape(self, input_shape: Shape) -> Shape:
        if math.prod(input_shape) != math.prod(self.target_shape):
            raise ValueError(
                said("{name}: cannot reshape {value} values per sample {value2} into {target_shape}",
                     name=self.name, value=math.prod(input_shape), value2=tuple(input_shape),
                     target_shape=self.target_shape)
            )
        return self.target_shape

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        if training:
            self.cache = x.shape
        return x.reshape(x.shape[0], *self.target_shape)

    def backward(self, dy: np.ndarray) -> np.ndarray:
        return dy.reshape(self.backward_cache())


class Dropout(Layer):
    """Inverted dropout: in training, zero each value with probability ``p`` and scale
    the survivors by ``1 / (1 - p)``, so inference needs no rescaling at all.

    Args:
        p: probability of dropping a value, in [0, 1). Can be changed between batches.

    Shape:
        any (N, ...) -> the same shape.
    """

    def __init__(self, p: float = 0.5, name: str | None = None):
        super().__init__(name)
        self.p = p

    @property
    def p(self) -> float:
        return self._p

    @p.setter
    def p(self, value: float) -> None:
        self._p = number_in(value, "Dropout: p", 0.0, 1.0)

    def get_config(self) -> dict:
        return {"p": self.p}

    def describe(self) -> str:
        return f"Dropout(p={self.p:g})"

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        if not training or self.p == 0.0:
            if training:
                self.cache = (None,)  # nothing dropped: backward passes dy through
            return x
        keep = 1.0 - self.p
        # Drawn for the whole batch, also when x is half of it (``parallel.batch_draw``): the same mask either way.
        kept = parallel.batch_draw(lambda shape: self.rng.random(shape, dtype=np.float32) < keep, x.shape)
        mask = kept.astype(x.dtype) / x.dtype.type(keep)
        self.cache = (mask,)
        return x * mask

    def backward(self, dy: np.ndarray) -> np.ndarray:
        (mask,) = self.backward_cache()
        return dy if mask is None else dy * mask


class Embedding(Layer):
    """A learned lookup table: every integer token becomes a vector (Keras' ``Embedding``, PyTorch's
    ``nn.Embedding``), as the TF2 notes' letter-prediction networks start.

    Args:
        num_embeddings: how many different tokens there are (V); tokens are 0 .. V-1.
        embedding_dim: the length of each token's vector (D).

    Shape:
        x: (N, T) token numbers  ->  y: (N, T, D)
    Parameters:
        W: (V, D), row i is token i's vector.

    Backward: ``dW[i]`` is the sum of ``dy`` over every place token i was read (one ``np.add.at``); a
    token number has no gradient, so dL/dx is zero.
    """

    input_ndim = 1

    def __init__(self, num_embeddings: int, embedding_dim: int, name: str | None = None):
        super().__init__(name)
        self.num_embeddings = whole_number(num_embeddings, "Embedding: num_embeddings")
        self.embedding_dim = whole_number(embedding_dim, "Embedding: embedding_dim")
        self.reset_parameters()

    def reset_parameters(self) -> None:
        shape = (self.num_embeddings, self.embedding_dim)
        check_allocation(f"{self.name} (Embedding)", shape)
        # Keras' default: uniform in [-0.05, 0.05]
        self.params["W"] = self.rng.uniform(-0.05, 0.05, shape).astype(np.float32)

    def get_config(self) -> dict:
        return {"num_embeddings": self.num_embeddings, "embedding_dim": self.embedding_dim}

    def describe(self) -> str:
        return f"Embedding({self.num_embeddings} tokens -> {self.embedding_dim})"

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 1:
            raise self.shape_error("(N, T)", input_shape, said("an embedding reads sequences of token numbers"))
        return (input_shape[0], self.embedding_dim)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        self.check_input(x)
        tokens = np.asarray(x)
        if not np.issubdtype(tokens.dtype, np.integer):
            if not np.all(np.isfinite(tokens)) or np.any(tokens != np.round(tokens)):
                raise ValueError(said("{name}: tokens must be whole numbers 0 .. {value}",
                                      name=self.name, value=self.num_embeddings - 1))
            tokens = tokens.astype(np.int64)
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.num_embeddings):
            raise ValueError(said("{name}: tokens must be in [0, {value}], found {value2} to {value3}",
                                  name=self.name, value=self.num_embeddings - 1, value2=tokens.min(),
                                  value3=tokens.max()))  # fmt: skip
        if training:
            self.cache = (tokens, np.asarray(x).dtype)
        return self.params["W"][tokens]

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        tokens, dtype = self.backward_cache()
        dW = np.zeros_like(self.params["W"])
        np.add.at(dW, tokens.reshape(-1), dy.reshape(-1, self.embedding_dim))
        self.grads["W"] = dW
        return np.zeros(tokens.shape, dtype=dtype) if self.input_gradient else None
