#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's report (scripts/bench.sh): reads DIR/samples.log, the
# "BENCH ..." lines of the guest, and writes DIR/results.json, the table
# DIR/results.txt and the plot DIR/results.png (gnuplot). Every figure is
# the median of its repetitions.
#
# usage: bench-report.py DIR
import json
import os
import statistics
import subprocess
import sys

CONFIGS = ["veth", "wg", "pilk", "pila"]
NAMES = {"veth": "veth", "wg": "WireGuard", "pilk": "pilot0 PILK", "pila": "pilot0 PILA"}
FIGURES = [  # metric, label, unit, higher is better
    ("tcp1", "TCP, 1 stream", "Mbit/s", True),
    ("tcp4", "TCP, 4 streams", "Mbit/s", True),
    ("udp64", "UDP, 64-byte payload", "pkt/s", True),
    ("udp1400", "UDP, 1,400-byte payload", "pkt/s", True),
    ("lat_p50", "round trip, p50", "us", False),
    ("lat_p90", "round trip, p90", "us", False),
    ("lat_p99", "round trip, p99", "us", False),
]


def load(path):
    info, samples = {}, {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[1] == "info":
                info[w[2]] = " ".join(w[3:])
            elif len(w) == 6 and w[1] == "sample":
                samples.setdefault((w[2], w[3]), []).append(float(w[5]))
    return info, samples


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def main():
    d = sys.argv[1]
    info, samples = load(os.path.join(d, "samples.log"))
    med = {k: statistics.median(v) for k, v in samples.items()}
    get = lambda m, c: med.get((m, c))

    res = {"info": info, "note": "medians of the repetitions; figures from QEMU TCG: "
           "ratios matter, absolute numbers don't", "figures": {}, "samples": {}}
    for (m, c), v in samples.items():
        res["samples"].setdefault(m, {})[c] = v
    for m, label, unit, _ in FIGURES:
        res["figures"][m] = {"label": label, "unit": unit,
                             **{c: get(m, c) for c in CONFIGS}}
        res["figures"][m]["pilk/wg"] = ratio(get(m, "pilk"), get(m, "wg"))
        res["figures"][m]["pila/wg"] = ratio(get(m, "pila"), get(m, "wg"))

    out = []
    out.append("Pilot benchmark: %s, %s vCPUs, %s repetitions of %s-second runs (medians)"
               % (info.get("kernel", "?"), info.get("cpus", "?"),
                  info.get("params", "?").split()[0].split("=")[-1],
                  info.get("params", "? ?").split()[1].split("=")[-1]))
    out.append("Figures from QEMU TCG (software emulation): ratios matter, absolute "
               "numbers don't.")
    out.append("AEAD driver: %s; parallel crypto: %s" %
               (info.get("aead", "?"),
                {"Y": "on", "N": "off"}.get(info.get("parallel"), "?")))
    out.append("")
    hdr = "%-26s %-7s" % ("figure", "unit") + "".join("%13s" % NAMES[c] for c in CONFIGS) \
        + "%9s%9s" % ("PILK/WG", "PILA/WG")
    out.append(hdr)
    out.append("-" * len(hdr))
    for m, label, unit, _ in FIGURES:
        f = res["figures"][m]
        out.append("%-26s %-7s" % (label, unit) + "".join("%13s" % fmt(f[c]) for c in CONFIGS)
                   + "%9s%9s" % (fmt(f["pilk/wg"]), fmt(f["pila/wg"])))
    out.append("(round trips: lower is better, so a ratio above 1 means pilot0 is slower)")

    enc, dec = get("gcm_enc_mbit", "crypto"), get("gcm_dec_mbit", "crypto")
    if enc is not None:
        eops, dops = get("gcm_enc_ops", "crypto"), get("gcm_dec_ops", "crypto")
        res["crypto"] = {"driver": info.get("tcrypt_driver"), "key_bits": 256,
                         "block_bytes": 1420, "encrypt_mbit": enc, "decrypt_mbit": dec,
                         "encrypt_ops": eops, "decrypt_ops": dops}
        res["crypto"]["pilk_tcp1/encrypt"] = ratio(get("tcp1", "pilk"), enc)
        res["crypto"]["pilk_udp1400_pps/encrypt_ops"] = ratio(get("udp1400", "pilk"), eops)
        out.append("")
        out.append("Crypto ceiling, one CPU (tcrypt mode 211, %s, 256-bit key, 1,420-byte "
                   "blocks):" % info.get("tcrypt_driver", "?"))
        out.append("  encrypt %s Mbit/s (%s ops/s), decrypt %s Mbit/s (%s ops/s)"
                   % (fmt(enc), fmt(eops), fmt(dec), fmt(dops)))
        out.append("  pilot0 PILK / ceiling: TCP 1 stream %s of the encrypt Mbit/s; "
                   "UDP 1,400 B %s of the encrypt ops/s"
                   % (fmt(res["crypto"]["pilk_tcp1/encrypt"]),
                      fmt(res["crypto"]["pilk_udp1400_pps/encrypt_ops"])))

    kx = {k: v for (m, k), v in med.items() if m == "kx_rate"}
    if kx:
        res["kx"] = {"per_second": kx,
                     **{m: get(m, "limit") for m in ("rl_sent", "rl_answered", "rl_dropped")},
                     "completed": {k: v for (m, k), v in med.items() if m == "kx_done"},
                     "rate_limited_during_flood": {k: v for (m, k), v in med.items()
                                                   if m == "kx_rl_drops"}}
        out.append("")
        out.append("Key exchanges (PILK, learned peers, many source addresses):")
        for k in sorted(kx, key=int):
            out.append("  %6s new sessions: %s handshakes/s (%s completed, %s rate-limited "
                       "drops)" % (k, fmt(kx[k]), fmt(res["kx"]["completed"].get(k)),
                                   fmt(res["kx"]["rate_limited_during_flood"].get(k))))
        if get("rl_sent", "limit") is not None:
            out.append("  rate limit in force: %s PILK frames from one source address at "
                       "once, %s answered, %s dropped as rate-limited (limit: burst 5, "
                       "5/s per source)" % (fmt(get("rl_sent", "limit")),
                                            fmt(get("rl_answered", "limit")),
                                            fmt(get("rl_dropped", "limit"))))

    scale = sorted({k for (m, k) in med if m == "scale_tcp1"}, key=int)
    if scale:
        res["scale"] = {k: {"tcp1_mbit": get("scale_tcp1", k), "udp64_pps": get("scale_udp64", k),
                            "slab_bytes_per_session": get("mem_slab", k),
                            "memavail_bytes_per_session": get("mem_avail", k)}
                        for k in scale}
        out.append("")
        out.append("Cost at scale (pilot0 PILK between the two namespaces while n2's pilot0 "
                   "holds N live sessions):")
        out.append("  %8s %12s %12s %18s %18s" % ("sessions", "TCP Mbit/s", "UDP64 pkt/s",
                                                 "slab B/session", "MemAvail B/session"))
        for k in scale:
            s = res["scale"][k]
            out.append("  %8s %12s %12s %18s %18s" % (k, fmt(s["tcp1_mbit"]), fmt(s["udp64_pps"]),
                                                     fmt(s["slab_bytes_per_session"]),
                                                     fmt(s["memavail_bytes_per_session"])))

    text = "\n".join(out) + "\n"
    with open(os.path.join(d, "results.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(res, f, indent=2, sort_keys=True)
        f.write("\n")
    plot(d, res)


def plot(d, res):
    fig = res["figures"]
    dat = os.path.join(d, "plot.dat")
    with open(dat, "w") as f:
        for c in CONFIGS:
            v = [fig[m][c] for m in ("tcp1", "tcp4", "udp64", "udp1400",
                                     "lat_p50", "lat_p90", "lat_p99")]
            v = [x if x is not None else 0 for x in v]
            f.write('"%s" %g %g %g %g %g %g %g\n' % (NAMES[c], v[0], v[1], v[2] / 1000,
                                                     v[3] / 1000, v[4], v[5], v[6]))
    gp = """
set terminal pngcairo size 1500,520 font ",10"
set output '%s'
set multiplot layout 1,3 title "Pilot benchmark (QEMU TCG, %s vCPUs; medians; ratios matter, absolute numbers don't)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key top right
set grid ytics
set yrange [0:*]
set xtics nomirror
set offset 0.5, 0.5, 0, 0
set title "TCP throughput (iperf3)"
set ylabel "Mbit/s"
plot '%s' using 2:xtic(1) title "1 stream", '' using 3 title "4 streams"
set title "UDP packets received per second (iperf3 -u)"
set ylabel "thousand packets/s"
plot '%s' using 4:xtic(1) title "64 B", '' using 5 title "1,400 B"
set title "Round trip (ping), percentiles"
set ylabel "microseconds"
plot '%s' using 6:xtic(1) title "p50", '' using 7 title "p90", '' using 8 title "p99"
unset multiplot
""" % (os.path.join(d, "results.png"), res["info"].get("cpus", "?"), dat, dat, dat)
    subprocess.run(["gnuplot"], input=gp.encode(), check=True)


if __name__ == "__main__":
    main()
