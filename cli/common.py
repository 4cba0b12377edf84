"""Helpers the commands share: loading models and images, and the one error type they report."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine import DivergenceError, ModelFileError, load_model
from engine.data import DatasetError, preprocess_drawing
from engine.data.image_folder import read_image
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


def writable_output(path: str, flag: str) -> Path:
    """``path`` checked before any work starts: its folder exists or can be made and is writable."""
    try:
        return writable_target(path)
    except UnwritablePathError as error:
        raise CommandError(f"{flag} {error}") from None
