"""The ``reelpress`` command: Django's management commands with ReelPress's own.

reelpress serve | demo | import | export | extract | reindex | backup | check | <any Django command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "extract":
        # Extraction needs no database or settings: keep it fast and usable anywhere.
        from reelpress.ingest.extract.__main__ import main as extract_main

        sys.exit(extract_main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
