"""Every feed of a built site through the W3C feed validator's own code.

The validator (https://github.com/w3c/feedvalidator, Python 3) is not a dependency
of the project and is not copied into it: fetch it, give this script its ``src``
folder on PYTHONPATH, and run the script with a Python that has the validator's
requirements (lxml, html5lib, rdflib)::

    python3 -m venv /tmp/fv-venv && /tmp/fv-venv/bin/pip install lxml html5lib rdflib
    git clone https://github.com/w3c/feedvalidator /tmp/feedvalidator
    PYTHONPATH=/tmp/feedvalidator/src /tmp/fv-venv/bin/python \\
        bench/feed_validator.py output http://127.0.0.1:8000

Each feed is validated as served from ``<site URL>/<path>`` (so its rel="self"
link is checked against where it lives), at the online validator's level ("AA").
Prints the findings per feed and a total; exits 1 when there is any.
"""

import argparse
import sys
from pathlib import Path


def validate(output, siteurl):
    """{feed path: [finding text]} for every *.xml under output/feeds/."""
    import feedvalidator
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter

    findings = {}
    for path in sorted(Path(output, "feeds").rglob("*.xml")):
        relative = path.relative_to(output).as_posix()
        with open(path, "rb") as stream:
            try:
                events = feedvalidator.validateStream(
                    stream, firstOccurrenceOnly=1,
                    base=f"{siteurl.rstrip('/')}/{relative}")["loggedEvents"]
            except feedvalidator.logging.ValidationFailure as failure:
                events = [failure.event]
        findings[relative] = list(Formatter(compatibility.AA(events)))
    return findings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="the built site (output/)")
    parser.add_argument("siteurl", help="the site URL the feeds were built for")
    args = parser.parse_args(argv)
    findings = validate(args.output, args.siteurl)
    total = 0
    for feed, lines in findings.items():
        total += len(lines)
        print(f"{feed}: {len(lines)}")
        for line in lines:
            print(f"    {line}")
    print(f"{len(findings)} feeds, {total} findings (errors and warnings)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
