"""Image folders: one sub-folder per class (``digits/3/*.png``, ``clothes/shoe/*.jpg``).

Every image goes through ``preprocess_drawing`` (the draw panel's pipeline), so a folder of
photos or scans becomes MNIST-like 28x28 digits. Files Pillow cannot read, and images with
no ink, are skipped and counted; if nothing is left, that is an error. A decompression
bomb (an image over Pillow's pixel limit) is refused by name.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from .dataset import Dataset, empty_part, validate
from .drawing import preprocess_drawing
from .errors import DatasetError


def _class_folders(folder: Path) -> list[Path]:
    subfolders = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if not subfolders:
        raise DatasetError(f"{folder}: no class sub-folders (expected e.g. {folder}/3/*.png)")
    if all(p.name.isdigit() for p in subfolders):
        return sorted(subfolders, key=lambda p: int(p.name))
    return sorted(subfolders, key=lambda p: p.name)


def read_image(path: Path) -> np.ndarray | None:
    """Pixels of an image file (uint8 L or RGBA), None if it is not an image Pillow can read."""
    from PIL import Image, UnidentifiedImageError  # here, so the engine imports without Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image = _reduced(image)
                if image.mode in WIDE_MODES:  # 16-bit or 32-bit grey: scale to 0-255, convert() would clip it
                    return _wide_to_uint8(image)
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "L")
                return np.asarray(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DatasetError(f"{path}: refused, too many pixels for an image ({error})") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None


# Pillow's modes with more than 8 bits per grey pixel: 16-bit PNG and TIFF, 32-bit int and float.
WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


# Pictures are reduced to at most this many pixels on their longer side as they load: a digit
# ends up 28x28, and a 9000x9000 photo would otherwise take gigabytes on its way there.
MAX_SIDE = 1024


def _reduced(image):
    """The image at most MAX_SIDE pixels on its longer side: JPEG decodes smaller at once (draft), others shrink."""
    if max(image.size) <= MAX_SIDE:
        return image
    if image.mode in ("1", "P", "PA"):  # reduce() needs plain pixels: grey (with alpha), 1-2 bytes each
        image = image.convert("L" if image.mode == "1" else "LA")
    image.draft(image.mode, (MAX_SIDE, MAX_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 size; others: no effect
    if max(image.size) > MAX_SIDE:
        factor = -(-max(image.size) // MAX_SIDE)
        image = image.reduce(factor)  # box filter, integer factor: cheap and keeps thin strokes
    return image


def _wide_to_uint8(image) -> np.ndarray:
    """A 16/32-bit grey image as uint8: 16-bit by its full range, others by their own maximum."""
    values = np.asarray(image, dtype=np.float64)
    top = 65535.0 if image.mode.startswith("I;16") else max(float(np.nanmax(values)), 1.0)
    return np.rint(np.clip(np.nan_to_num(values) / top, 0, 1) * 255).astype(np.uint8)


def load_image_folder(folder, name: str | None = None) -> Dataset:
    """All images of a class-per-sub-folder tree, preprocessed to 28x28 (as training data)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder")
    classes = _class_folders(folder)
    images, labels = [], []
    unreadable = empty = 0
    for label, class_folder in enumerate(classes):
        for path in sorted(p for p in class_folder.rglob("*") if p.is_file()):
            pixels = read_image(path)
            if pixels is None:
                unreadable += 1
                continue
            digit = preprocess_drawing(pixels)
            if digit is None:
                empty += 1
                continue
            images.append(np.rint(digit * 255).astype(np.uint8))
            labels.append(label)
    skipped = f"skipped {unreadable} non-image file(s) and {empty} blank image(s)"
    if not images:
        raise DatasetError(f"{folder}: no usable images in {len(classes)} class folder(s) ({skipped})")
    dataset = validate(
        name or folder.name,
        folder,
        np.stack(images),
        np.array(labels),
        *empty_part(),
        class_names=[p.name for p in classes],
    )
    if unreadable or empty:
        dataset.notes.append(skipped)
    return dataset
