"""Model: what the registers say, built from the rows read, before anything is written.

``agreements`` joins the Data Uses Register's three sheets into agreements and versions;
``datauses`` holds it across editions; ``version_diff`` and ``edition_diff`` say what changed
between versions and between editions; ``tables`` models every other register; ``names``
gives organisations and datasets one identity across spellings; ``site`` is the whole site's
model; ``accounting`` checks that every row read was published or set aside.
"""
