"""Print torch.optim's trajectories for the cases in tests/engine/test_optimizers.py.

PyTorch is not a dependency of CNN Studio; this script was run once in a separate
virtualenv (`pip install torch==2.13.0`) and its output pasted into the test as the
expected numbers, so the test proves our optimizers reproduce torch.optim exactly.

    python tools/torch_optimizer_reference.py
"""

import json

import numpy as np
import torch

CASES = {
    "sgd": (torch.optim.SGD, {"lr": 0.1}),
    "sgd_momentum_wd": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    "sgd_nesterov": (torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    "adam": (torch.optim.Adam, {"lr": 0.01}),
    "adam_wd": (torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    "adamw": (torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.1}),
    "rmsprop": (torch.optim.RMSprop, {"lr": 0.01}),
    "rmsprop_momentum": (torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.01}),
    "adagrad": (torch.optim.Adagrad, {"lr": 0.1}),
}
START = [0.5, -1.5, 2.0, 0.0]


def gradient(step: int) -> np.ndarray:
    """The fixed gradient sequence both sides use (depends on the step only)."""
    return np.array([np.sin(step + 1.0), np.cos(2.0 * step), 0.1 * step - 0.3, 1.0 / (step + 1)])


def main():
    result = {}
    for name, (cls, kwargs) in CASES.items():
        param = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        optimizer = cls([param], **kwargs)
        for step in range(6):
            param.grad = torch.tensor(gradient(step), dtype=torch.float64)
            optimizer.step()
        result[name] = [round(v, 15) for v in param.detach().tolist()]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
