"""Hosting on a CDN: netlify.toml's headers and the permanent links the build writes."""

from __future__ import annotations

import re
import tomllib

from factory import ROOT


def config() -> dict:
    return tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))


def headers_for(path: str) -> dict[str, str]:
    import fnmatch

    out: dict[str, str] = {}
    for rule in config()["headers"]:
        if fnmatch.fnmatch(path, rule["for"]):
            out.update(rule["values"])
    return out


def test_netlify_builds_with_the_readme_command_and_publishes_site():
    build = config()["build"]
    assert build["publish"] == "site"
    assert build["command"].startswith("./run build")


def test_security_headers():
    page = headers_for("/agreements/dars-nic-00574-v2h1f/")
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    assert not re.search(r"https?:|\*\.|data:(?! )", csp.replace("img-src 'self' data:", "img-src 'self'"))
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in page["Permissions-Policy"] and "geolocation=()" in page["Permissions-Policy"]
    assert page["Cache-Control"] == "public, max-age=300, must-revalidate"


def test_fingerprinted_files_are_cached_for_ever(sample_site):
    assets = sorted(p for p in sample_site.out.glob("assets/**/*") if p.is_file())
    assert len(assets) >= 5
    for path in assets:
        name = path.relative_to(sample_site.out / "assets").as_posix()
        # A fingerprinted name, or a file under its fixed name in a fingerprinted folder (search-api.js).
        assert re.fullmatch(r"[a-z-]+\.[0-9a-f]{10}(\.(css|js|svg)|/pagefind\.js)(\.gz)?", name), name
        assert headers_for(f"/assets/{name}")["Cache-Control"] == "public, max-age=31536000, immutable"
    # Pagefind's files named by their content: the first bundle's by netlify.toml.
    for folder in ("fragment", "index", "filter"):
        assert "immutable" in headers_for(f"/pagefind/{folder}/en_1234567.pf_{folder}")["Cache-Control"]
        assert "immutable" not in headers_for(f"/pagefind/part-2/{folder}/en_1.pf_{folder}")["Cache-Control"]
    assert "immutable" not in headers_for("/pagefind/pagefind-entry.json")["Cache-Control"]
    assert "immutable" not in headers_for("/pagefind/bundles.js")["Cache-Control"]
    assert not (sample_site.out / "_headers").exists()  # the shipped data's index is one bundle


def _headers_rules(text: str) -> dict[str, dict[str, str]]:
    """Netlify's _headers syntax: a path, then its headers indented beneath it."""
    rules: dict[str, dict[str, str]] = {}
    path = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(": ")
            rules[path][name] = value
        else:
            path = line.strip()
            rules[path] = {}
    return rules


def test_the_other_bundles_of_the_index_are_cached_by_the_headers_the_build_writes():
    import fnmatch

    from regsite.render.hosting import index_headers

    rules = _headers_rules(index_headers(["part-2/", "part-12/"]).decode())
    assert all(path.endswith("/*") and "*" not in path[:-1] for path in rules)  # a wildcard only at the end

    def cached(path: str) -> bool:
        return any(fnmatch.fnmatch(path, rule) and "immutable" in h["Cache-Control"] for rule, h in rules.items())

    for bundle in ("/pagefind/part-2/", "/pagefind/part-12/"):
        for folder in ("fragment", "index", "filter"):
            assert cached(f"{bundle}{folder}/en_1234567.pf_{folder}")
        assert not cached(f"{bundle}pagefind-entry.json")
    assert not cached("/pagefind/part-3/index/en_1.pf_index")


def test_the_404_page():
    assert {"from": "/*", "to": "/404.html", "status": 404} in config()["redirects"]


def test_permanent_links_lead_to_pages_that_exist(sample_site):
    site = sample_site.out
    lines = [ln.split() for ln in (site / "_redirects").read_text("utf-8").splitlines() if not ln.startswith("#")]
    assert lines and all(len(ln) == 3 and ln[2] == "301" for ln in lines)
    sources = {ln[0] for ln in lines}
    for _source, target, _ in lines:
        assert (site / target.strip("/") / "index.html").is_file() or (site / target.strip("/")).is_file(), target
    assert "/DARS-NIC-00574-V2H1F" in sources and "/dars-nic-00574-v2h1f-v4.2" in sources
    assert "/DARS-NIC-00574-V2H1F-V4.2" in sources and "/DARS-NIC-00574-V2H1F-v4.2" in sources
    # the whole register's JSON, its sheets' CSVs and each agreement's JSON, now gzipped, under
    # their old names too
    assert "/downloads/data-uses-register-2026-09.json" in sources
    assert "/agreements/dars-nic-00574-v2h1f.json" in sources
    assert "/downloads/data-uses-register-2026-09-agreements.csv" in sources


def test_robots_and_compressed_assets(sample_site):
    assert (sample_site.out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert list(sample_site.out.glob("assets/site.*.css.gz"))


def test_a_versioned_permanent_link_leads_to_that_version(sample_site):
    lines = dict(
        ln.split()[:2] for ln in (sample_site.out / "_redirects").read_text("utf-8").splitlines() if ln[:1] == "/"
    )
    assert lines["/DARS-NIC-00574-V2H1F-v4.2"] == "/agreements/dars-nic-00574-v2h1f/v4.2/"
    assert lines["/dars-nic-00574-v2h1f-v6.2/"] == "/agreements/dars-nic-00574-v2h1f/v6.2/"
    # the latest version is the agreement's own page
    assert lines["/DARS-NIC-00574-V2H1F-v7.4"] == "/agreements/dars-nic-00574-v2h1f/"
    assert lines["/DARS-NIC-00574-V2H1F"] == "/agreements/dars-nic-00574-v2h1f/"
