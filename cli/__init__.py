"""The command line: ``python main.py <command>``, the same engine the GUI drives, headless."""
