"""The page types every browser test visits: one of each kind the site has."""

PAGE_TYPES = {
    "home": "",
    "agreements index": "agreements/",
    "agreement with four versions": "agreements/dars-nic-00574-v2h1f/",
    "agreement with 25 datasets": "agreements/dars-nic-113980-r8z8k/",
    "agreement with joint controllers": "agreements/dars-nic-121483-r8p9f/",
    "organisation": "organisations/university-college-london-ucl/",
    "organisations A to Z": "organisations/",
    "dataset": "datasets/hospital-episode-statistics-admitted-patient-care-hes-apc/",
    "datasets index": "datasets/",
    "browse": "browse/",
    "browse facet": "browse/commercial/yes/",
    "guidance": "guidance/reading-an-agreement/",
    "guidance index": "guidance/",
    "search with results": "search/?q=cancer",
    "downloads": "downloads/",
    "about this data": "about/data/",
    "accessibility statement": "accessibility/",
    "404": "no-such-page/",
}
