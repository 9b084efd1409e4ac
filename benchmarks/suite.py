#!/usr/bin/env python3
"""The measurements of benchmarks/run.sh other than the codec's JMH run.

usage: suite.py OUT_DIR   (run.sh builds the jars first and passes benchmarks/target/suite)

Everything runs on loopback. Three parts, each written to OUT_DIR/results.json:

- http:    wrk through haproxy (mode tcp) to Tomcat 11, Jetty 12 and Undertow 2.3 (the small
           servers in io.proxywrap.benchmarks.servers): no PROXY and no agent, against
           send-proxy-v2 and the agent, against the server's own PROXY support (Jetty, Undertow),
           against nginx (proxy_protocol, X-Forwarded-For) before Tomcat's RemoteIpValve.
           Keep-alive, and a new connection per request. The variants of one server run side by
           side and take turns, round after round (A B C A B C ...), so that each ratio compares
           runs made a few seconds apart on the same noisy machine. Then, without haproxy, a new
           connection per request straight to the servers without and with the agent, the header
           in the request's write or in its own (ConnectionPerRequestClient): the server's CPU
           for each, which tells the agent's code from haproxy's separate header segment.
- startup: JVM start to the first answered request, with and without the agent, alternating.
- memory:  live heap (a full GC's class histogram) per connection that sent half a header, and
           per open connection after its header and one request, with and without the agent;
           and that the agent's objects go when the connections do.

Before measuring, every pipeline is checked to deliver the client: a request from 127.0.0.42
must come out as remote=127.0.0.42 (haproxy itself connects from 127.0.0.2); a benchmark of a
pipeline that loses the client would measure the wrong thing, so the run stops instead.

Sizes come from the environment (run.sh sets smaller ones for a smoke run):
BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS, BENCH_STARTUP_RUNS,
BENCH_MEMORY_CONNECTIONS; BENCH_SERVERS limits the servers, and further arguments the parts
(suite.py OUT_DIR memory).
"""
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENT_JAR = os.path.join(ROOT, "agent", "target", "proxywrap.jar")
CLASSES = os.path.join(ROOT, "benchmarks", "target", "classes")
SERVERS_CLASSPATH = os.path.join(ROOT, "benchmarks", "target", "servers.classpath")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
STARTUP_RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "13"))
MEMORY_CONNECTIONS = int(os.environ.get("BENCH_MEMORY_CONNECTIONS", "1000"))

# haproxy connects to the servers from here, so a server that sees 127.0.0.2 did not get the client.
BALANCER_SOURCE = "127.0.0.2"
# The made-up client of the checks, a loopback address of its own.
CHECK_CLIENT = "127.0.0.42"
HEAP = "-Xmx512m"

SERVERS = {
    # name: (main class, line, native variant or None)
    "tomcat": ("io.proxywrap.benchmarks.servers.TomcatBenchServer", "Tomcat 11.0", None),
    "jetty": ("io.proxywrap.benchmarks.servers.JettyBenchServer", "Jetty 12.0",
              "proxy-connection-factory"),
    "undertow": ("io.proxywrap.benchmarks.servers.UndertowBenchServer", "Undertow 2.3",
                 "use-proxy-protocol"),
}


def selected_servers():
    """All three, or those named in BENCH_SERVERS (e.g. "jetty"): for trying one change."""
    names = os.environ.get("BENCH_SERVERS", ",".join(SERVERS)).split(",")
    return [(name, SERVERS[name]) for name in names]


class BenchError(Exception):
    pass


def log(message):
    print("[bench] " + message, file=sys.stderr, flush=True)


_given_ports = set()


def free_port():
    """A port free on 127.0.0.1 a moment ago and not given before in this run: the kernel may
    hand a just-released port out again, and two listeners of one pipeline must not share it."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _given_ports:
            _given_ports.add(port)
            return port


def cpu_ticks(pids):
    """user + system clock ticks of these processes (all their threads) so far."""
    return sum(sum(cpu_ticks_user_system(pid)) for pid in pids)


def cpu_ticks_user_system(pid):
    """(user, system) clock ticks of this process, all its threads, so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])  # utime, stime (stat fields 14 and 15)


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


class Process:
    """A child process with its output in a file, stopped (and its children) on close."""

    def __init__(self, name, argv, workdir):
        self.name = name
        self.log_path = os.path.join(workdir, name + ".log")
        self.log_file = open(self.log_path, "w")
        self.started = time.monotonic()
        self.popen = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    @property
    def pid(self):
        return self.popen.pid

    def output(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_for(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.popen.poll() is not None:
                break
            time.sleep(0.05)
        raise BenchError("%s did not print %r within %ds; its output:\n%s"
                         % (self.name, text, timeout, self.output()[-3000:]))

    def close(self):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log_file.close()


def java_server(server, variant, port, agent, workdir, properties=()):
    main, _, _ = SERVERS[server]
    with open(SERVERS_CLASSPATH) as f:
        classpath = CLASSES + os.pathsep + f.read().strip()
    argv = ["java", HEAP, "-Djava.io.tmpdir=" + workdir]
    if agent:
        argv += ["-javaagent:" + AGENT_JAR, "-Dproxywrap.ports=%d" % port]
        argv += ["-Dproxywrap.%s" % p for p in properties]
    argv += ["-cp", classpath, main, str(port), variant]
    return Process("%s-%s%s-%d" % (server, variant, "-agent" if agent else "", port), argv, workdir)


def wait_listening(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.popen.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise BenchError("%s does not listen on 127.0.0.1:%d; its output:\n%s"
                     % (process.name, port, process.output()[-3000:]))


class Haproxy:
    """haproxy in mode tcp: one frontend per pipeline, one server each, from BALANCER_SOURCE."""

    def __init__(self, workdir, routes):
        """routes: list of (frontend port, backend port, send-proxy-v2?)"""
        lines = ["global", "  maxconn 4000", "  nbthread 1",
                 "defaults", "  mode tcp", "  timeout connect 5s",
                 "  timeout client 60s", "  timeout server 60s"]
        for front, back, proxy in routes:
            lines += ["listen p%d" % front, "  bind 127.0.0.1:%d" % front,
                      "  server s 127.0.0.1:%d source %s%s"
                      % (back, BALANCER_SOURCE, " send-proxy-v2" if proxy else "")]
        config = os.path.join(workdir, "haproxy.cfg")
        with open(config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.process = Process("haproxy", [shutil.which("haproxy") or "/usr/sbin/haproxy",
                                           "-db", "-f", config], workdir)
        for front, _, _ in routes:
            wait_listening(front, self.process)

    def pids(self):
        return [self.process.pid]

    def close(self):
        self.process.close()


class Nginx:
    """nginx reading PROXY headers and passing the client on in X-Forwarded-For: the sidecar the
    AWS ELB WebSocket guides put before Tomcat (`listen ... proxy_protocol` and
    `$proxy_protocol_addr`), with the keep-alive upstream a tuned setup has."""

    def __init__(self, workdir, listen, backend):
        prefix = os.path.join(workdir, "nginx")
        os.makedirs(prefix, exist_ok=True)
        config = os.path.join(prefix, "nginx.conf")
        with open(config, "w") as f:
            f.write("""pid %(prefix)s/nginx.pid;
error_log %(prefix)s/error.log warn;
worker_processes 1;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path %(prefix)s/body;
    proxy_temp_path %(prefix)s/proxy;
    upstream tomcat {
        server 127.0.0.1:%(backend)d;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:%(listen)d proxy_protocol;
        location / {
            proxy_pass http://tomcat;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_protocol_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
""" % {"prefix": prefix, "listen": listen, "backend": backend})
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = Process("nginx", [nginx, "-p", prefix + "/", "-c", config,
                                         "-e", os.path.join(prefix, "error.log"),
                                         "-g", "daemon off;"], workdir)
        wait_listening(listen, self.process)

    def pids(self):
        return [self.process.pid] + children(self.process.pid)

    def close(self):
        self.process.close()


def http_get(port, source=None, header=b"", timeout=10):
    """One request on a new connection (Connection: close); returns (status line, body)."""
    sock = socket.socket()
    sock.settimeout(timeout)
    try:
        if source:
            sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
        sock.sendall(header + b"GET /check HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        sock.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode("ascii", "replace"), body.decode("ascii", "replace")


def check_pipeline(name, port, expected):
    status, body = http_get(port, source=CHECK_CLIENT)
    if " 200 " not in status + " " or not body.startswith("remote=%s:" % expected):
        raise BenchError("%s: a request from %s through port %d came back %r %r; expected "
                         "remote=%s" % (name, CHECK_CLIENT, port, status, body.strip(), expected))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(port, seconds, close):
    argv = ["wrk", "-t1", "-c%d" % CONNECTIONS, "-d%ds" % seconds, "--latency"]
    if close:
        argv += ["-H", "Connection: close"]
    argv.append("http://127.0.0.1:%d/" % port)
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout

    def number(pattern):
        m = re.search(pattern, out)
        if not m:
            raise BenchError("no %r in wrk's output:\n%s" % (pattern, out))
        return m

    latency = {}
    for pct in ("50", "99"):
        m = number(r"\n\s+%s%%\s+([\d.]+)(us|ms|s)\b" % pct)
        latency[pct] = float(m.group(1)) * UNITS[m.group(2)]
    requests = int(number(r"(\d+) requests in")[1])
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")[1]),
        "p50_ms": latency["50"], "p99_ms": latency["99"], "requests": requests,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def http_part(workdir):
    results = {}
    for server, (_, line, native) in selected_servers():
        log("http: %s" % line)
        processes = []  # the servers, then haproxy and nginx: all closed at the end
        try:
            plain_port, agent_port, no_header_port = free_port(), free_port(), free_port()
            routes = [(free_port(), plain_port, False), (free_port(), agent_port, True),
                      (free_port(), no_header_port, False)]
            plain = java_server(server, "plain", plain_port, False, workdir)
            agent = java_server(server, "plain", agent_port, True, workdir)
            # The agent's own share of a proxied connection's cost, without the PROXY protocol's:
            # every hook runs, but haproxy sends no header and the server reads none.
            no_header = java_server(server, "plain", no_header_port, True, workdir, ("mode=optional",))
            processes += [plain, agent, no_header]
            if native:
                native_port = free_port()
                routes.append((free_port(), native_port, True))
                processes.append(java_server(server, native, native_port, False, workdir))
            else:  # Tomcat: the nginx sidecar before RemoteIpValve
                valve_port, nginx_port = free_port(), free_port()
                routes.append((free_port(), nginx_port, True))
                processes.append(java_server(server, "remote-ip-valve", valve_port, False, workdir))
            for p in processes:
                p.wait_for("bench-server ready on port")
            haproxy = Haproxy(workdir, routes)
            processes.append(haproxy)
            if not native:
                nginx = Nginx(workdir, nginx_port, valve_port)
                processes.append(nginx)
            # (name, description, haproxy's port, the server, what else serves it, expected client)
            variants = [
                ("none", "haproxy → %s, no PROXY, no agent" % line, routes[0][0], plain, [], BALANCER_SOURCE),
                ("agent", "haproxy send-proxy-v2 → %s with the agent" % line, routes[1][0], agent, [], CHECK_CLIENT),
            ]
            if native:
                variants.append(("native", "haproxy send-proxy-v2 → %s with its own PROXY support (%s)"
                                 % (line, native), routes[3][0], processes[3], [], CHECK_CLIENT))
            else:
                variants.append(("nginx", "haproxy send-proxy-v2 → nginx (proxy_protocol, X-Forwarded-For) "
                                 "→ %s with RemoteIpValve" % line, routes[3][0], processes[3], [nginx],
                                 CHECK_CLIENT))
            variants.append(("agent-no-header", "haproxy → %s with the agent in optional mode, no PROXY: the "
                             "agent's hooks without the protocol" % line, routes[2][0], no_header, [], BALANCER_SOURCE))
            for name, _, port, _, _, expected in variants:
                check_pipeline("%s %s" % (server, name), port, expected)
            for name, _, port, _, _, _ in variants:
                wrk(port, WARMUP_SECONDS, False)
                wrk(port, max(2, WARMUP_SECONDS // 2), True)
            runs = {}
            for mode, close in (("keepalive", False), ("close", True)):
                for r in range(ROUNDS):
                    for name, _, port, process, others, _ in variants:
                        pids = haproxy.pids() + [process.pid] + [p for o in others for p in o.pids()]
                        before = cpu_ticks(pids)
                        run = wrk(port, SECONDS, close)
                        ticks = cpu_ticks(pids) - before
                        run["cpu_us_per_request"] = ticks * 1e6 / os.sysconf("SC_CLK_TCK") / max(1, run["requests"])
                        if run["non_2xx"] or run["socket_errors"]:
                            log("%s %s %s round %d: %d non-2xx, %d socket errors"
                                % (server, name, mode, r, run["non_2xx"], run["socket_errors"]))
                        runs.setdefault(name, {}).setdefault(mode, []).append(run)
                    log("  %s round %d: %s" % (mode, r + 1, ", ".join(
                        "%s %.0f/s" % (n, runs[n][mode][-1]["rps"]) for n, *_ in variants)))
            for name, _, port, _, _, expected in variants:  # still delivering the client after the load
                check_pipeline("%s %s" % (server, name), port, expected)
            results[server] = {"line": line, "variants": [
                {"name": n, "description": d, "runs": runs[n]} for n, d, *_ in variants],
                "header_segments": header_segment_runs(plain_port, plain, agent_port, agent)}
        finally:
            for p in reversed(processes):
                p.close()
    return results


def first_response_ms(server, agent, workdir, properties=(), output=None):
    """Milliseconds from starting the server's JVM to its first answer; with output (a list),
    what the JVM printed up to then is appended to it."""
    port = free_port()
    started = time.monotonic()
    process = java_server(server, "plain", port, agent, workdir, properties)
    try:
        header = ("PROXY TCP4 %s 127.0.0.1 50000 %d\r\n" % (CHECK_CLIENT, port)).encode() if agent else b""
        deadline = started + 60
        while time.monotonic() < deadline:
            try:
                status, body = http_get(port, header=header)
            except OSError:
                if process.popen.poll() is not None:
                    break
                time.sleep(0.005)
                continue
            elapsed = (time.monotonic() - started) * 1000
            expected = CHECK_CLIENT if agent else "127.0.0.1"
            if " 200 " not in status + " " or not body.startswith("remote=%s:" % expected):
                raise BenchError("%s first response %r %r, expected remote=%s"
                                 % (process.name, status, body.strip(), expected))
            if output is not None:
                output.append(process.output())
            return elapsed
        raise BenchError("%s never answered; its output:\n%s" % (process.name, process.output()[-3000:]))
    finally:
        process.close()


# What haproxy's way of sending the header costs the server, apart from the agent's code: a new
# connection per request straight to the warm servers of the HTTP part (no haproxy), the header
# in the request's own write or, as haproxy sends it, in a write of its own before the request.
# (variant, the server: "plain" or "agent", the client's header mode)
HEADER_SEGMENT_VARIANTS = [
    ("none", "plain", "none"),
    ("header with the request", "agent", "with-request"),
    ("header in its own segment", "agent", "own-segment"),
]
HEADER_SEGMENT_ROUNDS = max(2, ROUNDS // 2)
HEADER_SEGMENT_SECONDS = max(1, SECONDS // 2)


def header_segment_runs(plain_port, plain, agent_port, agent):
    servers = {"plain": (plain_port, plain), "agent": (agent_port, agent)}
    runs = {}
    for r in range(HEADER_SEGMENT_ROUNDS):
        for name, server, header_mode in HEADER_SEGMENT_VARIANTS:
            port, process = servers[server]
            before = cpu_ticks_user_system(process.pid)
            client = subprocess.run(
                ["java", "-cp", CLASSES, "io.proxywrap.benchmarks.ConnectionPerRequestClient", str(port),
                 str(HEADER_SEGMENT_SECONDS), str(CONNECTIONS), header_mode, CHECK_CLIENT], capture_output=True, text=True,
                timeout=HEADER_SEGMENT_SECONDS + 60)
            after = cpu_ticks_user_system(process.pid)
            if client.returncode != 0:
                raise BenchError("%s, %s: %s" % (process.name, name, client.stderr.strip()[-2000:]))
            requests = int(client.stdout)
            per_request = 1e6 / os.sysconf("SC_CLK_TCK") / max(1, requests)
            runs.setdefault(name, []).append({
                "rps": requests / HEADER_SEGMENT_SECONDS,
                "user_us_per_request": (after[0] - before[0]) * per_request,
                "system_us_per_request": (after[1] - before[1]) * per_request})
        log("  header segments round %d: %s" % (r + 1, ", ".join(
            "%s %.0f/s" % (n, runs[n][-1]["rps"]) for n, *_ in HEADER_SEGMENT_VARIANTS)))
    return runs


def startup_part(workdir):
    results = {}
    for server, (_, line, _) in selected_servers():
        log("startup: %s" % line)
        times = {"none": [], "agent": []}
        first_response_ms(server, False, workdir)  # the file cache warm for both
        for _ in range(STARTUP_RUNS):
            times["none"].append(first_response_ms(server, False, workdir))
            times["agent"].append(first_response_ms(server, True, workdir))
        log("  none %s; agent %s" % (["%.0f" % t for t in times["none"]], ["%.0f" % t for t in times["agent"]]))
        results[server] = {"line": line, "ms": times, "instrumentation": instrumentation_cost(server, workdir)}
    return results


def instrumentation_cost(server, workdir):
    """Where the agent's start-up time goes, from one more start with proxywrap.log=debug, whose
    lines say it: per class the weaver changed, its time on the thread that loads it, up to the
    first answer."""
    output = []
    first_response_ms(server, True, workdir, ("log=debug",), output)
    woven = re.findall(r"debug: (\S+) woven in (\d+) ms", output[0])
    if not woven:
        raise BenchError("%s with proxywrap.log=debug did not report its instrumentation:\n%s"
                         % (server, output[0][-3000:]))
    return {"woven": len(woven), "woven_ms": sum(int(c[1]) for c in woven)}


def histogram(pid):
    """{class: (instances, bytes)} of the live heap, after the full GC jcmd runs first."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True,
                         check=True).stdout
    classes = {}
    for m in re.finditer(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", out, re.M):
        # A lambda's class is named by the order it was spun, which differs from JVM to JVM.
        name = re.sub(r"\$\$Lambda\S*", "$$Lambda", m.group(3))
        count, size = classes.get(name, (0, 0))
        classes[name] = (count + int(m.group(1)), size + int(m.group(2)))
    return classes


def grown(before, after):
    """{class: (more instances, more bytes)} from one histogram to the next, where any changed."""
    delta = {}
    for name in set(before) | set(after):
        b, a = before.get(name, (0, 0)), after.get(name, (0, 0))
        if a != b:
            delta[name] = (a[0] - b[0], a[1] - b[1])
    return delta


def open_connections(port, count, payload, read_response):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), 10)
        s.sendall(payload)
        if read_response:
            data = b""
            while b"remote=" not in data or not data.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    raise BenchError("connection closed before the response on port %d" % port)
                data += chunk
        sockets.append(s)
    return sockets


def ours(delta):
    return {c: d for c, d in delta.items() if c.startswith("io.proxywrap.")}


def settled(pid, base):
    """The heap's growth since base once two histograms in a row agree on it (the server has
    read what the connections sent), bounded."""
    deadline = time.monotonic() + 20
    previous = None
    while True:
        delta = grown(base, histogram(pid))
        if delta == previous:
            return delta
        if time.monotonic() > deadline:
            raise BenchError("the heap did not settle within 20s")
        previous = delta
        time.sleep(0.3)


def memory_part(workdir):
    """Per connection, by class: what the heap holds more with the agent than without, for the
    same connections. Whole-heap totals of two server JVMs differ by more than the agent's few
    objects (buffer pools, lazily grown tables), so the comparison is made class by class and
    the classes whose count moves by about one per connection are the per-connection cost."""
    results = {}
    n = MEMORY_CONNECTIONS
    for server, (_, line, _) in selected_servers():
        log("memory: %s" % line)
        per = {}
        for agent in (False, True):
            port = free_port()
            process = java_server(server, "plain", port, agent, workdir,
                                  properties=("timeout=10m",))
            try:
                process.wait_for("bench-server ready on port")
                full = ("PROXY TCP4 203.0.113.7 127.0.0.1 50000 %d\r\n" % port).encode()
                header = full if agent else b""
                request = b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n"
                # Half a header. Without the agent, the same connections sending nothing yet:
                # that is where the server stands with the agent too (its read found no bytes),
                # so what differs is what the agent holds.
                half = full[:len(full) // 2] if agent else b""
                # Warm: whatever the server creates lazily on its first connections, and what
                # it keeps once a batch like the measured one has come and gone. Tomcat, woken
                # by each half header, makes request processors and keeps some for reuse (at
                # most processorCache, whatever the connections): without this batch they
                # appeared as a few KB of byte[] per woken processor, spread over the
                # connections, 40 to 500 B of noise per connection from run to run.
                for s in open_connections(port, 20, header + request, True):
                    s.close()
                warm = open_connections(port, n, half, False)
                settled(process.pid, {})
                for s in warm:
                    s.close()
                settled(process.pid, {})
                base = histogram(process.pid)
                pending = open_connections(port, n, half, False)
                pending_delta = settled(process.pid, base)
                for s in pending:
                    s.close()
                opened = open_connections(port, n, header + request, True)
                open_delta = settled(process.pid, base)
                for s in opened:
                    s.close()
                # Every connection closed: the agent's objects must go with the server's.
                deadline = time.monotonic() + 20
                while True:
                    after = grown(base, histogram(process.pid))
                    leftover = {c: d for c, d in ours(after).items() if d[0] > 0}
                    if not leftover or time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
                # A connection the server itself has not let go of yet keeps its agent state too
                # (Jetty now and then holds one a while after the peer closed it): only agent
                # state beyond the server's own open channels would be a leak.
                still_open = max(0, after.get("sun.nio.ch.SocketChannelImpl", (0, 0))[0])
                states = leftover.get("io.proxywrap.agent.HeaderReadingConnection", (0, 0))[0]
                per["agent" if agent else "none"] = {
                    "pending": pending_delta, "open": open_delta, "leftover_after_close": leftover,
                    "server_channels_after_close": still_open, "leak": states > still_open}
            finally:
                process.close()
        comparison = {}
        for state in ("pending", "open"):
            a, b = per["agent"][state], per["none"][state]
            rows = {}
            for name in set(a) | set(b):
                da, db = a.get(name, (0, 0)), b.get(name, (0, 0))
                if abs(da[0] - db[0]) >= n // 2:  # about one more (or fewer) per connection
                    rows[name] = ((da[0] - db[0]) / n, (da[1] - db[1]) / n)
            comparison[state] = {
                "per_connection_classes": rows,
                "per_connection_bytes": sum(b for _, b in rows.values()),
                "whole_heap_agent_bytes": sum(d[1] for d in a.values()) / n,
                "whole_heap_none_bytes": sum(d[1] for d in b.values()) / n,
            }
        results[server] = {"line": line, "connections": n, "comparison": comparison,
                           "leftover_after_close": per["agent"]["leftover_after_close"],
                           "server_channels_after_close": per["agent"]["server_channels_after_close"],
                           "leak": per["agent"]["leak"]}
        log("  per connection: pending %+.0f B, open %+.0f B; agent objects left after close: %s "
            "(the server still holds %d of the connections)"
            % (comparison["pending"]["per_connection_bytes"], comparison["open"]["per_connection_bytes"],
               per["agent"]["leftover_after_close"] or "none", per["agent"]["server_channels_after_close"]))
    return results


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for tool in ("wrk", "haproxy", "nginx", "jcmd"):
        if not (shutil.which(tool) or os.path.exists("/usr/sbin/" + tool)):
            raise BenchError("%s is needed (run.sh installs wrk, haproxy and nginx)" % tool)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = tempfile.mkdtemp(prefix="proxywrap-bench-")
    parts = sys.argv[2:] or ["http", "startup", "memory"]
    results = {"settings": {"rounds": ROUNDS, "seconds": SECONDS, "warmup_seconds": WARMUP_SECONDS,
                            "connections": CONNECTIONS, "startup_runs": STARTUP_RUNS,
                            "header_segment_rounds": HEADER_SEGMENT_ROUNDS,
                            "header_segment_seconds": HEADER_SEGMENT_SECONDS,
                            "memory_connections": MEMORY_CONNECTIONS},
               "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
               "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0],
               "haproxy": subprocess.run([shutil.which("haproxy") or "/usr/sbin/haproxy", "-v"],
                                         capture_output=True, text=True).stdout.splitlines()[0],
               "nginx": subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-v"],
                                       capture_output=True, text=True).stderr.strip()}
    try:
        for part in parts:
            started = time.monotonic()
            results[part] = {"http": http_part, "startup": startup_part, "memory": memory_part}[part](workdir)
            results[part + "_seconds"] = round(time.monotonic() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        log("failed: %s" % e)
        sys.exit(1)
