"""Picture files -> a dataset's images, by one of two pipelines chosen for what the pictures are.

options = DataOptions(pipeline="photos", channels=3, size=48)
images, kept, resolved, notes = load_pictures(paths, options, source="flowers/")

- ``digits``: the draw panel's pipeline (``preprocess_drawing``): the ink is found, cropped,
  thickened or thinned to MNIST's strokes and centred by its centre of mass in 28x28 grey.
  For drawings, scans and photos of handwritten digits or letters.
- ``photos``: the picture is scaled to fit a ``size`` x ``size`` square with its aspect ratio
  kept, and the rest padded with black (no stretching, no cropping); colour is kept or turned
  to grey. For photos of objects, where the background is part of the picture.

With ``pipeline="auto"`` pictures that show colour, or a chosen ``size``, mean photos, and grey
ones mean digits; a note says which was chosen and how to choose the other.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..words import said
from .dataset import DIGITS, IMAGE_SIZE, MIN_SIDE, PHOTOS, default_pipeline
from .drawing import preprocess_drawing
from .errors import DatasetError

PIPELINES = ("auto", DIGITS, PHOTOS)
DEFAULT_PHOTO_SIZE = 32  # CIFAR-10's side: when the photos differ in size and none was chosen
LARGEST_KEPT_SIZE = 96  # photos all of one size up to this are kept at it; larger ones are shrunk
MAX_PHOTO_SIZE = 512
# Pillow modes whose pixels carry colour (the header says so without decoding the picture).
COLOUR_MODES = ("RGB", "RGBA", "RGBX", "CMYK", "YCbCr", "LAB", "HSV", "P", "PA")


@dataclass(frozen=True)
class DataOptions:
    """How files become a dataset: the picture pipeline, the channels and size, the arrays' names.

    pipeline: ``"auto"``, ``"digits"`` or ``"photos"`` (see the module docstring).
    channels: 1 (grey) or 3 (colour) for photos; None: colour when any picture is.
    size: the side photos are fitted into; None: their own when all share one up to 96 px, else 32.
    keys: for ``.npz`` and ``.mat`` files, the names of the arrays to read: ``(x, y)`` or
        ``(x_train, y_train, x_test, y_test)``; None: found among the usual names.
    """

    pipeline: str = "auto"
    channels: int | None = None
    size: int | None = None
    keys: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.pipeline not in PIPELINES:
            raise ValueError(said("pipeline must be one of {value}, got {pipeline}",
                                  value=', '.join(PIPELINES), pipeline=repr(self.pipeline)))
        if self.channels not in (None, 1, 3):
            raise ValueError(said("channels must be 1 (grey) or 3 (colour), got {channels}",
                                  channels=repr(self.channels)))
        if self.size is not None and not (isinstance(self.size, int) and MIN_SIDE <= self.size <= MAX_PHOTO_SIZE):
            raise ValueError(said("image size must be a whole number of pixels from {MIN_SIDE} to {MAX_PHOTO_SIZE}, "
                                  "got {size}",
                                  MIN_SIDE=MIN_SIDE, MAX_PHOTO_SIZE=MAX_PHOTO_SIZE, size=repr(self.size)))  # fmt: skip
        if self.pipeline == DIGITS and (self.channels == 3 or self.size not in (None, IMAGE_SIZE)):
            raise ValueError(said("the digits pipeline makes {IMAGE_SIZE}x{IMAGE_SIZE} grey images; use the photos "
                                  "pipeline for another size or for colour", IMAGE_SIZE=IMAGE_SIZE))  # fmt: skip
        if self.keys is not None and len(self.keys) not in (2, 4):
            raise ValueError(said("keys name 2 arrays (images, labels) or 4 (x_train, y_train, x_test, y_test), got "
                                  "{count_keys}", count_keys=len(self.keys)))  # fmt: skip

    def to_dict(self) -> dict:
        """What a model remembers of how its pictures were read (saved in its metadata)."""
        return {"pipeline": self.pipeline, "channels": self.channels, "size": self.size}


DIGIT_DRAWINGS = DataOptions(pipeline=DIGITS)  # own drawings to teach a digit model: never photos


def read_image(path: Path, colour: bool = False) -> np.ndarray | None:
    """Pixels of an image file as uint8: (H, W) grey or (H, W, 4) RGBA; with ``colour``, (H, W, 3) RGB
    (transparency composited onto white). None if it is not an image Pillow can read."""
    from PIL import Image, UnidentifiedImageError  # here, so the engine imports without Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image = _reduced(image)
                if image.mode in WIDE_MODES:  # 16-bit or 32-bit grey: scale to 0-255, convert() would clip it
                    grey = _wide_to_uint8(image)
                    return np.repeat(grey[..., None], 3, axis=2) if colour else grey
                if colour:
                    return _on_white(image.convert("RGBA"))
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "L")
                return np.asarray(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DatasetError(said("{path}: refused, too many pixels for an image ({error})",
                                path=path, error=error)) from None
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


def _on_white(rgba) -> np.ndarray:
    """(H, W, 3) uint8: an RGBA picture over white paper, as a viewer shows it."""
    pixels = np.asarray(rgba, dtype=np.float32)
    alpha = pixels[..., 3:4] / 255
    return np.rint(pixels[..., :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)


def fit_photo(pixels: np.ndarray, size: int, channels: int) -> np.ndarray:
    """A picture (H, W) or (H, W, 3) uint8 scaled to fit ``size`` x ``size`` with its aspect ratio kept,
    centred on black: (size, size) grey or (3, size, size) colour uint8."""
    from PIL import Image

    picture = Image.fromarray(pixels)
    picture = picture.convert("L" if channels == 1 else "RGB")
    scale = size / max(picture.size)
    width, height = (max(1, round(side * scale)) for side in picture.size)
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR  # area averaging when shrinking
    picture = picture.resize((width, height), method)
    canvas = Image.new(picture.mode, (size, size))
    canvas.paste(picture, ((size - width) // 2, (size - height) // 2))
    fitted = np.asarray(canvas)
    return fitted if channels == 1 else np.ascontiguousarray(fitted.transpose(2, 0, 1))


def picture_image(pixels: np.ndarray, options: DataOptions) -> np.ndarray | None:
    """One picture as read by ``read_image(colour=True)`` -> a dataset image under resolved ``options``;
    None when the digits pipeline finds no ink."""
    if options.pipeline == DIGITS:
        digit = preprocess_drawing(pixels)
        return None if digit is None else np.rint(digit * 255).astype(np.uint8)
    return fit_photo(pixels, options.size, options.channels)


def colourful(pixels: np.ndarray) -> bool:
    """Whether an RGB picture (H, W, 3) uint8 shows colour, not just grey with a tint or JPEG noise:
    a tenth of its pixels differ by more than 20 % between their strongest and weakest channel."""
    chroma = pixels.max(axis=2).astype(np.int16) - pixels.min(axis=2)
    return float(np.percentile(chroma, 90)) > 0.2 * 255


SAMPLED_PICTURES = 24  # decoded to tell drawings from photos: enough to see the set, quick for thousands


def model_reading(input_shape, pipeline: str | None = None) -> DataOptions:
    """How new pictures are read for a model of ``input_shape`` (C, H, W): its saved ``pipeline``
    (else the one its shape suggests), at its channels and size."""
    channels, height, _ = input_shape
    pipeline = pipeline or default_pipeline(input_shape)
    if pipeline == DIGITS:
        return DataOptions(DIGITS, 1, IMAGE_SIZE)
    return DataOptions(PHOTOS, channels, height)


def resolve(paths: list[Path], options: DataOptions) -> tuple[DataOptions, str]:
    """``options`` with every "auto" and None decided from the pictures, and a note saying how.

    Photos when the pictures show colour (most of an even sample of them: a scanned digit saved
    as a colour JPEG is still grey), digit drawings otherwise; colour is kept when any file is
    colour; the size is the pictures' own when they share one up to 96 px, else 32.
    """
    from PIL import Image

    sizes, colour_files = Counter(), False
    for path in paths:
        try:
            with Image.open(path) as image:
                sizes[image.size] += 1
                colour_files = colour_files or image.mode in COLOUR_MODES
        except Exception:  # unreadable files are counted when they are read
            continue
    pipeline = options.pipeline
    if pipeline == "auto":
        sample = [read_image(path, colour=True) for path in paths[:: max(1, len(paths) // SAMPLED_PICTURES)]]
        shown = [colourful(pixels) for pixels in sample if pixels is not None]
        photos = options.size or options.channels == 3 or (shown and sum(shown) > len(shown) / 2)
        pipeline = PHOTOS if photos else DIGITS
    if pipeline == DIGITS:
        return DataOptions(DIGITS, 1, IMAGE_SIZE, options.keys), (
            "read as digit drawings (ink cropped and centred in 28x28 grey, as the draw panel does); "
            "for photos of objects choose the photos pipeline (--pipeline photos)"
        )
    channels = options.channels or (3 if colour_files else 1)
    size = options.size
    if size is None:
        size = DEFAULT_PHOTO_SIZE
        if len(sizes) == 1 and max(next(iter(sizes))) <= LARGEST_KEPT_SIZE:
            size = max(next(iter(sizes)))
    kept = "aspect ratio kept, padded with black"
    return DataOptions(PHOTOS, channels, size, options.keys), (
        f"read as photos: {size}x{size} {'colour' if channels == 3 else 'grey'} ({kept})"
        + ("; choose another size with --image-size" if options.size is None else "")
    )


def load_pictures(paths: list[Path], options: DataOptions, source) -> tuple:
    """``(images, kept, resolved options, notes)`` for picture files: ``kept`` is the index in ``paths``
    of each image. Unreadable and blank ones are skipped and counted in the notes; DatasetError when
    none is usable."""
    resolved, how = resolve(paths, options)
    images, kept = [], []
    unreadable = blank = 0
    for index, path in enumerate(paths):
        pixels = read_image(path, colour=resolved.pipeline == PHOTOS)
        if pixels is None:
            unreadable += 1
            continue
        image = picture_image(pixels, resolved)
        if image is None:
            blank += 1
            continue
        images.append(image)
        kept.append(index)
    skipped = f"skipped {unreadable} non-image file(s) and {blank} blank image(s)"
    if not images:
        raise DatasetError(said("{source}: no usable images among {count_paths} file(s) ({skipped})",
                                source=source, count_paths=len(paths), skipped=skipped))
    notes = [how] + ([skipped] if unreadable or blank else [])
    return np.stack(images), np.array(kept, dtype=np.int64), resolved, notes
