"""Optimizers reproduce torch.optim; schedules follow their formulas."""

import math

import numpy as np
import pytest

from engine import optimizers
from engine.layers import parallel
from engine.optimizers import SGD, AdaGrad, Adam, AdamW, RMSProp
from engine.schedules import ConstantLR, CosineDecay, ExponentialDecay, StepDecay
from engine.training_config import TrainingConfig

# Produced by tools/torch_optimizer_reference.py with torch 2.13.0 (float64): the parameter
# after six steps from START with the gradient sequence below.
START = [0.5, -1.5, 2.0, 0.0]
TORCH_RESULTS = {
    "sgd": [0.510325384847655, -1.490580826635455, 2.03, -0.245],
    "sgd_momentum_wd": [0.094876007776281, -1.693451611167039, 2.181039371785484, -0.906234916337667],
    "sgd_nesterov": [0.396137680923903, -1.559396362716475, 2.08277216, -0.422129866666667],
    "adam": [0.471327768072155, -1.5158566543769, 2.04162057166371, -0.05134445853032],
    "adam_wd": [0.47373492693046, -1.503708488092546, 1.990388128934607, -0.048742321399928],
    "adamw": [0.468455132870012, -1.506811798961957, 2.029515895441129, -0.051206993166762],
    "rmsprop": [0.438890119866151, -1.51386917625028, 2.109671504036795, -0.225700793770168],
    "rmsprop_momentum": [0.449714215516787, -1.516157345897781, 2.070014400418258, -0.137130678837799],
    "adagrad": [0.437912177310677, -1.514684100197236, 2.110493108026269, -0.22442488906435],
}
OURS = {
    "sgd": lambda: SGD(lr=0.1),
    "sgd_momentum_wd": lambda: SGD(lr=0.1, momentum=0.9, weight_decay=0.01),
    "sgd_nesterov": lambda: SGD(lr=0.05, momentum=0.8, nesterov=True),
    "adam": lambda: Adam(lr=0.01),
    "adam_wd": lambda: Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "adamw": lambda: AdamW(lr=0.01, weight_decay=0.1),
    "rmsprop": lambda: RMSProp(lr=0.01),
    "rmsprop_momentum": lambda: RMSProp(lr=0.01, alpha=0.9, momentum=0.5, weight_decay=0.01),
    "adagrad": lambda: AdaGrad(lr=0.1),
}


def gradient(step):
    return np.array([np.sin(step + 1.0), np.cos(2.0 * step), 0.1 * step - 0.3, 1.0 / (step + 1)])


@pytest.mark.parametrize("case", sorted(TORCH_RESULTS))
def test_same_numbers_as_torch_optim(case):
    optimizer = OURS[case]()
    param = np.array(START, dtype=np.float64)
    for step in range(6):
        optimizer.step([("p", param, gradient(step))])
    np.testing.assert_allclose(param, TORCH_RESULTS[case], rtol=1e-12, atol=1e-12)
    assert optimizer.iterations == 6


def test_state_is_per_parameter_and_survives_a_round_trip():
    a, b = np.ones(3), np.ones((2, 2))
    optimizer = Adam(lr=0.1)
    optimizer.step([("a", a, np.ones(3)), ("b", b, -np.ones((2, 2)))])
    arrays = optimizer.state_arrays()
    assert set(arrays) == {"a/step", "a/m", "a/v", "b/step", "b/m", "b/v"}
    clone = Adam(lr=0.1)
    clone.load_state_arrays(arrays)
    a2, b2 = a.copy(), b.copy()
    optimizer.step([("a", a, np.ones(3)), ("b", b, np.ones((2, 2)))])
    clone.step([("a", a2, np.ones(3)), ("b", b2, np.ones((2, 2)))])
    np.testing.assert_array_equal(a, a2)
    np.testing.assert_array_equal(b, b2)


def test_learning_rate_can_change_between_steps():
    param = np.zeros(1)
    optimizer = SGD(lr=1.0)
    optimizer.step([("p", param, np.ones(1))])
    optimizer.lr = 0.5
    optimizer.step([("p", param, np.ones(1))])
    assert param[0] == pytest.approx(-1.5)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda: SGD(lr=-1), "learning rate"),
        (lambda: SGD(lr=float("nan")), "learning rate"),
        (lambda: SGD(lr=0.1, momentum=1.5), "momentum"),
        (lambda: SGD(lr=0.1, nesterov=True), "Nesterov"),
        (lambda: Adam(betas=(0.9, 1.0)), "beta2"),
        (lambda: Adam(weight_decay=-0.1), "weight_decay"),
        (lambda: RMSProp(eps=0), "eps"),
        (lambda: optimizers.get("adamax"), "unknown optimizer"),
    ],
)
def test_nonsense_hyperparameters_are_refused(make, fragment):
    with pytest.raises(ValueError, match=fragment):
        make()


def test_optimizer_names():
    assert isinstance(optimizers.get("ADAM"), Adam)
    momentum = optimizers.get("momentum", lr=0.1)
    assert isinstance(momentum, SGD) and momentum.momentum == 0.9 and not momentum.nesterov
    assert optimizers.get("nesterov").nesterov


def test_schedules_follow_their_formulas():
    step = StepDecay(0.1, step_size=3, gamma=0.5)
    assert [step(s) for s in range(7)] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025])
    exponential = ExponentialDecay(0.2, decay_rate=0.5, decay_steps=10)
    assert exponential(5) == pytest.approx(0.2 * 0.5**0.5)
    cosine = CosineDecay(1.0, total_steps=100, min_lr=0.1)
    assert cosine(0) == pytest.approx(1.0) and cosine(50) == pytest.approx(0.55) and cosine(500) == pytest.approx(0.1)
    warm = CosineDecay(1.0, total_steps=10, warmup_steps=4)
    assert [warm(s) for s in range(5)] == pytest.approx([0.25, 0.5, 0.75, 1.0, 1.0])
    assert warm(9) == pytest.approx((1 + math.cos(math.pi * 5 / 10)) / 2)
    assert ConstantLR(0.3)(1000) == 0.3
    with pytest.raises(ValueError, match="base_lr"):
        StepDecay(-1, step_size=2)


def test_the_configs_step_and_exponential_decay_follow_their_settings():
    """As the TF2 notes write it: lr = base * decay ** (epoch / step); step decay drops by the factor each period."""
    steps = 100  # per epoch
    notes = TrainingConfig(learning_rate=0.2, schedule="exponential", decay_rate=0.99).make_schedule(steps)
    assert [notes(epoch * steps) for epoch in (0, 1, 10)] == pytest.approx([0.2, 0.2 * 0.99, 0.2 * 0.99**10])
    step = TrainingConfig(schedule="step", decay_rate=0.1, decay_epochs=2, epochs=6).make_schedule(10)
    assert [step(i) for i in (0, 19, 20, 39, 40)] == pytest.approx([1e-3, 1e-3, 1e-4, 1e-4, 1e-5])
    default = TrainingConfig(schedule="step", epochs=3).make_schedule(10)  # halved every third of the run
    assert [default(i) for i in (9, 10, 20)] == pytest.approx([1e-3, 5e-4, 2.5e-4])
    with pytest.raises(ValueError, match=r"decay_rate must be a number in \(0, 1\]"):
        TrainingConfig(schedule="step", decay_rate=1.5)


@pytest.mark.parametrize("make", [lambda: Adam(), lambda: AdamW(weight_decay=0.1),
                                  lambda: SGD(0.1, momentum=0.9, nesterov=True), lambda: RMSProp(momentum=0.5),
                                  lambda: AdaGrad()])  # fmt: skip
def test_a_big_parameter_updated_in_two_halves_at_once_is_updated_bit_for_bit_as_in_one_piece(make, monkeypatch):
    # dense weights of 401,408 numbers (lab-cnn's, mlp's): over optimizers.SPLIT_SIZE, so, with the threads on,
    # two halves at once from the second step on (the first creates the state)
    rng = np.random.default_rng(0)
    start = rng.standard_normal((784, 512)).astype(np.float32)
    grads = [rng.standard_normal((784, 512)).astype(np.float32) for _ in range(3)]
    results, halves = [], []
    for threads in (False, True):
        monkeypatch.setattr(parallel, "enabled", threads)
        optimizer, param = make(), start.copy()
        calls, original = [], optimizer._update_in_halves
        counted = lambda *a, calls=calls, run=original: calls.append(1) or run(*a)  # noqa: E731
        monkeypatch.setattr(optimizer, "_update_in_halves", counted)
        for grad in grads:
            optimizer.step([("dense.W", param, grad)])
        results.append((param, optimizer.state_arrays()))
        halves.append(len(calls))
    assert halves == [0, 2]
    np.testing.assert_array_equal(results[1][0], results[0][0])
    assert results[1][1].keys() == results[0][1].keys()
    for key, value in results[0][1].items():
        np.testing.assert_array_equal(results[1][1][key], value, err_msg=key)


def test_a_parameter_whose_state_is_not_contiguous_is_updated_in_one_piece(monkeypatch):
    # Halves of a non-contiguous array would be copies, and their update lost: such state stays whole.
    monkeypatch.setattr(parallel, "enabled", True)
    rng = np.random.default_rng(1)
    param, grad = rng.standard_normal((784, 512)).astype(np.float32), rng.standard_normal((784, 512)).astype(np.float32)
    optimizer = Adam()
    optimizer.step([("w", param, grad)])
    state = optimizer.state["w"]
    state["m"] = np.asfortranarray(state["m"])
    expected_param, expected_m = param.copy(), state["m"].copy()
    Adam().update(expected_param, grad, {"step": 1, "m": expected_m, "v": state["v"].copy()})
    optimizer.step([("w", param, grad)])
    np.testing.assert_array_equal(param, expected_param)
    np.testing.assert_array_equal(state["m"], expected_m)
