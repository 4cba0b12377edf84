"""``Sequential``: a stack of layers with the Keras-style API people already know.

model = Sequential(input_shape=(1, 28, 28), seed=0)
model.add(Conv2D(1, 8, 3, padding=1))
model.add(ReLU())
...
model.compile(Adam(lr=1e-3))
history = model.fit(x_train, y_train, epochs=3, batch_size=64, validation_split=0.1)
model.evaluate(x_test, y_test)   # {'loss': ..., 'accuracy': ...}
model.predict(x_test[:5])         # class probabilities (5, 10)
model.save("digits.npz");  engine.load_model("digits.npz")
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from . import losses, optimizers
from .callbacks import CallbackList, History
from .data.dataset import ArrayData
from .errors import DivergenceError, ModelFileError
from .layers import Conv2D, Dense, Layer, MaxPool2D, ReLU, Sigmoid, Softmax, layer_from_config, parallel
from .layers.activations import softmax
from .layers.base import Shape, parameter_budget, shape_text
from .layers.blocks import all_layers, path_multiply_adds, run_backward, run_forward
from .memory import Memory
from .progress import TerminalProgress
from .serialization import open_model_file, read_header, restore_model_state, save_model, stored_elements
from .session import TrainingSession
from .training_config import TrainingConfig
from .validation import whole_number
from .words import said

# A convolutional net predicts or trains in two halves at once when its layers do this many multiply-adds on
# half the batch, on average, and, in training, the batch has at least HALVES_TRAINING_BATCH samples
# (``Sequential._in_halves``).
HALVES_WORK = 1_000_000
HALVES_TRAINING_BATCH = 64


def labels_of(y: np.ndarray) -> np.ndarray:
    """Integer class labels from labels (N,) or one-hot / probability rows (N, K)."""
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 else y.astype(np.int64, copy=False)


def run_order(layers: list[Layer]) -> list[Layer]:
    """The order ``forward`` runs the layers in: each ReLU followed by a MaxPool2D swaps places.

    Taking the maximum commutes with ReLU (``max(relu(a), relu(b)) == relu(max(a, b))``:
    ReLU never reorders values), so pooling first gives the same outputs and the same
    gradients, while ReLU works on a 4x smaller tensor after a 2x2 pool: a lab-cnn
    training step is 1.10x faster (measured). Only the internal order changes: each layer keeps its name,
    its place in ``layers`` and in ``forward_trace``, whose feature maps are unchanged.
    """
    order = list(layers)
    for i in range(len(order) - 1):
        if type(order[i]) is ReLU and isinstance(order[i + 1], MaxPool2D):
            order[i], order[i + 1] = order[i + 1], order[i]
    return order


class Sequential:
    """Layers applied one after another.

    Args:
        layers: initial list of layers.
        input_shape: per-sample input shape without the batch axis, e.g. (1, 28, 28).
            When given, every ``add`` checks that the new layer fits, so an impossible
            architecture is reported at once with the layer and the shapes involved.
        name: shown in ``summary()`` and saved with the model.
        seed: makes everything random repeatable: each added layer gets its own generator
            from this seed and is re-initialised from it, and ``fit`` shuffles with a
            generator from the same seed.
    """

    def __init__(self, layers=None, input_shape: Shape | None = None, name: str = "model", seed: int | None = None):
        self.name = name
        self.input_shape = tuple(int(s) for s in input_shape) if input_shape is not None else None
        self.seed = seed
        self._seeds = np.random.SeedSequence(seed) if seed is not None else None
        self.rng = np.random.default_rng(self._seeds.spawn(1)[0] if self._seeds else None)
        self.layers: list[Layer] = []
        self._names: set[str] = set()  # of self.layers, and the output shape after the last one (see add)
        self._shape_after: Shape | None = None
        self._next_number: dict[str, int] = {}
        self.optimizer: optimizers.Optimizer | None = None
        self.loss = None
        self.metrics: tuple[str, ...] = ()
        self.stop_training = False
        # Gradients whose overall norm exceeds this count as exploding (None: no limit).
        self.max_gradient_norm: float | None = None
        self.metadata: dict = {}  # free-form, saved with the model (dataset, normalisation...)
        self.memory: Memory | None = None  # remembered digits that help predict (engine/memory.py)
        for layer in layers or []:
            self.add(layer)

    # ------------------------------------------------------------------ building
    def add(self, layer: Layer) -> Sequential:
        """Append a layer (checking it fits the current output shape, if known)."""
        if not isinstance(layer, Layer):
            raise ValueError(said("expected a Layer, got {name}", name=type(layer).__name__))
        if len(self._names) != len(self.layers):  # the list was edited directly: recount
            self._names = {existing.name for existing in self.layers}
            self._shape_after, self._next_number = None, {}
        if self.input_shape is not None:
            if self._shape_after is None:
                self._shape_after = self.output_shape()
            shape = layer.output_shape(self._shape_after)
        # The names and the last output shape are kept, not recomputed: adding stays linear in
        # the number of layers (a 200,000-layer file once took minutes to load).
        taken = self._names
        if layer.name in taken or layer.name == type(layer).__name__.lower():
            base = type(layer).__name__.lower()
            number = self._next_number.get(base, 1)
            while f"{base}_{number}" in taken:
                number += 1
            self._next_number[base] = number + 1
            layer.name = f"{base}_{number}"
        if self._seeds is not None:
            layer.rng = np.random.default_rng(self._seeds.spawn(1)[0])
            layer.reset_parameters()
        self.layers.append(layer)
        self._names.add(layer.name)
        self._shape_after = shape if self.input_shape is not None else None
        return self

    def output_shape(self, input_shape: Shape | None = None) -> Shape:
        """Per-sample output shape of the whole stack (raises ValueError if a layer does not fit)."""
        return self.layer_shapes(input_shape)[-1] if self.layers else tuple(input_shape or self.input_shape)

    def layer_shapes(self, input_shape: Shape | None = None) -> list[Shape]:
        """Per-sample output shape after every layer."""
        shape = tuple(input_shape or self.input_shape or ())
        if not shape:
            raise ValueError(said("model {name} has no input_shape; pass one to Sequential(...)", name=repr(self.name)))
        shapes = []
        for layer in self.layers:
            shape = layer.output_shape(shape)
            shapes.append(shape)
        return shapes

    def multiply_adds(self, input_shape: Shape | None = None) -> int:
        """The multiply-adds of one sample's forward pass (its convolutions', dense and recurrent layers'
        products, ``Layer.multiply_adds``). Training does about three times this (the forward product, dL/dW
        and dL/dx), so a training sample costs about 6x this in floating-point operations."""
        return path_multiply_adds(self.layers, tuple(input_shape or self.input_shape))

    def compile(self, optimizer="adam", loss="cross_entropy", metrics=("accuracy",)) -> Sequential:
        """Choose the optimizer (object or name) and loss ('cross_entropy', 'mse' or object).

        A net may end in ``Softmax`` with cross-entropy, as course code often does: that
        Softmax is then fused into the loss (``softmax_fused``), which takes the logits
        before it, because log(softmax) computed in one step never takes the log of an
        underflowed 0. ``predict`` returns probabilities either way.
        """
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses.get(loss)
        unknown = [m for m in metrics if m != "accuracy"]
        if unknown:
            raise ValueError(said("unknown metric(s) {unknown}; supported: 'accuracy'", unknown=unknown))
        self.metrics = tuple(metrics)
        return self

    @property
    def softmax_fused(self) -> bool:
        """True when the last layer is a Softmax that the cross-entropy loss takes over (see ``compile``)."""
        return (
            isinstance(self.loss, losses.SoftmaxCrossEntropy) and bool(self.layers) and type(self.layers[-1]) is Softmax
        )

    @property
    def _ends_in_probabilities(self) -> bool:
        return bool(self.layers) and isinstance(self.layers[-1], (Softmax, Sigmoid))

    @property
    def is_regression(self) -> bool:
        """True for a model that predicts numbers, not classes: an MSE loss and no Softmax/Sigmoid at the end."""
        return isinstance(self.loss, losses.MSE) and not self._ends_in_probabilities

    def start_near_chance(self, spread: float = 0.3) -> Sequential:
        """Scale down the last Dense layer (and zero its bias) so a fresh net's first guesses are near uniform.

        With the usual He initialisation a fresh net's scores for one image differ by
        several units from class to class, so a 10-class net starts at a loss of 4-5
        instead of the ln(10) = 2.30 of a uniform guess (Karpathy, "A Recipe for Training
        Neural Networks", 2019: "init well"). A cross-entropy over scores that differ by a
        standard deviation s starts at about ln(K) + s^2 / 2. So the scores of 32 images of
        random noise (the size of a normalised input) are measured, and the last layer is
        scaled so they spread by ``spread`` (0.3: ln(K) + 0.05). A net whose scores already
        spread less is left as it is: smaller scores also mean smaller first gradients,
        and a slower start (measured: sigmoid LeNet-5 learns about a third slower in its
        first 100 steps when its last layer is shrunk ten times).
        """
        dense = [layer for layer in self.layers if isinstance(layer, Dense)]
        if not dense or self.input_shape is None:
            return self
        noise = np.random.default_rng(0).standard_normal((32, *self.input_shape)).astype(np.float32)
        scores = self.forward(noise, training=False)
        if scores.ndim != 2 or scores.shape[1] < 2:
            return self
        measured = float(scores.std(axis=1).mean())
        last = dense[-1]
        if "b" in last.params:
            last.params["b"][...] = 0
        if measured > spread:
            last.params["W"] *= np.float32(spread / measured)
        return self

    # ------------------------------------------------------------------ passes
    @property
    def dtype(self):
        for layer in self.layers:
            for value in layer.params.values():
                return value.dtype
        return np.dtype(np.float32)

    def _prepare(self, x: np.ndarray) -> np.ndarray:
        """Cast input to the model's float dtype and check its per-sample shape."""
        x = np.asarray(x)
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        if self.input_shape is not None and x.shape[1:] != self.input_shape:
            raise ValueError(
                said("model {name}: expected input of shape {value}, got {value2}",
                     name=repr(self.name), value=shape_text(self.input_shape), value2=tuple(x.shape))
            )
        return x

    def _scoring_layers(self) -> list[Layer]:
        """The layers whose output the loss sees: all of them, except a Softmax fused into the loss."""
        return self.layers[:-1] if self.softmax_fused else self.layers

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Run the layers and return what the loss sees; in inference mode nothing on the model changes.

        That is every layer's output in turn, except that a final Softmax fused into the
        cross-entropy loss is left out: ``forward`` then returns its input, the logits.
        """
        x = self._prepare(x)
        order = run_order(self._scoring_layers())
        if not training and self._in_halves(x, training=False):
            return parallel.in_halves(lambda half: run_forward(order, half, training=False), x)
        return run_forward(order, x, training)  # a prediction folds BatchNorms away (``inference_order``)

    def _in_halves(self, x: np.ndarray, training: bool) -> bool:
        """True if a prediction or a training step on ``x`` runs each half of the batch through every layer
        at the same time, one per core (``parallel.Lanes``): for a net with convolutions whose layers do
        enough arithmetic on half the batch (``HALVES_WORK`` multiply-adds on average), and in training
        a batch of ``HALVES_TRAINING_BATCH`` or more.

        The passes between a convolutional net's products (im2col, pooling, ReLU) are numpy loops on one
        core; ``over_batch`` splits only the big ones, one pass at a time, and the products share both
        cores. Two halves of the batch on one core each, products included, keep both busy all the way.
        But both halves' Python runs under one lock (the GIL), and in training the halves meet at every
        BatchNorm (``parallel.total``): small layers on small halves lose more than they gain. Training
        steps (A/B in one process, medians of 7-9 alternating rounds of 8 steps), with each net's
        multiply-adds per layer per half at batch 64: lab-cnn 1.27x faster (12.3 million), baseline-cbapd
        1.24x (9.1), mini-vgg 1.17x (8.6), mini-resnet 1.11x (3.0), classic-9x9 1.10x (3.9), lenet-5-relu
        1.18x and lenet-5 1.11x (1.1), lab-cnn-light 1.08x (0.9), mini-inception 0.77-0.87x (0.8: 45 small
        layers, 13 BatchNorms); at batch 128 mini-inception 1.08x (1.5); at batch 256 every one 1.26-1.53x;
        at batch 32, halves of 16, mini-resnet 0.93x (1.5) and lab-cnn 0.99x (6.2). Predictions at batch
        256 (15 alternating runs): 1.08-1.47x; mini-resnet at batch 64
        1.37x (3.0), at 32 1.06x (1.5), at 16 0.87x (0.75); lenet-5-relu at 64 1.05x (1.1), at 32 0.97x
        (0.6). Without convolutions it does not pay: mlp 0.82-0.93x (its products already use both cores
        well), row-lstm 0.75x at batch 64 (the LSTM runs two halves itself from 128 on).
        """
        batch = len(x)
        if not parallel.enabled or batch < (HALVES_TRAINING_BATCH if training else 2 * parallel.MIN_BATCH):
            return False
        leaves = [layer for layer, *_ in all_layers(self.layers) if not getattr(layer, "children", None)]
        if not any(isinstance(layer, Conv2D) for layer in leaves):
            return False
        per_layer = path_multiply_adds(self.layers, x.shape[1:]) / len(leaves)
        return batch // 2 * per_layer >= HALVES_WORK

    def backward(self, dy: np.ndarray, input_gradient: bool = True) -> np.ndarray | None:
        """Backpropagate ``dy`` (gradient of the loss w.r.t. the output) through every layer.

        Returns the gradient with respect to the model's input, or None with
        ``input_gradient=False``: training needs only the parameter gradients, and the
        first layer's input gradient is a whole extra matrix product and col2im.
        """
        dy = run_backward(self._backward_layers(input_gradient), dy)
        self._add_regularizer_gradients()
        return dy if input_gradient else None

    def _backward_layers(self, input_gradient: bool) -> list[Layer]:
        """The layers a backward pass runs (in forward order), each told whether to compute its dx.

        Without an input gradient, the layers before the first one with weights (a Flatten, a
        Reshape) need no backward at all, and that first one skips its dx: for mlp that is a
        (N, 512) x (512, 784) product a step thrown away (benchmarks/speed.py)."""
        order = run_order(self._scoring_layers())
        first = 0 if input_gradient else next((i for i, layer in enumerate(order) if layer.params), 0)
        for i, layer in enumerate(order):
            layer.input_gradient = input_gradient or i != first
        return order[first:]

    def _add_regularizer_gradients(self) -> None:
        for layer in self._regularized():  # a kernel_regularizer's share of dL/dW (engine/regularizers.py)
            layer.grads["W"] = layer.grads["W"] + layer.kernel_regularizer.gradient(layer.params["W"])

    def _regularized(self) -> list[Layer]:
        return [layer for layer, *_ in all_layers(self.layers) if getattr(layer, "kernel_regularizer", None)]

    def regularization_loss(self) -> float:
        """The layers' ``kernel_regularizer`` penalties, which training adds to the loss (0 without any)."""
        return sum(layer.kernel_regularizer.penalty(layer.params["W"]) for layer in self._regularized())

    def forward_trace(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's output for ``x`` (inference mode, no effect on training state)."""
        x = self._prepare(x)
        outputs = []
        for layer in self.layers:
            x = layer.forward(x, training=False)
            outputs.append(x)
        return outputs

    def named_parameters(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """``("conv2d_1.W", W, dW)`` for every parameter, in layer order (dW is None before backward)."""
        for layer in self.layers:
            for key, value in layer.params.items():
                yield f"{layer.name}.{key}", value, layer.grads.get(key)

    def parameters(self) -> list[np.ndarray]:
        return [value for layer in self.layers for value in layer.params.values()]

    def num_params(self) -> int:
        return sum(layer.num_params() for layer in self.layers)

    # ------------------------------------------------------------------ training
    def _require_compiled(self) -> None:
        if self.optimizer is None or self.loss is None:
            raise RuntimeError(f"model {self.name!r} is not compiled: call model.compile(optimizer, loss) first")

    def _check_xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        x, y = np.asarray(x), np.asarray(y)
        if len(x) != len(y):
            raise ValueError(said("x has {count_x} samples but y has {count_y}", count_x=len(x), count_y=len(y)))
        if len(x) == 0:
            raise ValueError(said("no samples to train or evaluate on"))
        return x, y

    def train_step(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One optimisation step on a batch; returns (loss, accuracy) of the batch before the step.

        If the loss or a gradient is NaN/infinite, no weight is changed and a
        ``DivergenceError`` says so.
        """
        self._require_compiled()
        # A convolutional net's big batch runs in two halves at once, one per core (``parallel.Lanes``); the
        # loss sees the whole batch's scores, and the halves' gradients are added up before the update.
        x = self._prepare(x)
        if not self._in_halves(x, training=True):
            return self._step(x, y, None)
        # OpenBLAS stays on one thread for the whole step, not only inside the halves' passes: switching it
        # back to two between them wakes its second thread, which then takes a core from the next pass
        # (mini-resnet 1.08x, baseline-cbapd 1.10x, lab-cnn 1.02x faster a step this way; A/B, 9 rounds).
        with parallel.Lanes(len(x)) as lanes:
            return self._step(x, y, lanes)

    def _step(self, x: np.ndarray, y: np.ndarray, lanes: parallel.Lanes | None) -> tuple[float, float]:
        """``train_step``'s work, in one piece (``lanes`` None) or in two halves."""
        # Overflow is reported below as a DivergenceError, so numpy's own warnings would
        # only repeat it less clearly.
        with np.errstate(over="ignore", invalid="ignore"):
            if lanes is None:
                scores = self.forward(x, training=True)
            else:
                scores = np.concatenate(lanes.run(lambda rows: self.forward(x[rows], training=True)))
            loss = self.loss.forward(scores, y) + self.regularization_loss()
        if not np.isfinite(loss):
            raise DivergenceError(
                said("the loss became {loss} (training diverged): lower the learning rate (e.g. 10x) or add "
                     "gradient-friendly layers like BatchNorm", loss=loss)
            )
        d_scores = self.loss.backward()
        if lanes is None:
            self.backward(d_scores, input_gradient=False)
        else:
            layers = self._backward_layers(input_gradient=False)
            lanes.run(lambda rows: run_backward(layers, d_scores[rows]))
            lanes.add_gradients(self.layers)
            self._add_regularizer_gradients()
        for name, _, grad in self.named_parameters():
            if not np.all(np.isfinite(grad)):
                raise DivergenceError(
                    said("the gradient of {name} became NaN/infinite (training diverged): lower the learning rate",
                         name=name)
                )
        if self.max_gradient_norm is not None:
            norm = float(np.sqrt(sum(float(np.vdot(g, g)) for _, _, g in self.named_parameters())))
            if norm > self.max_gradient_norm:
                raise DivergenceError(
                    said("the gradients exploded (norm {norm:.3g} > limit {max_gradient_norm:g}): lower the learning "
                         "rate or add BatchNorm", norm=norm, max_gradient_norm=self.max_gradient_norm)
                )
        self.optimizer.step(self.named_parameters())
        accuracy = self._accuracy(scores, y)
        return loss, float("nan") if accuracy is None else accuracy

    def _accuracy(self, scores: np.ndarray, y) -> float | None:
        """Share of samples whose top score is the true class; None where targets are numbers, not classes."""
        y = np.asarray(y)
        if scores.ndim != 2 or scores.shape[1] < 2:
            return None
        if isinstance(self.loss, losses.MSE) and not np.issubdtype(y.dtype, np.integer):
            return None  # regression: float targets
        return float(np.mean(scores.argmax(axis=1) == labels_of(y)))

    def train_on_batch(self, x: np.ndarray, y: np.ndarray) -> float:
        """One optimisation step on a batch; returns the batch loss (Keras API)."""
        return self.train_step(x, y)[0]

    def fit(
        self,
        x,
        y,
        epochs: int = 1,
        batch_size: int = 32,
        validation_data=None,
        validation_split: float = 0.0,
        shuffle: bool = True,
        callbacks=(),
        verbose: int = 1,
    ) -> History:
        """Train for ``epochs`` passes over (x, y) in shuffled mini-batches; returns a ``History``.

        A thin wrapper over ``TrainingSession``, the one training loop (the GUI and the
        command line run it too): ``x`` and ``y`` are used as given (no normalisation, no
        augmentation), ``validation_split`` holds out that share of the samples, stratified
        by class as everywhere in the engine, and ``validation_data=(x_val, y_val)`` gives
        a separate set instead. The shuffling seed comes from the model's own generator, so
        a seeded model trains the same way every time. The callbacks (``engine.callbacks``)
        listen to the session. ``verbose=1`` shows a progress bar per epoch on stderr.
        """
        self._require_compiled()
        x, y = self._check_xy(x, y)
        if not 0.0 <= validation_split < 1.0:
            raise ValueError(said("validation_split must be in [0, 1), got {validation_split}",
                                  validation_split=repr(validation_split)))
        data = ArrayData(x, y)
        if validation_data is not None:
            data.x_val, data.y_val = self._check_xy(*validation_data)
            validation_split = 0.0
        config = TrainingConfig(
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=self.optimizer.lr,
            val_split=validation_split,
            seed=int(self.rng.integers(2**31 - 1)),
            shuffle=shuffle,
            max_gradient_norm=self.max_gradient_norm,
        )
        history = History()
        session = TrainingSession(self, data, config, compiled=True)
        session.add_listener(CallbackList([history, *callbacks], model=self))
        if verbose:
            session.add_listener(TerminalProgress(summary_lines=False))
        self.stop_training = False
        if session.run() == "failed":
            raise session.exception
        return history

    # ------------------------------------------------------------------ inference
    def predict_scores(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """The last layer's raw output for every sample, computed in batches."""
        batch_size = whole_number(batch_size, "batch_size")
        x = np.asarray(x)
        if len(x) == 0:
            return np.zeros((0, *self.output_shape(x.shape[1:])), dtype=self.dtype)
        # Overflowing weights (a damaged or hostile file) are reported once, clearly, not as
        # numpy's warnings and a NaN loss.
        with np.errstate(over="ignore", invalid="ignore"):
            parts = [self.forward(x[i : i + batch_size], training=False) for i in range(0, len(x), batch_size)]
        scores = np.concatenate(parts)
        if not np.all(np.isfinite(scores)):
            largest = max((float(np.abs(w).max()) for w in self.parameters() if w.size), default=0.0)
            raise ValueError(
                said("model {name}: its outputs overflow (they are not finite numbers); its weights reach "
                     "{largest:.3g}, far beyond what a trained net holds: the model file is damaged",
                     name=repr(self.name), largest=largest)
            )
        return scores

    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Class probabilities (N, K) of a classifier, or the raw outputs of a regression model.

        A model with a ``memory`` adds the votes of its nearest remembered digits (``engine/memory.py``);
        ``predict_scores`` and ``evaluate`` are the network alone. Batched so memory use stays
        bounded; changes no state.
        """
        probabilities = self.probabilities(self.predict_scores(x, batch_size))
        if self.memory is None or self.is_regression:
            return probabilities
        return self.memory.blend(self, np.asarray(x), probabilities)

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Scores -> what ``predict`` returns: unchanged for regression and for nets that end in
        Softmax/Sigmoid (unless that Softmax is fused into the loss), else their softmax."""
        if self.is_regression:
            return scores
        if self._ends_in_probabilities and not self.softmax_fused:
            return scores
        return softmax(scores, axis=-1)

    def predict_classes(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        return self.predict(x, batch_size).argmax(axis=-1)

    def evaluate(self, x, y, batch_size: int = 256) -> dict[str, float]:
        """Mean loss and accuracy over (x, y) in inference mode: ``{'loss': ..., 'accuracy': ...}``.

        A regression model (float targets) gets only ``{'loss': ...}``: accuracy means
        nothing there. Needs a loss but no optimizer, so a model saved without its optimizer
        (such as the shipped default) evaluates as it loads.
        """
        if self.loss is None:
            raise RuntimeError(f"model {self.name!r} has no loss to evaluate with: call model.compile() first")
        x, y = self._check_xy(x, y)
        scores = self.predict_scores(x, batch_size)
        loss_fn = type(self.loss)(**self.loss.get_config())  # our own: evaluate may run beside training
        loss = loss_fn.forward(scores, y)
        accuracy = self._accuracy(scores, y)
        return {"loss": loss} if accuracy is None else {"loss": loss, "accuracy": accuracy}

    # ------------------------------------------------------------------ weights, saving
    def get_weights(self) -> list[np.ndarray]:
        """Copies of every parameter and buffer, layer by layer (params first)."""
        return [v.copy() for layer in self.layers for store in (layer.params, layer.buffers) for v in store.values()]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """Inverse of ``get_weights``; checks the count and every shape before changing anything."""
        slots = [
            (layer, store, key) for layer in self.layers for store in (layer.params, layer.buffers) for key in store
        ]
        if len(weights) != len(slots):
            raise ValueError(said("model {name} has {count_slots} weight arrays, got {count_weights}",
                                  name=repr(self.name), count_slots=len(slots), count_weights=len(weights)))
        for (layer, store, key), value in zip(slots, weights, strict=True):
            if np.shape(value) != store[key].shape:
                raise ValueError(said("{name}.{key}: expected shape {shape}, got {value}",
                                      name=layer.name, key=key, shape=store[key].shape, value=np.shape(value)))
        for (_, store, key), value in zip(slots, weights, strict=True):
            store[key][...] = value  # in place, so the optimizer's references stay valid

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "input_shape": list(self.input_shape) if self.input_shape else None,
            "seed": self.seed,
            "layers": [
                {"class": type(layer).__name__, "name": layer.name, "config": layer.get_config()}
                for layer in self.layers
            ],
        }

    def save(self, path, include_optimizer: bool = True) -> None:
        """Save architecture, weights (and optimizer state) to one ``.npz``, atomically."""
        save_model(self, path, include_optimizer=include_optimizer)

    def summary(self) -> str:
        """A Keras-style table: layer, output shape, parameter count, and totals."""
        shapes: list[str]
        try:
            shapes = [shape_text(s) for s in self.layer_shapes()]
        except ValueError:
            shapes = ["?"] * len(self.layers)
        rows = [
            (f"{layer.name} ({type(layer).__name__})", shape, f"{layer.num_params():,}")
            for layer, shape in zip(self.layers, shapes, strict=True)
        ]
        header = ("Layer (type)", "Output shape", "Params")
        widths = [max(len(r[i]) for r in [header, *rows]) + 2 for i in range(3)]
        rule = "-" * sum(widths)

        def fmt(row) -> str:
            return f"{row[0]:<{widths[0]}}{row[1]:<{widths[1]}}{row[2]:>{widths[2]}}".rstrip()

        input_text = shape_text(self.input_shape) if self.input_shape else "unknown"
        lines = [f'Model: "{self.name}"   input {input_text}', rule, fmt(header), rule.replace("-", "=")]
        lines += [fmt(row) for row in rows]
        lines += [rule, f"Total params: {self.num_params():,}"]
        if self.softmax_fused:
            lines.append("The final Softmax is fused into the cross-entropy loss (stable log-softmax of the logits).")
        buffers = sum(v.size for layer in self.layers for v in layer.buffers.values())
        if buffers:
            lines.append(f"Non-trainable values (running statistics): {buffers:,}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Sequential(name={self.name!r}, layers={len(self.layers)}, params={self.num_params():,})"


MAX_LAYERS = 10_000  # the presets have up to 22; a file declaring more is damaged or hostile


def load_model(path) -> Sequential:
    """Load a model saved by ``Sequential.save``; raise ``ModelFileError`` with a one-line reason.

    ``path`` may be ``'default'`` for the shipped pretrained model. The returned model is
    compiled (with its optimizer state, so training resumes) if it was saved compiled.
    Each layer is built only within the number of weights the file stores for it, so a
    file cannot declare a layer too big to allocate.
    """
    with open_model_file(path) as archive:
        path = archive.path
        header = read_header(archive)
        try:
            config = header["model"]
            model = Sequential(input_shape=config.get("input_shape"), name=str(config.get("name", "model")))
            entries = config["layers"]
            if not isinstance(entries, list):
                raise TypeError("the layers are not a list")
            if len(entries) > MAX_LAYERS:
                raise ModelFileError(said("{path}: declares {count_entries:,} layers; a network has at most "
                                          "{MAX_LAYERS:,}",
                                          path=path, count_entries=len(entries), MAX_LAYERS=MAX_LAYERS))
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    raise TypeError(f"layer {index + 1} is not a description")
                # Slack for layers whose stored arrays are missing: reported as missing weights below.
                budget = max(stored_elements(archive, str(entry.get("name"))), 2**20)
                try:
                    with parameter_budget(budget):
                        model.add(layer_from_config(entry))
                except (ValueError, TypeError, OverflowError) as error:
                    raise ModelFileError(
                        said("{path}: layer {value} ({value2}) is invalid: {error}",
                             path=path, value=index + 1, value2=entry.get('class'), error=error)
                    ) from None
            model.seed = config.get("seed")
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise ModelFileError(said("{path}: the architecture description is incomplete ({error})",
                                      path=path, error=error)) from None
        restore_model_state(archive, model, header)
    return model
