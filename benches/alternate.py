#!/usr/bin/env python3
"""Compare `bulletin build` binaries on one site, alternating them run by run.

Usage: benches/alternate.py RUNS SITE NAME=BINARY [NAME=BINARY ...]

Each round builds SITE once with every binary (the order flips every round, so a
machine that slows down or speeds up hurts each alike), into an emptied folder under
/dev/shm/bb/. The first two rounds warm up. Printed: the median wall time and CPU time
(user + system, from wait4) of each binary, and the median of the per-round ratios to
the first binary: ratios taken pair by pair are what a noisy machine can still tell.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

os.makedirs("/dev/shm/bb", exist_ok=True)
runs=int(sys.argv[1]); src=sys.argv[2]; bins=[a.split('=',1) for a in sys.argv[3:]]
res={n:[] for n,_ in bins}; cpu={n:[] for n,_ in bins}
for i in range(runs+2):
    for n,b in (bins if i%2==0 else bins[::-1]):
        out=f"/dev/shm/bb/alt-{n}"
        shutil.rmtree(out, ignore_errors=True)
        t=time.perf_counter()
        p=subprocess.Popen([b,"build","-s",src,"-o",out],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
        _,status,ru=os.wait4(p.pid,0)
        dt=time.perf_counter()-t
        assert status==0,(n,status)
        if i>=2: res[n].append(dt); cpu[n].append(ru.ru_utime+ru.ru_stime)
for n in res:
    print(f"{n}: wall median {statistics.median(res[n])*1000:.1f} ms (min {min(res[n])*1000:.1f}), cpu median {statistics.median(cpu[n])*1000:.1f} ms")
b0=bins[0][0]
for n in list(res)[1:]:
    print(f"{n}/{b0}: wall ratio {statistics.median([b/a for a,b in zip(res[b0],res[n])]):.3f}, cpu ratio {statistics.median([b/a for a,b in zip(cpu[b0],cpu[n])]):.3f}")
