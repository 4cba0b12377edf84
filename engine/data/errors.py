"""The one exception every dataset problem is reported with."""


class DatasetError(Exception):
    """A dataset file or folder is missing, corrupt, or not what it claims to be.

    The message is one line that names the file and what is wrong with it; the CLI prints
    it and exits 1, the GUI shows it and stays up.
    """
