#!/usr/bin/env python3
"""Random valid-ish scenarios through every CLI command, checking the process never crashes
(exit 0 or 2 only, no sanitizer report) and the invariants of every run hold:
  - conservation: completed + failed + did not pick + cancelled + retry expired + in progress
    = recipients, in every report;
  - attempt caps: no recipient has more than max_retries + 1 call logs;
  - windows: no call starts (initiated_at) outside the calling hours, before starts_at_minute or
    at/after ends_at_minute;
  - pauses and cancels: no call starts between an applied pause and the next resume, or after an
    applied cancel;
  - calendars (issue 11): with a time zone, no call starts outside the calling hours, on a day
    that is not a calling day or on a holiday, read on the clock the hours are read in (the
    campaign's or, with calling_hours_in "recipient", each recipient's own: the export's
    initiated_at_recipient_local); a window wrapping midnight belongs to the day it opens; with
    calling_rules no call starts outside the preset's hours on the recipient's clock; every
    compliance_check count equals the attempts the export shows outside that preset, and every
    recipient's exported zone is the CSV's timezone cell when it has one.

    tests/fuzz/random_scenarios.py CLI [SEED] [COUNT]

scripts/sanitize runs it against an AddressSanitizer + UBSan build; ctest runs a few hundred
scenarios against the release build (the `random_scenarios` test)."""
import datetime, json, random, subprocess, sys, zoneinfo
CLI = sys.argv[1]
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
def mix():
    w = [random.random() ** 2 for _ in range(6)]
    if random.random() < 0.2: w = [0]*6; w[random.randrange(6)] = 1
    s = sum(w) or 1
    p = [x / s for x in w]
    p[-1] = 1 - sum(p[:-1])
    if p[-1] < 0: p[-1] = 0; p[0] = 1 - sum(p[1:])
    return dict(zip(['completed','voicemail','did_not_pick','busy','no_answer','failed'], p))
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
         "America/St_Johns", "Europe/London", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PRESETS = ["us_tcpa", "canada_crtc", "india_trai", "uk_ofcom"]
# Starts next to daylight-saving changes (never inside a skipped hour of any zone above).
STARTS = ["2026-03-06T08:00", "2026-03-08T00:30", "2026-03-27T20:00", "2026-10-02T20:00", "2026-10-30T20:00",
          "2026-11-01T00:30", "2026-12-07T09:00", "2026-12-24T08:00"]

def zoned(c, org):
    """Calendar fields on campaign c (its zone from the organization when org)."""
    s = c["schedule"]
    if not org: s["time_zone"] = random.choice(ZONES)
    if random.random() < 0.5: s["calling_hours_in"] = random.choice(["campaign", "recipient"])
    if random.random() < 0.5: s["calling_days"] = random.sample(DAYS, random.randint(1, 7))
    if random.random() < 0.4:
        s["holidays"] = sorted({"2026-%s" % random.choice(["03-08", "03-09", "03-10", "03-29", "10-31", "11-01", "11-02", "12-07", "12-08", "12-25"]) for _ in range(random.randint(1, 4))})
    if random.random() < 0.4: s["calling_rules"] = random.choice(PRESETS)
    if random.random() < 0.4: s["compliance_check"] = random.sample(PRESETS, random.randint(1, 4))
    if random.random() < 0.3: s["default_recipient_time_zone"] = random.choice(ZONES)
    rec = c["recipients"]
    if "count" in rec and random.random() < 0.6:
        zs = random.sample(ZONES, random.randint(1, 4))
        w = [random.randint(1, 9) for _ in zs]
        shares = [x / sum(w) for x in w]
        shares[-1] = 1 - sum(shares[:-1])
        rec["time_zones"] = dict(zip(zs, shares))
    elif "count" in rec or random.random() < 0.6:
        numbers = ["+12125550101", "+14155550102", "+16055550103", "+442071234567", "+14165550105", "+12005550106",
                   "+919876543210", "+17095550107", "+9779812345678", "+61291234567"]
        rows = ["phone_number,timezone,name"]
        for i in range(random.randint(1, 8)):
            rows.append("%s,%s,n%d" % (random.choice(numbers), random.choice(["", "", random.choice(ZONES)]), i))
        c["recipients"] = {"csv": "\n".join(rows) + "\n"}

def campaign(org, zones=False):
    c = {"recipients": {"count": random.choice([1, 2, 5, 30, 200])}}
    if random.random() < 0.2:
        rows = ["phone_number,name"] + [random.choice(["+14155550101", "+919876543210", "123", "+4420794600", "=cmd", "+1415555010x", "\"+1 415\"", ""]) + "," + random.choice(["a", "\"b,c\"", "=x", ""]) for _ in range(random.randint(1, 8))]
        c["recipients"] = {"csv": "\n".join(rows) + "\n"}
        if random.random() < 0.3: c["recipients"]["enabled_countries"] = random.choice([[], ["1"], ["91", "44"]])
    if random.random() < 0.8: c["outcomes"] = mix()
    r = {"max_retries": random.randint(0, 6)}
    r["wait_minutes"] = random.randint(1, 300)
    for f in ["retry_on_no_answer", "retry_on_busy", "retry_on_voicemail"]:
        if random.random() < 0.5: r[f] = random.random() < 0.5
    if random.random() < 0.2: r["wait_minutes_list"] = [random.randint(1, 200) for _ in range(random.randint(1, 4))]
    if random.random() < 0.2: r["rules"] = {"busy": {"max_retries": random.randint(0, 3), "wait_minutes": random.randint(1, 50)}}
    c["retry"] = r
    s = {}
    if random.random() < 0.3: s["starts_at_minute"] = random.randint(0, 600)
    if random.random() < 0.3: s["ends_at_minute"] = s.get("starts_at_minute", 0) + random.randint(1, 2000)
    if random.random() < 0.3:
        a, b = random.randint(0, 1439), random.randint(0, 1439)
        if a != b: s["calling_hours_start"] = "%02d:%02d" % divmod(a, 60); s["calling_hours_end"] = "%02d:%02d" % divmod(b, 60)
    c["schedule"] = s
    if zones:
        zoned(c, org)
        if "starts_at_minute" in s and random.random() < 0.5: del s["starts_at_minute"]
    if random.random() < 0.3: c["workspace"] = {"ready": random.random() < 0.7, "outbound_number_assigned": random.random() < 0.7}
    if random.random() < 0.3: c["launch_at_minute"] = random.choice([None, random.randint(0, 300)])
    acts = []
    for _ in range(random.randint(0, 5)):
        k = random.choice(["launch", "pause", "resume", "cancel", "top_up", "set_workspace"])
        a = {"at_minute": random.randint(0, 600), "action": k}
        if k == "top_up": a["amount"] = random.choice([1, 50, 1000])
        if k == "set_workspace": a["ready"] = True; a["outbound_number_assigned"] = True
        acts.append(a)
    c["actions"] = acts
    if random.random() < 0.3:
        b = {}
        if random.random() < 0.5: b["busy_persistence"] = {"probability": random.random(), "half_life_minutes": random.randint(1, 100)}
        if random.random() < 0.5: b["answer_rate_per_attempt"] = random.random() * 2
        if random.random() < 0.5: b["answer_rate_by_hour"] = [random.random() * 3 for _ in range(24)]
        if random.random() < 0.5: b["segments"] = [{"share": 0.5, "outcomes": mix()}, {"share": 0.5, "outcomes": mix()}]
        c["behaviour"] = b
    if random.random() < 0.2: c["timing"] = {"talk": {"kind": "exponential", "mean": random.randint(1, 900)}, "ring_out": {"kind": "fixed", "value": 0}}
    if org:
        if random.random() < 0.5: c["concurrency"] = random.randint(1, 5)
        c["launch_at_minute"] = random.randint(0, 100)
        if random.random() < 0.3: c["wallet"] = {"cost_per_minute": random.choice([0, 0.5, 3])}
    return c
def minutes(stamp, start):
    t = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S")
    return (t - start).total_seconds() / 60, t.hour * 60 + t.minute + t.second / 60

def hhmm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)

PRESET_HOURS = {  # (opens, closes) in minutes of the day, per weekday Mon..Sun (engine/calendar.cpp)
    "us_tcpa": [(480, 1260)] * 7, "india_trai": [(540, 1260)] * 7, "uk_ofcom": [(480, 1260)] * 7,
    "canada_crtc": [(540, 1290)] * 5 + [(600, 1080)] * 2,
}

def local(stamp):
    """A local wall-clock stamp "YYYY-MM-DDTHH:MM:SS[+-HH:MM]" -> (date, minute of the day)."""
    t = datetime.datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")
    return t.date(), t.hour * 60 + t.minute + t.second / 60

def outside_preset(preset, stamp):
    d, tod = local(stamp)
    o, c = PRESET_HOURS[preset][d.weekday()]
    return not (o <= tod < c)

def calendar_problems(camp, report_campaign, calls, csv_zones):
    """Problems with a zoned campaign's call history against its calendar (module docstring)."""
    sched = camp.get("schedule", {})
    problems = []
    in_recipient = sched.get("calling_hours_in") == "recipient"
    opens, closes = sched.get("calling_hours_start"), sched.get("calling_hours_end")
    o, c = (hhmm(opens), hhmm(closes)) if opens is not None else (0, 1440)
    days = set(sched.get("calling_days", DAYS))
    holidays = set(sched.get("holidays", []))
    outside = {p: 0 for p in sched.get("compliance_check", [])}
    for row in calls:
        if csv_zones.get(row["position"]) and row.get("time_zone") != csv_zones[row["position"]]:
            problems.append("recipient %s has zone %s, its CSV cell says %s" % (row["position"], row.get("time_zone"), csv_zones[row["position"]]))
        if not row.get("initiated_at"): continue
        mine = row["initiated_at_recipient_local"]
        d, tod = local(mine if in_recipient else row["initiated_at"])
        inside = (o <= tod < c) if o < c else (tod >= o or tod < c)
        opened = d - datetime.timedelta(days=1) if (o > c and tod < c) else d  # the day the window opened
        if not inside: problems.append("call at %s (%s clock) outside %s-%s" % (mine if in_recipient else row["initiated_at"], "recipient" if in_recipient else "campaign", opens, closes))
        elif DAYS[opened.weekday()] not in days: problems.append("call at %s in a window of %s, not a calling day" % (row["initiated_at"], DAYS[opened.weekday()]))
        elif opened.isoformat() in holidays: problems.append("call at %s in a window of the holiday %s" % (row["initiated_at"], opened))
        rules = sched.get("calling_rules")
        if rules and outside_preset(rules, mine): problems.append("call at %s recipient time, outside %s" % (mine, rules))
        for p in outside:
            if outside_preset(p, mine): outside[p] += 1
    got = (report_campaign.get("calendar") or {}).get("compliance_check") or {}
    for p, n in outside.items():
        if p not in got or got[p].get("outside") != n:
            problems.append("compliance_check %s: report says %s outside, the export shows %d" % (p, got.get(p), n))
    return problems

def check_calls(camp, report_campaign, calls, zone=None, sim_start=None, csv_zones=None):
    """Problems with one campaign's exported call history (final rows). zone: the campaign's time
    zone (None: the plain clock starting 2026-12-07T09:00)."""
    start = datetime.datetime(2026, 12, 7, 9, 0)
    zoned = zone is not None
    if zoned:
        t0 = datetime.datetime.fromisoformat(sim_start).replace(tzinfo=zoneinfo.ZoneInfo(zone))
        row_minute = lambda row: (datetime.datetime.fromisoformat(row["initiated_at"]) - t0).total_seconds() / 60
    problems = []
    if zoned:
        problems += calendar_problems(camp, report_campaign, calls, csv_zones or {})
        # The plain-clock window check below does not apply: the calendar check read the hours.
        camp = {**camp, "schedule": {k: v for k, v in camp.get("schedule", {}).items() if k not in ("calling_hours_start", "calling_hours_end")}}
    retry = camp.get("retry", {})
    cap = retry.get("max_retries", 2) + 1
    per = {}
    for row in calls:
        per[row["position"]] = per.get(row["position"], 0) + 1
    if per and max(per.values()) > cap:
        problems.append("attempt cap %d exceeded: %d" % (cap, max(per.values())))
    sched = camp.get("schedule", {})
    lo = sched.get("starts_at_minute", 0)
    hi = sched.get("ends_at_minute")
    opens, closes = sched.get("calling_hours_start"), sched.get("calling_hours_end")
    acts = report_campaign.get("actions", [])
    paused, cancelled_at = [], None
    pause_from = None
    for a in acts:  # applied actions in time order
        if not a["ok"]: continue
        if a["action"] == "pause" and pause_from is None: pause_from = a["at_minute"]
        if a["action"] == "resume" and pause_from is not None: paused.append((pause_from, a["at_minute"])); pause_from = None
        if a["action"] == "cancel" and cancelled_at is None: cancelled_at = a["at_minute"]
    if pause_from is not None: paused.append((pause_from, float("inf")))
    for row in calls:
        if not row.get("initiated_at"): continue
        if zoned: t = row_minute(row)
        else: t, tod = minutes(row["initiated_at"], start)
        if t < lo: problems.append("dispatch at minute %.2f before starts_at %d" % (t, lo))
        if hi is not None and t >= hi: problems.append("dispatch at minute %.2f at/after ends_at %d" % (t, hi))
        if opens is not None:
            o, c = hhmm(opens), hhmm(closes)
            inside = (o <= tod < c) if o < c else (tod >= o or tod < c)
            if not inside: problems.append("dispatch at %s outside %s-%s" % (row["initiated_at"], opens, closes))
        for p, r in paused:
            if p <= t < r: problems.append("dispatch at minute %.2f while paused %s-%s" % (t, p, r))
        if cancelled_at is not None and t >= cancelled_at:
            problems.append("dispatch at minute %.2f after cancel at %d" % (t, cancelled_at))
    return problems[:3]

bad = 0
checked_calls = 0
zoned_calls = 0
for i in range(int(sys.argv[3]) if len(sys.argv) > 3 else 50):
    zones = random.random() < 0.35  # a calendar: time zones, calling days, holidays, presets (issue 11)
    if random.random() < 0.3:
        doc = {"seed": random.randint(0, 99), "organization": {"concurrency": random.randint(1, 8), "wallet": {"balance": random.choice([None, 0, 20, 500])}}, "campaigns": [campaign(True, zones) for _ in range(random.randint(1, 3))]}
        if zones: doc["organization"]["time_zone"] = random.choice(ZONES)
    else:
        doc = campaign(False, zones); doc["seed"] = random.randint(0, 99); doc["concurrency"] = random.randint(1, 20)
        if random.random() < 0.3: doc["wallet"] = {"balance": random.choice([None, 0, 20, 500]), "cost_per_minute": random.choice([0, 1, 2.5])}
    if zones: doc["simulation_start"] = random.choice(STARTS)
    text = json.dumps(doc)
    for args in (["run", "-"], ["run", "-", "--until-minute", str(random.randint(0, 300))], ["export", "-", "--table", random.choice(["recipients", "calls"]), "--format", random.choice(["csv", "json"])], ["expect", "-"], ["montecarlo", "-", "--runs", "3"], ["sweep", "-", "--runs", "2", "--retries", "0-2"]):
        p = subprocess.run([CLI] + args, input=text.encode(), capture_output=True, timeout=120)
        if p.returncode not in (0, 2) or b"runtime error" in p.stderr or b"Sanitizer" in p.stderr:
            bad += 1
            open('fuzz-failure-%d.json' % bad, 'w').write(text)
            print("BAD", args, p.returncode, p.stderr[-2000:].decode(errors='replace'))
            break
        if p.returncode == 0 and args[0] == "run":
            rep = json.loads(p.stdout)
            for c in rep["campaigns"]:
                k = c["counters"]
                tot = k["completed_leads"] + k["failed_leads"] + k["did_not_pick"] + k["cancelled"] + k["retry_expired"] + k["in_progress"]
                if tot != k["recipients"]:
                    bad += 1; print("CONSERVATION", text); break
            if len(args) == 2:  # the full run: check each campaign's call history against its rules
                camps = doc.get("campaigns", [doc])
                for ci, camp in enumerate(camps):
                    x = subprocess.run([CLI, "export", "-", "--table", "calls", "--format", "json", "--campaign", str(ci)],
                                       input=text.encode(), capture_output=True, timeout=120)
                    if x.returncode != 0:
                        bad += 1; print("EXPORT", x.returncode, x.stderr[-500:]); break
                    zone = camp.get("schedule", {}).get("time_zone") or doc.get("organization", {}).get("time_zone")
                    csv_zones = {}
                    if zone and camp["recipients"].get("csv", "").startswith("phone_number,timezone,"):
                        for line_no, line in enumerate(camp["recipients"]["csv"].split("\n")[1:], start=2):
                            cells = line.split(",")
                            if len(cells) > 1 and cells[1]: csv_zones[line_no] = cells[1]
                    problems = check_calls(camp, rep["campaigns"][ci], json.loads(x.stdout)["rows"], zone, doc.get("simulation_start"), csv_zones)
                    checked_calls += len(json.loads(x.stdout)["rows"])
                    if zone: zoned_calls += len(json.loads(x.stdout)["rows"])
                    if problems:
                        bad += 1
                        open('fuzz-failure-%d.json' % bad, 'w').write(text)
                        print("INVARIANT", problems, text[:2000])
print(f"{i + 1} scenarios, {checked_calls} exported calls checked ({zoned_calls} of zoned campaigns, against their calendars), {bad} failures")
sys.exit(1 if bad else 0)
