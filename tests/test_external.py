from pathlib import Path

from regsite.diagnostics import Report
from regsite.sources.external import ExternalRegister, load_external

ROOT = Path(__file__).resolve().parent.parent


def load(tmp_path: Path, text: str) -> tuple[list[ExternalRegister], list[str]]:
    path = tmp_path / "external-registers.toml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    registers = load_external(path, report, "data/external-registers.toml")
    return registers, [str(d) for d in report.items]


def test_the_shipped_list_loads():
    report = Report()
    registers = load_external(ROOT / "data" / "external-registers.toml", report, "external-registers.toml")
    assert report.items == []
    assert "ONS release register" in [r.title for r in registers]


def test_no_file_means_no_external_registers(tmp_path):
    assert load_external(tmp_path / "external-registers.toml", Report(), "x") == []


def test_a_register_is_read_with_its_four_facts(tmp_path):
    registers, problems = load(
        tmp_path,
        """
[[registers]]
title = "ONS release register"
summary = "Releases from the PHRDF."
publisher = "Office for National Statistics"
url = "https://www.ons.gov.uk/"
""",
    )
    assert problems == []
    assert registers == [
        ExternalRegister(
            "ONS release register",
            "Releases from the PHRDF.",
            "Office for National Statistics",
            "https://www.ons.gov.uk/",
        )
    ]


def test_mistakes_are_reported_with_their_key(tmp_path):
    _, problems = load(
        tmp_path,
        """
[[registers]]
title = "A register"
summary = "Something."
url = "http://example.org/"
colour = "blue"
""",
    )
    text = "\n".join(problems)
    assert "registers[1].url" in text and "https://" in text
    assert "registers[1].colour" in text and "Unknown key" in text


def test_a_file_that_is_not_toml_is_reported(tmp_path):
    registers, problems = load(tmp_path, "[[registers]\n")
    assert registers == []
    assert len(problems) == 1 and "not valid TOML" in problems[0]
