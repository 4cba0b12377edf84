"""Saving and loading models: ONE ``.npz`` file, never a pickle.

Layout of the archive (every entry a plain numeric or text array):

    __config__                      JSON text: format name and version, the architecture
                                    (layer classes and their configs), loss, optimizer
                                    config, metadata, random-generator states
    param/<layer>/<name>            trainable parameters, e.g. param/conv2d_1/W
    buffer/<layer>/<name>           saved non-trained state (BatchNorm running statistics)
    optimizer/<layer>.<name>/<slot> optimizer state (momentum, Adam moments, step counts)

``numpy.load(path, allow_pickle=False)`` reads it, so opening a model file can never run
code. Saving writes a temporary file next to the target and renames it over the target
only when complete (``engine.files.atomic_write``), so a crash never leaves half a model
behind and never destroys the previous file.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import numpy as np

from . import losses, optimizers
from .errors import ModelFileError
from .files import atomic_write

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
    try:
        config_text = json.dumps(header)
    except TypeError as error:
        raise ValueError(f"model metadata must be JSON-serialisable: {error}") from None
    arrays["__config__"] = np.array(config_text)
    atomic_write(path, lambda f: np.savez_compressed(f, **arrays))


def resolve_model_path(path) -> Path:
    """``'default'`` means the pretrained model shipped in ``resources/``."""
    if str(path) == "default":
        if not DEFAULT_MODEL.exists():
            raise ModelFileError(f"no default model is shipped yet (expected {DEFAULT_MODEL})")
        return DEFAULT_MODEL
    return Path(path)


def _read_archive(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        raise ModelFileError(f"{path}: no such file")
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder, not a model file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if not hasattr(archive, "files"):
                raise ModelFileError(f"{path}: a single .npy array, not a CNN Studio model (.npz)")
            return {key: archive[key] for key in archive.files}
    except ModelFileError:
        raise
    except ValueError as error:
        if "pickle" in str(error):
            raise ModelFileError(f"{path}: contains pickled objects, which are never loaded") from None
        raise ModelFileError(f"{path}: not a readable .npz file ({error})") from None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError) as error:
        raise ModelFileError(f"{path}: corrupt or truncated file ({error or type(error).__name__})") from None


def _read_header(path: Path, data: dict) -> dict:
    if "__config__" not in data:
        raise ModelFileError(
            f"{path}: not a CNN Studio model (no __config__ entry; a dataset or another program's file?)"
        )
    try:
        header = json.loads(str(data["__config__"]))
    except (json.JSONDecodeError, UnicodeError) as error:
        raise ModelFileError(f"{path}: the model description is damaged ({error})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a CNN Studio model (format {header.get('format')!r})")
    version = header.get("version")
    if not isinstance(version, int):
        raise ModelFileError(f"{path}: the model file has no valid format version")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"{path}: saved by a newer CNN Studio (file format {version}, this version reads up to "
            f"{FORMAT_VERSION}); update CNN Studio to open it"
        )
    return header


def _restore_array(path, key: str, data: dict, target: np.ndarray) -> None:
    if key not in data:
        raise ModelFileError(f"{path}: missing weights {key!r}")
    value = data[key]
    if value.shape != target.shape:
        raise ModelFileError(f"{path}: {key} has shape {value.shape}, the architecture needs {target.shape}")
    if not np.issubdtype(value.dtype, np.floating) or not np.all(np.isfinite(value)):
        raise ModelFileError(f"{path}: {key} does not hold finite floating-point numbers")
    target[...] = value


def read_model_file(path) -> tuple[Path, dict, dict[str, np.ndarray]]:
    """``(path, header, arrays)`` of a model file, checked as far as the file itself goes.

    ``path`` may be ``'default'`` for the shipped pretrained model. Building the model from
    the header is ``engine.model.load_model``'s part: this module never imports the model.
    """
    path = resolve_model_path(path)
    data = _read_archive(path)
    return path, _read_header(path, data), data


def restore_model_state(path, model, header: dict, data: dict) -> None:
    """Weights, buffers, metadata, loss, optimizer state and random-generator states into a freshly built ``model``."""
    for layer in model.layers:
        for kind, store in (("param", layer.params), ("buffer", layer.buffers)):
            for key, target in store.items():
                _restore_array(path, f"{kind}/{layer.name}/{key}", data, target)
    model.metadata = header.get("metadata") or {}
    _restore_training_state(path, model, header, data)


def _restore_training_state(path, model, header: dict, data: dict) -> None:
    """Loss, optimizer (with its state) and random-generator states, when saved."""
    try:
        if "loss" in header:
            loss_class = losses.LOSS_CLASSES[header["loss"]["class"]]
            optimizer = None
            if "optimizer" in header:
                saved = header["optimizer"]
                optimizer = optimizers.from_config(saved["class"], saved["config"])
                optimizer.iterations = int(saved.get("iterations", 0))
                prefix = "optimizer/"
                optimizer.load_state_arrays({k[len(prefix) :]: v for k, v in data.items() if k.startswith(prefix)})
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
        raise ModelFileError(f"{path}: the saved training state is damaged ({error})") from None


def _check_optimizer_state(path, model, optimizer) -> None:
    """Every saved optimizer slot must belong to a parameter and match its shape; after a step, none may be missing."""
    shapes = {name: value.shape for name, value, _ in model.named_parameters()}
    if optimizer.iterations > 0:
        for name in shapes:
            missing = [slot for slot in optimizer.slots() if slot not in optimizer.state.get(name, {})]
            if missing:
                raise ModelFileError(
                    f"{path}: the {type(optimizer).__name__} state of {name} lacks {', '.join(missing)} (saved after "
                    f"{optimizer.iterations} steps), so a resumed run would quietly start it over; train the saved "
                    "weights further with --model instead of --resume"
                )
    for name, slots in optimizer.state.items():
        if name not in shapes:
            raise ModelFileError(f"{path}: optimizer state for unknown parameter {name!r}")
        for slot, value in slots.items():
            if isinstance(value, np.ndarray) and value.shape != shapes[name]:
                raise ModelFileError(
                    f"{path}: optimizer state {name}/{slot} has shape {value.shape}, expected {shapes[name]}"
                )
