"""Reads at realistic size (issue 11.6), for two builds in one sitting.

For each size (BENCH_SIZES, default 1000 and 100000 concerns) a database is seeded once, through
the API of the baseline build (BENCH_BASELINE, the previous main's `haven`), and a copy is served
by each build in turn: the new build migrates the copy first (the time is reported). Seeding: the
concerns, each about a new child (so 100,000 children too; Haven does not yet let a concern name
a child it already holds), with names drawn from 40 first names and 53 surnames and a number;
one of them has a chronology of BENCH_CHRONOLOGY (5,000) lines (the concern and its addenda).

Then, for each build, wrk with 16 clients for BENCH_SECONDS (10) on each of:
  inbox          GET /api/v1/inbox                      (the DSL, by bearer token)
  inbox page     GET /inbox                             (the DSL's page, by session cookie)
  chronology     GET /api/v1/children/:id/chronology    (the 5,000-line child; newest first)
  children       GET /children                          (the DSL's page, by session cookie)
  search         GET /children?q=<first> <surname>      (about 1 in 2,120 children match)
  concern        GET /api/v1/concerns/:id               (one in the middle)
  same child     GET /api/v1/concerns/:id/same-child?q=<first> <surname>
                                                        (the proposals for a child recorded twice,
                                                        and the search, among all the children)
and prints p50/p99 latency, requests/s, the size of one answer and server RSS; then "alone p50",
the median with one client for BENCH_ALONE_SECONDS (3) run just before (what one person waits
when nobody else is asking), and "CPU ms", the server process's CPU time per answer under load
(with PostgreSQL the database server's own time is not in it). Every one of these reads is
audited, so each also appends an audit event through the writer.

Environment: BENCH_BINARY (the new build; .build/release/haven), BENCH_BASELINE (the previous
build; none measures the new build alone), BENCH_SIZES, BENCH_SECONDS, BENCH_CLIENTS (16),
BENCH_CHRONOLOGY, BENCH_DIR, BENCH_POSTGRES_URL (PostgreSQL instead of SQLite), BENCH_KEEP (keep
the databases, to look at afterwards)."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark import free_port, parse_wrk, rss_mb  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "e2e"))
from conftest import totp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEW = os.environ.get("BENCH_BINARY") or os.path.join(ROOT, ".build", "release", "haven")
BASELINE = os.environ.get("BENCH_BASELINE")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
ALONE_SECONDS = int(os.environ.get("BENCH_ALONE_SECONDS", "3"))
CHRONOLOGY = int(os.environ.get("BENCH_CHRONOLOGY", "5000"))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL")

FIRST = ["Amara", "Ben", "Chloe", "Dylan", "Efa", "Farah", "Gethin", "Hana", "Idris", "Jade", "Kai", "Lena", "Mo",
         "Nia", "Oscar", "Priya", "Quinn", "Rhys", "Sana", "Tomos", "Uma", "Vik", "Wren", "Xander", "Yusuf", "Zara",
         "Ava", "Bryn", "Cerys", "Deon", "Elin", "Finn", "Gwen", "Hamza", "Isla", "Jac", "Kezia", "Leo", "Mali", "Noor"]
SURNAMES = ["Okafor", "Jones", "Evans", "Khan", "Murphy", "Nowak", "Williams", "Patel", "Davies", "Ali", "Brown",
            "Hughes", "Roberts", "Ahmed", "Lewis", "Morgan", "Price", "Singh", "Walker", "Taylor", "Owen", "Begum",
            "Clarke", "Rees", "Kowalski", "Hussain", "Wright", "Thomas", "Edwards", "Green", "Hall", "Wood", "Jackson",
            "Kaur", "Mensah", "Doyle", "Baker", "Harris", "Martin", "Young", "Allen", "King", "Scott", "Shah", "Reid",
            "Moore", "Powell", "Bell", "Adams", "Mills", "Cole", "Grant", "Lloyd"]

SEED_LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
local first = {FIRST}
local surnames = {SURNAMES}
local made = 0
local limit = LIMIT
local next_id = 0
setup = function(thread)
  thread:set("base", next_id)
  next_id = next_id + 1
end
request = function()
  made = made + 1
  local n = OFFSET + base * 10000000 + made
  local body = BODY(n, first[(n % #first) + 1], surnames[(n % #surnames) + 1])
  return wrk.format(nil, PATH, nil, body)
end
response = function(status, headers, body)
  limit = limit - 1
  if limit <= 0 then wrk.thread:stop() end
end
"""

CONCERN_BODY = ('function(n, f, s) return \'{"child":{"name":"\' .. f .. \' \' .. s .. \' \' .. n .. \'","approximateAge":10},'
                '"howItArose":"observed","account":"Arrived with a bruise on the cheek and said a grown-up at home got cross.",'
                '"categories":["physical_abuse"]}\' end')
ADDENDUM_BODY = ('function(n, f, s) return \'{"reason":"further_information","text":"Spoke to the child again, note \' .. n .. '
                 '\': she said things were calmer this week."}\' end')


def lua_list(items):
    return ", ".join(f'"{item}"' for item in items)


def seed(url, token, path, body, count, directory, clients=32):
    """Sends `count` POSTs (a few more at most) with wrk. A wrk thread stops after its share,
    but wrk itself waits out its duration, so it runs in short rounds until enough are stored."""
    script = os.path.join(directory, "seed.lua")
    began = time.perf_counter()
    done, round_number = 0, 0
    while done < count:
        share = max(1, -(-(count - done) // 2))
        open(script, "w").write(SEED_LUA.replace("TOKEN", token).replace("{FIRST}", "{" + lua_list(FIRST) + "}")
                                .replace("{SURNAMES}", "{" + lua_list(SURNAMES) + "}").replace("LIMIT", str(share))
                                .replace("OFFSET", str(round_number * 100000000)).replace("PATH", f'"{path}"')
                                .replace("BODY", f"({body})"))
        out = subprocess.run(["wrk", "-t2", f"-c{min(clients, 2 * share)}", f"-d{2 if count - done < 20000 else 10}s", "--latency", "--timeout", "30s", "-s", script, url],
                             capture_output=True, text=True, check=True).stdout
        result = parse_wrk(out)
        assert result["ok"] > 0, out
        done += result["ok"]
        round_number += 1
    return done, time.perf_counter() - began


class Server:
    def __init__(self, binary, directory, env):
        self.binary, self.directory, self.env = binary, directory, env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        began = time.perf_counter()
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.directory, env=self.env,
                                        stdout=open(os.path.join(self.directory, "server.log"), "a"), stderr=subprocess.STDOUT)
        while True:
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("haven serve exited; see " + os.path.join(self.directory, "server.log"))
            time.sleep(0.2)
        self.ready_seconds = time.perf_counter() - began
        return self

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=60)


class People:
    """The demo's passwords and second-factor secrets, and a TOTP step never used twice."""

    def __init__(self, demo_output):
        self.passwords = dict(re.findall(r"(\S+@demo\.haven\.test)\s+password: (\S+)", demo_output))
        self.secrets = dict(re.findall(r"(\S+@demo\.haven\.test)\s+password: \S+\s+TOTP secret: (\S+)", demo_output))
        self.used = set()

    def code(self, email):
        while int(time.time() // 30) in self.used:
            time.sleep(1)
        step = int(time.time() // 30)
        self.used.add(step)
        return totp(self.secrets[email])

    def bearer(self, url, email, second_factor):
        r = requests.post(url + "/api/v1/sessions", json={"email": email, "password": self.passwords[email]}, timeout=30)
        assert r.status_code == 201, r.text
        token = r.json()["token"]
        if second_factor:
            r = requests.post(url + "/api/v1/sessions/current/second-factor", json={"code": self.code(email)},
                              headers={"Authorization": "Bearer " + token}, timeout=30)
            assert r.status_code == 200, r.text
            token = r.json().get("token", token)
        return token

    def cookie(self, url, email):
        s = requests.Session()
        s.get(url + "/sign-in", timeout=30)
        r = s.post(url + "/sign-in", data={"email": email, "password": self.passwords[email], "_csrf": s.cookies["haven_csrf"]},
                   allow_redirects=False, timeout=30)
        assert r.status_code == 303, r.text
        page = s.get(url + "/sign-in/second-factor", timeout=30).text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        r = s.post(url + "/sign-in/second-factor", data={"code": self.code(email), "_csrf": csrf}, allow_redirects=False,
                   timeout=30)
        assert r.status_code == 303, r.text
        return "haven_session=" + s.cookies["haven_session"]


def environment(directory, database):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update({"HAVEN_DATABASE_URL": database, "HAVEN_TESTING": "true", "LOG_LEVEL": "warning", "HAVEN_BCRYPT_COST": "4",
                "HAVEN_AUDIT_KEY_FILE": os.path.join(directory, "audit-key"),
                "HAVEN_AUDIT_ANCHOR": os.path.join(directory, "audit-anchor"),
                "HAVEN_LIMIT_CONCERNS_PER_PERSON_PER_10_MINUTES": "1000000000",
                "HAVEN_LIMIT_FAILED_SIGN_INS_PER_MINUTE": "1000000"})
    return env


def make_database(name):
    if POSTGRES:
        subprocess.run(["psql", POSTGRES, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        return POSTGRES.rsplit("/", 1)[0] + "/" + name
    return None


def copy_database(source_directory, source_url, target_directory, name):
    """The seeded database and its audit key and anchor, for another build to serve."""
    shutil.copytree(source_directory, target_directory)
    if POSTGRES:
        subprocess.run(["psql", POSTGRES, "-q", "-c", f"CREATE DATABASE {name} TEMPLATE {source_url.rsplit('/', 1)[1]}"],
                       check=True)
        return POSTGRES.rsplit("/", 1)[0] + "/" + name
    return "sqlite://" + os.path.join(target_directory, "haven.sqlite")


def cpu_seconds(pid):
    """The server process's user and system CPU time so far (all its threads)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server, name, path, headers):
    """One answer's size, then wrk for SECONDS with CLIENTS clients."""
    try:
        first = requests.get(server.url + path, headers=headers, timeout=120)
    except requests.Timeout:
        # No answer in two minutes: nothing to measure under load.
        return {"name": name, "ok": 0, "total": 0, "seconds": SECONDS, "p50_ms": float("nan"), "p99_ms": float("nan"),
                "socket_errors": "no answer to one request in 120 s", "size_kb": float("nan"), "per_second": 0.0,
                "rss_mb": rss_mb(server.process.pid)[0]}
    if first.status_code != 200:
        # Refused or failed even alone: nothing to measure under load.
        return {"name": name, "ok": 0, "total": 0, "seconds": SECONDS, "p50_ms": float("nan"), "p99_ms": float("nan"),
                "socket_errors": f"one request alone answered {first.status_code}", "size_kb": float("nan"),
                "per_second": 0.0, "rss_mb": rss_mb(server.process.pid)[0]}
    script = os.path.join(server.directory, "get.lua")
    lines = [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    open(script, "w").write("\n".join(lines) + "\n")
    # One client alone first: what a person waits when nobody else is asking.
    alone = subprocess.run(["wrk", "-t1", "-c1", f"-d{ALONE_SECONDS}s", "--latency", "--timeout", "30s", "-s", script,
                            server.url + path], capture_output=True, text=True, check=True).stdout
    cpu_before = cpu_seconds(server.process.pid)
    out = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", "--timeout", "30s", "-s", script,
                          server.url + path], capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server.process.pid) - cpu_before
    try:
        result = parse_wrk(out)
    except AttributeError:  # nothing completed
        result = {"ok": 0, "total": 0, "seconds": SECONDS, "p50_ms": float("nan"), "p99_ms": float("nan"),
                  "socket_errors": re.search(r"Socket errors: (.*)", out).group(1) if "Socket errors" in out else "none"}
    try:
        alone_p50 = parse_wrk(alone)["p50_ms"]
    except AttributeError:
        alone_p50 = float("nan")
    result.update(name=name, size_kb=len(first.content) / 1024, per_second=result["ok"] / result["seconds"],
                  rss_mb=rss_mb(server.process.pid)[0], alone_p50_ms=alone_p50,
                  cpu_ms=1000 * cpu / result["total"] if result["total"] else float("nan"))
    return result


def run_size(size, work):
    label = f"{size}"
    seeded_dir = os.path.join(work, f"seed-{label}")
    os.makedirs(seeded_dir)
    name = f"haven_reads_{label}_{os.getpid()}"
    database = make_database(name) or "sqlite://" + os.path.join(seeded_dir, "haven.sqlite")
    seeder = BASELINE or NEW
    env = environment(seeded_dir, database)
    demo = subprocess.run([seeder, "demo"], cwd=seeded_dir, env=env, capture_output=True, text=True, check=True).stdout
    people = People(demo)
    open(os.path.join(seeded_dir, "demo.txt"), "w").write(demo)
    with Server(seeder, seeded_dir, env) as server:
        volunteer = people.bearer(server.url, "volunteer@demo.haven.test", second_factor=False)
        dsl = people.bearer(server.url, "dsl@demo.haven.test", second_factor=True)
        # The child with the long chronology: one concern, then its addenda.
        r = requests.post(server.url + "/api/v1/concerns", headers={"Authorization": "Bearer " + volunteer}, json={
            "child": {"name": "Chronology Benchmark", "approximateAge": 9}, "howItArose": "observed",
            "account": "Said she had not eaten since yesterday.", "categories": ["neglect"]}, timeout=30)
        assert r.status_code == 201, r.text
        chronology_concern = r.json()["concernID"]
        added, added_seconds = seed(server.url, dsl, f"/api/v1/concerns/{chronology_concern}/addenda", ADDENDUM_BODY,
                                    CHRONOLOGY - 1, seeded_dir)
        made, made_seconds = seed(server.url, volunteer, "/api/v1/concerns", CONCERN_BODY, size - 1, seeded_dir)
        concern = requests.get(server.url + f"/api/v1/concerns/{chronology_concern}",
                               headers={"Authorization": "Bearer " + dsl}, timeout=30).json()
        chronology_child = concern["childID"]
        # Issue 12.2: one child recorded twice (same name, date of birth and school), for the
        # proposals Haven makes at triage among all the others.
        twin = {"name": "Benchmark Twin", "dateOfBirth": "2015-03-04", "school": "Riverside Primary"}
        for _ in range(2):
            r = requests.post(server.url + "/api/v1/concerns", headers={"Authorization": "Bearer " + volunteer}, json={
                "child": twin, "howItArose": "observed", "account": "No coat again in the rain."}, timeout=30)
            assert r.status_code == 201, r.text
        twin_concern = r.json()["concernID"]
    # One concern from the middle of those recorded, to open.
    middle = "SELECT id FROM concerns ORDER BY recorded_at, id LIMIT 1 OFFSET %d" % (size // 2)
    if POSTGRES:
        middle_concern = subprocess.run(["psql", database, "-At", "-c", middle], capture_output=True, text=True,
                                        check=True).stdout.strip()
    else:
        db = sqlite3.connect(os.path.join(seeded_dir, "haven.sqlite"))
        middle_concern = db.execute(middle).fetchone()[0]
        db.close()
    print(f"seeded {made + 1:,} concerns ({made / made_seconds:,.0f}/s) and {added:,} addenda "
          f"({added / added_seconds:,.0f}/s) with {os.path.basename(seeder)}", flush=True)
    builds = [("previous main", BASELINE)] if BASELINE else []
    builds.append(("new", NEW))
    results = []
    for build, binary in builds:
        directory = os.path.join(work, f"{build.replace(' ', '-')}-{label}")
        served = copy_database(seeded_dir, database, directory, f"{name}_{build.replace(' ', '_')}")
        env = environment(directory, served)
        with Server(binary, directory, env) as server:
            dsl = people.bearer(server.url, "dsl@demo.haven.test", second_factor=True)
            cookie = people.cookie(server.url, "dsl@demo.haven.test")
            bearer = {"Authorization": "Bearer " + dsl}
            concern_id = middle_concern
            first, surname = FIRST[4242 % len(FIRST)], SURNAMES[4242 % len(SURNAMES)]
            # Issue 12.8: a file is opened once, with the reason in the body, for the visit; a build
            # before that took the reason in the address.
            opened = requests.post(server.url + f"/api/v1/children/{chronology_child}/openings", headers=bearer,
                                   json={"reason": "case_review"}, timeout=30)
            chronology = f"/api/v1/children/{chronology_child}/chronology"
            if opened.status_code == 404:
                chronology += "?reason=case_review"
            rows = [
                measure(server, "inbox", "/api/v1/inbox", bearer),
                measure(server, "inbox page", "/inbox", {"Cookie": cookie}),
                measure(server, f"chronology ({CHRONOLOGY:,} lines)", chronology, bearer),
                measure(server, "children list", "/children", {"Cookie": cookie}),
                measure(server, "children search", f"/children?q={first}+{surname}", {"Cookie": cookie}),
                measure(server, "open a concern", f"/api/v1/concerns/{concern_id}", bearer),
                measure(server, "same child + search", f"/api/v1/concerns/{twin_concern}/same-child?q={first}+{surname}",
                        bearer),
            ]
            results.append((build, server.ready_seconds, rows))
    return results


def main():
    work = tempfile.mkdtemp(prefix="haven-reads-", dir=os.environ.get("BENCH_DIR"))
    print(f"Haven read benchmark: {'PostgreSQL' if POSTGRES else 'SQLite'}, {CLIENTS} clients, {SECONDS} s each, "
          f"{os.cpu_count()} cores; new {NEW}; previous {BASELINE or '(not measured)'}", flush=True)
    try:
        for size in SIZES:
            for build, ready, rows in run_size(size, work):
                print(f"\n{size:,} concerns ({size:,} children), {build} build (ready to serve in {ready:.1f} s, "
                      f"migrations included)")
                print(f"{'read':<26} {'p50 ms':>9} {'p99 ms':>9} {'req/s':>8} {'KB each':>9} {'RSS MB':>7} "
                      f"{'alone p50':>10} {'CPU ms':>7}  non-2xx/errors")
                for r in rows:
                    if r["ok"] == 0:
                        print(f"{r['name']:<26} {'none answered in ' + str(SECONDS) + ' s':>28} {r['size_kb']:>9,.1f} "
                              f"{r['rss_mb']:>7.0f}  {r['socket_errors']}", flush=True)
                        continue
                    print(f"{r['name']:<26} {r['p50_ms']:>9.1f} {r['p99_ms']:>9.1f} {r['per_second']:>8,.0f} "
                          f"{r['size_kb']:>9,.1f} {r['rss_mb']:>7.0f} {r['alone_p50_ms']:>10.1f} {r['cpu_ms']:>7.2f}  "
                          f"{r['total'] - r['ok']}/{r['socket_errors']}", flush=True)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
