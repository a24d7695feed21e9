#!/usr/bin/env python3
"""Random valid-ish scenarios through every CLI command, checking the process never crashes
(exit 0 or 2 only, no sanitizer report) and the invariants of every run hold:
  - conservation: completed + failed + did not pick + cancelled + retry expired + in progress
    = recipients, in every report;
  - attempt caps: no recipient has more than max_retries + 1 call logs;
  - windows: no call starts (initiated_at) outside the calling hours, before starts_at_minute or
    at/after ends_at_minute;
  - pauses and cancels: no call starts between an applied pause and the next resume, or after an
    applied cancel.

    tests/fuzz/random_scenarios.py CLI [SEED] [COUNT]

scripts/sanitize runs it against an AddressSanitizer + UBSan build; ctest runs a few hundred
scenarios against the release build (the `random_scenarios` test)."""
import datetime, json, random, subprocess, sys
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
def campaign(org):
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

def check_calls(camp, report_campaign, calls):
    """Problems with one campaign's exported call history (final rows)."""
    start = datetime.datetime(2026, 12, 7, 9, 0)
    problems = []
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
        t, tod = minutes(row["initiated_at"], start)
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
for i in range(int(sys.argv[3]) if len(sys.argv) > 3 else 50):
    if random.random() < 0.3:
        doc = {"seed": random.randint(0, 99), "organization": {"concurrency": random.randint(1, 8), "wallet": {"balance": random.choice([None, 0, 20, 500])}}, "campaigns": [campaign(True) for _ in range(random.randint(1, 3))]}
    else:
        doc = campaign(False); doc["seed"] = random.randint(0, 99); doc["concurrency"] = random.randint(1, 20)
        if random.random() < 0.3: doc["wallet"] = {"balance": random.choice([None, 0, 20, 500]), "cost_per_minute": random.choice([0, 1, 2.5])}
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
                    problems = check_calls(camp, rep["campaigns"][ci], json.loads(x.stdout)["rows"])
                    checked_calls += len(json.loads(x.stdout)["rows"])
                    if problems:
                        bad += 1
                        open('fuzz-failure-%d.json' % bad, 'w').write(text)
                        print("INVARIANT", problems, text[:2000])
print(f"{i + 1} scenarios, {checked_calls} exported calls checked, {bad} failures")
sys.exit(1 if bad else 0)
