"""Keras-style callbacks for ``Sequential.fit``, run as one listener of its ``TrainingSession``.

There is one training loop, ``TrainingSession``; ``fit`` adds a ``CallbackList`` to it,
which calls each callback's Keras hooks from the session's events. A callback sees the
model as ``self.model`` and the session as ``self.session``, and can stop training by
setting ``self.model.stop_training = True``: the session then finishes the current batch,
closes the epoch (its logs and ``on_epoch_end``) and stops. ``logs`` are plain dicts with
the session's names: per batch ``{'loss', 'accuracy', 'size', 'learning_rate'}``, per
epoch ``{'loss', 'accuracy', 'learning_rate'}`` plus ``'val_loss', 'val_accuracy'`` when
there is validation data (no ``accuracy`` keys for a regression model).
"""

from __future__ import annotations

import math

import numpy as np

from .session_reports import SessionListener


class Callback:
    """Base class with empty hooks; override the ones you need. ``epoch`` and ``batch`` count from 0."""

    model = None
    session = None

    def set_model(self, model) -> None:
        self.model = model

    def on_train_begin(self, logs: dict | None = None) -> None: ...
    def on_train_end(self, logs: dict | None = None) -> None: ...
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_batch_end(self, batch: int, logs: dict | None = None) -> None: ...


class CallbackList(SessionListener):
    """The session's events -> every callback's Keras hooks, in order; honours ``model.stop_training``."""

    def __init__(self, callbacks, model):
        self.callbacks = list(callbacks)
        if not all(isinstance(c, Callback) for c in self.callbacks):
            raise ValueError("callbacks must be engine.callbacks.Callback instances")
        self.model = model
        self.session = None
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook: str, *args) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(*args)
        if self.model.stop_training and self.session is not None:
            self.session.stop(close_epoch=True)

    def on_train_begin(self, session):
        self.session = session
        for callback in self.callbacks:
            callback.session = session
        self._call("on_train_begin", {})

    def on_epoch_begin(self, epoch):
        self._call("on_epoch_begin", epoch - 1, {})

    def on_batch_begin(self, batch):
        self._call("on_batch_begin", batch, {})

    def on_batch_end(self, logs):
        self._call("on_batch_end", logs["batch"], {k: v for k, v in logs.items() if k not in ("batch", "step")})

    def on_epoch_end(self, report):
        logs = {"loss": report.loss, "accuracy": report.accuracy, "learning_rate": report.learning_rate}
        logs.update(val_loss=report.val_loss, val_accuracy=report.val_accuracy)
        self._call("on_epoch_end", report.epoch - 1, {k: v for k, v in logs.items() if v is not None})

    def on_train_end(self, state):
        self._call("on_train_end", {"state": state})


class History(Callback):
    """Records the epoch logs: ``history.history['loss'][epoch]`` and so on."""

    def __init__(self):
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


def _improved(mode: str, value: float, best: float, min_delta: float) -> bool:
    return value < best - min_delta if mode == "min" else value > best + min_delta


def _mode_for(monitor: str, mode: str) -> str:
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode != "auto":
        return mode
    return "max" if "acc" in monitor else "min"


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs.

    With ``restore_best_weights`` the model ends with the weights of its best epoch.
    """

    def __init__(self, monitor="val_loss", patience=3, min_delta=0.0, mode="auto", restore_best_weights=False):
        self.monitor = monitor
        self.patience = int(patience)
        self.min_delta = abs(float(min_delta))
        self.mode = _mode_for(monitor, mode)
        self.restore_best_weights = restore_best_weights
        self.stopped_epoch = None

    def on_train_begin(self, logs=None):
        self.best = math.inf if self.mode == "min" else -math.inf
        self.wait = 0
        self.best_weights = None
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is None:
            available = ", ".join(sorted(logs or {}))
            raise ValueError(
                f"EarlyStopping monitors {self.monitor!r}, which is not logged (the logs have: {available})"
            )
        if _improved(self.mode, value, self.best, self.min_delta):
            self.best, self.wait = value, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.best_weights is not None:
                self.model.set_weights(self.best_weights)


class ModelCheckpoint(Callback):
    """Save a checkpoint (atomically) after each epoch, or only when ``monitor`` improves.

    It is the session's checkpoint, the same file ``main.py train --checkpoint`` writes:
    the model with everything needed to go on. ``filepath`` may contain ``{epoch}``
    (1-based) and any logged value, e.g. ``"ckpt-{epoch:02d}-{val_accuracy:.3f}.npz"``.
    """

    def __init__(self, filepath, monitor="val_loss", save_best_only=False, mode="auto"):
        self.filepath = str(filepath)
        self.monitor = monitor
        self.save_best_only = save_best_only
        self.mode = _mode_for(monitor, mode)
        self.best = math.inf if self.mode == "min" else -math.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.save_best_only:
            value = logs.get(self.monitor)
            if value is None or not _improved(self.mode, value, self.best, 0.0):
                return
            self.best = value
        self.session.save(self.filepath.format(epoch=epoch + 1, **logs))


class LearningRateScheduler(Callback):
    """The learning rate from ``schedule(epoch)`` (``per='epoch'``) or ``schedule(step)`` (``per='batch'``).

    ``schedule`` is any callable, e.g. the classes in ``engine.schedules``; it replaces the
    session's own schedule for the run (``step`` counts batches over the whole run).
    """

    def __init__(self, schedule, per: str = "epoch"):
        if per not in ("epoch", "batch"):
            raise ValueError(f"per must be 'epoch' or 'batch', got {per!r}")
        self.schedule = schedule
        self.per = per

    def learning_rate(self, step: int) -> float:
        at = self.session.epoch if self.per == "epoch" else step
        lr = float(self.schedule(at))
        if not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"the learning-rate schedule gave {lr!r} at {self.per} {at}; it must be > 0")
        return lr

    def on_train_begin(self, logs=None):
        self.session.schedule = self.learning_rate
