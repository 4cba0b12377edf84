"""A small terminal progress bar: ``[=====>....] 120/313  loss 0.4321  812 img/s  ETA 0:12``."""

from __future__ import annotations

import sys
import time

from .session_reports import SessionListener


def format_duration(seconds: float) -> str:
    """``75.3 -> '1:15'``, ``3725 -> '1:02:05'``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class RateMeter:
    """Images per second that hold still enough for an ETA.

    An exponential moving average of the *seconds per image* over about the last ``span``
    batches, timed from one batch's end to the next (so reports, snapshots, a validation pass
    or a window taking the GIL count as the user waits for them too), bias-corrected like
    Adam's moments so the first batches already give a number. ``restart()`` after a pause:
    the waiting is not training time. Averaging the seconds rather than the rate keeps one
    batch that a scheduler tick made 4x slower from halving the rate, as an average of rates did
    (the window's ETA jumped 11:25 -> 4:25 -> 9:54 -> 6:09 within 45 s).
    """

    def __init__(self, span: int = 50):
        self.alpha = 2.0 / (span + 1)
        self.average, self.weight = 0.0, 0.0
        self.last: float | None = None

    def restart(self) -> None:
        self.last = None

    def add(self, images: int, now: float, busy: float) -> None:
        """A batch of ``images`` ended at ``now`` (perf_counter); ``busy``: its own time, used after a restart."""
        seconds = busy if self.last is None else now - self.last
        self.last = now
        self.average = (1 - self.alpha) * self.average + self.alpha * seconds / max(images, 1)
        self.weight = (1 - self.alpha) * self.weight + self.alpha

    @property
    def rate(self) -> float:
        """Images per second; 0.0 before the first batch."""
        return 0.0 if self.weight == 0 else self.weight / max(self.average, 1e-12)


class ProgressBar:
    """Redraws one terminal line at most every ``min_interval`` seconds.

    On a terminal the line is rewritten in place with ``\\r``; when the output is a file or
    a pipe, only the final line of each bar is written, so logs stay readable.
    """

    def __init__(self, total: int, prefix: str = "", stream=None, width: int = 24, min_interval: float = 0.1):
        self.total = max(1, int(total))
        self.prefix = prefix
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.min_interval = min_interval
        self.start = time.perf_counter()
        self.last_draw = 0.0
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()

    def line(self, done: int, values: dict[str, str]) -> str:
        fraction = min(1.0, done / self.total)
        filled = int(self.width * fraction)
        arrow = ">" if filled < self.width else ""
        bar = "=" * filled + arrow + "." * (self.width - filled - len(arrow))
        elapsed = time.perf_counter() - self.start
        parts = [f"{self.prefix} [{bar}] {done}/{self.total}".lstrip()]
        parts += [f"{key} {value}" for key, value in values.items()]
        if done < self.total and done > 0:
            parts.append("ETA " + format_duration(elapsed / done * (self.total - done)))
        else:
            parts.append(format_duration(elapsed))
        return "  ".join(parts)

    def update(self, done: int, **values: str) -> None:
        now = time.perf_counter()
        if not self.interactive or now - self.last_draw < self.min_interval:
            return
        self.last_draw = now
        self.stream.write("\r" + self.line(done, values) + "\033[K")
        self.stream.flush()

    def close(self, done: int | None = None, **values: str) -> None:
        text = self.line(self.total if done is None else done, values)
        self.stream.write(("\r" + text + "\033[K\n") if self.interactive else text + "\n")
        self.stream.flush()


class TerminalProgress(SessionListener):
    """A ``TrainingSession`` listener: one progress bar per epoch on stderr and, with
    ``summary_lines``, one summary line per epoch on stdout (what ``main.py train`` prints)."""

    def __init__(self, stream=None, summary_lines: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.summary_lines = summary_lines
        self.bar: ProgressBar | None = None
        self.epoch = 0

    def on_batches(self, report):
        if self.bar is None or report.epoch != self.epoch:
            self.epoch = report.epoch
            self.bar = ProgressBar(report.batches, prefix=f"Epoch {report.epoch}/{report.epochs}", stream=self.stream)
        self.bar.total = max(1, report.batches)
        self.bar.update(
            report.batch, **metrics(report.loss, report.accuracy), speed=f"{report.images_per_second:.0f} img/s"
        )

    def on_epoch_end(self, report):
        if self.bar is not None:
            self.bar.close(self.bar.total, **metrics(report.loss, report.accuracy))
            self.bar = None
        if not self.summary_lines:
            return
        parts = [f"epoch {report.epoch}/{report.epochs}"]
        parts += [f"{key} {value}" for key, value in metrics(report.loss, report.accuracy).items()]
        if report.val_loss is not None:
            parts += [f"val_{key} {value}" for key, value in metrics(report.val_loss, report.val_accuracy).items()]
        parts.append(format_duration(report.seconds))
        print("  ".join(parts), flush=True)

    def on_warning(self, message):
        self._say(f"warning: {message}")

    def on_hint(self, hint):
        self._say(f"hint (step {hint.step}): {hint}")

    def _say(self, line: str) -> None:
        if self.bar is not None and self.bar.interactive:
            self.stream.write("\n")  # off the progress bar's line
        print(line, file=self.stream, flush=True)


def metrics(loss: float, accuracy: float | None) -> dict[str, str]:
    """``{'loss': '0.1234', 'accuracy': '0.9650'}``; no accuracy for regression (None or NaN)."""
    shown = {"loss": f"{loss:.4f}"}
    if accuracy is not None and accuracy == accuracy:
        shown["accuracy"] = f"{accuracy:.4f}"
    return shown
