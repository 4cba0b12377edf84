"""Text files: Kaggle-style pixel tables, and lists of picture files with their labels.

train.csv   label,pixel0,...,pixel783        one image per row (a header or none; "label" anywhere)
test.csv    pixel0,...,pixel783              no labels: images to predict (``read_pixel_table``)
train.txt   0_5.jpg 5                        a picture and its label per line (the TF2 notes'
                                             "self-made dataset"; ``path,label`` in a .csv too)

Picture paths are read relative to the list's folder, or to a folder named like the list
(``mnist_train_jpg_60000.txt`` beside ``mnist_train_jpg_60000/``), as the notes lay them out.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from ..words import said
from .arrays import labels_from_array
from .dataset import Dataset, validate
from .errors import DatasetError
from .pictures import DataOptions, load_pictures

LABEL_COLUMNS = ("label", "labels", "class", "target", "y", "digit")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _first_lines(path: Path, count: int = 2) -> list[str]:
    """The first ``count`` non-empty lines of a text file."""
    lines = []
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as file:
            for line in file:
                if line.strip():
                    lines.append(line)
                if len(lines) == count:
                    break
    except OSError as error:
        raise DatasetError(said("{path}: cannot be read ({value})", path=path, value=error.strerror or error)) from None
    return lines


def _cells(line: str) -> list[str]:
    line = line.strip()
    return [cell.strip() for cell in next(csv.reader([line]))] if "," in line else line.split()


def is_picture_list(path: Path) -> bool:
    """Whether a text file lists pictures (``path label``) rather than holding pixel rows."""
    rows = [_cells(line) for line in _first_lines(path)]
    return bool(rows) and len(rows[-1]) == 2 and not _is_number(rows[-1][0])


def read_pixel_table(path) -> tuple[np.ndarray, np.ndarray | None]:
    """``(images (N, side, side), labels (N,) or None)`` from a table of pixel rows.

    The label column is the one headed ``label`` (or class, target, ...); without a header, the
    first column when the others make a square image (1 + 784 columns) and none when all do.
    """
    path = Path(path)
    lines = _first_lines(path)
    if not lines:
        raise DatasetError(said("{path}: is empty", path=path))
    rows = [_cells(line) for line in lines]
    header = not all(_is_number(cell) for cell in rows[0])
    columns = len(rows[0])
    if header:
        names = [name.lower() for name in rows[0]]
        label_column = next((names.index(n) for n in LABEL_COLUMNS if n in names), None)
    else:
        label_column = 0 if _square(columns - 1) and not _square(columns) else None
    try:
        table = np.loadtxt(path, delimiter="," if "," in lines[0] else None, skiprows=int(header),
                           dtype=np.float32, ndmin=2, encoding="utf-8-sig")  # fmt: skip
    except ValueError as error:
        raise DatasetError(said("{path}: not a table of numbers ({value})",
                                path=path, value=str(error).splitlines()[0])) from None
    if table.shape[1] != columns:
        raise DatasetError(said("{path}: rows of {value} numbers under a first row of {columns}",
                                path=path, value=table.shape[1], columns=columns))
    labels = None
    if label_column is not None:
        labels = table[:, label_column]
        table = np.delete(table, label_column, axis=1)
    if not _square(table.shape[1]):
        raise DatasetError(
            f"{path}: {table.shape[1]} pixel columns are not a square image (784 are 28x28)"
            + ("" if label_column is not None else "; no column is headed 'label'")
        )
    side = math.isqrt(table.shape[1])
    if labels is not None:
        labels = labels_from_array(labels, f"{path}: the label column")  # whole class numbers, or an error
    return table.reshape(len(table), side, side), labels


def _square(count: int) -> bool:
    return count >= 4 and math.isqrt(count) ** 2 == count


def load_pixel_table(path, name: str | None = None) -> Dataset:
    """A labelled table of pixel rows (Kaggle's digit-recognizer ``train.csv``) as training data."""
    path = Path(path)
    images, labels = read_pixel_table(path)
    if labels is None:
        raise DatasetError(
            said("{path}: has no label column, so it cannot be trained on (a test-only table is for `predict MODEL "
                 "table.csv`); head the column 'label' or put the labels first", path=path)
        )
    return validate(name or path.stem, path, images, labels, None, None)


def load_picture_list(path, name: str | None = None, options: DataOptions | None = None) -> Dataset:
    """Pictures listed with their labels, one ``path label`` per line, as training data."""
    path = Path(path)
    entries = []
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as file:
        for number, line in enumerate(file, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = _cells(line) if "," in line else line.strip().rsplit(None, 1)
            if len(cells) != 2:
                raise DatasetError(said("{path}, line {number}: expected 'picture label', got {value}",
                                        path=path, number=number, value=repr(line.strip()[:60])))
            entries.append(cells)
    if entries and not _is_number(entries[0][1]) and entries[0][0].lower() in ("path", "file", "filename", "image"):
        entries = entries[1:]  # a header line
    if not entries:
        raise DatasetError(said("{path}: lists no pictures", path=path))
    folders = [path.parent, path.with_suffix("")]
    paths = [_find(picture, folders) for picture, _ in entries]
    missing = [picture for (picture, _), found in zip(entries, paths, strict=True) if found is None]
    if missing:
        raise DatasetError(said("{path}: {count_missing} listed picture(s) not found, e.g. {value} (looked in "
                                "{value2})",
                                path=path, count_missing=len(missing), value=missing[0], value2=', '.join(map(str,
                                folders))))  # fmt: skip
    labels, class_names = _labels(path, [label for _, label in entries])
    x, kept, resolved, notes = load_pictures(paths, options or DataOptions(), path)
    dataset = validate(name or path.stem, path, x, labels[kept], None, None, class_names, pipeline=resolved.pipeline)
    dataset.notes.extend(notes)
    dataset.reading = resolved.to_dict()
    return dataset


def _find(picture: str, folders: list[Path]) -> Path | None:
    candidate = Path(picture)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    return next((folder / candidate for folder in folders if (folder / candidate).is_file()), None)


def _labels(path: Path, texts: list[str]) -> tuple[np.ndarray, list[str] | None]:
    """Class numbers for the labels as written: whole numbers are the class numbers, words are class names
    (in alphabetical order)."""
    if all(text.lstrip("-").isdigit() for text in texts):
        return np.array([int(text) for text in texts], dtype=np.int64), None
    if any(text.lstrip("-").isdigit() for text in texts):
        raise DatasetError(said("{path}: mixes numbers and names as labels ({value}, ...); use one or the other",
                                path=path, value=repr(texts[0])))
    names = sorted(set(texts))
    return np.array([names.index(text) for text in texts], dtype=np.int64), names
