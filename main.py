"""CNN Studio: build, train and look inside convolutional neural networks.

python main.py                  the desktop app
python main.py train --out m.npz    train the default preset on the embedded digits
python main.py <command> -h     help on a command
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

if __name__ == "__main__":
    # Ctrl+C while the modules load (numpy, the engine: under a second) has nothing to save:
    # leave at once, without a KeyboardInterrupt traceback. main() then restores the usual handler.
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))

import engine  # noqa: E402, F401  (first of ours: it tunes OpenBLAS before numpy loads, see engine/__init__.py)
from cli.bench import add_bench_parser  # noqa: E402
from cli.common import USER_ERRORS  # noqa: E402
from cli.download import add_download_parser  # noqa: E402
from cli.evaluate import add_evaluate_parsers  # noqa: E402
from cli.examine import add_examine_parsers  # noqa: E402
from cli.report import add_report_parser  # noqa: E402
from cli.teach import add_teach_parser  # noqa: E402
from cli.train import add_train_parser  # noqa: E402

BUG_REPORT = "this is a bug in CNN Studio, not your mistake: please report it with the traceback that --debug prints"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback when something fails")
    commands = parser.add_subparsers(dest="command", metavar="<command>")
    add_train_parser(commands)
    add_evaluate_parsers(commands)
    add_examine_parsers(commands)
    add_report_parser(commands)
    add_teach_parser(commands)
    add_bench_parser(commands)
    add_download_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, also after the command's own arguments.
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    try:
        # Ctrl+C is a KeyboardInterrupt again from here on: inside the try, so that one pressed while
        # the arguments are read (CI caught one there) ends with "interrupted", not a traceback.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        args = build_parser().parse_args(argv)
        args.debug = debug
        if args.command is None:
            from gui.app import run_app  # Qt is only imported when the window is wanted

            return run_app()
        return args.handler(args)
    except BrokenPipeError:  # `main.py ... | head` closed the pipe: stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        return 141
    except USER_ERRORS as error:
        if debug:
            raise
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a programming error: say so, and keep its traceback for --debug
        if debug:
            raise
        print(f"error: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''} ({BUG_REPORT})",
              file=sys.stderr)  # fmt: skip
        return 1


if __name__ == "__main__":
    status = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a late Ctrl+C must not interrupt the threads' clean exit
    sys.exit(status)
