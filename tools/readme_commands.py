"""Print the commands of README.md's "## Quick start" section.

The section's first fenced block sets up and runs the app; the second installs the
development dependencies and runs the whole test suite. `.ci/run` executes the second
one through this script, so CI always runs exactly what the README tells people to run.

    python tools/readme_commands.py --run    # first block
    python tools/readme_commands.py --test   # second block
"""

import argparse
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def quick_start_blocks(text: str) -> list[str]:
    """Return the fenced code blocks of the `## Quick start` section, in order."""
    match = re.search(r"^## Quick start\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if match is None:
        raise SystemExit("README.md has no '## Quick start' section")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", match.group(1), flags=re.M | re.S)
    return [block.strip() for block in blocks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", action="store_true", help="the set-up-and-run command")
    which.add_argument("--test", action="store_true", help="the install-and-test command")
    args = parser.parse_args(argv)
    blocks = quick_start_blocks(README.read_text(encoding="utf-8"))
    index = 0 if args.run else 1
    if len(blocks) <= index:
        raise SystemExit(f"README.md's Quick start has {len(blocks)} fenced block(s), need {index + 1}")
    command = blocks[index]
    if "\n" in command:
        raise SystemExit(f"Quick start block {index + 1} must be ONE command, found several lines")
    print(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
