"""Checking settings: every number a user types goes through one of these two, so every
refusal reads the same: ``<name> must be <rule>, got <value>``."""

from __future__ import annotations

import math

import numpy as np

from .words import said


def whole_number(value, name: str, low: int = 1) -> int:
    """``value`` as an int if it is a whole number >= ``low`` (True/False are not numbers), else ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        rule = said("a positive integer") if low == 1 else said("an integer >= {low}", low=low)
        raise ValueError(said("{name} must be {rule}, got {value}", name=name, rule=rule, value=repr(value)))
    return int(value)


def number_in(value, name: str, low: float, high: float = math.inf, include_low=True, include_high=False) -> float:
    """``value`` as a float if it is a finite number in the interval, else ValueError naming the interval."""
    ok = isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)
    if ok:
        number = float(value)
        above = number >= low if include_low else number > low
        below = number <= high if include_high else number < high
        ok = math.isfinite(number) and above and below
    if not ok:
        interval = ("[" if include_low else "(") + f"{low:g}, " + ("inf" if high == math.inf else f"{high:g}")
        interval += "]" if include_high and high != math.inf else ")"
        raise ValueError(said("{name} must be a number in {interval}, got {value}",
                              name=name, interval=interval, value=repr(value)))
    return number
