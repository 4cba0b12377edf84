"""Saving and loading models: ONE ``.npz`` file, never a pickle.

Layout of the archive (every entry a plain numeric or text array):

    __config__                      JSON text: format name and version, the architecture
                                    (layer classes and their configs), loss, optimizer
                                    config, metadata, random-generator states
    param/<layer>/<name>            trainable parameters, e.g. param/conv2d_1/W
    buffer/<layer>/<name>           saved non-trained state (BatchNorm running statistics)
    optimizer/<layer>.<name>/<slot> optimizer state (momentum, Adam moments, step counts)
    memory/images, memory/labels,   the digits the model remembers (engine/memory.py), uint8
    memory/features                 (M, H, W) and (M,), with their features (M, F) float16

``numpy.load(path, allow_pickle=False)`` reads it, so opening a model file can never run
code. Saving writes a temporary file next to the target and renames it over the target
only when complete (``engine.files.atomic_write``), so a crash never leaves half a model
behind and never destroys the previous file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import losses, optimizers
from .archive import ModelArchive
from .errors import ModelFileError
from .files import atomic_write
from .memory import Memory
from .words import said

FORMAT = "cnn-studio-model"
FORMAT_VERSION = 1
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_MODEL = RESOURCES / "default_model.npz"


def _rng_states(model) -> dict:
    return {
        "model": model.rng.bit_generator.state,
        "layers": {layer.name: layer.rng.bit_generator.state for layer in model.layers},
    }


def save_model(model, path, include_optimizer: bool = True) -> None:
    """Write ``model`` to ``path`` (see the module docstring for the layout)."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "model": model.get_config(),
        "metadata": model.metadata,
        "rng": _rng_states(model),
    }
    arrays: dict[str, np.ndarray] = {}
    for layer in model.layers:
        for kind, store in (("param", layer.params), ("buffer", layer.buffers)):
            for key, value in store.items():
                arrays[f"{kind}/{layer.name}/{key}"] = value
    if model.loss is not None:
        header["loss"] = {"class": type(model.loss).__name__, "config": model.loss.get_config()}
        header["metrics"] = list(model.metrics)
    if include_optimizer and model.optimizer is not None:
        optimizer = model.optimizer
        header["optimizer"] = {
            "class": type(optimizer).__name__,
            "config": optimizer.get_config(),
            "iterations": optimizer.iterations,
        }
        for key, value in optimizer.state_arrays().items():
            arrays[f"optimizer/{key}"] = value
    if model.memory is not None:
        header["memory"] = model.memory.description()
        arrays.update(model.memory.arrays())
    try:
        config_text = json.dumps(header)
    except TypeError as error:
        raise ValueError(said("model metadata must be JSON-serialisable: {error}", error=error)) from None
    arrays["__config__"] = np.array(config_text)
    atomic_write(path, lambda f: np.savez_compressed(f, **arrays))


def resolve_model_path(path) -> Path:
    """``'default'`` means the pretrained model shipped in ``resources/``."""
    if str(path) == "default":
        if not DEFAULT_MODEL.exists():
            raise ModelFileError(said("no default model is shipped yet (expected {DEFAULT_MODEL})",
                                      DEFAULT_MODEL=DEFAULT_MODEL))
        return DEFAULT_MODEL
    return Path(path)


def open_model_file(path) -> ModelArchive:
    """The model file at ``path`` (``'default'``: the shipped model) opened for checked reading."""
    return ModelArchive(resolve_model_path(path))


def read_header(archive: ModelArchive) -> dict:
    """The JSON description, checked: a CNN Studio model of a format version this code reads."""
    path = archive.path
    if "__config__" not in archive.members:
        raise ModelFileError(
            said("{path}: not a CNN Studio model (no __config__ entry; a dataset or another program's file?)",
                 path=path)
        )
    header = archive.json("__config__")
    if not isinstance(header, dict):
        raise ModelFileError(said("{path}: not a CNN Studio model (its description is a {name})",
                                  path=path, name=type(header).__name__))
    if header.get("format") != FORMAT:
        raise ModelFileError(said("{path}: not a CNN Studio model (format {value})",
                                  path=path, value=repr(header.get('format'))))
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ModelFileError(said("{path}: the model file has no valid format version", path=path))
    if version > FORMAT_VERSION:
        raise ModelFileError(
            said("{path}: saved by a newer CNN Studio (file format {version}, this version reads up to "
                 "{FORMAT_VERSION}); update CNN Studio to open it",
                 path=path, version=version, FORMAT_VERSION=FORMAT_VERSION)
        )
    for part in ("model", "metadata", "rng", "loss", "optimizer"):
        if part in header and header[part] is not None and not isinstance(header[part], dict):
            kind = type(header[part]).__name__
            raise ModelFileError(said("{path}: the model description is damaged ({part} is a {kind})",
                                      path=path, part=part, kind=kind))
    return header


def stored_elements(archive: ModelArchive, layer_name: str) -> int:
    """How many numbers the file stores for one layer's weights and buffers (read from the array headers only)."""
    total = 0
    for key in archive.keys(f"param/{layer_name}/") + archive.keys(f"buffer/{layer_name}/"):
        total += int(np.prod(archive.shape(key), dtype=np.int64))
    return total


def _restore_array(archive: ModelArchive, key: str, target: np.ndarray) -> None:
    value = archive.read(key, target.shape)
    if value is None:
        raise ModelFileError(said("{path}: missing weights {key}", path=archive.path, key=repr(key)))
    if not np.issubdtype(value.dtype, np.floating) or not np.all(np.isfinite(value)):
        raise ModelFileError(said("{path}: {key} does not hold finite floating-point numbers",
                                  path=archive.path, key=key))
    target[...] = value


def restore_model_state(archive: ModelArchive, model, header: dict) -> None:
    """Weights, buffers, metadata, loss, optimizer state and random-generator states into a freshly built ``model``."""
    for layer in model.layers:
        for kind, store in (("param", layer.params), ("buffer", layer.buffers)):
            for key, target in store.items():
                _restore_array(archive, f"{kind}/{layer.name}/{key}", target)
    model.metadata = header.get("metadata") or {}
    _check_metadata(archive.path, model.metadata)
    if header.get("memory") is not None:
        model.memory = Memory.load(archive, header["memory"], model)
    _restore_training_state(archive, model, header)


def _check_metadata(path, metadata: dict) -> None:
    """What prediction reads from the metadata must be usable: the normalisation and the class names."""
    normalization = metadata.get("normalization")
    if normalization is not None:
        try:
            mean, std = float(normalization["mean"]), float(normalization["std"])
            if not (np.isfinite(mean) and np.isfinite(std) and std > 0):
                raise ValueError(said("not finite, or std not positive"))
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFileError(said("{path}: the saved normalisation is damaged ({error})",
                                      path=path, error=error)) from None
    names = metadata.get("class_names")
    if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
        raise ModelFileError(said("{path}: the saved class names are damaged (not a list of names)", path=path))


def _optimizer_state(archive: ModelArchive, model) -> dict[str, np.ndarray]:
    """The saved optimizer slots, each read with the shape of its parameter (a step counter: a number)."""
    shapes = {name: value.shape for name, value, _ in model.named_parameters()}
    arrays = {}
    for key in archive.keys("optimizer/"):
        name, _, slot = key[len("optimizer/") :].rpartition("/")
        if name not in shapes:
            raise ModelFileError(said("{path}: optimizer state for unknown parameter {name}",
                                      path=archive.path, name=repr(name)))
        declared = archive.shape(key)
        arrays[f"{name}/{slot}"] = archive.read(key, () if declared == () else shapes[name])
    return arrays


def _restore_training_state(archive: ModelArchive, model, header: dict) -> None:
    """Loss, optimizer (with its state) and random-generator states, when saved."""
    path = archive.path
    try:
        if "loss" in header:
            loss_class = losses.LOSS_CLASSES[header["loss"]["class"]]
            optimizer = None
            if "optimizer" in header:
                saved = header["optimizer"]
                optimizer = optimizers.from_config(saved["class"], saved["config"])
                optimizer.iterations = int(saved.get("iterations", 0))
                optimizer.load_state_arrays(_optimizer_state(archive, model))
                _check_optimizer_state(path, model, optimizer)
            model.compile(
                optimizer or "adam",
                loss=loss_class(**header["loss"]["config"]),
                metrics=header.get("metrics", ["accuracy"]),
            )
            if optimizer is None:
                model.optimizer = None
        rng = header.get("rng") or {}
        if "model" in rng:
            model.rng.bit_generator.state = rng["model"]
        for layer in model.layers:
            if layer.name in rng.get("layers", {}):
                layer.rng.bit_generator.state = rng["layers"][layer.name]
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(said("{path}: the saved training state is damaged ({error})",
                                  path=path, error=error)) from None


def _check_optimizer_state(path, model, optimizer) -> None:
    """Every saved optimizer slot must belong to a parameter and match its shape; after a step, none may be missing."""
    shapes = {name: value.shape for name, value, _ in model.named_parameters()}
    if optimizer.iterations > 0:
        for name in shapes:
            missing = [slot for slot in optimizer.slots() if slot not in optimizer.state.get(name, {})]
            if missing:
                raise ModelFileError(
                    said("{path}: the {name} state of {name2} lacks {value} (saved after {iterations} steps), so a "
                         "resumed run would quietly start it over; train the saved weights further with --model "
                         "instead of --resume",
                         path=path, name=type(optimizer).__name__, name2=name, value=', '.join(missing),
                         iterations=optimizer.iterations)
                )
    for name, slots in optimizer.state.items():
        if name not in shapes:
            raise ModelFileError(said("{path}: optimizer state for unknown parameter {name}",
                                      path=path, name=repr(name)))
        for slot, value in slots.items():
            if isinstance(value, np.ndarray) and value.shape != shapes[name]:
                raise ModelFileError(
                    said("{path}: optimizer state {name}/{slot} has shape {shape}, expected {value}",
                         path=path, name=name, slot=slot, shape=value.shape, value=shapes[name])
                )
