"""Runs every benchmark and accuracy evaluation under bench/ and prints one report.

Each script prints its own table; this collects them, with the machine they ran on,
into one report (also written to .bench-out/report.md). `make bench` calls this.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".bench-out"

# (title, script, arguments); the order puts the quick ones first.
BENCHES = [
    ("History queries (10,000 attempts)", "history_queries.py", []),
    ("Launch and UI-thread stalls", "ui_responsiveness.py", []),
    (
        "Post-stop latency, whole-file time, RSS",
        "latency.py",
        ["--lengths", "30,120,300", "--runs", "2"],
    ),
    ("Stop -> results against the last-stretch floor", "stop_to_results.py", []),
    ("Filler prompt comparison", "filler_prompt.py", []),
    ("Feedback accuracy", "feedback_eval.py", []),
    ("Fillers heard in the audio (filled pauses)", "filled_pause_eval.py", []),
    ("Real speech through every route", "real_speech.py", []),
    ("Live transcript lag, one core busy", "live_lag.py", []),
    ("Read-aloud: first audio, pace, synthesis speed", "read_aloud.py", []),
    ("A long file through the CLI (1 hour, streamed)", "long_file.py", ["--minutes", "10,60"]),
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import ctranslate2

        gpus = ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - only for the report header
        gpus = 0
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, CUDA devices: {gpus}"
    )


def main() -> int:
    OUT.mkdir(exist_ok=True)
    only = set(sys.argv[1:])
    report = [
        f"# MockView benchmark report\n\nMachine: {machine()}\n"
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
    ]
    failed = []
    for title, script, args in BENCHES:
        if only and script not in only:
            continue
        path = ROOT / "bench" / script
        if not path.exists():
            report.append(f"\n## {title}\n\n(missing: bench/{script})\n")
            failed.append(script)
            continue
        print(f"== {title} (bench/{script}) ==", flush=True)
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, str(path), *args], cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.monotonic() - start
        print(proc.stdout, flush=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            failed.append(script)
        status = (
            "ok" if proc.returncode == 0 else f"exit {proc.returncode} (targets missed or error)"
        )
        report.append(
            f"\n## {title}\n\n`bench/{script}` - {elapsed:.0f} s - {status}\n\n"
            f"```\n{proc.stdout.strip()}\n```\n"
        )
    (OUT / "report.md").write_text("".join(report), encoding="utf-8")
    print("".join(report))
    print(f"Report written to {OUT / 'report.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
