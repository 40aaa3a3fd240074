#!/usr/bin/env python3
"""./suite demo: the four calls of the report and a routine call, through the running suite."""
import json
import os
import urllib.error
import urllib.request
import uuid

INTAKE, SCHEDULING, ESCALATION = "http://127.0.0.1:8081", "http://127.0.0.1:8083", "http://127.0.0.1:8084"
AGENT, CLINICIAN = os.environ["AGENT"], os.environ["CLINICIAN"]

CALLS = [
    ("suspected blood clot", "Caller thinks she has a blood clot. Pain and swelling in her right leg since yesterday.", {}),
    ("stomach pain", "Stomach pain since last night and he saw blood in his stool.", {}),
    ("blood pressure spike", "Sudden spike in her blood pressure today, home monitor shows 200/120.",
     {"systolic": 200, "diastolic": 120}),
    ("rib pain", "Acute pain in his ribs that started this morning.", {}),
    ("prescription refill", "Needs a refill of her metformin, feels fine.", {}),
]


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def main():
    for number, (reason, narrative, vitals) in enumerate(CALLS, 1):
        status, answer = call("POST", INTAKE + "/api/v1/intakes", AGENT, {
            "patient": {"identifier": "DEMO-%s" % uuid.uuid4().hex[:8], "name": "Demo Caller %d" % number,
                        "birthDate": "1948-05-01", "sex": "female"},
            "reason": reason, "narrative": narrative, "vitals": vitals or None})
        triage = answer["triage"]
        print("\n%d. %s: \"%s\"" % (number, reason, narrative))
        print("   triage:       %s" % (triage["level"] or answer["status"]).upper())
        for flag in triage["redFlags"]:
            print("   red flag:     %s (%s)" % (flag["title"], "; ".join(flag["evidence"])))
        print("   agent is told: %s" % triage["agentInstructions"])
        if triage.get("escalationId"):
            print("   escalation:   %s (on the clinician worklist)" % triage["escalationId"])
        _, slots = call("GET", SCHEDULING + "/api/v1/slots?limit=1", AGENT)
        status, booking = call("POST", SCHEDULING + "/api/v1/appointments", AGENT,
                               {"encounterId": answer["encounterId"], "start": slots[0]["start"]})
        if status == 201:
            print("   booking:      BOOKED %s with %s" % (booking["start"], booking["practitioner"]))
        else:
            issue = booking["issue"][0]
            print("   booking:      REFUSED (%d %s): %s" % (status, issue["details"]["coding"][0]["code"],
                                                            issue["diagnostics"]))
    status, worklist = call("GET", ESCALATION + "/api/v1/escalations?status=open&limit=10", CLINICIAN)
    print("\nClinician worklist (open): %d escalation(s)" % len(worklist))
    for item in worklist[:10]:
        print("   %-6s %-9s tier %s, acknowledge by %s: %s" % (item["priority"], item["status"], item["tier"],
                                                              item["ackDeadline"], item.get("reason")))


if __name__ == "__main__":
    main()
