"""Screenshots of the built documentation site, to look at it as a reader would.

    .venv/bin/mkdocs build --strict && .venv/bin/python docs/screenshot.py [site] [out]

Opens each page of ``site/`` (the default) in headless Chromium (Debian's package:
``apt-get install chromium``) and writes one PNG per page into ``out/`` (default:
``out/docs-screenshots``). Prints the files written; exits non-zero if a page is missing or
Chromium fails.
"""

import pathlib
import shutil
import subprocess
import sys
import tempfile

PAGES = [
    "index.html",
    "getting-started/index.html",
    "guides/tensors/index.html",
    "guides/graphs/index.html",
    "guides/custom-ops/index.html",
    "guides/models/index.html",
    "guides/porting/index.html",
    "guides/notebooks/index.html",
    "errors/index.html",
    "api/autograd/index.html",
    "api/nn/index.html",
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1600",
]


def main(site="site", out="out/docs-screenshots"):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("screenshot.py: no Chromium found; install it with `apt-get install chromium`")
    site, out = pathlib.Path(site).resolve(), pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        path = site / page
        if not path.is_file():
            sys.exit(f"screenshot.py: {path} does not exist; build the site first (mkdocs build)")
        png = out / (page.replace("/index.html", "").replace(".html", "").replace("/", "-") + ".png")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    browser,
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    f"--screenshot={png.resolve()}",
                    path.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
        print(png)


if __name__ == "__main__":
    main(*sys.argv[1:])
