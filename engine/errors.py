"""The engine's own exceptions: problems a user can fix, each with a one-line message."""


class DivergenceError(RuntimeError):
    """Training produced a NaN or infinite loss or gradient; the weights were left unchanged."""


class ModelFileError(Exception):
    """A model file is missing, corrupt, truncated, foreign or from a newer version."""


class UnwritablePathError(OSError):
    """A file cannot be written where asked (read-only folder, a folder or device in the way, a full disk)."""
