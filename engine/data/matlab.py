"""MATLAB ``.mat`` files (version 5, what ``save`` writes by default), read with ``scipy.io.loadmat``.

The numpy-CNN homework's ``MNISTData.mat`` holds ``X_Train`` (28, 28, N) and ``D_Train`` one-hot
(10, N), and ``X_Test``/``D_Test``: MATLAB counts images last, so the image axis is found from
the labels. Version 7.3 files are HDF5 inside; scipy cannot read them (use h5py, or re-save
them in MATLAB with ``save(name, '-v7')``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..files import not_a_file
from ..words import said
from .arrays import paired, pick_arrays
from .dataset import Dataset, validate
from .errors import DatasetError

try:
    import scipy.io as scipy_io  # optional: only .mat files need it (requirements.txt installs it)
except ImportError:  # pragma: no cover - scipy is a listed dependency
    scipy_io = None


def load_mat(path, name: str | None = None, keys: tuple[str, ...] | None = None) -> Dataset:
    """A ``.mat`` file's images and labels (by the usual names, or ``keys``) as a dataset."""
    path = Path(path)
    problem = not_a_file(path)
    if problem:
        raise DatasetError(said("{path}: {problem}", path=path, problem=problem))
    if scipy_io is None:
        raise DatasetError(said("{path}: reading .mat files needs scipy (pip install scipy)", path=path))
    try:
        contents = scipy_io.loadmat(path)
    except NotImplementedError:
        raise DatasetError(said("{path}: a MATLAB v7.3 (HDF5) file, which scipy cannot read; re-save it in MATLAB "
                                "with save(name, '-v7'), or read it with h5py", path=path)) from None  # fmt: skip
    except Exception as error:  # scipy raises ValueError, TypeError, OSError... for files that are not .mat
        raise DatasetError(said("{path}: not a readable .mat file ({name}: {error})",
                                path=path, name=type(error).__name__, error=error)) from None
    arrays = {
        key: value for key, value in contents.items() if not key.startswith("__") and isinstance(value, np.ndarray)
    }
    picked = pick_arrays(arrays, path, keys)
    parts = []
    for x, y in (("x_train", "y_train"), ("x_test", "y_test")):
        if picked[x] is None or picked[y] is None:
            parts += [None, None]
            continue
        parts += paired(picked[x], picked[y], f"{path}: {x}", last_first=True)
    return validate(name or path.stem, path, *parts)
