from regsite.model.names import Names, split_names


def known(*names):
    directory = Names()
    for name in names:
        directory.see(name)
    return directory


def test_names_with_commas_stay_whole_when_known():
    names = known("NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G", "UNIVERSITY OF BRISTOL")
    assert split_names(
        "UNIVERSITY OF BRISTOL, NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G", names
    ) == ["UNIVERSITY OF BRISTOL", "NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G"]


def test_unknown_names_split_on_commas():
    names = known("UNIVERSITY COLLEGE LONDON (UCL)")
    assert split_names("UNIVERSITY COLLEGE LONDON (UCL), UNIVERSITY OF NOTTINGHAM, UNIVERSITY OF YORK", names) == [
        "UNIVERSITY COLLEGE LONDON (UCL)",
        "UNIVERSITY OF NOTTINGHAM",
        "UNIVERSITY OF YORK",
    ]


def test_an_unknown_icb_with_a_comma_is_kept_whole():
    assert split_names("NHS SHROPSHIRE, TELFORD AND WREKIN ICB - M2L0M, UNIVERSITY OF KEELE", known()) == [
        "NHS SHROPSHIRE, TELFORD AND WREKIN ICB - M2L0M",
        "UNIVERSITY OF KEELE",
    ]


def test_two_known_names_are_not_joined_by_the_icb_guess():
    names = known("NHS ENGLAND", "NORTH ICB - 11A")
    assert split_names("NHS ENGLAND, NORTH ICB - 11A", names) == ["NHS ENGLAND", "NORTH ICB - 11A"]


def test_typographic_variants_are_one_organisation_shown_by_latest_spelling():
    names = known("ST. GEORGE'S HOSPITAL MEDICAL SCHOOL", "St. George’s Hospital Medical School")
    assert len(names.entities) == 1
    entity = names.get("ST. GEORGE’S HOSPITAL MEDICAL SCHOOL")
    assert entity.name == "St. George’s Hospital Medical School"
    assert split_names("KING'S COLLEGE LONDON, ST. GEORGE’S HOSPITAL MEDICAL SCHOOL", names)[1] == (
        "ST. GEORGE’S HOSPITAL MEDICAL SCHOOL"
    )


def test_slugs_are_unique_and_stable():
    names = known("A & B TRUST", "A-B TRUST")
    names.assign_slugs()
    slugs = [e.slug for e in names.entities.values()]
    assert slugs[0] == "a-b-trust" and slugs[1].startswith("a-b-trust-") and len(set(slugs)) == 2
    again = known("A & B TRUST", "A-B TRUST")
    again.assign_slugs()
    assert [e.slug for e in again.entities.values()] == slugs
