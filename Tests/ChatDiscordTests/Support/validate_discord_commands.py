"""Validates a Discord bulk-overwrite body against Discord's OpenAPI schema.

usage: validate_discord_commands.py OPENAPI_JSON COMMANDS_JSON
Prints every schema violation and exits 1 when there is one.
"""
import json
import sys

import jsonschema

spec = json.load(open(sys.argv[1]))
body = json.load(open(sys.argv[2]))
schema = spec["paths"]["/applications/{application_id}/commands"]["put"]["requestBody"]["content"]["application/json"]["schema"]
schema = dict(schema, components=spec["components"])
validator = jsonschema.Draft202012Validator(schema)
errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
for error in errors:
    print("/".join(str(p) for p in error.absolute_path) or "(root)", ":", error.message[:300])
print(f"{len(body)} commands, {len(errors)} schema violations")
sys.exit(1 if errors else 0)
