#!/usr/bin/env python3
"""Summarises a JFR recording (standard library only; needs the JDK's `jfr` tool on PATH).

  scripts/bench/jfr-summary.py recording.jfr [--top 15]

Prints: GC pauses (count, total, longest); CPU samples (jdk.ExecutionSample) by top frame and by the first frame
in our code or JAIN-SIP; allocation (jdk.ObjectAllocationSample weight) by class and by allocating frame;
which threads the samples fell on.
"""
import argparse
import collections
import json
import subprocess
import sys

OURS = ("io.evapi.", "gov.nist.", "javax.sip.")


def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "24", "--events", ",".join(names), path],
                         stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(f):
    m = f.get("method") or {}
    t = (m.get("type") or {}).get("name", "?").replace("/", ".")
    return "%s.%s" % (t, m.get("name", "?"))


def ms(duration):
    # JFR JSON durations look like "PT0.0123S"
    if isinstance(duration, str) and duration.startswith("PT") and duration.endswith("S"):
        return float(duration[2:-1]) * 1000
    return 0.0


def show(title, counter, total, top, unit=""):
    print("%s (total %s%s)" % (title, format(total, ",") if isinstance(total, int) else "%.1f" % total, unit))
    for key, n in counter.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * n / total if total else 0, key))
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--stacks", type=int, default=0, help="also the N heaviest stacks (8 frames) of CPU and allocation")
    args = ap.parse_args()

    gcs = events(args.recording, ["jdk.GarbageCollection"])
    pauses = [ms(e["values"].get("sumOfPauses")) for e in gcs]
    kinds = collections.Counter(e["values"].get("name") for e in gcs)
    print("GC: %d collections %s, pauses %.1f ms in all, longest %.1f ms" % (
        len(gcs), dict(kinds), sum(pauses), max(pauses) if pauses else 0.0))
    print()

    samples = events(args.recording, ["jdk.ExecutionSample"])
    top = collections.Counter()
    ours = collections.Counter()
    threads = collections.Counter()
    for e in samples:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        top[frame_name(frames[0])] += 1
        first_ours = next((frame_name(f) for f in frames if frame_name(f).startswith(OURS)), "(other)")
        ours[first_ours] += 1
        threads[((e["values"].get("sampledThread") or {}).get("javaName") or "?").rstrip("0123456789-")] += 1
    show("CPU samples by top frame", top, sum(top.values()), args.top)
    show("CPU samples by first frame in io.evapi / JAIN-SIP", ours, sum(ours.values()), args.top)
    show("CPU samples by thread (numbers stripped)", threads, sum(threads.values()), args.top)
    if args.stacks:
        stacks = collections.Counter()
        for e in samples:
            frames = (e["values"].get("stackTrace") or {}).get("frames") or []
            stacks["\n           ".join(frame_name(f) for f in frames[:8])] += 1
        show("CPU samples by stack", stacks, sum(stacks.values()), args.stacks)

    allocs = events(args.recording, ["jdk.ObjectAllocationSample"])
    by_class = collections.Counter()
    by_frame = collections.Counter()
    for e in allocs:
        v = e["values"]
        w = int(v.get("weight") or 0)
        by_class[(v.get("objectClass") or {}).get("name", "?").replace("/", ".")] += w
        frames = (v.get("stackTrace") or {}).get("frames") or []
        by_frame[frame_name(frames[0]) if frames else "?"] += w
    total = sum(by_class.values())
    show("Allocation by class (sampled weight)", by_class, total, args.top, " bytes")
    show("Allocation by allocating frame", by_frame, total, args.top, " bytes")
    if args.stacks:
        stacks = collections.Counter()
        for e in allocs:
            frames = (e["values"].get("stackTrace") or {}).get("frames") or []
            stacks["\n           ".join(frame_name(f) for f in frames[:8])] += int(e["values"].get("weight") or 0)
        show("Allocation by stack", stacks, total, args.stacks, " bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
