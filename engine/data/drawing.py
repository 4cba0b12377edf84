"""``preprocess_drawing``: turn any picture of a digit into what an MNIST network expects.

MNIST itself was made this way (LeCun et al.): the NIST digits were size-normalised to
fit a 20x20 box preserving their aspect ratio, anti-aliased (hence the grey levels), and
centred in a 28x28 field by putting their centre of mass at the centre. White ink on a
black background. A drawing from the canvas, a photo of paper or a scanned file goes
through the same steps here, plus two that real pictures need:

1. grayscale: RGB(A) -> luminance in [0, 1] (transparent pixels count as paper);
2. polarity: the border tells the background; dark-on-light pictures are inverted, so
   ink is bright on black as in MNIST;
3. background removal: ink intensity relative to the paper (a plane fitted to the border,
   so unevenly lit photos work), faint noise and isolated specks cleared;
4. crop to the ink's bounding box;
5. stroke thickness: the ink is scaled to a working size (longer side 80 px = 4x the
   20 px box) where its stroke width is estimated as ``2 * area / perimeter``; thin pen
   lines are thickened (dilation) and fat brush strokes thinned (erosion) to MNIST's
   median width, 1.94 px at the 20 px box (measured on the embedded digits);
6. scale the longer side to 20 px with anti-aliasing (area averaging);
7. paste into 28x28 and shift (sub-pixel, bilinear) so the centre of mass sits at the centre.

An image with no ink returns ``None``: nothing drawn is not an error. Every step but the
thickness change moves and scales the picture, so where each 28x28 pixel came from is
one scale and one offset per axis (``Placement``): the explanation paints its saliency
back onto the drawing with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..words import said

FIELD = 28
BOX = 20
WORK_SCALE = 4  # thickness is adjusted at 4x the final resolution
MNIST_STROKE_WIDTH = 1.94  # median of 2 * area / perimeter at the 20 px box, embedded digits
MIN_CONTRAST = 0.08  # below this, the "ink" is just noise in the paper
NOISE_FLOOR = 0.15  # ink fainter than this (relative) is cleared


def to_grayscale(image: np.ndarray) -> np.ndarray:
    """uint8 or float, (H, W), (H, W, 3) or (H, W, 4) -> float32 (H, W) in [0, 1]."""
    image = np.asarray(image)
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)):
        raise ValueError(said("expected a grayscale (H, W) or colour (H, W, 3|4) image, got shape {shape}",
                              shape=image.shape))
    if min(image.shape[:2]) < 1:
        raise ValueError(said("the image is empty (shape {shape})", shape=image.shape))
    pixels = image.astype(np.float32)
    if image.dtype == np.uint8 or pixels.max(initial=0) > 1.0:
        pixels /= 255.0
    if pixels.ndim == 3:
        if pixels.shape[2] == 4:  # composite onto white paper
            alpha = pixels[..., 3:4]
            pixels = pixels[..., :3] * alpha + (1 - alpha)
        pixels = (
            pixels[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32) if pixels.shape[2] >= 3 else pixels[..., 0]
        )
    return np.clip(pixels, 0, 1)


def paper_level(gray: np.ndarray) -> np.ndarray:
    """The background brightness at every pixel, as a plane fitted to the image's border.

    A photo of paper is lit unevenly: one corner can be 20% darker than the other, more
    than faint pencil. A plane ``a + b * x + c * y`` follows such a gradient; it is fitted
    by least squares to the border pixels, then again without those far off the first fit
    (ink that touches the edge).
    """
    H, W = gray.shape
    rows, cols = np.indices((H, W))
    border = np.zeros((H, W), bool)
    border[[0, -1], :] = border[:, [0, -1]] = True
    design = np.stack([np.ones(border.sum()), cols[border] / W, rows[border] / H], axis=1)
    values = gray[border]
    keep = np.ones(len(values), bool)
    for _ in range(2):
        coefficients = np.linalg.lstsq(design[keep], values[keep], rcond=None)[0]
        residual = np.abs(values - design @ coefficients)
        keep = residual <= max(3 * np.median(residual), 0.02)
    a, b, c = coefficients
    return (a + b * cols / W + c * rows / H).astype(np.float32)


def ink_map(gray: np.ndarray) -> np.ndarray | None:
    """Bright-ink-on-black intensities in [0, 1], or None if there is no ink (or only specks of it)."""
    background = paper_level(gray)
    ink = background - gray if float(np.median(background)) > 0.5 else gray - background
    strongest = float(ink.max())
    if strongest < MIN_CONTRAST:
        return None
    ink = np.clip(ink / strongest, 0, 1)
    ink[ink < NOISE_FLOOR] = 0
    ink = remove_specks(ink)
    return ink if ink.any() else None  # nothing but specks: as blank as white paper


def remove_specks(ink: np.ndarray) -> np.ndarray:
    """Clear ink pixels with fewer than 3 ink pixels in their 3x3 neighbourhood (themselves included).

    A line, even 1 px thin, has 3 in every neighbourhood; a speck of sensor noise or dust
    has 1 or 2, and one speck in a corner would otherwise stretch the crop to the corner.
    """
    on = np.pad((ink > 0).astype(np.int32), 1)
    H, W = ink.shape
    count = sum(on[dy : dy + H, dx : dx + W] for dy in range(3) for dx in range(3))
    return np.where(count >= 3, ink, 0).astype(ink.dtype)


@dataclass(frozen=True)
class Placement:
    """Where the 28x28 field lies on the original picture of ``shape`` (H, W): a picture pixel
    (row, col) lands on field pixel (row * scale[0] + offset[0], col * scale[1] + offset[1])."""

    shape: tuple[int, int]
    scale: tuple[float, float] = (1.0, 1.0)
    offset: tuple[float, float] = (0.0, 0.0)

    def then(self, scale=(1.0, 1.0), offset=(0.0, 0.0)) -> Placement:
        """This placement followed by one more step ``new = old * scale + offset`` (per axis)."""
        return Placement(self.shape, tuple(a * k for a, k in zip(self.scale, scale, strict=True)),
                         tuple(b * k + o for b, k, o in zip(self.offset, scale, offset, strict=True)))  # fmt: skip

    def resized(self, before: tuple[int, int], after: tuple[int, int]) -> Placement:
        """Followed by a resize from ``before`` to ``after`` pixels (Pillow's convention: pixel centres line up)."""
        scale = tuple(a / b for a, b in zip(after, before, strict=True))
        return self.then(scale, tuple(0.5 * k - 0.5 for k in scale))


class Steps(dict):
    """The intermediate images of ``preprocess_drawing``, by name and in order; ``placement`` is where
    the result lies on the picture (None while there is no result)."""

    placement: Placement | None = None


def paper_shade(gray: np.ndarray) -> float:
    """The typical shade of the paper (``paper_level``'s median), to pad a picture with."""
    return float(np.median(paper_level(gray)))


def fit_square(pixels: np.ndarray, size: int, fill: float) -> np.ndarray:
    """(H, W) -> (size, size) float32 with the aspect ratio kept: centred on a square of ``fill``,
    then scaled (area averaging). How the draw panel shows an opened picture."""
    from PIL import Image

    height, width = pixels.shape
    side = max(height, width)
    square = np.full((side, side), fill, np.float32)
    top, left = (side - height) // 2, (side - width) // 2
    square[top : top + height, left : left + width] = pixels
    return np.asarray(Image.fromarray(square, mode="F").resize((size, size), Image.Resampling.BOX))


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), bottom and right exclusive, of the ink (which must not be empty)."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The smallest box holding all the ink (which must not be empty)."""
    top, bottom, left, right = ink_box(ink)
    return ink[top:bottom, left:right]


def resize_longer_side(image: np.ndarray, size: int) -> np.ndarray:
    """Scale so the longer side is ``size`` px, keeping the aspect ratio (area averaging when shrinking)."""
    from PIL import Image  # here, so the engine imports without Pillow (benchmarks run it next to torch)

    H, W = image.shape
    scale = size / max(H, W)
    new_size = (max(1, round(W * scale)), max(1, round(H * scale)))
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    return np.asarray(Image.fromarray(image.astype(np.float32), mode="F").resize(new_size, method))


def stroke_width(ink: np.ndarray) -> float:
    """Estimated stroke width in pixels: ``2 * area / perimeter`` of the ink (> 0.5)."""
    mask = np.pad(ink > 0.5, 1)
    area = mask.sum()
    perimeter = np.sum(mask[:, 1:] != mask[:, :-1]) + np.sum(mask[1:] != mask[:-1])
    return 2.0 * area / perimeter if perimeter else 0.0


def _neighbourhood(image: np.ndarray, reduce) -> np.ndarray:
    """3x3 max (dilation) or min (erosion) filter, by combining 9 shifted copies."""
    padded = np.pad(image, 1)
    H, W = image.shape
    result = padded[1 : H + 1, 1 : W + 1].copy()
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            reduce(result, padded[dy : dy + H, dx : dx + W], out=result)
    return result


def normalise_thickness(ink: np.ndarray, target: float) -> np.ndarray:
    """Dilate or erode (3x3, each pass ~2 px of width) towards the ``target`` stroke width."""
    width = stroke_width(ink)
    if width == 0:
        return ink
    passes = int(round((target - width) / 2))
    if passes > 0:
        ink = np.pad(ink, passes)  # room to grow
        for _ in range(passes):
            ink = _neighbourhood(ink, np.maximum)
    for _ in range(-passes):
        thinner = _neighbourhood(ink, np.minimum)
        if (thinner > 0.5).sum() < 0.3 * (ink > 0.5).sum():  # never erode a digit away
            break
        ink = thinner
    return ink


def centre_of_mass_offset(image: np.ndarray) -> tuple[float, float]:
    """(dy, dx): how far the intensity centre of mass lies from the field's centre."""
    total = image.sum()
    if total <= 0:
        return 0.0, 0.0
    rows, cols = np.indices(image.shape)
    centre = (FIELD - 1) / 2  # 13.5: the middle between the two central pixels
    return float((rows * image).sum() / total) - centre, float((cols * image).sum() / total) - centre


def shift_to_centre_of_mass(image: np.ndarray) -> np.ndarray:
    """Translate (bilinear, sub-pixel) so the intensity centre of mass is the field's centre."""
    from PIL import Image

    if image.sum() <= 0:
        return image
    dy, dx = centre_of_mass_offset(image)
    moved = Image.fromarray(image, mode="F").transform(
        image.shape[::-1], Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy), resample=Image.Resampling.BILINEAR
    )
    return np.asarray(moved)


def preprocess_drawing(image: np.ndarray, return_steps: bool = False):
    """Any digit picture -> (28, 28) float32 in [0, 1], white ink on black, MNIST-style.

    Args:
        image: uint8 (or float in [0, 1]) array, grayscale (H, W) or RGB/RGBA (H, W, 3|4),
            any size, dark ink on light paper or light on dark.
        return_steps: also return a dict of the intermediate images, in order, for the
            GUI to show the pipeline (``Steps``: its ``placement`` says where the result
            lies on ``image``).

    Returns:
        The (28, 28) image, or ``None`` when there is no ink; with ``return_steps``, a
        pair ``(image_or_None, steps)``.
    """
    steps = Steps()
    gray = to_grayscale(image)
    steps["grayscale"] = gray
    ink = ink_map(gray)
    if ink is None:
        return (None, steps) if return_steps else None
    steps["ink (polarity fixed)"] = ink
    top, _, left, _ = ink_box(ink)
    placement = Placement(ink.shape).then(offset=(-top, -left))
    cropped = crop_to_ink(ink)
    steps["cropped"] = cropped
    work = np.clip(resize_longer_side(cropped, BOX * WORK_SCALE), 0, 1)
    placement = placement.resized(cropped.shape, work.shape)
    thick = normalise_thickness(work, MNIST_STROKE_WIDTH * WORK_SCALE)
    pad = (thick.shape[0] - work.shape[0]) // 2  # thickening pads every side, to make room
    work = np.where(thick > 0.02, thick, 0)
    if not work.any():  # thinning a faint trace can leave nothing
        return (None, steps) if return_steps else None
    top, _, left, _ = ink_box(work)
    placement = placement.then(offset=(pad - top, pad - left))
    work = crop_to_ink(work)
    steps["stroke width normalised"] = work
    small = np.clip(resize_longer_side(work, BOX), 0, 1)
    placement = placement.resized(work.shape, small.shape)
    steps["scaled to 20 px"] = small
    field = np.zeros((FIELD, FIELD), np.float32)
    top, left = (FIELD - small.shape[0]) // 2, (FIELD - small.shape[1]) // 2
    field[top : top + small.shape[0], left : left + small.shape[1]] = small
    dy, dx = centre_of_mass_offset(field)
    steps.placement = placement.then(offset=(top - dy, left - dx))
    result = np.clip(shift_to_centre_of_mass(field), 0, 1).astype(np.float32)
    steps["centred 28x28"] = result
    return (result, steps) if return_steps else result
