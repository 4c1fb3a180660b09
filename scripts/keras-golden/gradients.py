"""Golden gradients for hinge-losses: d value / d y_pred of Keras' loss classes, by the
autodiff of Keras' own backends.

Regenerate from the repo root (Keras 3.15.1, Python 3.11; one process per backend,
since Keras fixes its backend at import):

    python3 -m venv /tmp/kgrad
    /tmp/kgrad/bin/pip install -r scripts/keras-golden/requirements-gradients.txt
    KERAS_BACKEND=tensorflow /tmp/kgrad/bin/python scripts/keras-golden/gradients.py
    KERAS_BACKEND=jax /tmp/kgrad/bin/python scripts/keras-golden/gradients.py

They write __test__/fixtures/keras-golden-gradients-tensorflow.json and
keras-golden-gradients-jax.json. Each value and gradient is what Keras returns:
`keras.losses.Hinge(reduction=..., dtype=...)(y_true, y_pred, sample_weight)` (and
SquaredHinge, CategoricalHinge) differentiated with `tf.GradientTape` on TensorFlow and
with `jax.value_and_grad` (`jax.vjp` for reduction 'none') on JAX. For 'none' the
gradient is that of sum(upstream * value): a case with an "upstream" tensor used it as
the tape's output_gradients / the vjp's cotangent; a case without one used ones.

Both backends see the same inputs (same SEED, same draws). TensorFlow's `maximum`
sends a tie to its first argument, so Keras gives the hinge kink (1 - y*p = 0) and
categorical hinge's outer kink (neg - pos + 1 = 0) the whole gradient: the contract's
kink 'full'. JAX's `maximum` splits a tie in halves: kink 'half'. Both share the
gradient of a categorical max equally among the tied classes (the true class's slot
included), as the contract's formula does. Cases built to sit exactly on those points
use values exact in float32 (multiples of 1/4), so the kink is exact in both dtypes.

On JAX, float64 is recorded for categorical hinge only: Keras' `ops.mean` on the JAX
backend computes in `result_type(dtype, "float32")`, which Keras maps from float64 to
float32 (BIT64_TO_BIT32_DTYPE), so hinge and squared hinge in float64 are float32
numbers there, not the float64 results of the contract. Categorical hinge uses only sum,
max and maximum, which stay float64 with `jax_enable_x64`. The inputs of the skipped
cases are still drawn, so both files keep the same inputs for the cases they share.

A float64 reference of the package contract's gradient formula (API.md, "Gradients")
and of its values runs alongside as a sanity check: a case where Keras and the
contract disagree beyond float32 1e-6 / float64 1e-12 relative to max |grad| (values:
1e-5 / 1e-12 relative to max(1, |value|)) is reported on stderr and left out, except
a categorical tie case, which is kept with "matches_contract": false and a "note".
By construction there are no NaN inputs (autodiff gives 0 where the contract gives NaN),
no empty batches and no 'mean_with_sample_weight' with broadcast weights (Keras divides
by the weights' sum before broadcasting, the contract after).

Fixture format: keras_version, tensorflow_version or jax_version, numpy_version,
backend, kink, seed, and "cases", each with id, loss, dtype, reduction, y_true, y_pred,
sample_weight (optional), upstream (optional, 'none' only, the value's shape), kink
("full" on TensorFlow, "half" on JAX), value (what Keras returns; shape [] unless
'none'), grad (y_pred's shape), and for a categorical tie case that disagrees with the
contract, matches_contract (false) and note. Tensors and numbers are encoded as in
generate.py: {"shape", "data"} row-major, NaN and +-Infinity as strings.
"""

import json
import os
import sys
import tempfile

BACKEND = os.environ.get("KERAS_BACKEND")
if BACKEND not in ("tensorflow", "jax"):
    sys.exit("set KERAS_BACKEND to tensorflow or jax")
os.environ.setdefault("KERAS_HOME", os.path.join(tempfile.gettempdir(), "keras-golden-home"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

if BACKEND == "jax":
    import jax

    # Without x64, JAX silently computes float64 inputs in float32.
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
else:
    import tensorflow as tf

import numpy as np  # noqa: E402

import keras  # noqa: E402

from golden_common import (  # noqa: E402
    NP_DTYPE, Gen, as_dtype, close, enc_tensor, ref_class, ref_rank_rule,
)

SEED = 20241003 + 11
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "__test__", "fixtures")

LOSSES = ["hinge", "squared_hinge", "categorical_hinge"]
DTYPES = ["float32", "float64"]
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"]
LOSS_CLS = {
    "hinge": keras.losses.Hinge,
    "squared_hinge": keras.losses.SquaredHinge,
    "categorical_hinge": keras.losses.CategoricalHinge,
}
KINK = {"tensorflow": "full", "jax": "half"}[BACKEND]
KINK_VALUE = {"full": 1.0, "half": 0.5}
GRAD_TOLERANCE = {"float32": 1e-6, "float64": 1e-12}

warnings_count = 0
# Largest float32 gradient error against the reference, relative to max |grad|.
worst_float32 = [0.0, ""]


def warn(msg):
    global warnings_count
    warnings_count += 1
    print("WARNING: " + msg, file=sys.stderr)


def recorded(loss, dtype):
    return not (BACKEND == "jax" and dtype == "float64" and loss != "categorical_hinge")


# ----------------------------------------------------------------------------
# Keras


def keras_value_and_grad(loss, dtype, reduction, yt, yp, sw, upstream):
    obj = LOSS_CLS[loss](reduction=reduction, dtype=dtype)
    if BACKEND == "tensorflow":
        x = tf.constant(yp)
        with tf.GradientTape() as tape:
            tape.watch(x)
            value = obj(yt, x, sample_weight=sw)
        up = None if upstream is None else tf.constant(upstream)
        grad = tape.gradient(value, x, output_gradients=up)
        return value.numpy(), grad.numpy()

    def f(x):
        return obj(yt, x, sample_weight=sw)

    x = jnp.asarray(yp)
    if reduction == "none":
        value, vjp = jax.vjp(f, x)
        (grad,) = vjp(jnp.ones_like(value) if upstream is None else jnp.asarray(upstream))
    else:
        value, grad = jax.value_and_grad(f)(x)
    return np.asarray(value), np.asarray(grad)


# ----------------------------------------------------------------------------
# Independent float64 reference of the contract's gradient (API.md, "Gradients").


def sum_to_shape(a, shape):
    """Sums `a` over the axes that broadcasting from `shape` added or stretched."""
    lead = a.ndim - len(shape)
    if lead:
        a = a.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, d in enumerate(shape) if d == 1 and a.shape[i] != 1)
    return a.sum(axis=axes, keepdims=True) if axes else a


def ref_sample_factor(vshape, dtype, reduction, sw, upstream):
    """s_i: each per-sample loss's weight, broadcast copies summed, times the reduction's
    factor (or times the upstream for 'none')."""
    v = np.zeros(vshape)
    w = np.ones(()) if sw is None else sw.astype(NP_DTYPE[dtype]).astype(np.float64)
    v, w = ref_rank_rule(v, w)
    wshape = np.broadcast_shapes(v.shape, w.shape)
    wb = np.broadcast_to(w, wshape)
    n = int(np.prod(wshape))
    if reduction == "none":
        f = np.ones(wshape) if upstream is None else upstream.astype(np.float64)
    elif wshape == () or reduction == "sum":
        f = 1.0
    elif reduction == "mean_with_sample_weight" and sw is not None:
        total = wb.sum()
        f = 0.0 if total == 0 else 1.0 / total
    else:
        f = 0.0 if n == 0 else 1.0 / n
    return sum_to_shape(wb * f, v.shape).reshape(vshape)


def ref_grad(loss, dtype, reduction, yt, yp, sw, upstream, kink):
    dt = NP_DTYPE[dtype]
    yt, yp_r = ref_rank_rule(yt.astype(dt), yp.astype(dt))
    c = yp_r.shape[-1]
    kv = KINK_VALUE[kink]

    def k(x):
        return np.where(x > 0, 1.0, np.where(x < 0, 0.0, kv))

    y = yt
    if loss == "categorical_hinge":
        y64 = y.astype(np.float64)
        pos = (y * yp_r).astype(np.float64).sum(axis=-1).astype(dt)
        terms = ((dt(1) - y) * yp_r).astype(dt)
        neg = terms.max(axis=-1)
        x = (neg - pos + dt(1)).astype(dt)
        tied = terms == neg[..., None]
        share = tied / tied.sum(axis=-1, keepdims=True)
        elem = k(x)[..., None] * ((1.0 - y64) * share - y64)
    else:
        if np.all((y == 0) | (y == 1)):
            y = (dt(2) * y - dt(1)).astype(dt)
        x = (dt(1) - y * yp_r).astype(dt)
        y64 = y.astype(np.float64)
        if loss == "hinge":
            elem = -y64 / c * k(x)
        else:
            elem = -2.0 * y64 * np.maximum(x, dt(0)).astype(np.float64) / c
    s = ref_sample_factor(yp_r.shape[:-1], dtype, reduction, sw, upstream)
    return (s[..., None] * elem).reshape(yp.shape)


def grad_error(got, want):
    """max |got - want| relative to max |want| (absolute when want is all zero)."""
    diff = float(np.max(np.abs(got.astype(np.float64) - want), initial=0.0))
    scale = float(np.max(np.abs(want), initial=0.0))
    return diff if scale == 0 else diff / scale


# ----------------------------------------------------------------------------
# Case recording


def grad_case(cases, cid, loss, dtype, reduction, yt, yp, sw=None, upstream=None, tie=False):
    if not recorded(loss, dtype):
        return
    yt_a, yp_a = as_dtype(yt, dtype), as_dtype(yp, dtype)
    sw_a = None if sw is None else as_dtype(sw, dtype)
    up_a = None if upstream is None else as_dtype(upstream, dtype)
    value, grad = keras_value_and_grad(loss, dtype, reduction, yt_a, yp_a, sw_a, up_a)
    if value.dtype != NP_DTYPE[dtype] or grad.dtype != NP_DTYPE[dtype]:
        warn(f"{cid}: Keras returned {value.dtype} / {grad.dtype}, expected {dtype}; dropped")
        return
    if grad.shape != yp_a.shape:
        warn(f"{cid}: Keras grad shape {grad.shape} vs y_pred {yp_a.shape}; dropped")
        return
    ref_v = ref_class(loss, dtype, reduction, yt_a, yp_a, sw_a)
    if not close(value, ref_v, dtype):
        warn(f"{cid}: Keras value {value!r} vs contract {ref_v!r}; dropped")
        return
    ref_g = ref_grad(loss, dtype, reduction, yt_a, yp_a, sw_a, up_a, KINK)
    err = grad_error(grad, ref_g)
    c = {"id": cid, "loss": loss, "dtype": dtype, "reduction": reduction,
         "y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a)}
    if sw_a is not None:
        c["sample_weight"] = enc_tensor(sw_a)
    if up_a is not None:
        c["upstream"] = enc_tensor(up_a)
    c.update({"kink": KINK, "value": enc_tensor(value), "grad": enc_tensor(grad)})
    if err > GRAD_TOLERANCE[dtype]:
        if not tie:
            warn(f"{cid}: Keras grad {grad.tolist()} vs contract {ref_g.tolist()} "
                 f"(error {err:.3g}); dropped")
            return
        warn(f"{cid}: tie case differs from the contract (error {err:.3g}); kept, marked")
        c["matches_contract"] = False
        c["note"] = (f"Keras on {BACKEND} does not share this categorical max tie equally "
                     f"(error {err:.3g} relative to max |grad|)")
    if dtype == "float32" and err > worst_float32[0]:
        worst_float32[:] = [err, cid]
    cases.append(c)


# ----------------------------------------------------------------------------
# Inputs


def labels(g, loss, i, shape):
    kinds = (["onehot", "onehot", "pm1", "binary01"] if loss == "categorical_hinge"
             else ["binary01", "pm1"])
    kind = kinds[i % len(kinds)]
    if kind == "onehot" and shape[-1] == 1:
        kind = "binary01"
    return kind, g.labels(kind, shape)


def weights(g, wkind, shape, dtype):
    """Sample weights for per-sample losses of yPred's shape `shape` (without the last axis)."""
    b = shape[0]
    if wkind is None:
        return None
    if wkind == "w_batch":
        return g.weights((b,), dtype)
    if wkind == "w_batch1":
        return g.weights((b, 1), dtype)
    if wkind == "w_scalar":
        return g.weights((), dtype, zeros=False)
    if wkind == "w_b_d1":
        return g.weights(shape[:2], dtype)
    if wkind == "w_n":
        # rank-1 inputs: one per-sample value, n weighted copies
        return g.weights((int(g.rng.integers(2, 6)),), dtype)
    if wkind == "w_zero":
        return np.zeros((b,))
    raise ValueError(wkind)


def upstream_for(g, loss, dtype, reduction, yt, yp, sw):
    """A random upstream of the value's shape ('none' only)."""
    shape = ref_class(loss, dtype, reduction, as_dtype(yt, dtype), as_dtype(yp, dtype),
                      None if sw is None else as_dtype(sw, dtype)).shape
    x = g.rng.uniform(-2.0, 2.0, size=shape)
    return np.round(x, 4) if dtype == "float64" else x.astype(np.float32).astype(np.float64)


# (yTrue shape, yPred shape, weight kind). yPred [5, 1] and the rank rule cases check that
# the gradient keeps yPred's shape as given. Keras' 'mean_with_sample_weight' divides by
# the weights' sum before broadcasting, so it gets only weights that need no broadcasting.
COMMON = [((4, 3), (4, 3), None), ((5, 1), (5, 1), "w_batch"), ((3, 7), (3, 7), "w_batch1"),
          ((6,), (6,), None), ((2, 3, 4), (2, 3, 4), "w_b_d1"), ((4, 3), (4, 3), "w_batch")]
EXTRA = {
    "sum_over_batch_size": [((4, 3), (4, 3), "w_scalar"), ((2, 3, 4), (2, 3, 4), "w_batch1"),
                            ((5,), (5, 1), None)],
    "sum": [((4, 3), (4, 3), "w_scalar"), ((6,), (6,), "w_n"), ((5, 1), (5,), "w_batch")],
    "none": [((4, 3), (4, 3), "w_scalar"), ((2, 3, 4), (2, 3, 4), "w_batch1"),
             ((6,), (6,), "w_n"), ((5,), (5, 1), "w_batch1")],
    "mean": [((2, 3, 4), (2, 3, 4), "w_batch1"), ((5, 1), (5,), None)],
    "mean_with_sample_weight": [((6,), (6,), "w_n"), ((4, 3), (4, 3), "w_zero")],
}


def build_random_cases(g, cases):
    i = 0
    for loss in LOSSES:
        for dtype in DTYPES:
            for reduction in REDUCTIONS:
                for j, (yt_shape, yp_shape, wkind) in enumerate(COMMON + EXTRA[reduction]):
                    i += 1
                    shp = yp_shape if len(yp_shape) >= len(yt_shape) else yt_shape
                    kind, yt = labels(g, loss, i, shp)
                    yt = yt.reshape(yt_shape)
                    yp = g.preds(shp, dtype).reshape(yp_shape)
                    sw = weights(g, wkind, shp[:-1] if len(shp) > 1 else shp, dtype)
                    up = None
                    if reduction == "none" and j % 2 == 1:
                        up = upstream_for(g, loss, dtype, reduction, yt, yp, sw)
                    shape_id = "x".join(map(str, yt_shape))
                    if yt_shape != yp_shape:
                        shape_id += "-vs-" + "x".join(map(str, yp_shape))
                    cid = (f"random-{loss}-{dtype}-{reduction}-{shape_id}-{kind}-"
                           f"{wkind or 'nowt'}{'-upstream' if up is not None else ''}")
                    grad_case(cases, cid, loss, dtype, reduction, yt, yp, sw, up)


# Rows on the kink for hinge and squared hinge: about half the elements get the
# prediction p = y (after the {0,1} conversion), so 1 - y*p is exactly 0; label kind
# "float" uses labels 0.5 and -2 with p = 1/y (no conversion: they are not all 0 or 1).


def binary_kink_inputs(g, kind, shape, dtype):
    if kind == "float":
        yt = g.rng.choice([0.5, -2.0], size=shape)
        yt.flat[0], yt.flat[-1] = 0.5, -2.0
        conv = yt
    else:
        yt = g.labels(kind, shape)
        conv = 2 * yt - 1 if kind == "binary01" else yt
    yp = g.preds(shape, dtype)
    on = g.rng.random(size=shape) < 0.5
    on.flat[0] = True
    yp[on] = 1.0 / conv[on]
    return yt, yp


# Categorical rows, one-hot unless said otherwise; exact multiples of 1/4.
#   tie2 / tie3: two / three false classes share a positive max, loss > 0;
#   true_tie / true_tie3: one / two false classes at exactly 0, the others negative, so
#     the true class's slot (0*p = 0) ties with them; true_alone: every false class
#     negative, the true class's slot alone attains the max 0;
#   outer / outer_tie / outer_true_tie: neg - pos + 1 = 0 exactly, with a unique max,
#     a tie of two false classes, a tie with the true class's slot;
#   pm1_tie: labels in {-1, 1}, two -1 classes tie (their term is 2*p).


def cat_row(g, kind, c):
    r = g.rng
    yt = np.zeros(c)
    t = int(r.integers(0, c))
    yt[t] = 1.0
    others = [j for j in range(c) if j != t]
    r.shuffle(others)
    yp = -0.25 * r.integers(1, 9, size=c).astype(np.float64)
    yp[t] = 0.25 * int(r.integers(-4, 5))
    if kind in ("tie2", "tie3"):
        m = 0.25 * int(r.integers(1, 8))
        for j in others[: 2 if kind == "tie2" else 3]:
            yp[j] = m
        yp[t] = m - 0.25 * int(r.integers(-3, 4))
    elif kind in ("true_tie", "true_tie3"):
        for j in others[: 1 if kind == "true_tie" else 2]:
            yp[j] = 0.0
    elif kind == "true_alone":
        pass
    elif kind in ("outer", "outer_tie"):
        m = 0.25 * int(r.integers(1, 6))
        for j in others[: 1 if kind == "outer" else 2]:
            yp[j] = m
        yp[t] = m + 1.0
    elif kind == "outer_true_tie":
        yp[others[0]] = 0.0
        yp[t] = 1.0
    elif kind == "pm1_tie":
        yt = np.where(r.random(size=c) < 0.4, 1.0, -1.0)
        neg_ids = [j for j in range(c) if yt[j] < 0]
        if len(neg_ids) < 2:
            yt[:2] = -1.0
            neg_ids = [j for j in range(c) if yt[j] < 0]
        m = 0.25 * int(r.integers(1, 8))
        for j in neg_ids[:2]:
            yp[j] = m
        yp[[j for j in range(c) if yt[j] > 0]] = 0.25 * int(r.integers(-4, 5))
    else:
        raise ValueError(kind)
    return yt, yp


CAT_SPECIAL = [
    ("ties", 5, ["tie2", "tie3", "true_tie", "true_alone", "pm1_tie"]),
    ("true-slot-ties", 4, ["true_tie", "true_tie3", "true_tie", "true_alone"]),
    ("outer-kink", 4, ["outer", "outer_tie", "outer_true_tie", "tie2"]),
    ("pm1-ties", 4, ["pm1_tie", "pm1_tie", "pm1_tie"]),
]
BIN_SPECIAL = [
    ("binary01", (4, 3)), ("pm1", (3, 5)), ("float", (2, 4)), ("pm1", (6,)),
    ("binary01", (2, 2, 3)),
]


def special_weights(g, reduction, shape, dtype, n):
    """Every other special case is weighted by [batch] (or [batch, d1]) weights."""
    if n % 2 == 0:
        return None
    if len(shape) == 1:
        return None if reduction == "mean_with_sample_weight" else g.weights((), dtype, False)
    return g.weights(shape[:-1], dtype)


def build_special_cases(g, cases):
    n = 0
    for dtype in DTYPES:
        for loss in ("hinge", "squared_hinge"):
            for kind, shape in BIN_SPECIAL:
                for _ in range(2):
                    reduction = REDUCTIONS[n % len(REDUCTIONS)]
                    n += 1
                    yt, yp = binary_kink_inputs(g, kind, shape, dtype)
                    sw = special_weights(g, reduction, shape, dtype, n)
                    up = (upstream_for(g, loss, dtype, reduction, yt, yp, sw)
                          if reduction == "none" else None)
                    cid = (f"kink-{loss}-{dtype}-{reduction}-{'x'.join(map(str, shape))}-"
                           f"{kind}-{'wt' if sw is not None else 'nowt'}")
                    grad_case(cases, cid, loss, dtype, reduction, yt, yp, sw, up)
        loss = "categorical_hinge"
        for name, c, kinds in CAT_SPECIAL:
            for layout in ("rank2", "rank3", "rank1"):
                reduction = REDUCTIONS[n % len(REDUCTIONS)]
                n += 1
                rows = [cat_row(g, k, c) for k in kinds]
                if layout == "rank1":
                    rows = rows[:1]
                elif layout == "rank3" and len(rows) % 2:
                    rows = rows[:-1]
                yt = np.stack([r[0] for r in rows])
                yp = np.stack([r[1] for r in rows])
                if layout == "rank3":
                    yt, yp = yt.reshape(2, -1, c), yp.reshape(2, -1, c)
                elif layout == "rank1":
                    yt, yp = yt[0], yp[0]
                sw = special_weights(g, reduction, yp.shape, dtype, n)
                up = (upstream_for(g, loss, dtype, reduction, yt, yp, sw)
                      if reduction == "none" else None)
                cid = (f"tie-{loss}-{dtype}-{reduction}-{name}-{layout}-"
                       f"{'wt' if sw is not None else 'nowt'}")
                grad_case(cases, cid, loss, dtype, reduction, yt, yp, sw, up, tie=True)


# ----------------------------------------------------------------------------


def main():
    if not keras.__version__.startswith("3.15."):
        sys.exit(f"Keras {keras.__version__}: use requirements-gradients.txt (3.15.1)")
    g = Gen(SEED)
    cases = []
    build_special_cases(g, cases)
    build_random_cases(g, cases)
    header = {"keras_version": keras.__version__, "numpy_version": np.__version__,
              "backend": BACKEND, "kink": KINK, "seed": SEED}
    if BACKEND == "tensorflow":
        header["tensorflow_version"] = tf.__version__
    else:
        header["jax_version"] = jax.__version__
    name = f"keras-golden-gradients-{BACKEND}.json"
    path = os.path.join(FIXTURES, name)
    text = json.dumps({**header, "cases": cases}, allow_nan=False, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(cases)} cases, {len(text)} bytes; "
          f"largest float32 grad error {worst_float32[0]:.3g} ({worst_float32[1]})")
    if warnings_count:
        print(f"{warnings_count} warning(s); see stderr", file=sys.stderr)


if __name__ == "__main__":
    main()
