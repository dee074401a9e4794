#!/usr/bin/env bash
# Checks a metalr report page in a real browser: Debian's chromium, headless.
#
#   check_report.sh REPORT.html OUT_DIR [--min-images N] [--table ID]... [--height PX]
#
# Renders the page to OUT_DIR/report.png (1280 pixels wide, PX tall, default 8000) and dumps the
# DOM after parsing to OUT_DIR/dom.html, recording chromium's network log of both loads
# (OUT_DIR/netlog-*.json). Then checks that:
#   - the DOM holds at least one table, and a table with each given id that has body rows;
#   - it holds at least N images (default 1), each embedded as a data:image/ URI holding a PNG;
#   - nothing in the page points outside it: no http(s) or protocol-relative URL in any src, href,
#     srcset or style, no scripts, frames, objects or external style sheets;
#   - the page made no network request. Chromium's own background requests (time, update and
#     account services, logged with the initiator "not an origin") are not the page's and are
#     listed separately; a request the page makes carries the page's origin as its initiator.
# Exit status: 0 when every check passes, 1 when one fails (each failure is printed), 2 on bad
# usage, 3 when chromium or python3 is missing. The script installs nothing: on Debian,
# `apt-get install -y chromium` provides /usr/bin/chromium (set CHROMIUM to use another binary).
set -euo pipefail

usage() {
    echo "usage: $0 REPORT.html OUT_DIR [--min-images N] [--table ID]... [--height PX]" >&2
    exit 2
}

[[ $# -ge 2 ]] || usage
report=$1
out=$2
shift 2
min_images=1
height=8000
tables=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --min-images) [[ $# -ge 2 ]] || usage; min_images=$2; shift 2 ;;
        --table) [[ $# -ge 2 ]] || usage; tables+=("$2"); shift 2 ;;
        --height) [[ $# -ge 2 ]] || usage; height=$2; shift 2 ;;
        *) usage ;;
    esac
done

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
    echo "chromium not found at $chromium; on Debian: apt-get install -y chromium" >&2
    exit 3
fi
if ! command -v python3 >/dev/null; then
    echo "python3 not found; it parses the DOM and the network log" >&2
    exit 3
fi
if [[ ! -f $report ]]; then
    echo "no such report: $report" >&2
    exit 2
fi
mkdir -p "$out"
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

profiles=()
cleanup() {
    for p in "${profiles[@]}"; do rm -rf "$p"; done
}
trap cleanup EXIT

# One browser per load, each with a fresh profile, so nothing is cached between them.
browse() {
    local netlog=$1
    shift
    local profile
    profile=$(mktemp -d)
    profiles+=("$profile")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --log-net-log="$netlog" --net-log-capture-mode=Default \
        --hide-scrollbars "$@" "$url"
}

browse "$out/netlog-dom.json" --dump-dom >"$out/dom.html" 2>"$out/chromium-dom.log"
browse "$out/netlog-screenshot.json" --window-size=1280,"$height" --screenshot="$out/report.png" \
    >"$out/chromium-screenshot.log" 2>&1

python3 - "$out" "$min_images" "${tables[@]}" <<'PY'
import base64
import html.parser
import json
import re
import sys

out, min_images, tables = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
failures = []

EXTERNAL = re.compile(r"^\s*(https?:|//)", re.I)
STYLE_URL = re.compile(r"url\(\s*['\"]?\s*(https?:|//)|@import", re.I)


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = {}       # id (or "#n") -> body rows
        self.current = []
        self.in_tbody = False
        self.images = []
        self.style = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href", "srcset", "poster", "action", "formaction"):
            value = a.get(name)
            if value and (EXTERNAL.search(value) or (name == "srcset" and re.search(r"(https?:|//)", value))):
                failures.append(f"<{tag} {name}=\"{value[:80]}\"> points outside the page")
        if a.get("style") and STYLE_URL.search(a["style"]):
            failures.append(f"<{tag} style> loads from outside the page")
        if tag in ("script", "iframe", "frame", "object", "embed"):
            failures.append(f"the page holds a <{tag}>")
        if tag == "link" and "stylesheet" in (a.get("rel") or ""):
            failures.append(f"the page links a style sheet: {a.get('href')}")
        if tag == "table":
            key = a.get("id") or f"#{len(self.tables) + 1}"
            self.tables[key] = 0
            self.current.append(key)
        elif tag == "tbody":
            self.in_tbody = True
        elif tag == "tr" and self.in_tbody and self.current:
            self.tables[self.current[-1]] += 1
        elif tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "style":
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "table" and self.current:
            self.current.pop()
        elif tag == "tbody":
            self.in_tbody = False
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)


dom = Dom()
with open(f"{out}/dom.html", encoding="utf-8") as f:
    text = f.read()
if "</html>" not in text:
    failures.append("the DOM dump is empty or cut off (did chromium load the page?)")
dom.feed(text)

if not dom.tables:
    failures.append("no table in the page")
for t in tables:
    if t not in dom.tables:
        failures.append(f"no table with id '{t}'")
    elif dom.tables[t] == 0:
        failures.append(f"table '{t}' has no body rows")
if len(dom.images) < min_images:
    failures.append(f"{len(dom.images)} images; expected at least {min_images}")
for i, src in enumerate(dom.images):
    if not src.startswith("data:image/"):
        failures.append(f"image {i + 1} is not embedded: src={src[:80]}")
        continue
    if src.startswith("data:image/png;base64,"):
        try:
            data = base64.b64decode(src.split(",", 1)[1], validate=True)
        except ValueError:
            data = b""
        if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 1000:
            failures.append(f"image {i + 1} is not a PNG of substance ({len(data)} bytes)")
if STYLE_URL.search("".join(dom.style)):
    failures.append("the page's style sheet loads from outside the page")


def requests(netlog):
    with open(netlog, encoding="utf-8") as f:
        log = json.load(f)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    page, browser = [], []
    for e in log["events"]:
        p = e.get("params") or {}
        if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p:
            (browser if p.get("initiator") == "not an origin" else page).append(p["url"])
    return page, browser


for netlog in ("netlog-dom.json", "netlog-screenshot.json"):
    try:
        page, browser = requests(f"{out}/{netlog}")
    except (OSError, ValueError, KeyError) as e:
        failures.append(f"{netlog}: no readable network log ({e})")
        continue
    for u in page:
        failures.append(f"the page requested {u} ({netlog})")
    if browser:
        print(f"{netlog}: {len(browser)} background requests of chromium itself, not the page's:",
              ", ".join(sorted({re.sub(r'[?#].*', '', u) for u in browser})))

try:
    with open(f"{out}/report.png", "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            failures.append("report.png is not a PNG")
except OSError:
    failures.append("chromium wrote no screenshot")

print(f"tables: {', '.join(f'{k} ({v} rows)' for k, v in dom.tables.items())}")
print(f"images: {len(dom.images)} embedded")
if failures:
    for f in failures:
        print(f"FAIL: {f}")
    sys.exit(1)
print(f"OK: {out}/report.png, {out}/dom.html")
PY
