from pathlib import Path

from jinja2 import Environment, nodes

from regsite.render import urls
from regsite.render.urls import Linker

ROOT = Path(__file__).resolve().parent.parent


def test_contract_paths():
    assert urls.agreement("dars-nic-00574-v2h1f") == "agreements/dars-nic-00574-v2h1f/"
    # gzip-compressed since stop 24; the old .json address redirects here (render/hosting.py)
    assert urls.agreement_json("dars-nic-00574-v2h1f") == "agreements/dars-nic-00574-v2h1f.json.gz"
    assert urls.archive("2026-09") == "archive/2026-09/"
    assert urls.field_help("start_date") == "guidance/reading-an-agreement/#field-start-date"
    assert urls.output_file("agreements/x/") == "agreements/x/index.html"
    assert urls.output_file("404.html") == "404.html"
    # A dataset's or organisation's rows in another register, paged as the register's own pages are.
    assert urls.dataset_mentions("hes-apc", "ndrs") == "datasets/hes-apc/ndrs/"
    assert urls.dataset_mentions("hes-apc", "ndrs", 2) == "datasets/hes-apc/ndrs/page-2/"
    assert urls.organisation_mentions("ucl", "ndrs", 1) == "organisations/ucl/ndrs/"
    assert urls.organisation_mentions("ucl", "ndrs", 3) == "organisations/ucl/ndrs/page-3/"
    assert urls.register("ndrs", 3).removeprefix("registers/ndrs/") == "page-3/"


def test_links_are_relative_to_the_page():
    deep = Linker.for_page("agreements/x/index.html")
    assert deep("search/?q=cancer") == "../../search/?q=cancer"
    assert deep("") == "../../"
    assert Linker.for_page("index.html")("") == "./"
    assert (
        deep("guidance/reading-an-agreement/#field-reference") == "../../guidance/reading-an-agreement/#field-reference"
    )


def test_offline_links_name_the_file():
    offline = Linker.for_page("agreements/x/index.html", offline=True)
    assert offline("organisations/y/") == "../../organisations/y/index.html"
    assert offline("") == "../../index.html"
    assert offline("downloads/a.csv") == "../../downloads/a.csv"
    assert offline("guidance/x/#top") == "../../guidance/x/index.html#top"


def _literal_site_paths(node: nodes.Node) -> list[str]:
    """Text a ``url(...)`` call's argument starts with: a site path the builder did not name.

    What a builder call inside the argument is given (a file name) is the builder's business.
    """
    found = []
    for call in node.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "url":
            for arg in call.args:
                while isinstance(arg, (nodes.Concat, nodes.Add)):
                    arg = arg.nodes[0] if isinstance(arg, nodes.Concat) else arg.left
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    found.append(arg.value)
    return found


def test_templates_take_every_site_path_from_the_url_builder():
    environment = Environment()
    literal = {
        template.name: paths
        for template in sorted((ROOT / "templates").rglob("*.html"))
        if (paths := _literal_site_paths(environment.parse(template.read_text(encoding="utf-8"))))
    }
    assert literal == {}


def test_the_check_finds_a_literal_site_path():
    environment = Environment()
    template = "<a href=\"{{ url('about/data/') }}\">x</a> <a href=\"{{ url('downloads/' ~ name) }}\">y</a>"
    assert _literal_site_paths(environment.parse(template)) == ["about/data/", "downloads/"]
    assert _literal_site_paths(environment.parse("{{ url(urls.download(name)) }}")) == []
