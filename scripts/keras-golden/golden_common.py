"""Pieces shared by the Keras golden generators (generate.py, gradients.py, masks.py): the fixture
JSON encoding, the seeded input generator and an independent float64-accumulating
reference of the package contract's values. Nothing here imports Keras, so each generator
picks its own Keras backend before importing it.
"""

import math

import numpy as np

NP_DTYPE = {"float32": np.float32, "float64": np.float64}


# ----------------------------------------------------------------------------
# JSON encoding

def enc_num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def enc_tensor(a):
    a = np.asarray(a)
    return {"shape": [int(d) for d in a.shape], "data": [enc_num(v) for v in a.ravel()]}


# ----------------------------------------------------------------------------
# Independent reference of the package contract's values, used only as a sanity check.


def ref_rank_rule(a, b):
    ra, rb = a.ndim, b.ndim
    if ra == rb + 1 and a.shape[-1] == 1:
        if rb == 1:
            b = b[..., None]
        else:
            a = a[..., 0]
    elif rb == ra + 1 and b.shape[-1] == 1:
        if ra == 1:
            a = a[..., None]
        else:
            b = b[..., 0]
    return a, b


def ref_per_sample(loss, yt, yp, dtype):
    dt = NP_DTYPE[dtype]
    yt = yt.astype(dt)
    yp = yp.astype(dt)
    with np.errstate(all="ignore"):
        if loss in ("hinge", "squared_hinge"):
            if np.all((yt == 0) | (yt == 1)):
                yt = (dt(2) * yt - dt(1)).astype(dt)
            t = np.maximum(dt(1) - yt * yp, dt(0))
            if loss == "squared_hinge":
                t = t * t
            return (t.astype(np.float64).sum(axis=-1) / yt.shape[-1]).astype(dt)
        pos = (yt * yp).astype(np.float64).sum(axis=-1).astype(dt)
        neg = np.max((dt(1) - yt) * yp, axis=-1)
        return np.maximum(neg - pos + dt(1), dt(0)).astype(dt)


def ref_class(loss, dtype, reduction, yt, yp, sw):
    dt = NP_DTYPE[dtype]
    yt, yp = ref_rank_rule(yt.astype(dt), yp.astype(dt))
    v = ref_per_sample(loss, yt, yp, dtype)
    w = None
    if sw is not None:
        w = np.asarray(sw).astype(dt)
        v, w = ref_rank_rule(v, w)
        with np.errstate(all="ignore"):
            v = (v * w).astype(dt)
    if reduction in (None, "none") or v.shape == ():
        return v
    with np.errstate(all="ignore"):
        s = v.astype(np.float64).sum()
        if reduction == "sum":
            return dt(s)
        if reduction == "mean_with_sample_weight" and w is not None:
            d = np.broadcast_to(w, v.shape).astype(np.float64).sum()
        else:
            d = float(v.size)
        return dt(0.0) if d == 0 else dt(s / d)


def ref_metric(loss, updates):
    """The metrics' contract: (result, total, count) after `updates`, [(y_true, y_pred, sample_weight)]."""
    total = 0.0
    count = 0.0
    for yt, yp, sw in updates:
        # The package's functions apply the rank rule; Keras' broadcast [n] against [n, 1].
        yt, yp = ref_rank_rule(np.asarray(yt), np.asarray(yp))
        v = ref_per_sample(loss, yt, yp, "float32").astype(np.float32)
        if sw is None:
            if v.ndim == 0:
                total += float(v)
                count += 1
            else:
                total += float(v.reshape(v.shape[0], -1).astype(np.float64).mean(axis=1).sum())
                count += v.shape[0]
            continue
        w = np.asarray(sw).astype(np.float32)
        v, w = ref_rank_rule(v, w)
        if v.ndim > w.ndim:
            v = v.astype(np.float64).mean(axis=tuple(range(w.ndim, v.ndim))).astype(np.float32)
        w = np.broadcast_to(w, v.shape)
        v = (v * w).astype(np.float32)
        if v.ndim == 0:
            total += float(v)
            count += float(w)
        else:
            total += float(v.reshape(v.shape[0], -1).astype(np.float64).mean(axis=1).sum())
            count += float(w.reshape(w.shape[0], -1).astype(np.float64).mean(axis=1).sum())
    result = 0.0 if count == 0 else float(np.float32(total / count))
    return result, total, count


def close(keras_val, ref_val, dtype):
    a = np.asarray(keras_val, dtype=np.float64)
    b = np.asarray(ref_val, dtype=np.float64)
    if a.shape != b.shape:
        return False
    if not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    fin = np.isfinite(a)
    if not np.array_equal(fin, np.isfinite(b)):
        return False
    inf = np.isinf(a)
    if not np.array_equal(a[inf], b[inf]):
        return False
    tol = 1e-5 if dtype == "float32" else 1e-12
    diff = np.abs(a[fin] - b[fin])
    scale = np.maximum(1.0, np.abs(a[fin]))
    return bool(np.all(diff <= tol * scale))


# ----------------------------------------------------------------------------
# Input generation


class Gen:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def shape(self, rank, edge=None):
        r = self.rng
        k = int(r.integers(1, 18))
        b = int(r.integers(1, 9))
        d1 = int(r.integers(1, 5))
        if edge == "k1":
            k = 1
        elif edge == "k17":
            k = 17
        elif edge == "b1":
            b = 1
        elif edge == "b40":
            b, k, d1 = 40, min(k, 5), min(d1, 2)
        if rank == 1:
            return (k,)
        if rank == 2:
            return (b, k)
        return (b, d1, k)

    def labels(self, kind, shape):
        r = self.rng
        if kind == "binary01":
            return r.integers(0, 2, size=shape).astype(np.float64)
        if kind == "pm1":
            return r.choice([-1.0, 1.0], size=shape)
        if kind == "float":
            a = r.choice([0.5, -2.0, 1.5, -0.25, 0.0, 1.0, -1.0, 3.0], size=shape)
            a.flat[int(r.integers(0, a.size))] = r.choice([0.5, -2.0])
            return a
        if kind == "mixed01_tail_neg1":
            a = r.integers(0, 2, size=shape).astype(np.float64)
            a.flat[-1] = -1.0
            return a
        if kind == "int":
            a = r.integers(-3, 4, size=shape).astype(np.float64)
            a.flat[int(r.integers(0, a.size))] = r.choice([-3.0, 2.0])
            return a
        if kind == "onehot":
            a = np.zeros(shape)
            idx = r.integers(0, shape[-1], size=shape[:-1])
            np.put_along_axis(a, np.asarray(idx)[..., None], 1.0, axis=-1)
            return a
        raise ValueError(kind)

    def preds(self, shape, dtype):
        x = self.rng.normal(0.0, 1.5, size=shape)
        if dtype == "float64":
            return np.round(x, 6)
        return x.astype(np.float32).astype(np.float64)

    def weights(self, shape, dtype, zeros=True):
        x = self.rng.uniform(0.0, 3.0, size=shape)
        if dtype == "float64":
            x = np.round(x, 4)
        else:
            x = x.astype(np.float32).astype(np.float64)
        if zeros and x.size > 2:
            x.flat[int(self.rng.integers(0, x.size))] = 0.0
        return x


def as_dtype(a, dtype):
    return np.asarray(a, dtype=np.float64).astype(NP_DTYPE[dtype])
