#!/usr/bin/env python3
"""Generates engine/tz_table.inc: the IANA zone rules the engine embeds, from Debian's tzdata.

Run once (and again after a tzdata update) and commit the output:

    python3 scripts/gen_tz_table.py > engine/tz_table.inc

Input: the TZif files under /usr/share/zoneinfo (Debian package `tzdata`); the version is read from
tzdata.zi and written into the table. For each zone name (links included, `posix/` and `right/`
left out) the table keeps the explicit transitions from 1970 on, up to where the file's POSIX TZ
footer (RFC 8536 section 3.3) reproduces them, and that footer as a parsed rule for every later
instant. Zones with identical rules share one entry. The engine (engine/calendar.cpp) evaluates
the same representation, natively and in WASM, so both give the same bytes; tests check it against
Python's zoneinfo.
"""
import calendar
import os
import re
import struct
import time
import sys

ROOT = "/usr/share/zoneinfo"
START = 0  # 1970-01-01T00:00:00Z: simulation_start cannot be earlier


def read_tzif(path):
    data = open(path, "rb").read()
    if data[:4] != b"TZif":
        return None
    version = data[4]

    def header(off):
        counts = struct.unpack(">6l", data[off + 20 : off + 44])
        return counts  # isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt

    isut, isstd, leap, timecnt, typecnt, charcnt = header(0)
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    if version < ord("2"):
        raise SystemExit(f"{path}: TZif version 1 is not supported")
    isut, isstd, leap, timecnt, typecnt, charcnt = header(off)
    p = off + 44
    times = struct.unpack(f">{timecnt}q", data[p : p + timecnt * 8])
    p += timecnt * 8
    idx = data[p : p + timecnt]
    p += timecnt
    types = []
    for i in range(typecnt):
        utoff, isdst, abbrind = struct.unpack(">lBB", data[p : p + 6])
        types.append((utoff, isdst))
        p += 6
    p += charcnt + leap * 12 + isstd + isut
    footer = data[p:].decode().strip("\n")
    return [(t, types[i][0]) for t, i in zip(times, idx)], types[0][0], footer


def parse_offset(s):
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    parts = [int(x) for x in s.split(":")]
    while len(parts) < 3:
        parts.append(0)
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


NAME = r"(?:<[^>]*>|[A-Za-z]{3,})"
OFF = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(" + OFF + "))?"


def parse_footer(footer):
    """Returns (std_utoff, dst_utoff, start, end) with start/end = (month, week, wday, secs) or None."""
    m = re.fullmatch(f"({NAME})({OFF})(?:({NAME})({OFF})?(?:,{RULE},{RULE})?)?", footer)
    if not m:
        raise SystemExit(f"unsupported TZ footer {footer!r}")
    std = -parse_offset(m.group(2))
    if not m.group(3):
        return std, std, None, None
    dst = -parse_offset(m.group(4)) if m.group(4) else std + 3600
    if not m.group(5):
        raise SystemExit(f"DST without rules in {footer!r}")

    def rule(g):
        month, week, wday, t = m.group(g), m.group(g + 1), m.group(g + 2), m.group(g + 3)
        return (int(month), int(week), int(wday), parse_offset(t) if t else 7200)

    return std, dst, rule(5), rule(9)


def rule_instant(year, r, utoff_before):
    """UTC seconds of a POSIX Mm.w.d/time rule in `year`, read in the offset in force before it."""
    month, week, wday, secs = r
    first_wday = (calendar.weekday(year, month, 1) + 1) % 7  # POSIX: 0 = Sunday
    day = 1 + (wday - first_wday) % 7 + (week - 1) * 7
    if week == 5:
        last = calendar.monthrange(year, month)[1]
        while day > last:
            day -= 7
    local = calendar.timegm((year, month, day, 0, 0, 0)) + secs
    return local - utoff_before


def footer_transitions(rule, year):
    std, dst, start, end = rule
    if start is None:
        return []
    out = [(rule_instant(year, start, std), dst), (rule_instant(year, end, dst), std)]
    return sorted(out)


def zone_key(parsed):
    """(explicit transitions from 1970, offset at 1970, footer rule, rule_from): equal keys, equal rules."""
    trans, initial, footer = parsed
    rule = parse_footer(footer)
    # The offset in force at 1970-01-01 and the transitions after it.
    before = [t for t in trans if t[0] <= START]
    initial_off = before[-1][1] if before else initial
    after = [t for t in trans if t[0] > START]
    # Drop the tail the footer reproduces: from the earliest k such that every transition
    # from k on is what the rule generates in its year.
    keep = len(after)
    if rule[2] is not None and after:
        last = after[-1][0]
        y_last = time.gmtime(last).tm_year
        while keep > 0:
            cand = keep - 1
            lo = after[cand][0]
            y0 = time.gmtime(lo).tm_year
            gen = sorted(
                x
                for y in range(y0 - 1, y_last + 2)
                for x in footer_transitions(rule, y)
                if lo <= x[0] <= last
            )
            if gen == after[cand:]:
                keep = cand
            else:
                break
    # The rule takes over at the first dropped transition (or after the last one kept when
    # none is dropped, where RFC 8536 says the footer agrees with the last transition).
    explicit = after[:keep]
    if keep < len(after):
        rule_from = after[keep][0]
    elif after:
        rule_from = after[-1][0]
    else:
        rule_from = START
    key = (tuple(explicit), initial_off, rule, rule_from)
    return key, explicit, initial_off, rule, footer, rule_from


def main():
    version = "unknown"
    with open(os.path.join(ROOT, "tzdata.zi")) as f:
        first = f.readline()
        if first.startswith("# version"):
            version = first.split()[2]
    names = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        rel = os.path.relpath(dirpath, ROOT)
        if rel.split(os.sep)[0] in ("posix", "right"):
            continue
        for fn in filenames:
            name = fn if rel == "." else os.path.join(rel, fn)
            if name in ("localtime", "posixrules", "Factory") or "." in fn:
                continue
            names.append(name)
    names.sort()
    entries = {}  # key -> index
    zones = []  # (name, entry index)
    blobs = []  # (transitions, initial offset, rule, footer)
    for name in names:
        parsed = read_tzif(os.path.join(ROOT, name))
        if parsed is None:
            continue
        key, explicit, initial_off, rule, footer, rule_from = zone_key(parsed)
        if key not in entries:
            entries[key] = len(blobs)
            blobs.append((explicit, initial_off, rule, footer, rule_from))
        zones.append((name, entries[key]))

    out = sys.stdout
    out.write("// Generated by scripts/gen_tz_table.py from Debian's tzdata; do not edit.\n")
    out.write(f"// tzdata version: {version}\n")
    out.write(f'#define CS_TZDATA_VERSION "{version}"\n')
    out.write("// Transitions: {utc seconds, utc offset after}; each rule: offset at 1970, first\n")
    out.write("// transition, count, the instant the footer takes over, then the POSIX footer as\n")
    out.write("// std/dst offsets and its Mm.w.d/secs start and end rules.\n")
    out.write("static const TzTransition kTzTransitions[] = {\n")
    first = []
    n = 0
    for explicit, *_ in blobs:
        first.append(n)
        for t, off in explicit:
            out.write(f"{{{t},{off}}},")
            n += 1
        if explicit:
            out.write("\n")
    if n == 0:
        out.write("{0,0}\n")
    out.write("};\n")
    out.write("static const TzRule kTzRules[] = {\n")
    for i, (explicit, initial_off, rule, footer, rule_from) in enumerate(blobs):
        std, dst, start, end = rule
        s = start or (0, 0, 0, 0)
        e = end or (0, 0, 0, 0)
        out.write(
            f"{{{initial_off},{first[i]},{len(explicit)},{rule_from},{std},{dst},"
            f"{{{s[0]},{s[1]},{s[2]},{s[3]}}},{{{e[0]},{e[1]},{e[2]},{e[3]}}}}},  // {footer}\n"
        )
    out.write("};\n")
    out.write("static const TzZoneName kTzZones[] = {\n")
    for name, idx in zones:
        out.write(f'{{"{name}",{idx}}},\n')
    out.write("};\n")
    print(f"{len(zones)} zone names, {len(blobs)} rules, {n} transitions, tzdata {version}", file=sys.stderr)


if __name__ == "__main__":
    main()
