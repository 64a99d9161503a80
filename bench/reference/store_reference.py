"""Reference for the store bench (src/bench/suites/store.ts): the same writes and reads with
Python's sqlite3 module on the same schema layout (WAL, synchronous=NORMAL, assignments as
int32 BLOBs, one transaction per epoch), timed the same way. Prints one JSON object.

usage: store_reference.py DB_PATH IMAGES RECLUSTERINGS RUNS EPOCHS
"""
import json
import sqlite3
import sys
import time

import numpy as np

from reference_environment import describe

SCHEMA = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL, status TEXT NOT NULL, epochs INTEGER NOT NULL);
CREATE TABLE epochs (run_id INTEGER NOT NULL, epoch INTEGER NOT NULL, loss REAL NOT NULL, learner_losses TEXT NOT NULL,
  learning_rate REAL NOT NULL, seconds REAL NOT NULL, images_per_second REAL NOT NULL, ended_at TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)) WITHOUT ROWID;
CREATE TABLE metrics (run_id INTEGER NOT NULL, epoch INTEGER NOT NULL, recall_at_k TEXT NOT NULL, nmi REAL, map_at_r REAL,
  r_precision REAL, map5 REAL, PRIMARY KEY (run_id, epoch)) WITHOUT ROWID;
CREATE TABLE images (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, path TEXT NOT NULL, identity TEXT NOT NULL, split TEXT NOT NULL);
CREATE TABLE clusterings (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, epoch INTEGER NOT NULL, k INTEGER NOT NULL,
  sizes TEXT NOT NULL, features TEXT NOT NULL, image_ids BLOB NOT NULL, clusters BLOB NOT NULL);
CREATE INDEX clusterings_run ON clusterings(run_id, epoch);
"""


def main():
    path, images, reclusterings, runs, epochs = sys.argv[1], *map(int, sys.argv[2:6])
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.executescript(SCHEMA)
    config = json.dumps({"method": {"clusters": 8}, "epochs": epochs})

    # Write: one run, its images, then one transaction per reclustering epoch.
    db.execute("INSERT INTO runs (id, name, config, status, epochs) VALUES (1, 'big', ?, 'running', ?)", (config, reclusterings))
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO images (run_id, path, identity, split) VALUES (1, ?, ?, 'train')",
                   ((f"/data/train/{i:06d}.jpg", f"w_{i % 5000}") for i in range(images)))
    db.execute("COMMIT")
    image_ids = np.arange(1, images + 1, dtype=np.int32)
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for epoch in range(1, reclusterings + 1):
        clusters = rng.integers(0, 8, size=images, dtype=np.int32)
        sizes = np.bincount(clusters, minlength=8).tolist()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO epochs VALUES (1, ?, ?, ?, 0.001, 1.0, 100.0, '2026-01-01T00:00:00Z')", (epoch, 1.0 / epoch, json.dumps([1.0 / epoch] * 8)))
        db.execute("INSERT INTO clusterings (run_id, epoch, k, sizes, features, image_ids, clusters) VALUES (1, ?, 8, ?, 'backbone', ?, ?)",
                   (epoch, json.dumps(sizes), image_ids.tobytes(), clusters.tobytes()))
        db.execute("COMMIT")
    write_seconds = time.perf_counter() - started

    started = time.perf_counter()
    assignment_sum = 0
    # The Clusters panel needs both arrays as plain lists (they are sent as JSON).
    for (ids_blob, clusters_blob) in db.execute("SELECT image_ids, clusters FROM clusterings WHERE run_id = 1 ORDER BY epoch").fetchall():
        ids = np.frombuffer(ids_blob, dtype=np.int32).tolist()
        clusters = np.frombuffer(clusters_blob, dtype=np.int32).tolist()
        assignment_sum += sum(clusters) if len(ids) == len(clusters) else -1
    assignment_seconds = time.perf_counter() - started

    # Read: what Compare Runs asks for, for `runs` runs of `epochs` epochs.
    for run in range(2, runs + 2):
        db.execute("INSERT INTO runs (id, name, config, status, epochs) VALUES (?, ?, ?, 'completed', ?)", (run, f"run {run}", config, epochs))
        db.execute("BEGIN IMMEDIATE")
        for epoch in range(1, epochs + 1):
            db.execute("INSERT INTO epochs VALUES (?, ?, ?, ?, 0.001, 1.0, 100.0, '2026-01-01T00:00:00Z')", (run, epoch, 1.0 / epoch, json.dumps([1.0 / epoch])))
            db.execute("INSERT INTO metrics VALUES (?, ?, ?, 0.5, 0.2, 0.3, 0.4)", (run, epoch, json.dumps({"1": epoch / epochs, "2": 0.5, "4": 0.6, "8": 0.7})))
        db.execute("COMMIT")
    run_ids = list(range(2, runs + 2))
    marks = ",".join("?" * len(run_ids))
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        run_rows = [
            {"id": r[0], "name": r[1], "config": json.loads(r[2]), "status": r[3], "lastEpoch": r[4], "best": r[5]}
            for r in db.execute("""SELECT r.id, r.name, r.config, r.status,
                (SELECT MAX(epoch) FROM epochs WHERE run_id = r.id),
                (SELECT MAX(json_extract(recall_at_k, '$."1"')) FROM metrics WHERE run_id = r.id) FROM runs r ORDER BY r.id DESC""")
        ]
        epoch_rows = [
            {"runId": r[0], "epoch": r[1], "loss": r[2], "learnerLosses": json.loads(r[3]), "learningRate": r[4], "seconds": r[5], "imagesPerSecond": r[6], "endedAt": r[7]}
            for r in db.execute(f"SELECT * FROM epochs WHERE run_id IN ({marks}) ORDER BY run_id, epoch", run_ids)
        ]
        metric_rows = [
            {"runId": r[0], "epoch": r[1], "recallAtK": json.loads(r[2]), "nmi": r[3], "mapAtR": r[4], "rPrecision": r[5], "map5": r[6]}
            for r in db.execute(f"SELECT * FROM metrics WHERE run_id IN ({marks}) ORDER BY run_id, epoch", run_ids)
        ]
        timings.append(time.perf_counter() - started)
    db.close()
    print(json.dumps({
        "writeSeconds": write_seconds,
        "assignmentSeconds": assignment_seconds,
        "assignmentSum": assignment_sum,
        "readSeconds": sorted(timings)[len(timings) // 2],
        "epochRows": len(epoch_rows),
        "metricRows": len(metric_rows),
        "runRows": len(run_rows),
        "environment": describe(["sqlite3"]),
    }))


if __name__ == "__main__":
    main()
