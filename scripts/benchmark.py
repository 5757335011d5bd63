"""Drives `haven serve` (release build) with wrk and measures the durable-insert ceiling of the
same database configuration on the same file system, in the same run.

Each client count runs twice: recording alone, then recording while people sign in
(BENCH_SIGN_INS_PER_SECOND, 2 by default, at the production bcrypt cost of 12), to show that
checking passwords does not hold up recording.

Environment: BENCH_SECONDS (20), BENCH_CLIENTS (16,64), BENCH_DIR (where the database goes;
default the system's temporary directory), BENCH_BINARY (another build of haven to measure, such
as the previous main's, to compare two builds in one sitting), BENCH_SIGN_INS_PER_SECOND (2;
0 skips the second run), BENCH_BCRYPT_COST (12)."""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("BENCH_BINARY") or os.path.join(ROOT, ".build", "release", "haven")
DURATION = int(os.environ.get("BENCH_SECONDS", "20"))
CLIENTS = [int(c) for c in os.environ.get("BENCH_CLIENTS", "16,64").split(",")]
SIGN_INS_PER_SECOND = float(os.environ.get("BENCH_SIGN_INS_PER_SECOND", "2"))
BCRYPT_COST = os.environ.get("BENCH_BCRYPT_COST", "12")

LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
counter = 0
request = function()
  counter = counter + 1
  local body = '{"child":{"name":"Bench Child ' .. counter .. '","approximateAge":10},"howItArose":"observed",' ..
    '"account":"Arrived with a bruise on the cheek and said a grown-up at home got cross last night.","categories":["physical_abuse"]}'
  return wrk.format(nil, "/api/v1/concerns", nil, body)
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    status = open(f"/proc/{pid}/status").read()
    current = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return current, peak


def parse_wrk(output):
    def latency(pct):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", output)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    seconds = float(re.search(r"requests in ([\d.]+)(s|m)", output).group(1))
    return {"ok": total - (int(non2xx.group(1)) if non2xx else 0), "total": total, "seconds": seconds,
            "p50_ms": latency(50), "p99_ms": latency(99), "socket_errors": errors.group(1) if errors else "none"}


class SignIns:
    """Signs in `rate` times a second, each in its own thread (a slow one does not delay the next)."""

    def __init__(self, url, email, password, rate):
        self.url, self.email, self.password, self.rate = url, email, password, rate
        self.latencies, self.failures, self.stop = [], 0, threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def one(self):
        began = time.perf_counter()
        try:
            ok = requests.post(self.url + "/api/v1/sessions", json={"email": self.email, "password": self.password}, timeout=30).status_code == 201
        except requests.RequestException:
            ok = False
        with self.lock:
            if ok:
                self.latencies.append((time.perf_counter() - began) * 1000)
            else:
                self.failures += 1

    def run(self):
        next_at = time.perf_counter()
        while not self.stop.is_set():
            threading.Thread(target=self.one, daemon=True).start()
            next_at += 1 / self.rate
            self.stop.wait(max(0, next_at - time.perf_counter()))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()
        time.sleep(1)


def sqlite_ceiling(directory, row, seconds=5):
    """One-row INSERT + COMMIT per transaction, WAL, synchronous=FULL, one connection."""
    db = sqlite3.connect(os.path.join(directory, "ceiling.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE concerns (id TEXT PRIMARY KEY, reference TEXT, child_id TEXT, recorded_by TEXT, recorded_at INTEGER, priority INTEGER, content TEXT, route TEXT)")
    count, start, latencies = 0, time.time(), []
    while time.time() - start < seconds:
        began = time.perf_counter()
        db.execute("BEGIN")
        db.execute("INSERT INTO concerns VALUES (?,?,?,?,?,?,?,?)", (f"id-{count}",) + row[1:])
        db.execute("COMMIT")
        latencies.append(time.perf_counter() - began)
        count += 1
    elapsed = time.time() - start
    db.close()
    stalls = [l for l in latencies if l > 0.02]
    latencies.sort()
    # The disk's own stalls: a commit of one small row, at the 99th percentile, at worst, and
    # how many took over 20 ms (each of those holds up every client waiting on a commit).
    return count / elapsed, latencies[int(len(latencies) * 0.99)] * 1000, latencies[-1] * 1000, len(stalls), sum(stalls) * 1000, elapsed


def postgres_ceiling(url, row, seconds=5):
    """The same with pgbench: one client, one INSERT per transaction."""
    pgbench = "/usr/lib/postgresql/15/bin/pgbench"
    psql = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run(psql + ["-c", "DROP TABLE IF EXISTS ceiling; CREATE TABLE ceiling (id BIGSERIAL PRIMARY KEY, reference TEXT, child_id TEXT, recorded_by TEXT, recorded_at BIGINT, priority INT, content TEXT, route TEXT)"], check=True)
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False)
    literal = lambda v: "'" + str(v).replace("'", "''") + "'"
    script.write("INSERT INTO ceiling (reference, child_id, recorded_by, recorded_at, priority, content, route) VALUES (" + ", ".join(literal(v) for v in row[1:]) + ");\n")
    script.close()
    out = subprocess.run([pgbench, "-n", "-c", "1", "-T", str(seconds), "-f", script.name, url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1)), None, None, None, None, None


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    # BENCH_DIR=/dev/shm puts the database in memory: the same run without the disk's stalls,
    # to tell Haven's own latency from the time spent waiting for the disk.
    directory = tempfile.mkdtemp(prefix="haven-bench-", dir=os.environ.get("BENCH_DIR"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    if kind == "postgres":
        # A fresh database for each run: its audit key is made for it, in this run's directory.
        server = os.environ["BENCH_POSTGRES_URL"]
        name = "haven_bench_" + os.path.basename(directory).replace("-", "_").lower()
        subprocess.run(["psql", server, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        env["HAVEN_DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
        env["HAVEN_AUDIT_KEY_FILE"] = os.path.join(directory, "audit-key")
        env["HAVEN_AUDIT_ANCHOR"] = os.path.join(directory, "audit-anchor")
    else:
        env["HAVEN_DATABASE_URL"] = "sqlite://" + os.path.join(directory, "haven.sqlite")
    # The production bcrypt cost, so that a sign-in costs what it costs for real; limits raised,
    # since one benchmark account records thousands of concerns a second.
    env.update({"HAVEN_BCRYPT_COST": BCRYPT_COST, "HAVEN_TESTING": "true", "LOG_LEVEL": "warning",
                "HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES": "1000000000", "HAVEN_LIMIT_FAILED_SIGN_INS_PER_MINUTE": "1000000"})
    out = subprocess.run([BINARY, "demo"], cwd=directory, env=env, capture_output=True, text=True, check=True).stdout
    password = re.search(r"volunteer@demo\.haven\.test\s+password: (\S+)", out).group(1)
    # Another person signs in beside the recording (the first step of sign-in: the password).
    signer = re.search(r"(dsl@demo\.haven\.test)\s+password: (\S+)", out)
    port = free_port()
    server = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=directory, env=env,
                              stdout=open(os.path.join(directory, "server.log"), "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(url + "/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.2)
    token = requests.post(url + "/api/v1/sessions", json={"email": "volunteer@demo.haven.test", "password": password}).json()["token"]
    lua = os.path.join(directory, "post.lua")
    open(lua, "w").write(LUA.replace("TOKEN", token))
    results = []
    try:
        for clients in CLIENTS:
            for rate in [0.0] + ([SIGN_INS_PER_SECOND] if SIGN_INS_PER_SECOND > 0 else []):
                signing = SignIns(url, signer.group(1), signer.group(2), rate) if rate else None
                if signing:
                    signing.__enter__()
                output = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{DURATION}s", "--latency", "--timeout", "10s", "-s", lua, url],
                                        capture_output=True, text=True, check=True).stdout
                if signing:
                    signing.__exit__()
                result = parse_wrk(output)
                result["clients"] = clients
                result["sign_ins"] = rate
                result["throughput"] = result["ok"] / result["seconds"]
                result["rss_mb"], result["peak_rss_mb"] = rss_mb(server.pid)
                if signing:
                    done = sorted(signing.latencies)
                    result["sign_in"] = (len(done), signing.failures, done[len(done) // 2] if done else 0, done[int(len(done) * 0.99)] if done else 0)
                results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # A real stored row, so the ceiling inserts the same size of row.
    if kind == "postgres":
        row_json = subprocess.run(["psql", env["HAVEN_DATABASE_URL"], "-At", "-c",
                                   "SELECT row_to_json(c) FROM concerns c ORDER BY recorded_at DESC LIMIT 1"], capture_output=True, text=True, check=True).stdout
        r = json.loads(row_json)
        row = (r["id"], r["reference"], r["child_id"], r["recorded_by"], r["recorded_at"], r["priority"], r["content"], r["route"])
        ceiling, ceiling_p99, ceiling_worst, stalls, stalled_ms, ceiling_seconds = postgres_ceiling(env["HAVEN_DATABASE_URL"], row)
        stored = int(subprocess.run(["psql", env["HAVEN_DATABASE_URL"], "-At", "-c", "SELECT COUNT(*) FROM concerns"], capture_output=True, text=True).stdout)
    else:
        db = sqlite3.connect(os.path.join(directory, "haven.sqlite"))
        row = db.execute("SELECT id, reference, child_id, recorded_by, recorded_at, priority, content, route FROM concerns ORDER BY recorded_at DESC LIMIT 1").fetchone()
        stored = db.execute("SELECT COUNT(*) FROM concerns").fetchone()[0]
        db.close()
        ceiling, ceiling_p99, ceiling_worst, stalls, stalled_ms, ceiling_seconds = sqlite_ceiling(directory, row)
    acknowledged = sum(r["ok"] for r in results)
    print(f"\nHaven benchmark: {kind}, {DURATION} s per run, release build, {os.cpu_count()} cores")
    print(f"raw durable-insert ceiling (one row per commit, same configuration): {ceiling:,.0f} commits/s")
    if ceiling_p99 is not None:
        print(f"  one such commit took {ceiling_p99:.2f} ms at p99 and {ceiling_worst:.1f} ms at worst (the disk's own stalls);")
        print(f"  {stalls} of them took over 20 ms, {stalled_ms:,.0f} ms in all in {ceiling_seconds:.0f} s")
    print(f"{'clients':>8} {'sign-ins/s':>10} {'concerns/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'RSS MB':>7} {'peak MB':>8} {'ratio':>6}  non-2xx/errors")
    for r in results:
        print(f"{r['clients']:>8} {r['sign_ins']:>10.0f} {r['throughput']:>11,.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['rss_mb']:>7.1f} {r['peak_rss_mb']:>8.1f} "
              f"{r['throughput'] / ceiling:>6.2f}  {r['total'] - r['ok']}/{r['socket_errors']}")
    for r in results:
        if "sign_in" in r:
            count, failed, p50, p99 = r["sign_in"]
            print(f"  sign-ins beside {r['clients']} recording clients (bcrypt cost {BCRYPT_COST}): {count} done, {failed} failed, "
                  f"p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(f"acknowledged {acknowledged:,} concerns; {stored:,} stored (demo included)")
    shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
