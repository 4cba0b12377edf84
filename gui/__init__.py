"""CNN Studio's desktop window (PyQt5 + pyqtgraph): a thin shell over ``engine``."""
