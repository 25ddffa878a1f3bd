"""``python -m reelpress.ingest.extract PAGE [--json]``: print one page's review record.

With ``--json`` (the default, and what ``reelpress extract PAGE --json`` passes) the record
is printed as one JSON object. A page that cannot be read is reported on stderr, naming the
file, with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import extract


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="reelpress extract", description="Print a legacy review page's record."
    )
    parser.add_argument("page", help="the page file (HTML or text, any encoding)")
    parser.add_argument("--json", action="store_true", help="print the record as JSON (the default)")
    parser.add_argument(
        "--generic",
        action="store_true",
        help="switch every site-specific layout off: what a site nobody has seen gets",
    )
    args = parser.parse_args(argv)
    try:
        with open(args.page, "rb") as handle:
            data = handle.read()
    except OSError as err:
        print(f"reelpress extract: cannot read {args.page}: {err.strerror or err}", file=sys.stderr)
        return 2
    record = extract(data, filename=args.page, site_layouts=not args.generic)
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
