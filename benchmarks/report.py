#!/usr/bin/env python3
"""Writes docs/BENCHMARKS.md from one run of benchmarks/run.sh.

usage: report.py OUT_DIR COMMAND JMH_COMMAND BENCHMARKS_JAR LOAD_BEFORE > docs/BENCHMARKS.md

OUT_DIR holds suite.py's results.json and the codec's codec-<pass>.json and footprint.tsv. Every number
in the document comes from those files; nothing is typed in by hand.
"""
import glob
import json
import os
import statistics
import sys

import codec_report

# The targets.
KEEPALIVE_TARGET = 0.98   # agent / no agent, requests/s, keep-alive
CLOSE_TARGET = 0.95       # agent / no agent, requests/s, a connection per request
NATIVE_TARGET = 1.0       # agent / the server's own PROXY support
NGINX_TARGET = 1.5        # agent / haproxy → nginx → Tomcat, requests/s (and a lower p99)
STARTUP_TARGET_MS = 150   # agent's extra start-up
PENDING_TARGET_BYTES = 256

MODES = (("keepalive", "keep-alive"), ("close", "a connection per request"))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def memory_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0


def spread(values, fmt):
    """median (min–max)"""
    return "%s (%s–%s)" % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))


def ratios(a_runs, b_runs, key):
    """Round by round: a / b, the two runs of a round made seconds apart."""
    return [a[key] / b[key] for a, b in zip(a_runs, b_runs)]


def verdict(met):
    return "met" if met else "**not met**"


def http_sections(http, w, summary):
    w("## HTTP through haproxy")
    w("")
    w("A small response (`remote=<client address>:<port>`, 20-odd bytes) from each server, with "
      "`wrk` on loopback in front of haproxy (`mode tcp`) in front of the server. *Keep-alive*: "
      "wrk's connections stay open (the server's own keep-alive limits apply: Tomcat closes after "
      "100 requests and wrk reconnects, through haproxy, with a new header). *A connection per "
      "request*: `Connection: close`, so every request is a new connection to haproxy and a new "
      "connection, with a new PROXY header, to the server; this is where the header's cost shows. "
      "Before and after the load, each pipeline must deliver a request from 127.0.0.42 as "
      "`remote=127.0.0.42` (haproxy connects from 127.0.0.2), or the run stops.")
    w("")
    w("Requests/s and latency are wrk's; *CPU/request* is the user + system CPU time that the "
      "server's JVM, haproxy and (for the sidecar) nginx used during the run, divided by the "
      "requests. Each cell is the median of the rounds with the smallest and largest in brackets; "
      "a ratio is computed round by round (the variants of one server take turns, A B C A B C ..., "
      "so a ratio compares runs made seconds apart) and then summarised the same way. "
      "*agent-no-header* splits the agent's cost from the protocol's: the same server and agent, "
      "in optional mode, behind haproxy without `send-proxy-v2`, so every hook of the agent runs on "
      "every connection and request, but no header is sent, read or stripped; the targets table "
      "gives its ratio beside the agent's.")
    w("")
    for server, result in http.items():
        variants = {v["name"]: v for v in result["variants"]}
        w("### %s" % result["line"])
        w("")
        for v in result["variants"]:
            w("- **%s**: %s" % (v["name"], v["description"]))
        w("")
        w("| variant | mode | requests/s | × none | p50 ms | p99 ms | CPU µs/request |")
        w("|---|---|--:|--:|--:|--:|--:|")
        for mode, mode_label in MODES:
            base = variants["none"]["runs"][mode]
            for v in result["variants"]:
                runs = v["runs"][mode]
                rel = "—" if v["name"] == "none" else spread(ratios(runs, base, "rps"), "%.3f")
                w("| %s | %s | %s | %s | %s | %s | %s |" % (
                    v["name"], mode_label, spread([r["rps"] for r in runs], "%.0f"), rel,
                    spread([r["p50_ms"] for r in runs], "%.2f"), spread([r["p99_ms"] for r in runs], "%.2f"),
                    spread([r["cpu_us_per_request"] for r in runs], "%.0f")))
        errors = sum(r["non_2xx"] + r["socket_errors"] for v in result["variants"]
                     for runs in v["runs"].values() for r in runs)
        w("")
        if errors:
            w("wrk counted %d non-2xx responses or socket errors over all runs of this server." % errors)
            w("")

        agent = variants["agent"]["runs"]
        segments = result["header_segments"]
        for mode, target in (("keepalive", KEEPALIVE_TARGET), ("close", CLOSE_TARGET)):
            none = variants["none"]["runs"][mode]
            r = statistics.median(ratios(agent[mode], none, "rps"))
            hooks = statistics.median(ratios(variants["agent-no-header"]["runs"][mode], none, "rps"))
            measured = "%.3f× (the agent's hooks without a header: %.3f×" % (r, hooks)
            if mode == "close":
                measured += ("; without haproxy, the header in the request's segment: %.3f×, in its own: %.3f×"
                             % tuple(statistics.median(ratios(segments[v], segments["none"], "rps"))
                                     for v in ("header with the request", "header in its own segment")))
            summary.append(("%s, %s: agent / no agent requests/s" % (result["line"], dict(MODES)[mode]),
                            "≥ %.2f×" % target, measured + ")", verdict(r >= target)))
        if "native" in variants:
            for mode, mode_label in MODES:
                r = statistics.median(ratios(agent[mode], variants["native"]["runs"][mode], "rps"))
                summary.append(("%s, %s: agent / the server's own PROXY support requests/s"
                                % (result["line"], mode_label), "≥ %.2f×" % NATIVE_TARGET, "%.3f×" % r,
                                verdict(r >= NATIVE_TARGET)))
        if "nginx" in variants:
            for mode, mode_label in MODES:
                nginx = variants["nginx"]["runs"][mode]
                r = statistics.median(ratios(agent[mode], nginx, "rps"))
                p99_agent = statistics.median(r_["p99_ms"] for r_ in agent[mode])
                p99_nginx = statistics.median(r_["p99_ms"] for r_ in nginx)
                cpu = statistics.median(ratios(nginx, agent[mode], "cpu_us_per_request"))
                # What the server without the agent and without PROXY does against the sidecar: as
                # far as anything in the server's JVM could go on this machine.
                ceiling = statistics.median(ratios(variants["none"]["runs"][mode], nginx, "rps"))
                summary.append(("%s, %s: agent / nginx sidecar requests/s; p99; CPU per request"
                                % (result["line"], mode_label),
                                "≥ %.1f×, lower p99" % NGINX_TARGET,
                                "%.2f× (no agent, no PROXY: %.2f×); p99 %.2f ms vs %.2f ms; nginx setup uses "
                                "%.2f× the CPU" % (r, ceiling, p99_agent, p99_nginx, cpu),
                                verdict(r >= NGINX_TARGET and p99_agent < p99_nginx)))


def header_segment_section(http, settings, w):
    w("## The header's own segment")
    w("")
    w("haproxy sends the PROXY header as soon as it has connected to the server, and the client's "
      "request when it comes: two writes, so two TCP segments, where a connection without PROXY "
      "has one. To tell what that costs from what the agent's code costs, the HTTP part ends with "
      "a new connection per request straight to the same warm servers, no haproxy: a Java client "
      "(`ConnectionPerRequestClient`, %d connections, %d rounds of %d s) sends the request alone to the server "
      "without the agent, and to the server with the agent either the header and the request in "
      "one write, or the header in a write of its own first, as haproxy does. Every answer must "
      "name the header's client. *User* and *system* are the server JVM's CPU time per request "
      "(the client's is not counted); the variants take turns, and the ratio is taken round by "
      "round." % (settings["connections"], settings["header_segment_rounds"], settings["header_segment_seconds"]))
    w("")
    w("| server | variant | requests/s | × none | user µs/request | system µs/request |")
    w("|---|---|--:|--:|--:|--:|")
    for server, result in http.items():
        segments = result["header_segments"]
        for name, runs in segments.items():
            rel = "—" if name == "none" else spread(ratios(runs, segments["none"], "rps"), "%.3f")
            w("| %s | %s | %s | %s | %s | %s |" % (
                result["line"], name, spread([r["rps"] for r in runs], "%.0f"), rel,
                spread([r["user_us_per_request"] for r in runs], "%.1f"),
                spread([r["system_us_per_request"] for r in runs], "%.1f")))
    w("")


def startup_section(startup, w, summary):
    w("## Start-up")
    w("")
    w("JVM start to the first answered request: the benchmark starts the server's JVM and, from "
      "that moment, tries a request every few milliseconds until one is answered (with the agent, "
      "the request carries a v1 header, and the answer must name the header's client). Runs "
      "alternate without and with the agent; the first run of each server is not counted (it "
      "fills the file cache).")
    w("")
    w("| server | without agent ms | with agent ms | agent adds ms (median of differences) |")
    w("|---|--:|--:|--:|")
    for server, result in startup.items():
        none, agent = result["ms"]["none"], result["ms"]["agent"]
        added = [a - n for a, n in zip(agent, none)]
        w("| %s | %s | %s | %s |" % (result["line"], spread(none, "%.0f"), spread(agent, "%.0f"),
                                       spread(added, "%+.0f")))
        median_added = statistics.median(added)
        summary.append(("%s: start-up added by the agent" % result["line"], "≤ +%d ms" % STARTUP_TARGET_MS,
                        "%+.0f ms" % median_added, verdict(median_added <= STARTUP_TARGET_MS)))
    w("")
    w("Where the agent's time goes, from one more start of each server with `proxywrap.log=debug`, "
      "whose lines say it: the classes the agent's weaver (plain ASM) changed, and the time they "
      "took on the server's threads that load them, which is on the start-up path. The first "
      "class woven in a JVM also carries ASM's and the templates' first use. The rest of what the "
      "agent adds is the JVM loading the agent's jar and `java.instrument`, and `premain`.")
    w("")
    w("| server | classes woven | weaving (server's threads) ms |")
    w("|---|--:|--:|")
    for server, result in startup.items():
        cost = result["instrumentation"]
        w("| %s | %d | %d |" % (result["line"], cost["woven"], cost["woven_ms"]))
    w("")


def memory_section(memory, w, summary):
    w("## Memory per connection")
    w("")
    w("Live heap after a full GC (`jcmd GC.class_histogram`), the server alone with its "
      "connections: *pending*: connections that sent half a v1 header (without the agent: the same "
      "connections, not yet sending, which is where the server stands with the agent too, its "
      "read having found no bytes); *open*: connections that sent their header and one request and "
      "got the response (without the agent: the same request, no header). Each server is first "
      "warmed with a few requests and one batch of pending connections, opened and closed, so "
      "that what a server keeps for reuse after such a batch (Tomcat's request processors, woken "
      "by the half header) is in both baselines. The histograms are "
      "compared class by class, agent minus no agent, and the classes whose instance count moves "
      "by at least half an instance per connection are the per-connection cost (whole-heap totals "
      "of two JVMs also differ by buffer pools and lazily grown tables; they are given for "
      "reference). After the connections close, no instance of an agent class may remain beyond "
      "what was there before they opened: nothing global grows with connections.")
    w("")
    w("| server | state | connections | per connection: agent minus no agent | B/connection | "
      "whole heap B/connection, without / with agent | agent objects left after close |")
    w("|---|---|--:|---|--:|--:|---|")
    for server, result in memory.items():
        for state in ("pending", "open"):
            c = result["comparison"][state]
            rows = sorted(c["per_connection_classes"].items(), key=lambda kv: -abs(kv[1][1]))
            classes = ", ".join("%s %+.1f × (%+.0f B)" % (name.replace("io.proxywrap.", "")
                                                          .replace("java.net.", "").replace("java.util.", ""),
                                                          count, size)
                                for name, (count, size) in rows)
            left = ", ".join("%s %d" % (name.replace("io.proxywrap.", ""), d[0])
                             for name, d in result["leftover_after_close"].items()) or "none"
            if result["server_channels_after_close"]:
                left += " (the server itself still held %d of the connections)" % result["server_channels_after_close"]
            w("| %s | %s | %d | %s | %+.0f | %.0f / %.0f | %s |" % (
                result["line"], state, result["connections"], classes or "—", c["per_connection_bytes"],
                c["whole_heap_none_bytes"], c["whole_heap_agent_bytes"], left))
        pending = result["comparison"]["pending"]["per_connection_bytes"]
        summary.append(("%s: heap per pending connection; global per-connection state"
                        % result["line"], "≤ %d B; none" % PENDING_TARGET_BYTES,
                        "%+.0f B; %s" % (pending, "agent state left beyond the server's connections"
                                         if result["leak"] else "none left after close"),
                        verdict(pending <= PENDING_TARGET_BYTES and not result["leak"])))
    w("")
    w("`[B` is `byte[]`: with the agent, a pending connection's received header bytes (the "
      "array grows with what arrived, never beyond the header). Addresses (`InetSocketAddress` "
      "and its parts) are the header's source and destination that the server reports.")
    w("")


def main():
    out_dir, command, jmh_command, jar, load_before = sys.argv[1:6]
    with open(os.path.join(out_dir, "results.json")) as f:
        results = json.load(f)
    codec_passes = sorted(glob.glob(os.path.join(out_dir, "codec-*.json")))
    codec_lines, worst, beyond = codec_report.section(
        codec_passes, os.path.join(out_dir, "footprint.tsv"), jar, jmh_command)

    body = []
    summary = []
    http_sections(results["http"], body.append, summary)
    header_segment_section(results["http"], results["settings"], body.append)
    startup_section(results["startup"], body.append, summary)
    memory_section(results["memory"], body.append, summary)
    if worst:
        summary.append(("codec: time against Netty's `HAProxyMessageDecoder`, every input",
                        "≥ 2×", "smallest %.2f× (%s)" % worst, verdict(worst[0] >= codec_report.TARGET)))
    summary.append(("codec: allocation beyond the decoded result", "none",
                    ", ".join(beyond) or "none", verdict(not beyond)))

    s = results["settings"]
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("<!-- Generated by benchmarks/run.sh (benchmarks/report.py). Do not edit by hand. -->")
    w("")
    w("What the agent costs, and how it compares with what people run today, measured side by "
      "side in one run on one machine. Produced by:")
    w("")
    w("    " + command)
    w("")
    w("Machine: %s CPUs (`nproc`), %s, %.0f GiB; %s; %s; %s; %s. Load average (1, 5, 15 min) "
      "before the run: %s; after: %s. Everything (load generator, balancer, sidecar, server) "
      "shares these CPUs on loopback, so absolute numbers are this machine's; the ratios are "
      "the result. Sizes: %d rounds of %d s per variant and mode after %d s of warm-up, %d "
      "connections; %d start-ups each; %d connections for memory. The run took %s."
      % (os.cpu_count(), cpu_model(), memory_gib(), results["java"], results["wrk"], results["haproxy"],
         results["nginx"], load_before, load_average(), s["rounds"], s["seconds"], s["warmup_seconds"],
         s["connections"], s["startup_runs"], s["memory_connections"],
         os.environ.get("BENCH_ELAPSED", "unknown")))
    w("")
    w("## Against the targets")
    w("")
    w("| what | target | measured (median) | |")
    w("|---|---|---|---|")
    for what, target, measured, met in summary:
        w("| %s | %s | %s | %s |" % (what, target, measured, met))
    w("")
    out += body
    out += codec_lines
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
