#!/usr/bin/env python3
"""Whole-process wall time and peak memory of `copydesk check` (and any other command),
side by side, over the same inputs (standard library only).

Usage:
  benches/cli_bench.py [--runs 5] INPUT... [--cmd 'copydesk check {}'] [--cmd 'proselint {}']

`{}` is replaced by the input path (a file or a directory); without --cmd the script runs
`target/release/copydesk check {}`. Each command runs --runs times per input; the script
prints the median, minimum and maximum wall time and the median peak RSS (the child's
own ru_maxrss from wait4), and the user+system CPU time (to see whether both cores work).
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time
from pathlib import Path


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode


def size_of(path):
    p = Path(path)
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return p.stat().st_size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--cmd", action="append")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    commands = args.cmd or [f"{here}/target/release/copydesk check {{}}"]
    print("command | input | bytes | wall s median (min-max) | CPU s | peak RSS MB | exit")
    for command in commands:
        for item in args.inputs:
            argv = [a.replace("{}", item) for a in shlex.split(command)]
            runs = [run_once(argv) for _ in range(args.runs)]
            walls = [r[0] for r in runs]
            print(" | ".join([
                Path(argv[0]).name, item, f"{size_of(item):,}",
                f"{statistics.median(walls):.3f} ({min(walls):.3f}-{max(walls):.3f})",
                f"{statistics.median(r[2] for r in runs):.3f}",
                f"{statistics.median(r[1] for r in runs):.1f}",
                str(runs[0][3]),
            ]), flush=True)


if __name__ == "__main__":
    main()
