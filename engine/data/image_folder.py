"""Image folders: one sub-folder per class (``digits/3/*.png``, ``flowers/rose/*.jpg``).

flowers/rose/1.jpg ...                    all of it is training data (split off validation as usual)
flowers/train/rose/1.jpg, flowers/test/rose/9.jpg ...    a training and a test part

The pictures become images by the pipeline that suits them (``pictures.py``: digit drawings or
photos). Files Pillow cannot read, and drawings with no ink, are skipped and counted; if
nothing is left, that is an error. A decompression bomb (an image over Pillow's pixel limit)
is refused by name.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..words import said
from .dataset import Dataset, validate
from .errors import DatasetError
from .pictures import DataOptions, load_pictures

PART_FOLDERS = {"train": ("train", "training"), "test": ("test", "testing", "val", "validation")}


def class_folders(folder: Path) -> list[Path]:
    """The class sub-folders of ``folder``, in label order: numbers by value, names alphabetically."""
    subfolders = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if not subfolders:
        raise DatasetError(said("{folder}: no class sub-folders (expected e.g. {folder}/3/*.png)", folder=folder))
    if all(p.name.isdigit() for p in subfolders):
        return sorted(subfolders, key=lambda p: int(p.name))
    return sorted(subfolders, key=lambda p: p.name)


def _part_folders(folder: Path) -> dict[str, Path] | None:
    """``{"train": ..., "test": ...}`` when ``folder`` is split into parts, else None (it is all classes)."""
    found = {}
    for part, names in PART_FOLDERS.items():
        for name in names:
            if (folder / name).is_dir():
                found.setdefault(part, folder / name)
    return found if "train" in found else None


def _files(classes: list[Path]) -> tuple[list[Path], list[int]]:
    paths, labels = [], []
    for label, class_folder in enumerate(classes):
        for path in sorted(p for p in class_folder.rglob("*") if p.is_file()):
            paths.append(path)
            labels.append(label)
    return paths, labels


def load_image_folder(folder, name: str | None = None, options: DataOptions | None = None) -> Dataset:
    """All pictures of a class-per-sub-folder tree (or of its ``train/`` and ``test/`` parts) as a dataset."""
    folder = Path(folder)
    options = options or DataOptions()
    if not folder.is_dir():
        raise DatasetError(said("{folder}: not a folder", folder=folder))
    parts = _part_folders(folder)
    classes = class_folders(parts["train"] if parts else folder)
    names = [p.name for p in classes]
    paths, labels = _files(classes)
    test_paths, test_labels = [], []
    if parts and "test" in parts:
        test_classes = class_folders(parts["test"])
        unknown = [p.name for p in test_classes if p.name not in names]
        if unknown:
            raise DatasetError(said("{value}: classes {value2} are not in {value3}",
                                    value=parts['test'], value2=', '.join(unknown[:5]), value3=parts['train']))
        test_paths, test_labels = _files(test_classes)
        test_labels = [names.index(test_classes[label].name) for label in test_labels]
    x, kept, resolved, notes = load_pictures(paths + test_paths, options, f"{folder} ({len(classes)} class folder(s))")
    y = np.array(labels + test_labels, dtype=np.int64)[kept]
    train = kept < len(paths)
    dataset = validate(
        name or folder.name, folder, x[train], y[train], x[~train], y[~train], class_names=names,
        pipeline=resolved.pipeline,
    )  # fmt: skip
    dataset.notes.extend(notes)
    dataset.reading = resolved.to_dict()
    return dataset
