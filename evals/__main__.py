"""`python -m evals [--update-baseline]`: run the evaluation set and gate on citations and regressions."""

import argparse
import sys

from assistant.errors import AssistantError

from .runner import run

parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
parser.add_argument("--update-baseline", action="store_true", help="record this run as the new baseline")
args = parser.parse_args()
try:
    sys.exit(run(update_baseline=args.update_baseline))
except AssistantError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)
