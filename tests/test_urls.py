from regsite.render import urls
from regsite.render.urls import Linker


def test_contract_paths():
    assert urls.agreement("dars-nic-00574-v2h1f") == "agreements/dars-nic-00574-v2h1f/"
    assert urls.agreement_json("dars-nic-00574-v2h1f") == "agreements/dars-nic-00574-v2h1f.json"
    assert urls.archive("2026-09") == "archive/2026-09/"
    assert urls.field_help("start_date") == "guidance/reading-an-agreement/#field-start-date"
    assert urls.output_file("agreements/x/") == "agreements/x/index.html"
    assert urls.output_file("404.html") == "404.html"


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
