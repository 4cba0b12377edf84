"""Helpers the commands share: loading models and images, and the one error type they report."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine import DivergenceError, ModelFileError, load_model
from engine.data import DataOptions, DatasetError, preprocess_drawing
from engine.data.dataset import DIGITS, PHOTOS
from engine.data.pictures import PIPELINES, model_reading, picture_image, read_image
from engine.errors import UnwritablePathError
from engine.files import not_a_file, writable_target
from engine.presets import PRESETS, build_preset


class CommandError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


# Problems a user can fix: one `error:` line and exit status 1 (a traceback only with --debug).
# Anything else is a bug in CNN Studio, and main.py says so.
USER_ERRORS = (CommandError, DatasetError, ModelFileError, DivergenceError, ValueError, OSError)


def model_or_preset(spec: str, seed: int | None = 0, num_classes: int = 10):
    """A saved model (a file, or ``default``) or a fresh preset by name, with ``num_classes`` outputs."""
    if spec in PRESETS:
        return build_preset(spec, num_classes=num_classes, seed=seed)
    if spec == "default" or Path(spec).exists():
        return load_model(spec)
    raise CommandError(f"{spec}: no such model file, and not a preset ({', '.join(PRESETS)})")


def drawing_from_file(path: Path) -> np.ndarray | None:
    """The 28x28 [0, 1] image the network sees for an image file (None if it is blank)."""
    problem = not_a_file(path)
    if problem:
        raise DatasetError(f"{path}: {problem}")
    pixels = read_image(path)
    if pixels is None:
        raise DatasetError(f"{path}: not an image Pillow can read")
    return preprocess_drawing(pixels)


def check_input_shape(model, dataset, name: str) -> None:
    """A CommandError unless ``model`` reads images of the dataset's shape."""
    if model.input_shape is not None and tuple(model.input_shape) != dataset.input_shape:
        theirs, ours = ("x".join(map(str, shape)) for shape in (dataset.input_shape, model.input_shape))
        raise CommandError(
            f"{name}: the model reads {ours} images (channels x height x width), but {dataset.name}'s are "
            f"{theirs}; train a preset on this data, or read its pictures to fit with --image-size/--channels"
        )


def picture_from_file(path: Path, model) -> np.ndarray | None:
    """The [0, 1] image ``model`` sees for a picture file, read the way its training pictures were:
    (28, 28) for a digit model (None if blank), (H, W) or (3, H, W) for a photo model."""
    reading = model_reading(model.input_shape, model.metadata.get("pipeline"))
    if reading.pipeline == DIGITS:
        return drawing_from_file(path)
    problem = not_a_file(path)
    if problem:
        raise DatasetError(f"{path}: {problem}")
    pixels = read_image(path, colour=True)
    if pixels is None:
        raise DatasetError(f"{path}: not an image Pillow can read")
    return picture_image(pixels, reading) * np.float32(1 / 255)


def writable_output(path: str, flag: str) -> Path:
    """``path`` checked before any work starts: its folder exists or can be made and is writable."""
    try:
        return writable_target(path)
    except UnwritablePathError as error:
        raise CommandError(f"{flag} {error}") from None


DATA_HELP = (
    "dataset name (mnist-embedded, mnist, fashion-mnist, cifar10) or path: an IDX folder, an image folder (a "
    "sub-folder per class, optionally inside train/ and test/), an .npz or .mat file, a table of pixel rows (.csv, "
    "like Kaggle's label,pixel0,...) or a list of 'picture label' lines (.txt/.csv); default: mnist-embedded"
)
# DataOptions' messages start with the setting; the flag that sets it is named instead.
DATA_FLAG_OF = {"pipeline": "--pipeline", "channels": "--channels", "image": "--image-size", "the": "--pipeline",
                "keys": "--keys"}  # fmt: skip


def add_data_arguments(parser) -> None:
    """``--data`` and the flags that say how its files are read (shared by train and evaluate)."""
    parser.add_argument("--data", default="mnist-embedded", help=DATA_HELP)
    parser.add_argument("--pipeline", choices=PIPELINES, help="how pictures are read: digits (ink cropped and "
                        "centred in 28x28 grey, as the draw panel does) or photos (fitted into a square with the "
                        "aspect ratio kept, colour kept); default: auto, photos when the pictures show colour, or a "
                        "saved model's own")  # fmt: skip
    parser.add_argument("--image-size", type=int, metavar="PX", help="photos: the side of the square they are "
                        "fitted into (default: their own when all share one up to 96 px, else 32)")  # fmt: skip
    parser.add_argument("--channels", type=int, choices=(1, 3), help="photos: 1 (grey) or 3 (colour); default: "
                        "colour when the files are")  # fmt: skip
    parser.add_argument("--keys", metavar="X,Y[,X_TEST,Y_TEST]", help=".npz/.mat: the arrays to read "
                        "(default: found among the usual names: x_train, train_images, X_Train...)")  # fmt: skip


def data_options(args, model=None) -> DataOptions:
    """The flags as ``DataOptions``; what is not given comes from ``model`` (read new data the way it was
    trained), else is decided from the files."""
    pipeline, size, channels = args.pipeline, args.image_size, args.channels
    if model is not None and pipeline is None and model.input_shape and len(model.input_shape) == 3:
        reading = model_reading(model.input_shape, model.metadata.get("pipeline"))
        pipeline = reading.pipeline
        if pipeline == PHOTOS:
            channels, size = channels or reading.channels, size or reading.size
    keys = tuple(key.strip() for key in args.keys.split(",")) if args.keys else None
    try:
        return DataOptions(pipeline or "auto", channels, size, keys)
    except ValueError as error:
        message = str(error)
        raise CommandError(f"{DATA_FLAG_OF.get(message.split(' ', 1)[0], '--data')}: {message}") from None
