import datetime as dt

from regsite.model.agreements import Version
from regsite.model.version_diff import compare_versions, same, word_diff


def version(number: str, datasets=(), **fields) -> Version:
    base = {
        "title": "Study",
        "applicant": "UNIVERSITY OF X",
        "end_date": dt.date(2025, 1, 1),
        "objective": "One.\n\nTwo.",
    }
    base.update(fields)
    v = Version(f"DARS-NIC-1-A-v{number}", "DARS-NIC-1-A", number, base, {}, 2)
    v.datasets = [{"dataset": d, "legal_basis": "s261(7)"} for d in datasets]
    return v


def test_typographic_noise_is_not_a_change():
    assert same("title", "King’s study.", "King's  study")
    assert same("applicant", "ST. GEORGE'S", "St. George’s")
    assert not same("title", "Study A", "Study B")
    assert not same("end_date", dt.date(2025, 1, 1), dt.date(2025, 1, 2))


def test_field_by_field_changes():
    old = version("1.0", ["HES APC", "ECDS"], title="King’s study")
    new = version(
        "2.0",
        ["HES APC", "Civil Registrations of Death"],
        title="King's study",
        end_date=dt.date(2026, 1, 1),
        objective="One.\n\nTwo changed.",
    )
    changes = compare_versions(old, new)
    assert [(c.key, c.old, c.new, c.long) for c in changes.fields] == [
        ("end_date", dt.date(2025, 1, 1), dt.date(2026, 1, 1), False),
        ("objective", "One.\n\nTwo.", "One.\n\nTwo changed.", True),
    ]
    assert changes.datasets_added == ["Civil Registrations of Death"]
    assert changes.datasets_removed == ["ECDS"]


def test_word_diff_marks_words_with_hidden_labels():
    html = str(word_diff("Keep this. Old words here.", "Keep this. New words here."))
    assert html == (
        '<p>Keep this. <del><span class="nhsuk-u-visually-hidden">Removed: </span>Old</del>'
        '<ins><span class="nhsuk-u-visually-hidden">Added: </span>New</ins> words here.</p>'
    )


def test_word_diff_escapes_and_handles_new_paragraphs():
    html = str(word_diff("A.", "A.\n\n<b>B</b>"))
    assert html == '<p>A.</p><p><ins><span class="nhsuk-u-visually-hidden">Added: </span>&lt;b&gt;B&lt;/b&gt;</ins></p>'


def test_word_diff_keeps_the_spaces_outside_its_marks():
    removed = '<del><span class="nhsuk-u-visually-hidden">Removed: </span>'
    added = '<ins><span class="nhsuk-u-visually-hidden">Added: </span>'
    assert str(word_diff("a b  c", "a c")) == f"<p>a {removed}b</del>  c</p>"
    assert str(word_diff("a c", "a new\tb c")) == f"<p>a {added}new\tb</ins> c</p>"
    assert str(word_diff('  x "y"', "  x “y”")) == "<p>x “y”</p>"  # curly quotes are not a change


def test_word_diff_can_count_unchanged_paragraphs_instead_of_repeating_them():
    old, new = "One.\n\nTwo.\n\nThree.\n\nOld end.", "One.\n\nTwo.\n\nThree.\n\nNew end."
    html = str(word_diff(old, new, unchanged=False))
    assert html.startswith('<p class="app-muted">3 paragraphs unchanged.</p><p>')
    assert "One." not in html and "Removed: </span>Old" in html and "Added: </span>New" in html
    assert "One." in str(word_diff(old, new))  # by default the whole new text is shown
