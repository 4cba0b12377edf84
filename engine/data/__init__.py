"""Datasets, file formats, preprocessing and augmentation (pure numpy; Pillow only for image files).

from engine.data import load_dataset, DatasetError
digits = load_dataset("mnist-embedded")      # 8,000 train / 2,000 test real digits
"""

from .augment import HANDWRITING, OBJECTS, RECIPES, AugmentConfig, Augmenter, preview_grid
from .dataset import ArrayData, Dataset
from .datasets import KNOWN, cache_dir, load_dataset, load_embedded, load_idx_folder, load_npz
from .download import download_dataset
from .drawing import preprocess_drawing
from .errors import DatasetError
from .idx import read_idx, write_idx
from .image_folder import load_image_folder
from .pictures import DataOptions
from .preprocessing import (
    BatchIterator,
    Normalization,
    class_names_of,
    model_inputs,
    one_hot,
    to_float,
    train_val_split,
)

__all__ = [
    "HANDWRITING",
    "KNOWN",
    "OBJECTS",
    "RECIPES",
    "AugmentConfig",
    "ArrayData",
    "Augmenter",
    "BatchIterator",
    "DataOptions",
    "Dataset",
    "DatasetError",
    "Normalization",
    "cache_dir",
    "class_names_of",
    "download_dataset",
    "load_dataset",
    "load_embedded",
    "load_idx_folder",
    "load_image_folder",
    "load_npz",
    "model_inputs",
    "one_hot",
    "preprocess_drawing",
    "preview_grid",
    "read_idx",
    "to_float",
    "train_val_split",
    "write_idx",
]
