#!/usr/bin/env python3
"""Independent check of calling windows with Python's zoneinfo (the system tzdata), used by
tests/engine/test_calendar.cpp. Not the engine's code: it reads the scenario and the calls export.

    calendar_check.py offsets FILE        lines "zone utc offset": offset must match zoneinfo
    calendar_check.py windows SCENARIO CALLS_JSON
        every initiated call: initiated_at carries the campaign zone's true offset; it lies inside
        the campaign's hours, on a calling day, not on a holiday (read in the campaign's or the
        recipient's zone, per calling_hours_in), and inside calling_rules in the recipient's zone.
        Prints {"ok", "calls", "problems":[...], "days":{date: {count, offsets, first, last}}}
        with days on the campaign's clock.
"""
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# The presets as SCENARIO.md defines them: weekday -> (open, close) in minutes.
RULES = {
    "us_tcpa": {d: (480, 1260) for d in range(7)},
    "india_trai": {d: (540, 1260) for d in range(7)},
    "uk_ofcom": {d: (480, 1260) for d in range(7)},
    "canada_crtc": {**{d: (540, 1290) for d in range(5)}, 5: (600, 1080), 6: (600, 1080)},
}


def hm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def inside(local, hours, days, holidays):
    """Is the local datetime inside a weekly window (a window wrapping midnight belongs to the
    day it opens)?"""
    minute = local.hour * 60 + local.minute + local.second / 60
    for back in (0, 1):  # today's window, or yesterday's wrapping into today
        day = local.date() - dt.timedelta(days=back)
        if day.weekday() not in days or day.isoformat() in holidays:
            continue
        o, c = hours[day.weekday()]
        m = minute + back * 1440
        if o <= m < c:
            return True
    return False


def offsets(path):
    bad = []
    for line in open(path):
        zone, utc, off = line.split()
        got = dt.datetime.fromtimestamp(int(utc), ZoneInfo(zone)).utcoffset().total_seconds()
        if int(got) != int(off):
            bad.append(line.strip() + f" zoneinfo={int(got)}")
    print(json.dumps({"ok": not bad, "problems": bad[:20]}))


def windows(scenario_path, calls_path):
    sc = json.load(open(scenario_path))
    calls = json.load(open(calls_path))
    rows = calls["rows"] if isinstance(calls, dict) else calls
    s = sc.get("schedule", {})
    zone = ZoneInfo(s["time_zone"])
    hours_in_recipient = s.get("calling_hours_in") == "recipient"
    if s.get("calling_hours_start"):
        o, c = hm(s["calling_hours_start"]), hm(s["calling_hours_end"])
        if c <= o:
            c += 1440
    else:
        o, c = 0, 1440
    hours = {d: (o, c) for d in range(7)}
    days = {DAYS.index(d) for d in s.get("calling_days", DAYS)}
    holidays = set(s.get("holidays", []))
    rules = RULES[s["calling_rules"]] if s.get("calling_rules") else None
    problems, days_seen, n = [], {}, 0
    for r in rows:
        if not r.get("initiated_at"):
            continue
        n += 1
        at = dt.datetime.fromisoformat(r["initiated_at"])
        theirs = ZoneInfo(r["time_zone"])
        campaign_local = at.astimezone(zone)
        if at.utcoffset() != campaign_local.utcoffset():
            problems.append(f"{r['call_id']}: {r['initiated_at']} has offset {at.utcoffset()}, zoneinfo says {campaign_local.utcoffset()}")
        hours_local = at.astimezone(theirs if hours_in_recipient else zone)
        if not inside(hours_local.replace(tzinfo=None), hours, days, holidays):
            problems.append(f"{r['call_id']}: initiated {hours_local.isoformat()} outside the window")
        if rules and not inside(at.astimezone(theirs).replace(tzinfo=None), rules, set(range(7)), set()):
            problems.append(f"{r['call_id']}: initiated {at.astimezone(theirs).isoformat()} outside {s['calling_rules']}")
        key = campaign_local.date().isoformat()
        d = days_seen.setdefault(key, {"count": 0, "offsets": [], "first": None, "last": None})
        d["count"] += 1
        off = campaign_local.isoformat()[19:]
        if off not in d["offsets"]:
            d["offsets"].append(off)
        t = campaign_local.strftime("%H:%M:%S")
        d["first"] = t if d["first"] is None or t < d["first"] else d["first"]
        d["last"] = t if d["last"] is None or t > d["last"] else d["last"]
    print(json.dumps({"ok": not problems, "calls": n, "problems": problems[:20], "days": days_seen}))


if __name__ == "__main__":
    if sys.argv[1] == "offsets":
        offsets(sys.argv[2])
    else:
        windows(sys.argv[2], sys.argv[3])
