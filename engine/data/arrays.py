"""Arrays from any file format, in the layouts courses store them, turned into a ``Dataset``'s layout.

images_from_array(x, "data.npz: x_train")         # (N, 784), (N, H, W), (N, H, W, C) or (N, C, H, W)
labels_from_array(y, "data.npz: y_train")         # (N,) integers, (N, 1), or one-hot (N, K)

A dataset's images are ``(N, H, W)`` for one channel and ``(N, C, H, W)`` for colour (C = 3),
as the network reads them; the labels are ``(N,)`` class numbers. Each problem is a
``DatasetError`` naming the file, the array and what is wrong with it.
"""

from __future__ import annotations

import math

import numpy as np

from ..words import said
from .errors import DatasetError

CHANNEL_COUNTS = (1, 3)  # grey and colour; a fourth (alpha) channel is dropped by the loaders


def images_from_array(images: np.ndarray, source: str, sample_axis: int = 0) -> np.ndarray:
    """Any common image layout -> ``(N, H, W)`` or ``(N, C, H, W)``, the values left as they are.

    sample_axis: where the images are counted; MATLAB files count them last, ``(H, W, N)``.
    Flat rows ``(N, H*W)`` must be square one-channel images (784 -> 28x28). Four axes are
    channel-first when the second axis is 1 or 3 and channel-last when the last one is.
    """
    images = np.asarray(images)
    if images.ndim not in (2, 3, 4):
        raise DatasetError(said("{source}: images must be (N, pixels), (N, H, W) or (N, H, W, C), got shape {shape}",
                                source=source, shape=images.shape))
    images = np.moveaxis(images, sample_axis, 0)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1] or side < 2:
            raise DatasetError(
                said("{source}: rows of {value} pixels are not square images (784 pixels are 28x28); store them as "
                     "(N, H, W) or (N, H, W, C)", source=source, value=images.shape[1])
            )
        return images.reshape(len(images), side, side)
    if images.ndim == 3:
        return images
    if images.shape[1] in CHANNEL_COUNTS:
        channel_first = images
    elif images.shape[3] in (*CHANNEL_COUNTS, 4):
        channel_first = np.moveaxis(images[..., :3], 3, 1)  # RGBA: the alpha channel is not an image's content
    else:
        raise DatasetError(
            said("{source}: images of shape {shape} have neither 1 or 3 channels first (N, C, H, W) nor last (N, H, "
                 "W, C)", source=source, shape=images.shape)
        )
    return channel_first[:, 0] if channel_first.shape[1] == 1 else np.ascontiguousarray(channel_first)


def labels_from_array(labels: np.ndarray, source: str, count: int | None = None) -> np.ndarray:
    """Class numbers ``(N,)`` from integers ``(N,)``/``(N, 1)``, whole floats, or one-hot rows ``(N, K)``.

    count: the number of images, to find the sample axis of one-hot labels stored as ``(K, N)``
    (MATLAB's habit); None when the labels are counted first.
    """
    labels = np.asarray(labels)
    if labels.ndim == 2 and 1 in labels.shape:
        labels = labels.reshape(-1)
    if labels.ndim == 2:
        if count is not None and labels.shape[0] == count and labels.shape[1] != count:
            rows = labels
        elif count is not None and labels.shape[1] == count:
            rows = labels.T
        else:
            rows = labels
        return _from_one_hot(rows, source)
    if labels.ndim != 1:
        raise DatasetError(said("{source}: labels must be one number per image or one-hot rows, got shape {shape}",
                                source=source, shape=labels.shape))
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.number):
        raise DatasetError(said("{source}: labels must be numbers, got {dtype}", source=source, dtype=labels.dtype))
    whole = np.all(np.isfinite(labels)) and np.all(labels == np.round(labels))
    if np.issubdtype(labels.dtype, np.floating) and not whole:
        raise DatasetError(said("{source}: labels must be whole class numbers, found values like {value}",
                                source=source, value=_odd(labels)))
    return labels.astype(np.int64)


def _from_one_hot(rows: np.ndarray, source: str) -> np.ndarray:
    """(N, K) rows of one 1 and zeros -> (N,) class numbers; anything else is refused."""
    if rows.dtype != bool and not np.issubdtype(rows.dtype, np.number):
        raise DatasetError(said("{source}: one-hot labels must be numbers, got {dtype}",
                                source=source, dtype=rows.dtype))
    rows = rows.astype(np.float64)
    ones = np.isclose(rows, 1.0)
    if not np.all(ones | np.isclose(rows, 0.0)) or np.any(ones.sum(axis=1) != 1):
        raise DatasetError(
            said("{source}: labels of shape {shape} are not one-hot (each row needs a single 1 and zeros)",
                 source=source, shape=rows.shape)
        )
    return ones.argmax(axis=1).astype(np.int64)


def _odd(labels: np.ndarray) -> str:
    odd = labels[~np.isfinite(labels) | (labels != np.round(labels))]
    return ", ".join(f"{value:g}" for value in odd[:3])


def image_shape(images: np.ndarray) -> tuple[int, int, int]:
    """The ``(C, H, W)`` a network reads images ``(N, H, W)`` or ``(N, C, H, W)`` as."""
    return (1, *images.shape[1:]) if images.ndim == 3 else tuple(images.shape[1:])


def _plain(name: str) -> str:
    """``"X_Train"`` -> ``"xtrain"``: array names compared without case or separators."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


# The names courses and libraries store arrays under (compared by ``_plain``), for each role.
USUAL_NAMES = {
    "x_train": ("x_train", "train_x", "x_tr", "train_images", "training_images", "images_train", "train_data",
                "data_train", "train_features", "x"),
    "y_train": ("y_train", "train_y", "y_tr", "train_labels", "training_labels", "labels_train", "train_targets",
                "d_train", "t_train", "y"),
    "x_test": ("x_test", "test_x", "x_te", "test_images", "testing_images", "images_test", "test_data",
               "data_test", "test_features"),
    "y_test": ("y_test", "test_y", "y_te", "test_labels", "testing_labels", "labels_test", "test_targets",
               "d_test", "t_test"),
}  # fmt: skip
# A file holding one set of images (``images``, ``labels``) is training data.
SINGLE_NAMES = {"x_train": ("images", "data", "inputs", "features"), "y_train": ("labels", "targets", "classes")}


def pick_arrays(arrays: dict[str, np.ndarray], source, keys: tuple[str, ...] | None = None) -> dict:
    """``{"x_train": ..., "y_train": ..., "x_test": ..., "y_test": ...}`` (None where absent) from a file's
    arrays: by ``keys`` (2 or 4 names, in that order) or by the usual names."""
    roles = tuple(USUAL_NAMES)
    if keys is not None:
        missing = [key for key in keys if key not in arrays]
        if missing:
            raise DatasetError(said("{source}: has no array {value} (it has {value2})",
                                    source=source, value=', '.join(missing), value2=', '.join(sorted(arrays))))
        named = dict(zip(roles, keys, strict=False))  # two keys name the training pair only
        return {role: arrays[named[role]] if role in named else None for role in roles}
    by_plain = {_plain(name): name for name in arrays}
    picked = {}
    for role in roles:
        names = (*USUAL_NAMES[role], *SINGLE_NAMES.get(role, ()))
        found = next((by_plain[_plain(n)] for n in names if _plain(n) in by_plain), None)
        picked[role] = None if found is None else arrays[found]
    if not any(picked[x] is not None and picked[y] is not None for x, y in (roles[:2], roles[2:])):
        raise DatasetError(
            said("{source}: found no images and labels among its arrays {arrays}; name them with --keys "
                 "X_TRAIN,Y_TRAIN[,X_TEST,Y_TEST] (e.g. x_train, y_train, x_test, y_test)",
                 source=source, arrays=", ".join(sorted(arrays)) or "(none)")
        )
    return picked


def paired(images: np.ndarray, labels: np.ndarray, source: str, last_first: bool = False):
    """``(images (N, H, W) or (N, C, H, W), labels (N,))`` from a file's images and labels, wherever they
    keep the image count: first (numpy) or last (MATLAB, ``(28, 28, N)`` with one-hot ``(10, N)``).

    last_first: when both places fit, the images are counted last (MATLAB's habit).
    """
    images, labels = np.asarray(images), np.asarray(labels)
    counts = set(labels.shape) if labels.ndim == 2 and 1 not in labels.shape else {labels.size}  # one-hot: either
    axes = [axis for axis in ((images.ndim - 1, 0) if last_first else (0, images.ndim - 1)) if images.ndim > 1]
    axis = next((a for a in axes if images.shape[a] in counts), None)
    if axis is None:
        raise DatasetError(said("{source}: {value} labels do not match images of shape {shape} (the image count must "
                                "come first or last)",
                                source=source, value=labels.size if len(counts) == 1 else sorted(counts),
                                shape=images.shape))  # fmt: skip
    count = images.shape[axis]
    return images_from_array(images, source, sample_axis=axis), labels_from_array(labels, source, count=count)
