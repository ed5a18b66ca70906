"""axe-core, the accessibility checker, run in each page the browser tests visit.

axe-core comes from the npm registry, pinned: its tarball is fetched once by the test set-up itself (no
Node.js needed), its sha512 checked against the integrity pinned here and the registry's metadata, and its
axe.min.js kept beside the virtualenv's other test tools. `python -m tests.browser.axe` fetches it alone.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

VERSION = "4.10.3"
INTEGRITY = "sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg=="
REGISTRY = "https://registry.npmjs.org/axe-core"
SCRIPT = Path(sys.prefix) / "share" / "axe-core" / VERSION / "axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = ("critical", "serious")


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def source() -> str:
    """axe.min.js of the pinned version, fetched and checked the first time."""
    if not SCRIPT.exists():
        with urllib.request.urlopen(f"{REGISTRY}/{VERSION}", timeout=60) as response:
            dist = json.load(response)["dist"]
        if dist["integrity"] != INTEGRITY:
            raise RuntimeError(f"axe-core {VERSION}: the registry's integrity {dist['integrity']} is not the pinned one")
        with urllib.request.urlopen(dist["tarball"], timeout=120) as response:
            tarball = response.read()
        if _integrity(tarball) != INTEGRITY:
            raise RuntimeError(f"axe-core {VERSION}: the tarball's sha512 is not the pinned integrity")
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            script = member.read()
        SCRIPT.parent.mkdir(parents=True, exist_ok=True)
        partial = SCRIPT.with_suffix(".part")
        partial.write_bytes(script)
        partial.replace(SCRIPT)
    return SCRIPT.read_text(encoding="utf-8")


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    url: str
    targets: list[str]
    test: str

    def line(self) -> str:
        return f"[{self.impact}] {self.rule} ({self.help}) at {self.url}: {', '.join(self.targets[:5])}"


@dataclass
class Findings:
    """Every violation found over the session, once per test, rule, page address and element; the page states
    checked."""

    violations: list[Violation] = field(default_factory=list)
    pages_checked: int = 0
    seen: set[tuple[str, str, str, str]] = field(default_factory=set)

    def add(self, result: dict, url: str, test: str) -> list[Violation]:
        """The violations of one check not yet found by this test at this address (a rule, an element)."""
        if result.get("skipped"):
            return []
        self.pages_checked += 1
        path = url.split("?")[0]
        new = []
        for rule in result.get("violations", []):
            for node in rule["nodes"]:
                target = " ".join(str(part) for part in node.get("target", []))
                key = (test, rule["id"], path, target)
                if key in self.seen:
                    continue
                self.seen.add(key)
                impact = node.get("impact") or rule.get("impact") or "minor"
                new.append(Violation(rule["id"], impact, rule["help"], url, [target], test))
        self.violations.extend(new)
        return new

    def counts(self) -> Counter:
        return Counter(violation.impact for violation in self.violations)

    def summary(self) -> list[str]:
        counts = self.counts()
        lines = [
            f"axe-core {VERSION}: {self.pages_checked} page states checked; violations by impact: "
            + ", ".join(f"{impact} {counts.get(impact, 0)}" for impact in IMPACTS)
        ]
        by_rule = Counter((v.impact, v.rule) for v in self.violations)
        for (impact, rule), count in sorted(by_rule.items(), key=lambda item: IMPACTS.index(item[0][0])):
            lines.append(f"  {impact:9} {rule}: {count} element(s)")
            # Where, so that it can be fixed: the first addresses and elements of the rule.
            places = sorted({(v.url.split("?")[0].split("//")[-1].partition("/")[2], v.targets[0]) for v in self.violations if v.rule == rule})
            lines += [f"            /{path}: {target}" for path, target in places[:3]]
        return lines


FINDINGS = Findings()

# Run in the page: axe-core's default rules (WCAG 2.x A and AA, best practices) over the whole document; the
# frames (a PDF or an image shown inline) and the browser's own viewer of a file are left out.
RUN = """async () => {
  // A file shown by the browser itself (its PDF viewer, an image) is not a page of the site.
  if (typeof axe === "undefined" || document.contentType !== "text/html") return {skipped: true};
  // One run at a time in a page (a load's check and a screenshot's may meet): each waits for the one before.
  const run = () => axe.run(document, {resultTypes: ["violations"], iframes: false});
  const result = await (window.__axeRuns = (window.__axeRuns || Promise.resolve()).catch(() => null).then(run));
  return {violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({impact: n.impact, target: n.target}))}))};
}"""


if __name__ == "__main__":
    source()
    print(SCRIPT)
