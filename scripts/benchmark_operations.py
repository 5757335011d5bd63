"""Benchmarks for running Haven (issue 13), not tests; they print figures.

  backup   SQLite: records BENCH_CONCERNS concerns (100,000) through the API, then times
           `haven backup` of the live database and `haven restore` of it into a new folder
           (which verifies the whole audit chain).
  servers  PostgreSQL (BENCH_POSTGRES_URL, an administrator's URL): recording throughput with
           one server, then with two on the same database, 64 clients in all, BENCH_SECONDS (15).

BENCH_BINARY is the haven to measure (default .build/release/haven)."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import requests

from benchmark import LUA, free_port, parse_wrk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("BENCH_BINARY") or os.path.join(ROOT, ".build", "release", "haven")
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONCERNS = int(os.environ.get("BENCH_CONCERNS", "100000"))


def environment(directory, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update({"HAVEN_DATABASE_URL": database_url, "HAVEN_BCRYPT_COST": "4", "HAVEN_TESTING": "true", "LOG_LEVEL": "warning",
                "HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES": "1000000000"})
    return env


def serve(directory, env, log="server.log"):
    port = free_port()
    process = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=directory, env=env,
                               stdout=open(os.path.join(directory, log), "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(url + "/healthz", timeout=1).ok:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("haven did not start")


def lua_for(directory, url, password, name="post.lua"):
    token = requests.post(url + "/api/v1/sessions", json={"email": "volunteer@demo.haven.test", "password": password}).json()["token"]
    path = os.path.join(directory, name)
    open(path, "w").write(LUA.replace("TOKEN", token))
    return path


def wrk(url, lua, clients, seconds):
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", lua, url],
                         capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def backup():
    directory = tempfile.mkdtemp(prefix="haven-bench-backup-")
    database = os.path.join(directory, "haven.sqlite")
    env = environment(directory, "sqlite://" + database)
    out = subprocess.run([BINARY, "demo"], cwd=directory, env=env, capture_output=True, text=True, check=True).stdout
    password = re.search(r"volunteer@demo\.haven\.test\s+password: (\S+)", out).group(1)
    process, url = serve(directory, env)
    try:
        lua = lua_for(directory, url, password)
        began = time.time()
        while True:
            stored = sqlite3.connect(database).execute("SELECT COUNT(*) FROM concerns").fetchone()[0]
            if stored >= CONCERNS:
                break
            wrk(url, lua, 64, 20)
        print(f"recorded {stored:,} concerns in {time.time() - began:.0f} s")
        events = sqlite3.connect(database).execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
        backup_file = os.path.join(directory, "haven.backup")
        began = time.time()
        subprocess.run([BINARY, "backup", backup_file], cwd=directory, env=env, capture_output=True, text=True, check=True)
        took = time.time() - began
    finally:
        process.terminate()
        process.wait(timeout=60)
    size = os.path.getsize(database) + sum(os.path.getsize(database + s) for s in ("-wal",) if os.path.exists(database + s))
    print(f"haven backup: {stored:,} concerns, {events:,} audit events, database {size / 1e6:,.0f} MB -> "
          f"backup {os.path.getsize(backup_file) / 1e6:,.0f} MB in {took:.1f} s")
    place = os.path.join(directory, "restored")
    os.mkdir(place)
    for key in ("audit-key", "data-key"):
        shutil.copy(f"{database}.{key}", os.path.join(place, f"haven.sqlite.{key}"))
    began = time.time()
    restored = subprocess.run([BINARY, "restore", backup_file], cwd=place, env=environment(place, "sqlite://" + os.path.join(place, "haven.sqlite")),
                              capture_output=True, text=True, check=True).stdout
    print(f"haven restore (with the whole chain verified): {time.time() - began:.1f} s")
    print(restored.strip().splitlines()[-1])
    shutil.rmtree(directory, ignore_errors=True)


def servers():
    admin = os.environ["BENCH_POSTGRES_URL"]
    for count in (1, 2):
        directory = tempfile.mkdtemp(prefix=f"haven-bench-servers{count}-")
        name = "haven_bench_servers_" + os.path.basename(directory).replace("-", "_").lower()[-8:]
        subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        env = environment(directory, admin.rsplit("/", 1)[0] + "/" + name)
        out = subprocess.run([BINARY, "demo"], cwd=directory, env=env, capture_output=True, text=True, check=True).stdout
        password = re.search(r"volunteer@demo\.haven\.test\s+password: (\S+)", out).group(1)
        started = [serve(directory, env, f"server{i}.log") for i in range(count)]
        try:
            luas = [lua_for(directory, url, password, f"post{i}.lua") for i, (_, url) in enumerate(started)]
            results = [None] * count

            def run(i):
                results[i] = wrk(started[i][1], luas[i], 64 // count, SECONDS)
            threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for process, _ in started:
                process.terminate()
                process.wait(timeout=60)
            subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
            shutil.rmtree(directory, ignore_errors=True)
        total = sum(r["ok"] / r["seconds"] for r in results)
        print(f"{count} server(s), 64 clients in all, {SECONDS} s: {total:,.0f} concerns/s; "
              + "; ".join(f"server {i + 1}: p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, non-2xx {r['total'] - r['ok']}"
                          for i, r in enumerate(results)))


if __name__ == "__main__":
    {"backup": backup, "servers": servers}[sys.argv[1] if len(sys.argv) > 1 else "backup"]()
