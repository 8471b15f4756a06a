from markupsafe import escape

from regsite.text import comparable, escape_html, name_key, slugify, unique_slugs


def test_comparable_ignores_typographic_noise():
    assert comparable("ST. GEORGE’S  HOSPITAL.") == comparable("ST. GEORGE'S HOSPITAL")
    assert comparable("“quoted” – text\r\nhere") == comparable('"quoted" - text here')
    assert comparable("ﬂow") == comparable("flow")
    assert comparable("Case") != comparable("case")


def test_name_key_folds_case_and_quotes():
    assert name_key("ST. GEORGE’S HOSPITAL MEDICAL SCHOOL") == name_key("St. George's Hospital Medical School")
    assert name_key("UNIVERSITY OF LEEDS") != name_key("UNIVERSITY OF LEICESTER")


def test_slugify_is_ascii_and_tidy():
    assert slugify("NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G") == (
        "nhs-bath-and-north-east-somerset-swindon-and-wiltshire-icb-92g"
    )
    assert slugify("Hôpital ‘Ünïcode’") == "hopital-unicode"
    assert slugify("!!!") == "unnamed"


def test_unique_slugs_are_stable_for_the_first_key():
    names = {"a&b": "A&B", "a b": "A B"}
    first = unique_slugs(["a&b"], names)
    both = unique_slugs(["a&b", "a b"], names)
    assert first["a&b"] == both["a&b"] == "a-b"
    assert both["a b"].startswith("a-b-") and both["a b"] != both["a&b"]
    assert unique_slugs(["a&b", "a b"], names) == both  # the same every build


def test_escape_html_is_markupsafes_escape():
    for value in ["", "plain", "<a href=\"x\">'O'Brien' & co</a>", "&amp; already", "\u2019 curly"]:
        assert escape_html(value) == str(escape(value))
        assert type(escape_html(value)) is str
