"""The two checks every setting goes through, so every refusal reads the same way."""

import math

import numpy as np
import pytest

from engine.training_config import TrainingConfig
from engine.validation import number_in, whole_number


def test_whole_number_takes_integers_and_refuses_the_rest():
    assert whole_number(3, "epochs") == 3 and whole_number(np.int64(4), "epochs") == 4
    assert whole_number(0, "warmup_steps", low=0) == 0
    for bad in (0, -2, 2.5, "3", True, None):
        with pytest.raises(ValueError, match=rf"^epochs must be a positive integer, got {bad!r}$"):
            whole_number(bad, "epochs")
    with pytest.raises(ValueError, match=r"^seed must be an integer >= 0, got -1$"):
        whole_number(-1, "seed", low=0)


def test_number_in_names_its_interval():
    assert number_in(0.5, "momentum", 0, 1) == 0.5 and number_in(np.float32(2), "lr", 0, include_low=False) == 2.0
    for bad in (1, -0.1, math.nan, math.inf, "0.5", False):
        with pytest.raises(ValueError, match=r"^momentum must be a number in \[0, 1\), got "):
            number_in(bad, "momentum", 0, 1)
    with pytest.raises(ValueError, match=r"^learning_rate must be a number in \(0, 10\], got 0$"):
        number_in(0, "learning_rate", 0, 10, include_low=False, include_high=True)
    with pytest.raises(ValueError, match=r"^eps must be a number in \(0, inf\), got -1$"):
        number_in(-1, "eps", 0, include_low=False)


def test_training_settings_use_them():
    with pytest.raises(ValueError, match="^seed must be an integer >= 0, got -1$"):
        TrainingConfig(seed=-1)
    with pytest.raises(ValueError, match=r"^weight_decay must be a number in \[0, 1\), got 2$"):
        TrainingConfig(weight_decay=2)
