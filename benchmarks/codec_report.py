"""The codec section of docs/BENCHMARKS.md, from CodecBenchmark's JMH JSON results (one per pass) and
ResultFootprint's output (both run by benchmarks/run.sh; report.py calls section()).

Everything in it comes from the run: the numbers from the JMH JSON, the result footprint from
ResultFootprint's output, the JVM from the JSON's fields. Nothing is typed in by hand.
"""
import json
import statistics
import zipfile

INPUTS = [
    ("v1-tcp4", "v1 TCP4", "`PROXY TCP4 192.168.0.1 192.168.0.11 56324 443` (the spec's example), 47 B"),
    ("v1-tcp6", "v1 TCP6", "`PROXY TCP6 2001:db8:85a3::8a2e:370:7334 2001:db8::1 56324 443`, 64 B"),
    ("v2-inet", "v2 INET, no TLV", "haproxy 2.6 `send-proxy-v2` (senders.tsv `haproxy-v2`), 28 B"),
    ("v2-haproxy-ssl", "v2 haproxy SSL TLVs",
     "haproxy 2.6 `send-proxy-v2-ssl-cn` + `crc32c,unique-id,authority,ssl-cipher,cert-sig,cert-key` "
     "(senders.tsv `haproxy-v2-ssl-sni`, header part): CRC32C, ALPN, AUTHORITY, UNIQUE_ID, "
     "SSL with 4 sub-TLVs, 134 B"),
    ("v2-aws", "v2 AWS-style",
     "INET + CRC32C + 0xEA/0x01 `vpce-0123456789abcdef0` + NOOP padding to length 0x54 "
     "(the size AWS NLB headers have), built in code, 100 B"),
]
BUFFERS = ["heap", "direct"]
PREFIX = "io.proxywrap.benchmarks.CodecBenchmark."
OURS, OURS_ADDRESSES, NETTY, PIPELINE = "ours", "oursWithAddresses", "nettyDecoder", "nettyPipeline"
TARGET = 2.0
# gc.alloc.rate.norm is exact for steady allocation; below this we call it nothing.
ALLOC_SLACK = 1.0


def netty_version(jar):
    try:
        with zipfile.ZipFile(jar) as z:
            props = z.read("META-INF/maven/io.netty/netty-codec-haproxy/pom.properties").decode()
    except (OSError, KeyError, zipfile.BadZipFile):
        return "unknown"
    for line in props.splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    return "unknown"


def fmt_time(m):
    if not m:
        return "—"
    low, high = m["forks"]
    return "%.1f" % m["score"] if low == high else "%.1f (%.1f–%.1f)" % (m["score"], low, high)


def fork_means(primary_metric):
    """Each fork's mean time: JMH's rawData holds one list of iteration scores per fork."""
    return [sum(fork) / len(fork) for fork in primary_metric["rawData"]]


def fmt_bytes(v):
    return "%.0f" % v if v is not None else "—"


def section(json_paths, footprint_path, jar, jmh_command):
    """(the section's markdown lines, (smallest time ratio to Netty's decoder, its row) or None,
    the rows that allocate beyond their result). json_paths: one JMH result per pass over every row."""
    passes = []
    for path in json_paths:
        with open(path) as f:
            passes.append(json.load(f))
    forks = {}
    allocs = {}
    for runs in passes:
        for r in runs:
            name = r["benchmark"][len(PREFIX):]
            key = (name, r["params"]["input"], r["params"]["buffer"])
            forks.setdefault(key, []).extend(fork_means(r["primaryMetric"]))
            alloc = r["secondaryMetrics"].get("gc.alloc.rate.norm")
            if alloc:
                allocs.setdefault(key, []).append(alloc["score"])
    results = {}
    for key, means in forks.items():
        results[key] = {
            "score": statistics.median(means),
            "forks": (min(means), max(means)),
            # The most any pass measured: "none beyond the result" must hold in every one.
            "alloc": max(allocs[key]) if key in allocs else None,
        }
    footprint = {}
    with open(footprint_path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                footprint[parts[0]] = (int(parts[1]), int(parts[2]), parts[3], int(parts[4]))
    first = passes[0][0]

    out = []
    w = out.append
    w("## Codec: our `ProxyHeaderDecoder` against Netty's `HAProxyMessageDecoder`")
    w("")
    w("The JMH run:")
    w("")
    w("    " + jmh_command)
    w("")
    w("JDK %s (%s %s); JMH %s; netty-codec-haproxy %s. "
      "%s warmup iterations of %s, %s measured iterations of %s, %s fork%s per benchmark in each of "
      "%d pass%s over all of them."
      % (first["jdkVersion"], first["vmName"], first["vmVersion"],
         first["jmhVersion"], netty_version(jar),
         first["warmupIterations"], first["warmupTime"], first["measurementIterations"],
         first["measurementTime"], first["forks"], "" if first["forks"] == 1 else "s",
         len(passes), "" if len(passes) == 1 else "es"))
    w("")
    w("Times are ns/op: the median of the forks' mean times over all passes, with the fastest and "
      "slowest fork in brackets. Each fork is a new JVM whose JIT compiles the code anew, and one fork "
      "can be slow in every one of its iterations, so the median over forks keeps one fork from "
      "deciding a row; the passes put a row's forks minutes apart, so one slow stretch of the machine "
      "does not reach them all. "
      "B/op is `gc.alloc.rate.norm` from `-prof gc`, the largest any pass measured. "
      "× is Netty's median time divided by ours (higher is better for us).")
    w("")
    w("| input | buffer | ours ns/op | Netty decoder ns/op | × | Netty pipeline ns/op | × "
      "| ours + addresses ns/op | × decoder | ours B/op | ours + addresses B/op | Netty decoder B/op "
      "| Netty pipeline B/op |")
    w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    worst_ratio = None
    below = []  # the rows under TARGET, for the verdict after the table
    missing = []
    for key, label, _ in INPUTS:
        for buf in BUFFERS:
            o = results.get((OURS, key, buf))
            a = results.get((OURS_ADDRESSES, key, buf))
            n = results.get((NETTY, key, buf))
            p = results.get((PIPELINE, key, buf))
            if not (o and a and n and p):
                missing.append("%s/%s" % (key, buf))
            rn = n["score"] / o["score"] if o and n else None
            rp = p["score"] / o["score"] if o and p else None
            ra = n["score"] / a["score"] if a and n else None
            if rn is not None and (worst_ratio is None or rn < worst_ratio[0]):
                worst_ratio = (rn, "%s %s" % (label, buf))
            if rn is not None and rn < TARGET:
                below.append("%s %s %.2f×" % (label, buf, rn))
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, buf, fmt_time(o), fmt_time(n), "%.2f" % rn if rn else "—",
                fmt_time(p), "%.2f" % rp if rp else "—",
                fmt_time(a), "%.2f" % ra if ra else "—",
                fmt_bytes(o and o["alloc"]), fmt_bytes(a and a["alloc"]),
                fmt_bytes(n and n["alloc"]), fmt_bytes(p and p["alloc"])))
    w("")

    w("### What our decoded result allocates")
    w("")
    w("`ResultFootprint` (run by the same command) decodes each input twice, walks the object graph of "
      "the returned `ProxyHeader`, keeps the objects the two results do not share (so enum constants "
      "and shared empty lists are not counted) and sizes each by this JVM's field layout. "
      "*Beyond* is measured B/op minus that: what the decoder allocates that the caller does not get. "
      "*String copies* is the size of the arrays behind the result's strings: a `String` can only be "
      "made from an array (and copies it), so one made while reading a direct buffer needs a temporary "
      "copy of its bytes first. The decoder keeps TLV values as bytes and makes their `String`s on "
      "first use, so only AF_UNIX paths (in none of these inputs) are strings in a result.")
    w("")
    w("| input | result objects | result B | ours B/op heap | beyond, heap | ours B/op direct | beyond, direct "
      "| of which String copies | objects in the result |")
    w("|---|--:|--:|--:|--:|--:|--:|--:|---|")
    beyond_rows = []
    for key, label, _ in INPUTS:
        fp = footprint.get(key)
        if not fp:
            missing.append("footprint %s" % key)
            continue
        cells = []
        for buf in BUFFERS:
            o = results.get((OURS, key, buf))
            if o and o["alloc"] is not None:
                beyond = o["alloc"] - fp[1]
                if beyond > ALLOC_SLACK:
                    beyond_rows.append((beyond, "%s %s" % (label, buf),
                                        fp[3] if buf == "direct" else 0))
                cells += ["%.0f" % o["alloc"], "%+.0f" % beyond]
            else:
                cells += ["—", "—"]
        w("| %s | %d | %d | %s | %s | %s | %s | %d | %s |" % (
            label, fp[0], fp[1], cells[0], cells[1], cells[2], cells[3], fp[3], fp[2]))
    w("")
    w("The result keeps each address as its bytes (4 or 16) in an array of its own; "
      "`InetAddress.getByAddress` copies them again when the address is first asked for (the only "
      "public way to make an `InetAddress` without a lookup), which the *ours + addresses* column "
      "includes. The JIT's escape analysis removes the JDK `CRC32C` object and the buffer view used "
      "to checksum a direct buffer.")
    w("")

    w("### Against the target")
    w("")
    w("Target (issue): at least %.0f× faster than Netty on every input, no allocation beyond the "
      "decoded result. Judged against Netty's decoder alone, the stricter of the two Netty columns." % TARGET)
    w("")
    if worst_ratio:
        if below:
            w("- Speed: **not met** on %d of %d rows: %s." % (
                len(below), len(INPUTS) * len(BUFFERS), ", ".join(below)))
        else:
            w("- Speed: met on every row; the smallest ratio is %.2f× (%s)." % worst_ratio)
    if beyond_rows:
        parts = []
        for beyond, row, copies in beyond_rows:
            parts.append("%s %+.0f B/op%s" % (row, beyond,
                         " (String copies %d B)" % copies if copies else ""))
        w("- Allocation: **not met** strictly, on %d of %d rows: %s." % (
            len(beyond_rows), len(INPUTS) * len(BUFFERS), ", ".join(parts)))
    elif not missing:
        w("- Allocation: met: no row allocates more than its result.")
    if missing:
        w("- Missing from this run: %s." % ", ".join(missing))
    w("")

    w("### Inputs")
    w("")
    for key, label, desc in INPUTS:
        w("- **%s** (`%s`): %s" % (label, key, desc))
    w("")
    w("Each input is exactly one header, at index 0 of a buffer of its size; `heap` and `direct` are the "
      "kind of buffer both sides read from (Tomcat NIO reads into heap buffers by default; Jetty, "
      "Undertow and Netty into direct ones). `CodecBenchmarkTest` decodes every input with both "
      "decoders and checks they agree on source and destination address and port and on the TLVs "
      "(Netty's flat list without NOOP padding against ours with SSL sub-TLVs flattened), so both "
      "columns do the same work.")
    w("")
    w("### What one op is")
    w("")
    w("- **ours**: `frame` + `decode` straight from the bytes the server read. Our decoder is immutable "
      "and shared by every connection on a port, so there is no per-connection state to create. "
      "Includes the CRC32C check where the header has one; Netty does not verify CRC32C. The result "
      "holds the addresses as the validated bytes of the header.")
    w("- **ours + addresses**: the same, then `source()` and `destination()`, which make the JDK "
      "`InetSocketAddress`es on first use: what a server pays once per connection when it reports "
      "the client. Netty's result has no such objects (its addresses are strings), so this column is "
      "more work than Netty's decoder does, shown so the cost of the JDK objects is visible.")
    w("- **Netty decoder**: `new HAProxyMessageDecoder()` (it is single-use and stateful, so a Netty server "
      "creates one per connection) and its `decode(ctx, in, out)` called directly, the way "
      "`ByteToMessageDecoder` calls it, into a reused output list (Netty recycles its own). This is the "
      "decoder's own cost, without the pipeline.")
    w("- **Netty pipeline**: the public path a Netty server takes: the new decoder added to the channel's "
      "pipeline (what a `ChannelInitializer` does per connection), the read fired through an "
      "`EmbeddedChannel`, the decoder removing itself once done, the message read off the pipeline's end. "
      "The channel is reused across ops because it exists per connection with or without PROXY. "
      "The difference to the decoder column is pipeline overhead, not parsing.")
    w("")
    w("Every op hands its result to a JMH `Blackhole`. Netty's `HAProxyMessage` is reference counted (its "
      "TLVs are retained slices of the input buffer) and is released in the op; the input buffer's "
      "reference count is checked after the run. The results are not the same objects: Netty gives "
      "addresses as `String`s and TLVs as buffer slices; we give validated address bytes that become "
      "`InetSocketAddress`es on first use (what a server reports from `getRemoteAddr()`, built without "
      "DNS) and typed TLVs with their values copied out, so the header's buffer can be reused for the "
      "request. Netty's default leak detection "
      "(`SIMPLE`, sampling 1 in 128 messages) was left on, as in production.")
    return out, worst_ratio, [row for _, row, _ in beyond_rows]
