"""The training doctor: plain-language hints about a run, each with its number and what to do.

A ``TrainingDoctor`` is one of a ``TrainingSession``'s listeners. Every ``CHECK_EVERY``
steps it looks at the model just after a training step, at what that batch left behind:

- the ReLUs' masks: a channel (or unit) that is zero for every image of the batch is dead;
- the weight gradients: the root mean square of each layer's dL/dW, the first layer against the last;
- the step itself: ||W_after - W_before|| / ||W_before|| (about 1e-3 in a healthy run);
- the recent losses: rising (learning rate too high) or flat while still high (too low);

and at every epoch end at the validation curve (overfitting). The run's first loss is compared
with ln(K), where a fresh K-class model starts. Each kind of problem is said once per run, as
a ``Hint``; the session passes it to its listeners' ``on_hint`` (the terminal prints it, the
window lists it). The checks only read: they change nothing the run computes.

Thresholds were set by measuring every preset's healthy run and runs made to fail
(``benchmarks/doctor.py`` prints the numbers).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from .errors import DivergenceError
from .layers import ReLU
from .layers.blocks import all_layers
from .session_reports import SessionListener
from .words import said

CHECK_EVERY = 25  # steps between looks at the masks, gradients and step sizes
FIRST_LOSS_FACTOR = 2.0  # a first loss above this many times ln(K): the initial scores are far too large
DEAD_SHARE = 0.7  # a ReLU layer with more than this share of dead channels (healthy presets: up to 0.37)
VANISHING = 1e-3  # first layer's gradient RMS / last layer's, below this: vanishing (healthy: 0.015-1.2)
EXPLODING = 20.0  # ... above this: exploding (healthy presets: at most 2.2, ten times under it)
UPDATE_HIGH = 0.2  # a step that moves a layer's weights by more than 20 % of their size (healthy: up to 0.04)
LOSS_WINDOW = 10  # steps compared: the last LOSS_WINDOW losses against the LOSS_WINDOW before
SPIKE = 2.0  # one batch's loss this many times the mean of the ones before: a jump
RISING = 1.5  # the newer window's mean loss this many times the older one's: rising
FLAT_STEPS = 200  # steps of no progress before "too low"
FLAT_WINDOW = 50  # ... measured as the mean of the first and the last 50 of them
FLAT_CHANGE = 0.02  # "no progress": the loss moved by less than 2 % over FLAT_STEPS
STILL_HIGH = 0.5  # ... while it is above this share of ln(K) (a trained model's loss is flat too)
OVERFIT_EPOCHS = 3  # epochs of training loss falling while validation loss rises


@dataclass(frozen=True)
class Hint:
    """One finding: what kind, at which step, what was seen (with its number), what to do."""

    kind: str  # one of KINDS
    step: int
    finding: str
    advice: str

    def __str__(self) -> str:
        return f"{self.finding}; {self.advice}"

    @property
    def title(self) -> str:
        """A few words, for a mark on the curves: ``learning rate too high``."""
        return KINDS[self.kind]


KINDS = {  # kind -> its title
    "first-loss": said("first loss too high"),
    "dead-relu": said("dead ReLUs"),
    "vanishing-gradients": said("vanishing gradients"),
    "exploding-gradients": said("exploding gradients"),
    "lr-too-high": said("learning rate too high"),
    "lr-too-low": said("learning rate too low"),
    "overfitting": said("overfitting"),
}


def _owner_names(model) -> dict[int, str]:
    """id(ReLU) -> the name of the layer with weights it follows ("the ReLU after conv2d_2")."""
    owners, last = {}, None
    for layer, name, _, _ in all_layers(model.layers):
        if getattr(layer, "children", None):
            continue
        if isinstance(layer, ReLU):
            owners[id(layer)] = last or name
        elif layer.params:
            last = name
    return owners


def dead_shares(model) -> list[tuple[str, float]]:
    """(layer, share of its ReLU channels dead) for every ReLU that saw a training batch.

    A channel of a (N, C, H, W) output is dead when it is zero at every position of every image
    of the batch; a unit of a (N, F) output when it is zero for every image. The mask is the
    one the ReLU keeps for its backward pass (True where the input was positive): one per half of
    the batch when the step ran in two halves (``parallel.Lanes``)."""
    owners, shares = _owner_names(model), []
    for layer, name, _, _ in all_layers(model.layers):
        masks = layer.lane_caches() if isinstance(layer, ReLU) else []
        if not masks or masks[0].ndim not in (2, 4):
            continue
        alive = np.logical_or.reduce([mask.any(axis=(0, 2, 3) if mask.ndim == 4 else 0) for mask in masks])
        shares.append((owners.get(id(layer), name), 1.0 - float(alive.mean())))
    return shares


def _weights(model) -> list[tuple[str, list[str], object]]:
    """(name, weight keys, layer) of every layer with weight matrices or kernels (not biases or
    BatchNorm's scales), blocks by their children, input side first."""
    found = []
    for layer, name, _, _ in all_layers(model.layers):
        if getattr(layer, "children", None):
            continue
        keys = [key for key, value in layer.params.items() if value.ndim >= 2]
        if keys:
            found.append((name, keys, layer))
    return found


def _norm(arrays) -> float:
    return math.sqrt(sum(float(np.vdot(a, a)) for a in arrays))


def gradient_rms(model) -> list[tuple[str, float]]:
    """(layer, root mean square of dL/dW over its weights) for every layer with weights, input side first."""
    found = []
    for name, keys, layer in _weights(model):
        grads = [layer.grads.get(key) for key in keys]
        if all(g is not None for g in grads):
            found.append((name, _norm(grads) / math.sqrt(sum(g.size for g in grads))))
    return found


def weight_copies(model) -> dict[str, list[np.ndarray]]:
    """The weights now (copies), for ``update_ratios`` after the next step."""
    return {name: [layer.params[key].copy() for key in keys] for name, keys, layer in _weights(model)}


def update_ratios(model, before: dict[str, list[np.ndarray]]) -> list[tuple[str, float]]:
    """(layer, ||W_now - W_before|| / ||W_before||): how far one step moved each layer's weights."""
    ratios = []
    for name, keys, layer in _weights(model):
        if name not in before:
            continue
        change = _norm(layer.params[key] - old for key, old in zip(keys, before[name], strict=True))
        ratios.append((name, change / max(_norm(before[name]), 1e-12)))
    return ratios


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


class TrainingDoctor(SessionListener):
    """Watches a run and tells ``tell(hint)`` (the session's ``hint``) of each problem, once per kind."""

    def __init__(self, tell, classes: int, classifier: bool = True):
        self.tell = tell
        self.chance = math.log(max(classes, 2))
        # The loss rules measure against ln(K), a cross-entropy's scale; a regression's loss has its own.
        self.classifier = classifier
        self.said: set[str] = set()
        self.losses: deque[float] = deque(maxlen=FLAT_STEPS)
        self.epochs: list[tuple[float, float]] = []  # (training loss, validation loss) per epoch
        self.model = self.session = None
        self.last_step = 0  # the last step that ended (a failed run's weights go back before it)
        self._before = None  # weight copies taken just before a checked step
        self._first = True

    def _say(self, kind: str, step: int, finding: str, advice: str) -> None:
        if kind not in self.said:
            self.said.add(kind)
            self.tell(Hint(kind, step, finding, advice))

    def on_train_begin(self, session) -> None:
        self.model, self.session = session.model, session
        self._first = session.step_count == 0

    def on_batch_begin(self, batch: int) -> None:
        if (self.session.step_count + 1) % CHECK_EVERY == 0:
            self._before = weight_copies(self.model)

    def on_batch_end(self, logs: dict) -> None:
        step, loss = logs["step"], logs["loss"]
        self.last_step = step
        self.losses.append(loss)
        if self.classifier:
            if self._first:
                self._check_first_loss(step, loss)
            self._check_rising(step)
        self._first = False
        if step % CHECK_EVERY == 0:
            self._check_model(step)
            if self.classifier:
                self._check_flat(step)

    def on_state(self, state: str, message: str) -> None:
        if state == "failed" and isinstance(self.session.exception, DivergenceError):
            self._say(
                "lr-too-high",
                self.last_step + 1,
                said("the learning rate looks too high: training diverged at step {step}", step=self.last_step + 1),
                said("lower the learning rate (e.g. 10x), or add BatchNorm"),
            )

    def on_epoch_end(self, report) -> None:
        if report.val_loss is None:
            return
        self.epochs.append((report.loss, report.val_loss))
        recent = self.epochs[-(OVERFIT_EPOCHS + 1) :]
        if len(recent) <= OVERFIT_EPOCHS:
            return
        train, val = zip(*recent, strict=True)
        falling = all(np.diff(train) < 0)
        if falling and all(np.diff(val) > 0):
            self._say(
                "overfitting",
                self.session.step_count,
                said("overfitting: for {epochs} epochs the training loss fell ({first:.3f} → {last:.3f}) while the "
                     "validation loss rose ({val_first:.3f} → {val_last:.3f})", epochs=OVERFIT_EPOCHS, first=train[0],
                     last=train[-1], val_first=val[0], val_last=val[-1]),
                said("the model is memorising its training images: add augmentation or dropout, use more data, or "
                     "stop at the best validation epoch"),
            )

    # ------------------------------------------------------------------ checks
    def _check_first_loss(self, step: int, loss: float) -> None:
        if loss > FIRST_LOSS_FACTOR * self.chance:
            self._say(
                "first-loss",
                step,
                said("the first loss is {loss:.2f}, far above ln({classes}) = {chance:.2f} where a fresh model "
                     "starts (every class equally likely)", loss=loss, classes=round(math.exp(self.chance)),
                     chance=self.chance),
                said("the initial scores are too large: scale down the last layer's initial weights, or check that "
                     "the inputs are normalised"),
            )

    def _check_model(self, step: int) -> None:
        for name, share in dead_shares(self.model):
            if share > DEAD_SHARE:
                self._say(
                    "dead-relu",
                    step,
                    said("{share} of {layer}'s ReLUs output zero for every image of the last batch: they no longer "
                         "learn", share=_percent(share), layer=name),
                    said("lower the learning rate, or use LeakyReLU or BatchNorm before the ReLU"),
                )
                break
        gradients = gradient_rms(self.model)
        # A first layer with no gradient at all is cut off by dead ReLUs, not by vanishing.
        if len(gradients) >= 2 and gradients[0][1] > 0:
            (first, g_first), (last, g_last) = gradients[0], gradients[-1]
            ratio = g_first / max(g_last, 1e-30)
            if ratio < VANISHING:
                self._say(
                    "vanishing-gradients",
                    step,
                    said("vanishing gradients: {first}'s gradients are {ratio:.1e} times the size of {last}'s, so the "
                         "first layers hardly learn", first=first, ratio=ratio, last=last),
                    said("use ReLU instead of sigmoid or tanh, add BatchNorm or residual connections, or use fewer "
                         "layers"),
                )
            elif ratio > EXPLODING:
                self._say(
                    "exploding-gradients",
                    step,
                    said("exploding gradients: {first}'s gradients are {ratio:.0f} times the size of {last}'s: they "
                         "grow on the way back", first=first, ratio=ratio, last=last),
                    said("check the layers' initial weights (He for ReLU, Xavier for tanh), add BatchNorm, or lower "
                         "the learning rate"),
                )
        if self._before is not None:
            updates = update_ratios(self.model, self._before)
            self._before = None
            largest = max(updates, key=lambda item: item[1], default=None)
            if largest is not None and largest[1] > UPDATE_HIGH:
                self._say(
                    "lr-too-high",
                    step,
                    said("the learning rate looks too high: one step moved {layer}'s weights by {share} of their size "
                         "(healthy runs: under 5 %)", layer=largest[0], share=_percent(largest[1])),
                    said("lower the learning rate (e.g. 10x)"),
                )

    def _check_rising(self, step: int) -> None:
        """A loss that jumps (one batch at twice the mean of the ones before, and above ln(K)) or climbs
        (a window's mean loss RISING times the window's before). Only losses above half of ln(K)
        count: a trained model's small losses double and halve from batch to batch."""
        if "lr-too-high" in self.said or len(self.losses) < 2:
            return
        losses = list(self.losses)[-2 * LOSS_WINDOW :]
        newest, before = losses[-1], float(np.mean(losses[-LOSS_WINDOW - 1 : -1]))
        if newest > SPIKE * before and newest > self.chance:
            finding = said("the loss jumped from {before:.3f} to {newest:.3f} in one step", before=before,
                           newest=newest)
        elif len(losses) == 2 * LOSS_WINDOW:
            older, newer = float(np.mean(losses[:LOSS_WINDOW])), float(np.mean(losses[LOSS_WINDOW:]))
            if not (newer > RISING * older and newer > STILL_HIGH * self.chance):
                return
            finding = said("the loss rose from {older:.3f} to {newer:.3f} over the last {steps} steps", older=older,
                           newer=newer, steps=2 * LOSS_WINDOW)
        else:
            return
        self._say("lr-too-high", step, said("the learning rate looks too high: {finding}", finding=finding),
                  said("lower the learning rate (e.g. 10x) or use a schedule that lowers it"))  # fmt: skip

    def _check_flat(self, step: int) -> None:
        if len(self.losses) >= FLAT_STEPS:
            window = np.array(self.losses)
            start, end = window[:FLAT_WINDOW].mean(), window[-FLAT_WINDOW:].mean()
            if abs(start - end) < FLAT_CHANGE * start and end > STILL_HIGH * self.chance:
                self._say(
                    "lr-too-low",
                    step,
                    said("the learning rate looks too low: the loss stayed at {loss:.3f} over the last {steps} steps "
                         "(changed by {change:.1%}), far from learned", loss=end, steps=FLAT_STEPS,
                         change=abs(start - end) / start),
                    said("raise the learning rate (e.g. 10x)"),
                )
