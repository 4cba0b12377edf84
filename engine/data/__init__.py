"""Datasets, file formats and preprocessing (pure numpy; Pillow only for image files).

from engine.data import load_dataset, DatasetError
digits = load_dataset("mnist-embedded")      # 8,000 train / 2,000 test real digits
"""

from .datasets import KNOWN, Dataset, cache_dir, load_dataset, load_embedded, load_idx_folder, load_npz
from .errors import DatasetError
from .idx import read_idx, write_idx

__all__ = [
    "KNOWN",
    "Dataset",
    "DatasetError",
    "cache_dir",
    "load_dataset",
    "load_embedded",
    "load_idx_folder",
    "load_npz",
    "read_idx",
    "write_idx",
]
