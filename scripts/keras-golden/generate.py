"""Golden fixtures for hinge-losses, computed by real Keras on the NumPy backend.
(Gradients come from gradients.py, on the TensorFlow and JAX backends; both generators
share golden_common.py: the JSON encoding, the input generator, the value reference.)

README: from the repo root run `python3 -m venv /tmp/kg && /tmp/kg/bin/pip install -r scripts/keras-golden/requirements.txt && /tmp/kg/bin/python scripts/keras-golden/generate.py` (Keras 3.6.0: writes __test__/fixtures/keras-golden.json and keras-golden-metrics.json); then `python3 -m venv /tmp/kg315 && /tmp/kg315/bin/pip install -r scripts/keras-golden/requirements-3.15.txt && /tmp/kg315/bin/python scripts/keras-golden/generate.py` (Keras 3.15.1: writes __test__/fixtures/keras-golden-3.15.json, reductions "mean" and "mean_with_sample_weight" only).

The script is deterministic (fixed SEED, NumPy PCG64 generator; the losses use
SEED, the metrics SEED + 1, the Keras >= 3.7 file SEED + 315). Every expected
value is what Keras itself returns; nothing here re-implements Keras for the
fixtures. A small independent reference of the package contract (float64
accumulation) runs alongside only as a sanity check: a case where Keras and the
contract disagree beyond rounding is reported on stderr and left out, so the
fixtures never encode a deliberate difference (empty batches, float32 sum
overflow, mean_with_sample_weight with broadcast weights, function-API rank
broadcasting are all avoided by construction).

Fixture format: each file has keras_version, numpy_version, backend, seed and
"cases". Loss cases: id, api ("function" | "class"), loss, dtype, reduction
(classes only), y_true, y_pred, sample_weight (optional), expected. Metric
cases: id, metric, dtype, updates [{y_true, y_pred, sample_weight?}], expected
(result()), total and count (the metric's float32 variables). Tensors are
{"shape": [...], "data": [...]} with data flat in row-major order; a scalar has
shape []. Numbers are JSON numbers except NaN and +-Infinity, written as the
strings "NaN", "Infinity", "-Infinity". float32 inputs are exact float32 values.
"""

import json
import os
import sys
import tempfile

os.environ["KERAS_BACKEND"] = "numpy"
# Keep Keras from writing a config file into the user's home directory.
os.environ.setdefault(
    "KERAS_HOME", os.path.join(tempfile.gettempdir(), "keras-golden-home")
)

import numpy as np  # noqa: E402

import keras  # noqa: E402

from golden_common import (  # noqa: E402
    NP_DTYPE, Gen, as_dtype, close, enc_num, enc_tensor, ref_class, ref_metric,
    ref_per_sample,
)

SEED = 20241003
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "__test__", "fixtures")

KERAS_VERSION = keras.__version__
_KV = tuple(int(p) for p in KERAS_VERSION.split(".")[:2])

LOSSES = ["hinge", "squared_hinge", "categorical_hinge"]
DTYPES = ["float32", "float64"]
LOSS_FN = {
    "hinge": keras.losses.hinge,
    "squared_hinge": keras.losses.squared_hinge,
    "categorical_hinge": keras.losses.categorical_hinge,
}
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
BIG = {"float32": np.float32(3e38), "float64": np.float64(1e308)}

warnings_count = 0


def warn(msg):
    global warnings_count
    warnings_count += 1
    print("WARNING: " + msg, file=sys.stderr)


def to_np(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


# ----------------------------------------------------------------------------
# Input generation


BIN_KINDS = ["binary01", "pm1", "float", "mixed01_tail_neg1", "int"]
CAT_KINDS = ["onehot", "binary01", "pm1", "float", "int"]


def kinds_for(loss):
    return CAT_KINDS if loss == "categorical_hinge" else BIN_KINDS


# Special rows (non-finite and huge predictions). Each returns (label row, pred row).
# "fin": the row's loss stays finite; "inf": +Infinity; "nan": NaN.

def special_rows(g, loss, dtype, k, label_kind, which):
    rows = []
    big = float(BIG[dtype])
    inf = float("inf")
    if loss == "categorical_hinge":
        k = max(k, 2)
        plan = {
            # Any infinity makes the row NaN: pos sums 0 * +-Infinity over the
            # other classes, and neg includes the true class's 0 * yPred.
            "nonfinite": [("nan", "nan"), ("pinf_true", "nan"), ("pinf_false", "nan"),
                          ("ninf_false", "nan"), ("ninf_true", "nan"), ("plain", "fin"),
                          ("plain", "fin")],
            "large": [("big_true", "fin"), ("big_false", "big"), ("big_both", "inf"),
                      ("plain", "fin")],
        }[which]
        for kind, cls in plan:
            yt = g.labels("onehot", (k,))
            yp = g.preds((k,), dtype)
            t = int(np.argmax(yt))
            f = (t + 1 + int(g.rng.integers(0, k - 1))) % k
            if kind == "nan":
                yp[int(g.rng.integers(0, k))] = np.nan
            elif kind == "pinf_true":
                yp[t] = inf
            elif kind == "pinf_false":
                yp[f] = inf
            elif kind == "ninf_false":
                yp[f] = -inf
            elif kind == "ninf_true":
                yp[t] = -inf
            elif kind == "big_true":
                yp[t] = big
            elif kind == "big_false":
                yp[f] = big
            elif kind == "big_both":
                yp[t] = -big
                yp[f] = big
            rows.append((yt, yp, cls))
        return rows
    k = max(k, 3)
    pos, neg = {"binary01": (1.0, 0.0), "pm1": (1.0, -1.0), "float": (0.5, -2.0)}[label_kind]
    plan = {
        "nonfinite": [("nan", "nan"), ("pinf_pos", "fin"), ("ninf_neg", "fin"),
                      ("pinf_neg", "inf"), ("ninf_pos", "inf"), ("plain", "fin")],
        "large": [("big_neg", "big"), ("big_pos", "fin"), ("nbig_pos", "big"), ("plain", "fin")],
    }[which]
    if which == "nonfinite" and label_kind == "float":
        plan.append(("zero_inf", "nan"))
    for kind, cls in plan:
        if label_kind == "binary01":
            yt = g.rng.integers(0, 2, size=(k,)).astype(np.float64)
        else:
            yt = g.rng.choice([pos, neg], size=(k,))
        yp = g.preds((k,), dtype)
        j = int(g.rng.integers(0, k))
        if kind == "nan":
            yp[j] = np.nan
        elif kind == "pinf_pos":
            yt[j], yp[j] = pos, inf
        elif kind == "ninf_neg":
            yt[j], yp[j] = neg, -inf
        elif kind == "pinf_neg":
            yt[j], yp[j] = neg, inf
        elif kind == "ninf_pos":
            yt[j], yp[j] = pos, -inf
        elif kind == "zero_inf":
            yt[j], yp[j] = 0.0, inf
        elif kind == "big_neg":
            yt[j], yp[j] = neg, big
        elif kind == "big_pos":
            yt[j], yp[j] = pos, big
        elif kind == "nbig_pos":
            yt[j], yp[j] = pos, -big
        rows.append((yt, yp, cls))
    return rows


def special_inputs(g, loss, dtype, which, keep):
    label_kind = g.rng.choice(["binary01", "pm1", "float"]) if loss != "categorical_hinge" else "onehot"
    k = int(g.rng.integers(3, 7))
    rows = [r for r in special_rows(g, loss, dtype, k, label_kind, which) if r[2] in keep]
    order = g.rng.permutation(len(rows))
    yt = np.stack([rows[i][0] for i in order])
    yp = np.stack([rows[i][1] for i in order])
    if label_kind == "float" and np.all((yt == 0) | (yt == 1)):
        yt.flat[-1] = -2.0
    return str(label_kind), yt, yp


# ----------------------------------------------------------------------------
# Case builders (run Keras, record its result)


def function_case(cases, cid, loss, dtype, yt, yp):
    yt_a = as_dtype(yt, dtype)
    yp_a = as_dtype(yp, dtype)
    with np.errstate(all="ignore"):
        out = to_np(LOSS_FN[loss](yt_a, yp_a))
    if out.dtype != NP_DTYPE[dtype]:
        warn(f"{cid}: Keras returned {out.dtype}, expected {dtype}")
    ref = ref_per_sample(loss, yt_a, yp_a, dtype)
    if not close(out, ref, dtype):
        warn(f"{cid}: Keras {out!r} vs contract {ref!r}; case dropped")
        return
    cases.append({
        "id": cid, "api": "function", "loss": loss, "dtype": dtype,
        "y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a),
        "expected": enc_tensor(out),
    })


def class_case(cases, cid, loss, dtype, reduction, yt, yp, sw=None):
    yt_a = as_dtype(yt, dtype)
    yp_a = as_dtype(yp, dtype)
    sw_a = None if sw is None else as_dtype(sw, dtype)
    obj = LOSS_CLS[loss](reduction=reduction, dtype=dtype)
    with np.errstate(all="ignore"):
        out = to_np(obj(yt_a, yp_a, sample_weight=sw_a))
    if out.dtype != NP_DTYPE[dtype]:
        warn(f"{cid}: Keras returned {out.dtype}, expected {dtype}")
    ref = ref_class(loss, dtype, reduction, yt_a, yp_a, sw_a)
    if not close(out, ref, dtype):
        warn(f"{cid}: Keras {out!r} vs contract {ref!r}; case dropped")
        return
    c = {
        "id": cid, "api": "class", "loss": loss, "dtype": dtype, "reduction": reduction,
        "y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a),
    }
    if sw_a is not None:
        c["sample_weight"] = enc_tensor(sw_a)
    c["expected"] = enc_tensor(out)
    cases.append(c)


# ----------------------------------------------------------------------------
# Keras 3.6 loss cases


def build_loss_cases():
    g = Gen(SEED)
    cases = []
    edges = [None, "k1", "k17", "b1", "b40"]

    # Functions: every label kind, ranks 1-3, edge sizes, both dtypes.
    for li, loss in enumerate(LOSSES):
        for di, dtype in enumerate(DTYPES):
            for ki, kind in enumerate(kinds_for(loss)):
                rank = [1, 2, 3][(ki + di + li) % 3]
                edge = edges[(ki + 2 * di + li) % len(edges)]
                if rank == 1 and edge in ("b1", "b40"):
                    edge = None
                shp = g.shape(rank, edge)
                yt = g.labels(kind, shp)
                yp = g.preds(shp, dtype)
                function_case(cases, f"function-{loss}-{dtype}-{kind}-rank{rank}"
                              + (f"-{edge}" if edge else ""), loss, dtype, yt, yp)
            for which in ("nonfinite", "large"):
                keep = ("fin", "inf", "nan", "big")
                lk, yt, yp = special_inputs(g, loss, dtype, which, keep)
                function_case(cases, f"function-{loss}-{dtype}-{which}-{lk}", loss, dtype, yt, yp)

    # Classes: every reduction, weights of every kind, rank rule, rank 1.
    variants = [
        ("rank2", None), ("rank2", "w_batch"), ("rank2", "w_batch1"), ("rank2", "w_scalar"),
        ("rank3", "w_batch_d1"), ("rank1", None), ("rank1", "w_n"),
        ("ytrue_n_ypred_n1", None), ("ytrue_n1_ypred_n", None),
    ]
    counter = 0
    for loss in LOSSES:
        kinds = kinds_for(loss)
        for dtype in DTYPES:
            for reduction in ("sum_over_batch_size", "sum", "none"):
                for vi, (layout, wkind) in enumerate(variants):
                    kind = kinds[counter % len(kinds)]
                    counter += 1
                    sw = None
                    if layout in ("rank1", "rank2", "rank3"):
                        rank = int(layout[-1])
                        edge = [None, "b40", "k17", "b1", "k1"][counter % 5] if rank > 1 else None
                        shp = g.shape(rank, edge)
                        yt_shape = yp_shape = shp
                    else:
                        n = int(g.rng.integers(1, 13))
                        if layout == "ytrue_n_ypred_n1":
                            yt_shape, yp_shape = (n,), (n, 1)
                        else:
                            yt_shape, yp_shape = (n, 1), (n,)
                        shp = (n, 1)
                        # alternate weights on the rank-rule cases
                        wkind = [None, "w_batch", "w_batch1"][counter % 3]
                    if kind == "onehot" and layout.startswith("ytrue"):
                        kind = "binary01"
                    yt = g.labels(kind, shp).reshape(yt_shape)
                    yp = g.preds(shp, dtype).reshape(yp_shape)
                    b = shp[0]
                    if wkind == "w_batch":
                        sw = g.weights((b,), dtype)
                    elif wkind == "w_batch1":
                        sw = g.weights((b, 1), dtype)
                    elif wkind == "w_scalar":
                        sw = g.weights((), dtype, zeros=False)
                    elif wkind == "w_batch_d1":
                        sw = g.weights(shp[:2], dtype)
                    elif wkind == "w_n":
                        sw = g.weights((int(g.rng.integers(1, 7)),), dtype)
                    cid = f"class-{loss}-{dtype}-{reduction}-{layout}-{kind}-{wkind or 'nowt'}"
                    class_case(cases, cid, loss, dtype, reduction, yt, yp, sw)
                # Non-finite and huge predictions; which rows depends on reduction so
                # that reduced results cover NaN, Infinity and finite outcomes.
                keep_nf = {"none": ("fin", "inf", "nan"), "sum": ("fin", "inf"),
                           "sum_over_batch_size": ("fin",)}[reduction]
                lk, yt, yp = special_inputs(g, loss, dtype, "nonfinite", keep_nf)
                class_case(cases, f"class-{loss}-{dtype}-{reduction}-nonfinite-{lk}",
                           loss, dtype, reduction, yt, yp)
                keep_big = {"none": ("fin", "inf", "big"), "sum": ("fin", "big"),
                            "sum_over_batch_size": ("fin", "big", "inf")}[reduction]
                lk, yt, yp = special_inputs(g, loss, dtype, "large", keep_big)
                class_case(cases, f"class-{loss}-{dtype}-{reduction}-large-{lk}",
                           loss, dtype, reduction, yt, yp)
    return cases


# ----------------------------------------------------------------------------
# Keras >= 3.7 reductions


def build_new_reduction_cases():
    g = Gen(SEED + 315)
    cases = []
    common = [("rank2", None), ("rank2", "w_batch"), ("rank2", "w_batch1"),
              ("rank3", "w_batch_d1"), ("rank1", "w_n")]
    extra = {
        "mean": [("rank2", "w_scalar"), ("rank3", "w_batch1_bcast")],
        # Keras divides by the sum of the weights before broadcasting; hinge-losses by
        # the broadcast sum. Only weights that need no broadcasting are used.
        "mean_with_sample_weight": [("rank2", "w_zero"), ("ytrue_n_ypred_n1", "w_batch")],
    }
    counter = 0
    # float32 only: from some Keras release after 3.6 (3.15.1 included), on every
    # backend but TensorFlow, Keras' result_type maps float64 to float32
    # (BIT64_TO_BIT32_DTYPE in keras/src/backend/common/dtypes.py), so
    # `keras.losses.hinge` on float64 inputs computes in float32 and the
    # divide_no_nan of these reductions returns float32 even for dtype="float64".
    # Those values are not the float64 results the contract promises.
    for loss in LOSSES:
        kinds = kinds_for(loss)
        for dtype in ("float32", "float32"):
            for reduction in ("mean", "mean_with_sample_weight"):
                for layout, wkind in common + extra[reduction]:
                    kind = kinds[counter % len(kinds)]
                    counter += 1
                    if layout.startswith("rank"):
                        shp = g.shape(int(layout[-1]))
                        yt_shape = yp_shape = shp
                    else:
                        n = int(g.rng.integers(1, 13))
                        shp, yt_shape, yp_shape = (n, 1), (n,), (n, 1)
                        if kind == "onehot":
                            kind = "binary01"
                    yt = g.labels(kind, shp).reshape(yt_shape)
                    yp = g.preds(shp, dtype).reshape(yp_shape)
                    b = shp[0]
                    sw = None
                    if wkind == "w_batch":
                        sw = g.weights((b,), dtype)
                    elif wkind == "w_batch1":
                        sw = g.weights((b, 1), dtype)
                    elif wkind == "w_batch1_bcast":
                        sw = g.weights((b, 1), dtype)
                    elif wkind == "w_scalar":
                        sw = g.weights((), dtype, zeros=False)
                    elif wkind == "w_batch_d1":
                        sw = g.weights(shp[:2], dtype)
                    elif wkind == "w_n":
                        # rank-1 inputs: one per-sample value, n weighted copies
                        sw = g.weights((int(g.rng.integers(2, 7)),), dtype)
                    elif wkind == "w_zero":
                        sw = np.zeros((b,))
                    cid = (f"class-{loss}-{dtype}-{reduction}-{layout}-{kind}-"
                           f"{wkind or 'nowt'}-{counter}")
                    class_case(cases, cid, loss, dtype, reduction, yt, yp, sw)
    return cases


# ----------------------------------------------------------------------------
# Metrics


def metric_case(cases, cid, metric, updates):
    m = METRIC_CLS[metric](dtype="float32")
    enc_updates = []
    ref_updates = []
    for yt, yp, sw in updates:
        yt_a = as_dtype(yt, "float32")
        yp_a = as_dtype(yp, "float32")
        sw_a = None if sw is None else as_dtype(sw, "float32")
        with np.errstate(all="ignore"):
            m.update_state(yt_a, yp_a, sample_weight=sw_a)
        u = {"y_true": enc_tensor(yt_a), "y_pred": enc_tensor(yp_a)}
        if sw_a is not None:
            u["sample_weight"] = enc_tensor(sw_a)
        enc_updates.append(u)
        ref_updates.append((yt_a, yp_a, sw_a))
    with np.errstate(all="ignore"):
        result = float(to_np(m.result()))
    total = float(to_np(m.total))
    count = float(to_np(m.count))
    r_res, r_tot, r_cnt = ref_metric(metric, ref_updates)
    if not (close(result, r_res, "float32") and close(total, r_tot, "float32")
            and close(count, r_cnt, "float32")):
        warn(f"{cid}: Keras {(result, total, count)} vs contract {(r_res, r_tot, r_cnt)}; dropped")
        return
    cases.append({"id": cid, "metric": metric, "dtype": "float32", "updates": enc_updates,
                  "expected": enc_num(result), "total": enc_num(total), "count": enc_num(count)})


def build_metric_cases():
    g = Gen(SEED + 1)
    cases = []
    # Keras' own examples: keras/src/metrics/hinge_metrics_test.py (v3.6.0) ...
    yp_t = [[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]]
    yt01 = [[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]]
    ytpm = [[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]]
    for metric in ("hinge", "squared_hinge"):
        metric_case(cases, f"keras-test-{metric}-unweighted", metric, [(yt01, yp_t, None)])
        metric_case(cases, f"keras-test-{metric}-weighted-pm1", metric,
                    [(ytpm, yp_t, [1.5, 2.0])])
    cyt = [[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]]
    cyp = [[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]]
    metric_case(cases, "keras-test-categorical_hinge-unweighted", "categorical_hinge",
                [(cyt, cyp, None)])
    metric_case(cases, "keras-test-categorical_hinge-weighted", "categorical_hinge",
                [(cyt, cyp, [1.0, 1.5, 2.0, 2.5])])
    # ... and the docstring examples of keras/src/metrics/hinge_metrics.py (v3.6.0).
    for metric in METRIC_CLS:
        metric_case(cases, f"keras-doc-{metric}-unweighted", metric,
                    [([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], None)])
        metric_case(cases, f"keras-doc-{metric}-weighted", metric,
                    [([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0])])

    def lab(metric, first=True, shape=None):
        if metric == "categorical_hinge":
            return g.labels("onehot" if first else "pm1", shape)
        return g.labels("binary01" if first else "pm1", shape)

    variants = [
        "one_update", "two_updates_w_batch", "three_updates_w_batch1", "mixed_labels",
        "mixed_labels_w_batch", "four_updates_mixed_weights", "rank3_w_batch",
        "rank3_w_batch1", "rank1_updates", "zero_weights",
    ]
    for metric in METRIC_CLS:
        for v in variants:
            ups = []
            k = int(g.rng.integers(1, 7))
            if v == "one_update":
                s = (int(g.rng.integers(1, 9)), k)
                ups.append((lab(metric, True, s), g.preds(s, "float32"), None))
            elif v in ("two_updates_w_batch", "three_updates_w_batch1"):
                for i in range(2 if v.startswith("two") else 3):
                    b = int(g.rng.integers(1, 9))
                    s = (b, k)
                    w = g.weights((b,) if v.startswith("two") else (b, 1), "float32")
                    ups.append((lab(metric, i % 2 == 0, s), g.preds(s, "float32"), w))
            elif v.startswith("mixed_labels"):
                for i in range(2):
                    b = int(g.rng.integers(2, 9))
                    s = (b, k)
                    w = g.weights((b,), "float32") if v.endswith("w_batch") else None
                    ups.append((lab(metric, i == 0, s), g.preds(s, "float32"), w))
            elif v == "four_updates_mixed_weights":
                for i in range(4):
                    b = int(g.rng.integers(1, 9))
                    s = (b, k)
                    w = [None, g.weights((b,), "float32"), None,
                         g.weights((b, 1), "float32")][i]
                    ups.append((lab(metric, i in (0, 3), s), g.preds(s, "float32"), w))
            elif v.startswith("rank3"):
                for i in range(2):
                    b = int(g.rng.integers(1, 6))
                    s = (b, int(g.rng.integers(2, 4)), k)
                    w = g.weights((b,) if v.endswith("w_batch") else (b, 1), "float32")
                    ups.append((lab(metric, i == 0, s), g.preds(s, "float32"), w))
            elif v == "rank1_updates":
                for i in range(3):
                    s = (max(k, 2),)
                    ups.append((lab(metric, i != 1, s), g.preds(s, "float32"), None))
            elif v == "zero_weights":
                b = int(g.rng.integers(2, 7))
                s = (b, k)
                ups.append((lab(metric, True, s), g.preds(s, "float32"), np.zeros((b,))))
                # hinge / squared hinge: nothing but zero weights, so count 0 and
                # result 0 (divide_no_nan); categorical: a weighted update follows.
                if metric == "categorical_hinge":
                    ups.append((lab(metric, False, s), g.preds(s, "float32"),
                                g.weights((b,), "float32")))
            metric_case(cases, f"{metric}-{v}", metric, ups)
    return cases


# ----------------------------------------------------------------------------


def header():
    return {
        "keras_version": KERAS_VERSION,
        "numpy_version": np.__version__,
        "backend": keras.backend.backend(),
        "seed": SEED,
    }


def write(name, payload):
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name)
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    n = len(payload["cases"])
    print(f"wrote {os.path.relpath(path, ROOT)}: {n} cases, {len(text)} bytes")


def main():
    if keras.backend.backend() != "numpy":
        sys.exit("KERAS_BACKEND must be numpy")
    if _KV == (3, 6):
        write("keras-golden.json", {**header(), "cases": build_loss_cases()})
        write("keras-golden-metrics.json", {**header(), "cases": build_metric_cases()})
    elif _KV >= (3, 7):
        name = "keras-golden-3.15.json" if _KV == (3, 15) else f"keras-golden-{_KV[0]}.{_KV[1]}.json"
        write(name, {**header(), "cases": build_new_reduction_cases()})
    else:
        sys.exit(f"unsupported Keras {KERAS_VERSION}: use requirements.txt (3.6.0) "
                 "or requirements-3.15.txt (3.15.1)")
    if warnings_count:
        print(f"{warnings_count} warning(s); see stderr", file=sys.stderr)


if __name__ == "__main__":
    main()
