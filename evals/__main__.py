"""`python -m evals [--split dev|test] [--update-baseline] [--real-history]`: run the splits, gate on the test split."""

import argparse
import sys

from assistant.errors import AssistantError

from .runner import SPLITS, run

parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
parser.add_argument("--split", choices=sorted(SPLITS), action="append", help="run only this split (repeatable)")
parser.add_argument(
    "--gate",
    choices=("targets", "baseline"),
    default="targets",
    help="fail on any missed target (default), or only on falling below the recorded baseline",
)
parser.add_argument(
    "--update-baseline", action="store_true", help="record this run as the new baseline (refused when it fails)"
)
parser.add_argument(
    "--real-history",
    action="store_true",
    help="run only the answerable follow-ups, each with the bot's own earlier answers as its history",
)
args = parser.parse_args()
try:
    sys.exit(
        run(
            splits=tuple(args.split or ("dev", "test")),
            update_baseline=args.update_baseline,
            gate=args.gate,
            real_history=args.real_history,
        )
    )
except AssistantError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)
