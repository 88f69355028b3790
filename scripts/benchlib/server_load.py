"""Load on `search --serve` over loopback HTTP, with keep-alive clients.

Each client is a process of its own (no GIL between clients) holding one
keep-alive connection, as a browser or an API user does. Per query class:
  latency     one client, one request at a time: p50/p99 of the round trip
  throughput  N clients at once for a bounded count and time: queries/s and
              p50/p99 under that load
Then a long mixed run (bounded count) samples the server's RSS after each
tenth of it: memory must stay flat once the first tenths have warmed it.
"""

import http.client
import multiprocessing
import os
import re
import statistics
import subprocess
import time
import urllib.parse

TEN_WORDS = "bank interest rates rise as central bank fears inflation in europe"


def query_classes(queries):
    """label -> list of request paths, from the bench's short AND queries."""
    short = [q for q in queries if q.strip()]
    two = [q for q in short if len(q.split()) >= 2] or short
    enc = urllib.parse.quote_plus
    return {
        "short, no feedback": [f"/api/search?q={enc(q)}&feedback=0" for q in short],
        "short, feedback": [f"/api/search?q={enc(q)}" for q in short],
        "phrase": [f"/api/search?q={enc(chr(34) + q + chr(34))}" for q in two],
        "10-word AND": [f"/api/search?q={enc(TEN_WORDS)}&feedback=0"],
        "search page (HTML)": [f"/search?q={enc(q)}" for q in short],
    }


def start_server(search_bin, db, threads=None):
    cmd = [search_bin, "--serve", "127.0.0.1:0", "--db", db]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"search --serve printed no URL: {line!r} {proc.stderr.read()[-300:]}")
    return proc, int(m.group(1))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _client(port, paths, count, seconds, start_index, out):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lat, errors = [], 0
    deadline = time.perf_counter() + seconds
    for i in range(count):
        path = paths[(start_index + i) % len(paths)]
        t = time.perf_counter()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        lat.append(time.perf_counter() - t)
        errors += not ok
        if time.perf_counter() > deadline:
            break
    out.put((lat, errors))


def _pct(vals, p):
    s = sorted(vals)
    return s[min(len(s) - 1, int(p * len(s)))] if s else float("nan")


def load(port, paths, clients, count, seconds):
    """`clients` processes share `count` requests (at most `seconds`)."""
    out = multiprocessing.Queue()
    per = max(1, count // clients)
    procs = [multiprocessing.Process(target=_client, args=(port, paths, per, seconds, c * 997, out))
             for c in range(clients)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    lat = [x for r in results for x in r[0]]
    return {"requests": len(lat), "errors": sum(r[1] for r in results), "wall_s": wall,
            "qps": len(lat) / wall if wall > 0 else 0.0,
            "p50_ms": _pct(lat, 0.5) * 1000, "p99_ms": _pct(lat, 0.99) * 1000}


def run(search_bin, db, queries, clients=4, latency_count=2000, load_count=20000, load_seconds=30,
        rss_count=100000):
    proc, port = start_server(search_bin, db)
    try:
        classes = query_classes(queries)
        rows = {}
        for label, paths in classes.items():
            load(port, paths, 1, min(200, latency_count), 10)  # warm-up
            single = load(port, paths, 1, latency_count, load_seconds)
            busy = load(port, paths, clients, load_count, load_seconds)
            rows[label] = {"latency": single, "load": busy}
        # Memory: RSS after each tenth of a long mixed run. The first tenths
        # warm the searchers and the threads' allocator arenas (one per
        # thread that has served a request); "flat" is judged after them.
        mixed = [p for paths in classes.values() for p in paths]
        tenth = max(1, rss_count // 10)
        samples, queries, errors = [], 0, 0
        for _ in range(10):
            part = load(port, mixed, clients, tenth, 600)
            queries += part["requests"]
            errors += part["errors"]
            samples.append(rss_kib(proc.pid))
        settled = samples[2]
        return {"clients": clients, "classes": rows,
                "rss": {"queries": queries, "errors": errors, "samples_kib": samples,
                        "early_kib": settled, "late_kib": samples[-1],
                        "growth_pct": 100.0 * (samples[-1] - settled) / settled if settled else float("nan")}}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
