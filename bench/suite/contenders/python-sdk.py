"""Determined's Python SDK as a benchmark contender, on the same bench master and bytes.

Run by the suite (only when DET_UPSTREAM_HARNESS is set, with that harness on PYTHONPATH) as
``python3 python-sdk.py '<json>'``; the JSON argument is the one the TypeScript contenders get,
plus ``contender``: ``create-experiment``, ``metric-stream`` or ``download``. Prints one JSON
result line like theirs (ok, seconds, units, peakRssMiB, error). Login happens before the clock, as
for the TypeScript SDK contender. Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (KiB
on Linux).
"""

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from typing import Any, Callable, Dict, Tuple

# The token cache goes to a private directory, never the user's.
os.environ["DET_DEBUG_CONFIG_PATH"] = tempfile.mkdtemp(prefix="det-bench-python-config-")

from determined.experimental import client  # noqa: E402

BENCH_USER = "determined"
# Set by the bench master (bench/suite/protocol.ts): complex enough for no weak-password warning.
BENCH_PASSWORD = "Bench-Master-2026"

CONFIG = {
    "name": "bench-create-experiment",
    "entrypoint": "python3 train.py",
    "searcher": {"name": "single", "metric": "validation_loss", "max_length": {"batches": 100}},
    "resources": {"slots_per_trial": 1},
}

Measured = Callable[[], int]


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def connect(args: Dict[str, Any]) -> client.Determined:
    return client.Determined(master=args["url"], user=BENCH_USER, password=BENCH_PASSWORD)


def create_experiment(args: Dict[str, Any]) -> Measured:
    det = connect(args)

    def run() -> int:
        experiment = det.create_experiment(CONFIG, args["modelDir"])
        if experiment.id <= 0:
            raise RuntimeError(f"experiment id {experiment.id}")
        return 1

    return run


def metric_stream(args: Dict[str, Any]) -> Measured:
    det = connect(args)

    def run() -> int:
        rows = 0
        last_batches = -1
        for metric in det.iter_trials_metrics([args["trialId"]], group="training"):
            if metric.steps_completed <= last_batches:
                raise RuntimeError(f"row {rows} out of order")
            last_batches = metric.steps_completed
            rows += 1
        return rows

    return run


def download(args: Dict[str, Any]) -> Measured:
    det = connect(args)
    checkpoint = det.get_checkpoint(args["uuid"])

    def run() -> int:
        checkpoint.download(args["target"], mode=client.DownloadMode.MASTER)
        if not os.listdir(args["target"]):
            raise RuntimeError("the download left an empty directory")
        return int(args["tarBytes"])

    return run


CONTENDERS: Dict[str, Callable[[Dict[str, Any]], Measured]] = {
    "create-experiment": create_experiment,
    "metric-stream": metric_stream,
    "download": download,
}


def expected_units(args: Dict[str, Any]) -> Tuple[str, int]:
    if args["contender"] == "metric-stream":
        return "rows", int(args["rows"])
    if args["contender"] == "download":
        return "bytes", int(args["tarBytes"])
    return "experiments", 1


def main() -> int:
    args = json.loads(sys.argv[1])
    target = args.get("target")
    try:
        if target:
            shutil.rmtree(target, ignore_errors=True)
        measured = CONTENDERS[args["contender"]](args)
        started = time.perf_counter()
        units = measured()
        seconds = round(time.perf_counter() - started, 3)
        name, expected = expected_units(args)
        result: Dict[str, Any] = {"ok": units == expected, "seconds": seconds, "units": units}
        if units != expected:
            result["error"] = f"{units} {name}, expected {expected}"
    except Exception as error:  # a failed contender is a result line, as in protocol.ts
        result = {"ok": False, "seconds": 0, "units": 0, "error": f"{type(error).__name__}: {error}"}
    finally:
        if target:
            shutil.rmtree(target, ignore_errors=True)
    result["peakRssMiB"] = peak_rss_mib()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
