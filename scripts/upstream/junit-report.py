"""Prints one line per test case of a pytest JUnit XML report and a summary (a helper of
scripts/check-upstream-e2e.sh). Exit status 1 when any test failed or errored."""

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    root = ET.parse(path).getroot()
    passed, failed, skipped = 0, 0, 0
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            failed += 1
            reason = (problem.get("message") or "").splitlines()[0][:200] if problem.get("message") else ""
            print(f"FAIL {name}: {reason}")
        elif case.find("skipped") is not None:
            skipped += 1
            print(f"SKIP {name}")
        else:
            passed += 1
            print(f"ok   {name}")
    total = passed + failed
    share = 100.0 * passed / total if total else 100.0
    print(f"\nDetermined e2e_cpu tests against the mock master: {passed} passed, {failed} failed, "
          f"{skipped} skipped ({share:.0f}% of those run passed)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
