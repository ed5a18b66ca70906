"""The plan reader measured: each plan's text drafted and scored against its reference settings file, field by
field (right, wrong, missing), with the number of drafted values without a source in the plan (must be 0).

    .venv/bin/python bench/plan_reader.py                       # the five seeds against campaigns/*.yaml
    .venv/bin/python bench/plan_reader.py PLAN.txt SETTINGS.yaml # any pair
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_reader import draft_text  # noqa: E402
from plan_reader.score import score  # noqa: E402
from schemas.campaign_file import repository_issuers  # noqa: E402

SEEDS = ROOT / "campaigns" / "seeds"  # the plans the settings files in campaigns/ were read from


def seed_pairs() -> list[tuple[Path, Path]]:
    """Each reference settings file of campaigns/ with the seed it names as its source."""
    pairs = []
    for settings in sorted((ROOT / "campaigns").glob("*.yaml")):
        source = yaml.safe_load(settings.read_text(encoding="utf-8")).get("source", "")
        plan = SEEDS / Path(source).name
        if plan.exists():
            pairs.append((plan, settings))
    return pairs


def run(pairs: list[tuple[Path, Path]]) -> int:
    issuers = {r["code"]: r for r in repository_issuers()}
    unsourced = 0
    for plan, settings in pairs:
        draft = draft_text(plan.read_text(encoding="utf-8"), issuers)
        result = score(draft, yaml.safe_load(settings.read_text(encoding="utf-8")))
        unsourced += result.unsourced
        print(f"{settings.name:28} right {len(result.right):3} / {result.total:3} ({result.share():4.0%})  "
              f"wrong {len(result.wrong):3}  missing {len(result.missing):3}  without a source {result.unsourced}")
        print(f"{'':28} missing: {dict(Counter(result.missing))}")
        print(f"{'':28} wrong:   {dict(Counter(result.wrong))}")
    return 1 if unsourced else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", type=Path)
    parser.add_argument("settings", nargs="?", type=Path)
    args = parser.parse_args()
    return run([(args.plan, args.settings)] if args.plan and args.settings else seed_pairs())


if __name__ == "__main__":
    sys.exit(main())
