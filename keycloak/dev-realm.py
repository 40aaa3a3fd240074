#!/usr/bin/env python3
"""Writes Keycloak import files for local development: the production realm (k8s/base/keycloak) plus the
DEV ONLY additions (known client secrets, one person per role, the consoles on localhost: each console client's
redirect URI pattern or list of them), and a second realm "elsewhere" whose tokens every Safeline service must
refuse.

usage: dev-realm.py REALM.json DEV-ADDITIONS.json IMPORT-DIR"""
import json
import os
import sys

realm_file, additions_file, out = sys.argv[1:4]
realm = json.load(open(realm_file))
dev = json.load(open(additions_file))
for client in realm["clients"]:
    cid = client["clientId"]
    if cid in dev["clientSecrets"]:
        client["secret"] = dev["clientSecrets"][cid]
    if cid in dev["consoleRedirects"]:
        redirects = dev["consoleRedirects"][cid]
        client["redirectUris"] = client["redirectUris"] + ([redirects] if isinstance(redirects, str) else redirects)
realm["users"] = realm["users"] + dev["users"]
realm["sslRequired"] = "none"

# Same client and role names, a different realm (and so a different issuer and signing key).
elsewhere = {"realm": "elsewhere", "enabled": True, "sslRequired": "none",
             "roles": {"realm": [{"name": "ehr"}]},
             "clients": [c | {"secret": "dev-secret-elsewhere"} for c in realm["clients"] if c["clientId"] == "ehr-example"],
             "users": [u for u in realm["users"] if u.get("serviceAccountClientId") == "ehr-example"]}

os.makedirs(out, exist_ok=True)
for name, content in (("safeline-realm.json", realm), ("elsewhere-realm.json", elsewhere)):
    with open(os.path.join(out, name), "w") as f:
        json.dump(content, f, indent=2)
