"""Golden fixtures of masked losses and metrics, computed by real Keras on the NumPy backend.

README: from the repo root run
`python3 -m venv /tmp/kg36 && /tmp/kg36/bin/pip install -r scripts/keras-golden/requirements.txt && /tmp/kg36/bin/python scripts/keras-golden/masks.py`
(Keras 3.6.0: writes __test__/fixtures/keras-golden-masks.json, the loss classes with masks),
then `python3 -m venv /tmp/kg315 && /tmp/kg315/bin/pip install -r scripts/keras-golden/requirements-3.15.txt && /tmp/kg315/bin/python scripts/keras-golden/masks.py`
(Keras 3.15.1: writes keras-golden-masks-3.15.json, the reductions "sum", "mean" and
"mean_with_sample_weight" with masks, and keras-golden-masks-metrics.json, the metrics).

How the mask reaches Keras: exactly as a masking layer leaves it, through
`keras.src.backend.set_keras_mask(y_pred, mask)` (the function Keras' own layers call; it
is not exported as `keras.backend.set_keras_mask` in these versions). A NumPy array takes
no attributes, so Keras keeps the mask in a global table keyed by `id(y_pred)` and
`Loss.__call__` / `MeanMetricWrapper.update_state` read it back with
`backend.get_keras_mask(y_pred)`: Keras' own `apply_mask` then runs. Every masked y_pred and
its mask stay referenced until the script ends, since Keras 3.6's table is keyed by id and
would otherwise hand a dead array's mask to a new array that reuses its id. A self-check at
start asserts that the mask changes Keras' result.

What each Keras version contributes, and why:
- Keras 3.6.0 (the contract's loss rule): the mask becomes a weight, scaled by
  total / (valid + 1e-7) in the loss dtype for "sum_over_batch_size"; reductions
  "sum_over_batch_size", "sum", "none" and None; float32 and float64.
- Keras 3.15.1 losses: its apply_mask scales by divide_no_nan(total, valid) instead. For
  "sum" and "mean_with_sample_weight" the mask is not scaled, so the rule is the contract's;
  for "mean" the two scales differ by at most 1e-7 / valid relative in float32 (nothing
  when valid >= 2: 1e-7 is below half an ulp of 2) and both give 0 when no entry is valid,
  well inside the float32 tolerance, so "mean" is recorded too. float32 only, as in
  generate.py (Keras >= 3.7 computes float64 inputs in float32 on this backend).
- Keras 3.15.1 metrics: the mask as an unscaled weight, with or without sample weights
  (Keras >= 3.12; 3.6 dropped a mask given without weights).

As in generate.py every expected value is Keras' own; an independent reference of the
contract (golden_common.py, the mask folded into the weights) runs alongside as a sanity
check, and a case where the two disagree beyond rounding is reported on stderr and left
out. Shapes Keras refuses (a [batch] or scalar weight with a [batch, steps] mask: its
in-place `sample_weight *= mask` cannot broadcast) are not built, nor metric updates of
labels [n] against predictions [n, 1]: Keras' loss functions, which its metrics call,
broadcast those to [n, n], where the package applies the rank rule (API.md says so).

Fixture format: as generate.py's, plus "mask" {"shape", "data": [true/false, ...]} on loss
cases and on metric updates that have one. Loss cases: id, loss, dtype, reduction
(null for None), y_true, y_pred, sample_weight (optional), mask, expected. Metric cases:
id, metric, dtype, updates [{y_true, y_pred, sample_weight?, mask?}], expected, total, count.
"""

import json
import os
import sys
import tempfile

os.environ["KERAS_BACKEND"] = "numpy"
os.environ.setdefault(
    "KERAS_HOME", os.path.join(tempfile.gettempdir(), "keras-golden-home")
)

import numpy as np  # noqa: E402

import keras  # noqa: E402
from keras.src import backend as keras_backend  # noqa: E402

from golden_common import (  # noqa: E402
    NP_DTYPE, Gen, as_dtype, close, enc_num, enc_tensor, ref_class, ref_metric,
    ref_rank_rule,
)

SEED = 20241003 + 612
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "__test__", "fixtures")

KERAS_VERSION = keras.__version__
_KV = tuple(int(p) for p in KERAS_VERSION.split(".")[:2])

LOSSES = ["hinge", "squared_hinge", "categorical_hinge"]
LOSS_CLS = {
    "hinge": keras.losses.Hinge,
    "squared_hinge": keras.losses.SquaredHinge,
    "categorical_hinge": keras.losses.CategoricalHinge,
}
METRIC_CLS = {
    "hinge": keras.metrics.Hinge,
    "squared_hinge": keras.metrics.SquaredHinge,
    "categorical_hinge": keras.metrics.CategoricalHinge,
}
# The reductions whose mask weight is scaled by total / valid (Keras 3.6 has only the first).
SCALED = ("sum_over_batch_size", "mean")
EPSILON = 1e-7

warnings_count = 0
# Masked arrays and their masks, kept alive (see the module docstring).
_keep = []


def warn(msg):
    global warnings_count
    warnings_count += 1
    print("WARNING: " + msg, file=sys.stderr)


def to_np(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def attach(y_pred, mask):
    """Sets `mask` as y_pred's Keras mask and checks that Keras reads it back."""
    m = np.asarray(mask, dtype=bool)
    keras_backend.set_keras_mask(y_pred, m)
    if keras_backend.get_keras_mask(y_pred) is not m:
        sys.exit("set_keras_mask did not attach the mask to a NumPy array")
    _keep.append((y_pred, m))
    return m


def enc_mask(m):
    return {"shape": [int(d) for d in m.shape], "data": [bool(v) for v in m.ravel()]}


# ----------------------------------------------------------------------------
# The contract's rule, for the sanity check: the mask folded into the weights.


def mask_weight(mask, sw, dtype, scaled):
    dt = NP_DTYPE[dtype]
    m = mask.astype(dt)
    if scaled:
        total = dt(m.size)
        valid = dt(float(m.astype(np.float64).sum()) + EPSILON)
        m = (m * (total / valid)).astype(dt)
    if sw is None:
        return m
    m, w = ref_rank_rule(m, np.asarray(sw).astype(dt))
    return (w * m).astype(dt)


def self_check():
    """A mask Keras ignored would leave these two results equal."""
    yt = np.array([[1.0], [1.0]], dtype=np.float32)
    yp = np.array([[0.0], [5.0]], dtype=np.float32)
    reduction = "sum_over_batch_size" if _KV == (3, 6) else "mean"
    plain = float(to_np(keras.losses.Hinge(reduction=reduction)(yt, yp)))
    attach(yp, [True, False])
    masked = float(to_np(keras.losses.Hinge(reduction=reduction)(yt, yp)))
    if not (abs(plain - 0.5) < 1e-6 and abs(masked - 1.0) < 1e-6):
        sys.exit(f"Keras did not apply the mask: {plain} unmasked, {masked} masked")


# ----------------------------------------------------------------------------
# Inputs


def kinds_for(loss):
    if loss == "categorical_hinge":
        return ["onehot", "binary01", "pm1", "float", "int"]
    return ["binary01", "pm1", "float", "mixed01_tail_neg1", "int"]


def mask_of(g, shape, kind):
    """'some': at least one true and, given two entries or more, one false."""
    if kind == "all":
        return np.ones(shape, dtype=bool)
    if kind == "none":
        return np.zeros(shape, dtype=bool)
    m = g.rng.integers(0, 2, size=shape).astype(bool)
    flat = m.reshape(-1)
    flat[int(g.rng.integers(0, flat.size))] = True
    if flat.size > 1 and flat.all():
        flat[int(np.flatnonzero(flat)[-1])] = False
        flat[0] = True
    return m


def layout_shapes(g, layout):
    """(label/prediction shape, y_true shape, y_pred shape, per-sample losses' shape)."""
    k = int(g.rng.integers(1, 7))
    if layout == "rank3":
        b, s = int(g.rng.integers(2, 6)), int(g.rng.integers(2, 5))
        return (b, s, k), (b, s, k), (b, s, k), (b, s)
    b = int(g.rng.integers(2, 9))
    if layout == "ytrue_n_ypred_n1":
        return (b, 1), (b,), (b, 1), (b,)
    return (b, k), (b, k), (b, k), (b,)


def loss_inputs(g, loss, kind, layout, mask_shape, mask_kind, wkind, dtype):
    shp, yt_shape, yp_shape, per = layout_shapes(g, layout)
    if layout == "ytrue_n_ypred_n1" and kind == "onehot":
        kind = "binary01"
    yt = g.labels(kind, shp).reshape(yt_shape)
    yp = g.preds(shp, dtype).reshape(yp_shape)
    mshape = per + (1,) if mask_shape == "b1" else per
    mask = mask_of(g, mshape, mask_kind)
    if layout == "nan_masked_out":
        # A non-finite loss under a false mask: NaN * 0 is NaN, in Keras as in IEEE.
        row = int(np.flatnonzero(~mask.reshape(-1))[0])
        yp.reshape(per + (-1,))[row, 0] = np.nan
    b = per[0]
    sw = {None: None, "w_b": lambda: g.weights((b,), dtype), "w_b1": lambda: g.weights((b, 1), dtype),
          "w_bs": lambda: g.weights(per, dtype)}[wkind]
    return kind, yt, yp, mask, (sw() if sw is not None else None)


# (layout, mask shape, mask kind, weights); the mask has the per-sample losses' shape
# (with a trailing 1 for "b1"), the weights that of the rank rule against it.
VARIANTS = [
    ("rank2", "b", "some", None),
    ("rank2", "b", "some", "w_b"),
    ("rank2", "b", "some", "w_b1"),
    ("rank2", "b", "all", None),
    ("rank2", "b", "all", "w_b"),
    ("rank2", "b", "none", None),
    ("rank2", "b", "none", "w_b"),
    ("rank2", "b1", "some", None),
    ("ytrue_n_ypred_n1", "b", "some", "w_b"),
    ("rank3", "bs", "some", None),
    ("rank3", "bs", "some", "w_bs"),
    ("rank3", "bs", "all", "w_bs"),
    ("rank3", "bs", "none", None),
    ("rank3", "bs", "none", "w_bs"),
    ("nan_masked_out", "b", "some", None),
    ("nan_masked_out", "b", "some", "w_b"),
]


# ----------------------------------------------------------------------------
# Loss cases


def loss_case(cases, cid, loss, dtype, reduction, yt, yp, mask, sw):
    yt_a = as_dtype(yt, dtype)
    yp_a = as_dtype(yp, dtype)
    sw_a = None if sw is None else as_dtype(sw, dtype)
    m = attach(yp_a, mask)
    obj = LOSS_CLS[loss](reduction=reduction, dtype=dtype)
    try:
        with np.errstate(all="ignore"):
            out = to_np(obj(yt_a, yp_a, sample_weight=None if sw_a is None else sw_a.copy()))
    except ValueError as e:
        warn(f"{cid}: Keras refused the inputs ({e}); case dropped")
        return
    if out.dtype != NP_DTYPE[dtype]:
        warn(f"{cid}: Keras returned {out.dtype}, expected {dtype}")
    with np.errstate(all="ignore"):
        ref = ref_class(loss, dtype, reduction, yt_a, yp_a, mask_weight(m, sw_a, dtype, reduction in SCALED))
    if not close(out, ref, dtype):
        warn(f"{cid}: Keras {out!r} vs contract {ref!r}; case dropped")
        return
    c = {"id": cid, "loss": loss, "dtype": dtype, "reduction": reduction,
         "y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a)}
    if sw_a is not None:
        c["sample_weight"] = enc_tensor(sw_a)
    c["mask"] = enc_mask(m)
    c["expected"] = enc_tensor(out)
    cases.append(c)


def build_loss_cases(seed, dtypes, reductions):
    g = Gen(seed)
    cases = []
    counter = 0
    for loss in LOSSES:
        kinds = kinds_for(loss)
        for dtype in dtypes:
            for reduction in reductions:
                # None behaves as "none": a few variants are enough to show it.
                variants = VARIANTS[::4] if reduction is None else VARIANTS
                for layout, mshape, mkind, wkind in variants:
                    kind, yt, yp, mask, sw = loss_inputs(
                        g, loss, kinds[counter % len(kinds)], layout, mshape, mkind, wkind, dtype)
                    cid = (f"{loss}-{dtype}-{reduction or 'null'}-{layout}-mask_{mshape}_{mkind}-"
                           f"{wkind or 'nowt'}-{kind}-{counter}")
                    counter += 1
                    loss_case(cases, cid, loss, dtype, reduction, yt, yp, mask, sw)
    return cases


# ----------------------------------------------------------------------------
# Metric cases (Keras >= 3.12)


def metric_case(cases, cid, metric, updates):
    """updates: [(y_true, y_pred, sample_weight or None, mask or None)]."""
    m = METRIC_CLS[metric](dtype="float32")
    enc_updates = []
    ref_updates = []
    for yt, yp, sw, mask in updates:
        yt_a = as_dtype(yt, "float32")
        yp_a = as_dtype(yp, "float32")
        sw_a = None if sw is None else as_dtype(sw, "float32")
        u = {"y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a)}
        if sw_a is not None:
            u["sample_weight"] = enc_tensor(sw_a)
        weight = sw_a
        if mask is not None:
            mk = attach(yp_a, mask)
            u["mask"] = enc_mask(mk)
            weight = mask_weight(mk, sw_a, "float32", False)
        with np.errstate(all="ignore"):
            m.update_state(yt_a, yp_a, sample_weight=None if sw_a is None else sw_a.copy())
        enc_updates.append(u)
        ref_updates.append((yt_a, yp_a, weight))
    with np.errstate(all="ignore"):
        result = float(to_np(m.result()))
        r_res, r_tot, r_cnt = ref_metric(metric, ref_updates)
    total = float(to_np(m.total))
    count = float(to_np(m.count))
    if not (close(result, r_res, "float32") and close(total, r_tot, "float32")
            and close(count, r_cnt, "float32")):
        warn(f"{cid}: Keras {(result, total, count)} vs contract {(r_res, r_tot, r_cnt)}; dropped")
        return
    cases.append({"id": cid, "metric": metric, "dtype": "float32", "updates": enc_updates,
                  "expected": enc_num(result), "total": enc_num(total), "count": enc_num(count)})


# Each variant: its updates as (layout, mask shape, mask kind or None for no mask, weights).
METRIC_VARIANTS = {
    "mask_b": [("rank2", "b", "some", None)],
    "mask_b_w_b": [("rank2", "b", "some", "w_b")],
    "mask_b_w_b1": [("rank2", "b", "some", "w_b1")],
    "mask_b1": [("rank2", "b1", "some", None)],
    "mask_all_true": [("rank2", "b", "all", None)],
    "mask_none_true": [("rank2", "b", "none", None)],
    "mask_none_true_w_b": [("rank2", "b", "none", "w_b")],
    "mask_none_true_then_some": [("rank2", "b", "none", None), ("rank2", "b", "some", None)],
    "rank3_mask_bs": [("rank3", "bs", "some", None), ("rank3", "bs", "some", None)],
    "rank3_mask_bs_w_bs": [("rank3", "bs", "some", "w_bs"), ("rank3", "bs", "all", None)],
    "mixed_updates": [("rank2", "b", "some", None), ("rank2", "b", None, "w_b"),
                      ("rank2", "b", "some", "w_b"), ("rank2", "b", None, None)],
    "nan_masked_out": [("nan_masked_out", "b", "some", None)],
}


def build_metric_cases():
    g = Gen(SEED + 1)
    cases = []
    for metric in METRIC_CLS:
        kinds = kinds_for(metric)
        for vi, (name, plan) in enumerate(METRIC_VARIANTS.items()):
            ups = []
            for ui, (layout, mshape, mkind, wkind) in enumerate(plan):
                kind, yt, yp, mask, sw = loss_inputs(
                    g, metric, kinds[(vi + ui) % len(kinds)], layout, mshape, mkind or "all",
                    wkind, "float32")
                ups.append((yt, yp, sw, mask if mkind is not None else None))
            metric_case(cases, f"{metric}-{name}", metric, ups)
    return cases


# ----------------------------------------------------------------------------


def header():
    return {
        "keras_version": KERAS_VERSION,
        "numpy_version": np.__version__,
        "backend": keras.backend.backend(),
        "seed": SEED,
        "mask_attached_with": "keras.src.backend.set_keras_mask",
    }


def write(name, payload):
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name)
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(payload['cases'])} cases, {len(text)} bytes")


def main():
    if keras.backend.backend() != "numpy":
        sys.exit("KERAS_BACKEND must be numpy")
    if _KV == (3, 6):
        self_check()
        cases = build_loss_cases(SEED, ["float32", "float64"],
                                 ["sum_over_batch_size", "sum", "none", None])
        write("keras-golden-masks.json", {**header(), "cases": cases})
    elif _KV >= (3, 12):
        self_check()
        cases = build_loss_cases(SEED + 315, ["float32"], ["sum", "mean", "mean_with_sample_weight"])
        name = "3.15" if _KV == (3, 15) else f"{_KV[0]}.{_KV[1]}"
        write(f"keras-golden-masks-{name}.json", {**header(), "cases": cases})
        write("keras-golden-masks-metrics.json", {**header(), "seed": SEED + 1, "cases": build_metric_cases()})
    else:
        sys.exit(f"unsupported Keras {KERAS_VERSION}: use requirements.txt (3.6.0) "
                 "or requirements-3.15.txt (3.15.1)")
    if warnings_count:
        print(f"{warnings_count} warning(s); see stderr", file=sys.stderr)


if __name__ == "__main__":
    main()
