"""`make audit`: pip-audit over requirements.lock, failing loudly when it could not look.

pip-audit exits 0 with "No known vulnerabilities found" even when the vulnerability
service answered for none of the packages; a skipped package is not a clean one, so
this wrapper exits 2 and says why. Exit 1: known vulnerabilities (listed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    lock = Path(os.environ.get("AUDIT_LOCK", ROOT / "requirements.lock"))
    service = os.environ.get("AUDIT_SERVICE", "pypi")  # or "osv"
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        cmd = [
            str(pip_audit),
            "-r",
            str(lock),
            "--no-deps",  # the lock is complete: audit exactly its pins, install nothing
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "-f",
            "json",
            "-o",
            str(report),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if not report.exists():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1][:400]
            print(f"audit: NOT AUDITED: pip-audit failed ({run.returncode}): {last}")
            return 2
        deps = json.loads(report.read_text())["dependencies"]
    code, lines = verdict(deps, service)
    print("\n".join(lines))
    return code


def verdict(deps: list[dict], service: str) -> tuple[int, list[str]]:
    """(exit code, lines) for pip-audit's JSON `dependencies`: 1 vulnerable, 2 unaudited."""
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    lines = [
        f"VULNERABLE {d['name']} {d['version']}: {v['id']} "
        f"(fixed in: {', '.join(v.get('fix_versions') or []) or 'no fix yet'})"
        for d in vulnerable
        for v in d["vulns"]
    ]
    if vulnerable:
        return 1, lines
    if skipped or not deps:
        example = skipped[0]["skip_reason"] if skipped else "no packages in the lock"
        return 2, [
            f"audit: NOT AUDITED: the {service!r} vulnerability service answered for "
            f"{len(deps) - len(skipped)} of {len(deps)} locked packages (e.g. {example}). "
            "The registry mirror reachable from here serves packages but not vulnerability "
            "data; run `make audit` where it is reachable (AUDIT_SERVICE=osv to use OSV)."
        ]
    return 0, [f"audit: {len(deps)} locked packages, no known vulnerabilities ({service})"]


if __name__ == "__main__":
    sys.exit(main())
