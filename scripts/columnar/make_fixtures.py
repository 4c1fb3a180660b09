"""Writes the small Parquet and Arrow IPC files the CLI's columnar tests read.

Run with pyarrow and numpy installed (python3 -m venv .venv && .venv/bin/pip install pyarrow numpy):
    python3 scripts/columnar/make_fixtures.py
The output is deterministic for a given pyarrow version; the tests read the values back with
apache-arrow (Arrow files) or compare Parquet with its Arrow twin, never with constants here.
"""

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parents[2] / "__test__" / "fixtures" / "columnar"
ROWS = 30
CLASSES = 4
# Batches and row groups of 7 rows: boundaries fall inside the CLI's chunks, and a chunk of
# 4 rows crosses them.
GROUP = 7


def fixed(values, dtype):
    flat = pa.array(values.reshape(-1), type=dtype)
    return pa.FixedSizeListArray.from_arrays(flat, values.shape[1])


def table():
    rng = np.random.default_rng(13)
    ids = rng.integers(0, CLASSES, ROWS).astype(np.int32)
    one_hot = np.eye(CLASSES, dtype=np.float32)[ids]
    pred = rng.normal(0, 1.5, (ROWS, CLASSES)).astype(np.float32)
    return pa.table(
        {
            "y_true": fixed(one_hot, pa.float32()),
            "y_pred": fixed(pred, pa.float32()),
            "y_pred_f16": fixed(pred.astype(np.float16), pa.float16()),
            "y_pred_f64": fixed(pred.astype(np.float64), pa.float64()),
            "ids": pa.array(ids, pa.int32()),
            "ids_i64": pa.array(ids.astype(np.int64), pa.int64()),
            "label": pa.array(np.where(rng.random(ROWS) < 0.5, -1, 1).astype(np.int8), pa.int8()),
            "score": pa.array(rng.normal(0, 1, ROWS).astype(np.float32), pa.float32()),
            "weight": pa.array(rng.random(ROWS) * 2, pa.float64()),
            "weight_f16": pa.array(rng.random(ROWS).astype(np.float16), pa.float16()),
            "mask": pa.array(rng.random(ROWS) < 0.7, pa.bool_()),
            "mask_u8": pa.array((rng.random(ROWS) < 0.7).astype(np.uint8), pa.uint8()),
            "name": pa.array([f"row {i}" for i in range(ROWS)], pa.string()),
        }
    )


def with_nulls():
    x = np.arange(ROWS, dtype=np.float32)
    v = np.arange(ROWS * CLASSES, dtype=np.float32).reshape(ROWS, CLASSES)
    v_mask = np.zeros(ROWS * CLASSES, dtype=bool)
    v_mask[5 * CLASSES + 2] = True  # row 5's third element
    return pa.table(
        {
            "x": pa.array(x, pa.float32(), mask=np.arange(ROWS) == 11),
            "v": pa.FixedSizeListArray.from_arrays(pa.array(v.reshape(-1), pa.float32(), mask=v_mask), CLASSES),
        }
    )


def write_ipc(path, t, stream):
    opener = pa.ipc.new_stream if stream else pa.ipc.new_file
    with pa.OSFile(str(path), "wb") as sink, opener(sink, t.schema) as writer:
        for batch in t.to_batches(max_chunksize=GROUP):
            writer.write_batch(batch)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    t = table()
    write_ipc(OUT / "table.arrow", t, stream=False)
    write_ipc(OUT / "table.arrows", t, stream=True)
    feather.write_feather(t, str(OUT / "table.feather"), compression="uncompressed", chunksize=GROUP)
    for codec in ("snappy", "zstd", "gzip"):
        pq.write_table(t, str(OUT / f"table.{codec}.parquet"), row_group_size=GROUP, compression=codec)
    # One column: no #COLUMN needed.
    pq.write_table(t.select(["y_pred"]), str(OUT / "y_pred.parquet"), row_group_size=GROUP)
    write_ipc(OUT / "y_pred.arrows", t.select(["y_pred"]), stream=True)
    n = with_nulls()
    pq.write_table(n, str(OUT / "nulls.parquet"), row_group_size=GROUP)
    write_ipc(OUT / "nulls.arrows", n, stream=True)


if __name__ == "__main__":
    main()
