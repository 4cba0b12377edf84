"""Teach a trained model someone's own handwriting, without making it forget what it knew.

own_x, own_y = own_digits(load_image_folder("my_digits"), class_names_of(model))
report = teach(model, own_x, own_y, replay=load_embedded())
print(report.own_before, report.own_after, report.replay_before, report.replay_after)

A few dozen drawings are far too few to train on alone: a network fine-tuned on them
learns them by heart and forgets the rest ("catastrophic forgetting", McCloskey and Cohen
1989). Three things make few examples go far:

* **Replay** (rehearsal, Robins 1995): every epoch mixes the user's drawings with twice as
  many digits from the data the model was trained on, so it keeps reading those.
* **Strong augmentation of the user's drawings**: each is seen many times (``copies``),
  each time bent, slanted, rotated and shifted differently (the handwriting recipe), so
  the model learns the writer's *style*, not the drawings.
* **A small learning rate on a cosine schedule**, so the weights move towards the new
  style without jumping away from what they knew; the model keeps its own input
  normalisation.
* **Memory** (``engine/memory.py``): the taught model remembers the drawings beside the
  digits it remembered before (the replayed training digits, for a model without a
  memory), so the nearest of them vote on every answer. Ten drawings per digit, 100
  drawings of random writers: the fine-tuning alone read the other pen digits at 88.8%,
  with the drawings remembered 92% (``python benchmarks/teach.py``).

A quarter of the user's drawings (stratified by class) are held out: the accuracy on them
before and after says whether the teaching worked, and the accuracy on the replayed
data's test images whether anything was forgotten. (Once measured, the held-out drawings
are remembered too.) The fine-tuning is one ordinary
``TrainingSession``, so it reports progress and can be stopped like any run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data.augment import AugmentConfig, parse_augment
from .data.dataset import Dataset
from .data.errors import DatasetError
from .data.handwriting import MIX_SUFFIX
from .data.preprocessing import Normalization, model_inputs, train_val_split
from .memory import Memory
from .model import Sequential
from .session import TrainingSession
from .training_config import TrainingConfig
from .words import said

HELD_OUT = 0.25  # of the user's drawings, to measure before and after
MIN_IMAGES = 2  # one to learn from and one to check
EPOCH_IMAGES = 1500  # the user's drawings are repeated (augmented anew each time) to about this many per epoch
MEMORY_REPLAY = 8000  # replayed training digits remembered, for a model without a memory
REPLAY_RATIO = 2.0  # replayed digits per drawing in an epoch (1.0: the embedded test digits fell 2.5 points more)
AUGMENT: AugmentConfig = parse_augment("handwriting")
DRAWINGS = "your drawings"  # how the memory names them
# How much a remembered drawing's vote counts against a remembered training digit's. A writer's own
# style is best matched by their drawings: 10 drawings per digit, the other pen digits 92.2% -> 92.5-93.1%
# (two draws); digits written mirrored (a style nothing else has) 65% -> 80% (1: worse than no memory)
DRAWING_EMPHASIS = 10.0
RECIPE = {"epochs": 12, "learning_rate": 2e-4, "schedule": "cosine", "batch_size": 32, "val_split": 0.0}


@dataclass
class TeachReport:
    """What teaching did: accuracies (None where there was nothing to measure) and counts."""

    own_before: float | None
    own_after: float | None
    replay_before: float | None
    replay_after: float | None
    learned_from: int
    held_out: int
    state: str = "finished"  # or "stopped", "failed" (then the model is as it was)


def replay_name(metadata: dict) -> str | None:
    """The dataset to replay when teaching a model: its ``replay`` entry, else what it was trained on
    (without the stroke digits, which are generated, not loaded); None if it does not say."""
    name = str(metadata.get("replay") or metadata.get("dataset") or "").removesuffix(MIX_SUFFIX)
    return name or None


def own_digits(folder: Dataset, class_names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A class-per-sub-folder dataset's images (N, 28, 28) uint8 and labels as the model's class numbers.

    Raises ``DatasetError`` for a sub-folder that is not one of ``class_names``, a class
    folder with no usable image, and fewer than two images in all.
    """
    where = folder.source or folder.name
    unknown = [name for name in folder.class_names if name not in class_names]
    if unknown:
        expected = ", ".join(class_names[:12]) + (" ..." if len(class_names) > 12 else "")
        names = ", ".join(map(repr, unknown))
        raise DatasetError(said("{where}: {names}: not a class of the model (sub-folders must be named {expected})",
                                where=where, names=names, expected=expected))
    counts = np.bincount(folder.y_train, minlength=folder.num_classes)
    empty = [name for name, count in zip(folder.class_names, counts, strict=True) if count == 0]
    if empty:
        raise DatasetError(said("{where}: no usable image in the class folder(s) {value}",
                                where=where, value=', '.join(map(repr, empty))))
    if len(folder.y_train) < MIN_IMAGES:
        raise DatasetError(said("{where}: only {count_y_train} image; teaching needs at least {MIN_IMAGES} (one to "
                                "learn from, one to check)",
                                where=where, count_y_train=len(folder.y_train), MIN_IMAGES=MIN_IMAGES))  # fmt: skip
    index = {name: class_names.index(name) for name in folder.class_names}
    labels = np.array([index[folder.class_names[k]] for k in folder.y_train], dtype=np.int64)
    return folder.x_train, labels


def accuracy(model: Sequential, images: np.ndarray, labels: np.ndarray) -> float | None:
    if len(images) == 0:
        return None
    return float(np.mean(model.predict(model_inputs(model, images)).argmax(axis=1) == labels))


def split_own(images: np.ndarray, labels: np.ndarray, seed: int = 0):
    """``(x_learn, y_learn, x_check, y_check)``: ``HELD_OUT`` of the drawings to check, stratified, never all."""
    if len(images) * HELD_OUT < 1:
        return images[:-1], labels[:-1], images[-1:], labels[-1:]
    stratify = np.bincount(labels).max() > 1
    return train_val_split(images, labels, HELD_OUT, seed=seed, stratify=stratify)


def teaching_data(own_x, own_y, replay: Dataset, class_names: list[str], seed: int = 0) -> Dataset:
    """One epoch: the drawings repeated to about ``EPOCH_IMAGES``, ``REPLAY_RATIO`` times as many replayed digits."""
    copies = max(1, -(-EPOCH_IMAGES // len(own_x)))
    own_x, own_y = np.tile(own_x, (copies, 1, 1)), np.tile(own_y, copies)
    rng = np.random.default_rng(seed)
    count = min(int(len(own_x) * REPLAY_RATIO), len(replay.x_train))
    pick = rng.choice(len(replay.x_train), count, replace=False)
    x = np.concatenate([own_x, replay.x_train[pick]])
    y = np.concatenate([own_y, replay.y_train[pick]])
    order = rng.permutation(len(x))
    return Dataset("own drawings + replay", x[order], y[order], x[:0], y[:0], list(class_names))


def base_memory(memory: Memory | None, replay: Dataset | None) -> Memory | None:
    """What a taught model remembers besides the drawings: its memory, else some replayed training digits."""
    if memory is not None or replay is None or len(replay.x_train) == 0:
        return memory
    count = min(MEMORY_REPLAY, len(replay.x_train))
    return Memory(replay.x_train[:count], replay.y_train[:count], {f"{replay.name} training digits": count})


def teach(model: Sequential, images: np.ndarray, labels: np.ndarray, replay: Dataset | None,
          class_names: list[str], seed: int = 0, epochs: int | None = None, listeners=()) -> TeachReport:  # fmt: skip
    """Fine-tune ``model`` in place on the drawings (N, 28, 28) uint8 with ``labels``, replaying ``replay``.

    ``replay`` None: nothing to replay (the model may forget). ``listeners`` follow the
    fine-tuning run (progress). A run that fails leaves the weights as they were.
    """
    x_learn, y_learn, x_check, y_check = split_own(images, labels, seed)
    replay_x = replay.x_test if replay is not None else images[:0]
    replay_y = replay.y_test if replay is not None else labels[:0]
    own_before, replay_before = accuracy(model, x_check, y_check), accuracy(model, replay_x, replay_y)
    empty = Dataset("none", images[:0], labels[:0], images[:0], labels[:0], list(class_names))
    data = teaching_data(x_learn, y_learn, replay if replay is not None else empty, class_names, seed)
    config = TrainingConfig.from_dict(
        {**RECIPE, "augment": AUGMENT, "seed": seed, "epochs": epochs or RECIPE["epochs"]}
    )
    metadata = dict(model.metadata)  # the model's own class names and data stay its own
    weights, memory = model.get_weights(), model.memory
    model.memory = None  # rebuilt below, with the drawings (the session would refresh it for nothing)
    session = TrainingSession(model, data, config, normalization=Normalization.from_metadata(model.metadata))
    for listener in listeners:
        session.add_listener(listener)
    state = session.run()
    model.metadata.clear()
    model.metadata.update(metadata)
    if state == "failed":
        model.set_weights(weights)
        model.memory = memory
        return TeachReport(own_before, own_before, replay_before, replay_before, len(x_learn), len(x_check), state)
    memory = base_memory(memory, replay)
    if memory is None:
        memory = Memory(x_learn, y_learn, {DRAWINGS: len(y_learn)}, np.full(len(y_learn), DRAWING_EMPHASIS))
    else:
        memory = memory.extended(x_learn, y_learn, DRAWINGS, emphasis=DRAWING_EMPHASIS)
    model.metadata["taught"] = {"drawings": int(len(images)), "learned_from": int(len(x_learn)),
                                "replay": replay.name if replay is not None else None, **config.to_dict()}  # fmt: skip
    memory.refresh(model)  # the weights changed: every feature anew
    model.memory = memory
    own_after, replay_after = accuracy(model, x_check, y_check), accuracy(model, replay_x, replay_y)
    model.memory = memory.extended(x_check, y_check, DRAWINGS, model, DRAWING_EMPHASIS)  # measured: remember them too
    return TeachReport(own_before, own_after, replay_before, replay_after, len(x_learn), len(x_check), state)
