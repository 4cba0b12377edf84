"""CNN Studio: build, train and look inside convolutional neural networks.

python main.py                 the desktop app (once the GUI lands; until then, this help)
python main.py gradcheck       finite-difference check of every layer's backward pass
python main.py <command> -h    help on a command
"""

from __future__ import annotations

import argparse
import sys

import numpy as np


def gradcheck_command(args) -> int:
    """Check every layer of the engine against central finite differences (float64)."""
    from engine.gradcheck import check_layer
    from engine.layer_checks import LAYER_CASES

    worst_overall = 0.0
    for description, make_layer, input_shape in LAYER_CASES:
        x = np.random.default_rng(args.seed).standard_normal(input_shape)
        errors = check_layer(make_layer(), x, max_checks=args.max_checks, seed=args.seed)
        worst = max(errors.values())
        worst_overall = max(worst_overall, worst)
        status = "ok" if worst < args.tolerance else "FAIL"
        print(f"{description:<44} worst relative error {worst:.2e}  {status}")
    print(f"worst: {worst_overall:.2e} (tolerance {args.tolerance:g})")
    return 0 if worst_overall < args.tolerance else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", metavar="<command>")
    check = commands.add_parser(
        "gradcheck", help="finite-difference check of every layer", description=gradcheck_command.__doc__
    )
    check.add_argument("--seed", type=int, default=0, help="seed for inputs and sampled entries")
    check.add_argument("--max-checks", type=int, default=60, help="entries checked per array")
    check.add_argument("--tolerance", type=float, default=1e-5, help="largest acceptable relative error")
    check.set_defaults(handler=gradcheck_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
