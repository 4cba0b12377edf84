"""The rate behind every ETA: steady through slow batches, blind to pauses."""

import numpy as np

from engine.progress import RateMeter, format_duration


def feed(meter, seconds_per_batch, images=64, start=0.0):
    now = start
    for seconds in seconds_per_batch:
        now += seconds
        meter.add(images, now, busy=seconds)
    return now


def test_the_rate_holds_still_when_a_few_batches_are_four_times_slower():
    rng = np.random.default_rng(0)
    seconds = np.full(400, 0.064)  # 1,000 images/s
    seconds[rng.choice(400, 40, replace=False)] *= 4  # a scheduler tick now and then
    meter, rates = RateMeter(), []
    now = 0.0
    for chunk in np.split(seconds, 40):
        now = feed(meter, chunk, start=now)
        rates.append(meter.rate)
    true_rate = 64 * 400 / seconds.sum()
    late = np.array(rates[5:])
    assert np.all(np.abs(late / true_rate - 1) < 0.25), (late.min(), late.max(), true_rate)
    etas = 10_000 / late  # what an ETA for 10,000 images would say, every 10 batches
    assert etas.max() / etas.min() < 1.5


def test_a_pause_is_not_training_time_and_the_first_batch_already_counts():
    meter = RateMeter()
    assert meter.rate == 0.0
    now = feed(meter, [0.1] * 20)
    assert abs(meter.rate - 640) < 1
    meter.restart()  # paused for a minute here
    meter.add(64, now + 60.1, busy=0.1)
    assert abs(meter.rate - 640) < 1
    assert format_duration(75.3) == "1:15" and format_duration(3725) == "1:02:05"
