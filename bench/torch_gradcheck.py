#!/usr/bin/python3
"""torch_gradcheck.py - PyTorch's side of bench/README.md's comparison.

usage: torch_gradcheck.py time N POINTS-FILE NAME...
       torch_gradcheck.py detect POINTS-FILE NAME...
       torch_gradcheck.py detect-fast POINTS-FILE NAME...

time: seconds of torch.autograd.gradcheck (float64, default eps/atol/rtol,
full Jacobian; fast_mode beside it) on the given points, best of 3.
detect: a custom autograd.Function whose backward returns df(x)(1 + eps)
times the incoming gradient; the smallest eps in 1e-2 .. 1e-12 that
gradcheck flags, in float64 and in float32, with gradcheck's defaults
(eps=1e-6, atol=1e-5, rtol=1e-3) and, for float32, also eps=1e-3,
atol=1e-3, rtol=1e-2; eps = 0 must not be flagged.  Points: the finite
points of gradcheck's own float64 set with |x| <= 20 (beyond that torch's
absolute 1e-6 step is below the spacing of float64).
detect-fast: float64 only, the smallest eps (from 1 = a gradient twice
too large, down to 1e-12) flagged by fast_mode for an error everywhere,
and by the full Jacobian and by fast_mode for an error on [2, 2.5) only
(one wrong branch of a piecewise gradient)."""
import sys
import time
import math
import warnings

import torch
import torch.nn.functional as Fn

warnings.filterwarnings("ignore")

ACTS = {
    "sigmoid": (torch.sigmoid, lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x))),
    "tanh": (torch.tanh, lambda x: 1 - torch.tanh(x) ** 2),
    "gelu": (Fn.gelu, lambda x: 0.5 * torch.erfc(-x / math.sqrt(2))
             + x * torch.exp(-x * x / 2) / math.sqrt(2 * math.pi)),
    "silu": (Fn.silu, lambda x: torch.sigmoid(x) * (1 + x * (1 - torch.sigmoid(x)))),
    "softplus": (Fn.softplus, torch.sigmoid),
    "square": (torch.square, lambda x: 2 * x),
}


def load(path, limit=None):
    with open(path) as fp:
        v = [float(s) for s in fp]
    if limit is not None:
        v = [x for x in v if abs(x) <= limit]
    return v


def mutant(name, eps, lo=-math.inf, hi=math.inf):
    """The gradient (1 + eps) too large on [lo, hi), correct elsewhere."""
    f, df = ACTS[name]

    class M(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return f(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            wrong = (x >= lo) & (x < hi)
            return g * df(x) * torch.where(wrong, 1 + eps, 1.0)

    return M.apply


def mutant_local(name, eps):
    """Wrong on [2, 2.5) only: one wrong branch of a piecewise gradient."""
    return mutant(name, eps, 2.0, 2.5)


FINE = [10.0 ** -k for k in range(2, 13)]
COARSE = [1.0, 0.5, 0.2, 0.1, 0.05, 0.02] + FINE


def smallest_flagged(make, name, x, epss=FINE, **kw):
    """The smallest eps of epss (descending) flagged before the first one
    that passes, and whether eps = 0 passes."""
    smallest = None
    for e in epss:
        if not flags(make(name, e), x, **kw):
            break
        smallest = e
    clean = not flags(make(name, 0.0), x, **kw)
    return ("%.0e" % smallest if smallest else "none"), ("clean" if clean else "false-positive")


def flags(fn, x, **kw):
    try:
        return not torch.autograd.gradcheck(fn, (x,), raise_exception=False, **kw)
    except Exception:
        return True


def main():
    torch.set_num_threads(2)
    torch.manual_seed(1)   # fast_mode's random projections, reproducibly
    if sys.argv[1] == "time":
        n, path = sys.argv[2], sys.argv[3]
        pts = load(path)
        for name in sys.argv[4:]:
            f = ACTS[name][0]
            x = torch.tensor(pts, dtype=torch.float64, requires_grad=True)
            res = []
            for fast in (False, True):
                best = math.inf
                for _ in range(3 if not fast else 5):
                    t0 = time.perf_counter()
                    torch.autograd.gradcheck(f, (x,), raise_exception=False, fast_mode=fast)
                    best = min(best, time.perf_counter() - t0)
                res.append(best)
            print(name, n, len(pts), "%.6f %.6f" % tuple(res), flush=True)
    elif sys.argv[1] == "detect":
        pts = load(sys.argv[2], 20.0)
        for name in sys.argv[3:]:
            for dtype, label, kw in ((torch.float64, "float64", {}),
                                     (torch.float32, "float32", {}),
                                     (torch.float32, "float32 (eps=1e-3, atol=1e-3, rtol=1e-2)",
                                      {"eps": 1e-3, "atol": 1e-3, "rtol": 1e-2})):
                x = torch.tensor(pts, dtype=dtype, requires_grad=True)
                print(name, label.replace(" ", "_"), *smallest_flagged(mutant, name, x, **kw),
                      len(pts), flush=True)

    elif sys.argv[1] == "detect-fast":
        # float64: fast_mode on an error everywhere, and the full Jacobian
        # and fast_mode on an error in [2, 2.5) only
        pts = load(sys.argv[2], 20.0)
        for name in sys.argv[3:]:
            x = torch.tensor(pts, dtype=torch.float64, requires_grad=True)
            for label, make, kw in (("fast_all", mutant, {"fast_mode": True}),
                                    ("full_local", mutant_local, {}),
                                    ("fast_local", mutant_local, {"fast_mode": True})):
                print(name, label, *smallest_flagged(make, name, x, COARSE, **kw), flush=True)


if __name__ == "__main__":
    main()
