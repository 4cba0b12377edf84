"""Datasets, file formats and preprocessing (pure numpy; Pillow only for image files).

from engine.data import load_dataset, DatasetError
digits = load_dataset("mnist-embedded")      # 8,000 train / 2,000 test real digits
"""

from .datasets import KNOWN, Dataset, cache_dir, load_dataset, load_embedded, load_idx_folder, load_npz
from .drawing import preprocess_drawing
from .errors import DatasetError
from .idx import read_idx, write_idx
from .image_folder import load_image_folder

__all__ = [
    "KNOWN",
    "Dataset",
    "DatasetError",
    "cache_dir",
    "load_dataset",
    "load_embedded",
    "load_idx_folder",
    "load_image_folder",
    "load_npz",
    "preprocess_drawing",
    "read_idx",
    "write_idx",
]
