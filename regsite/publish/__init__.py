"""Publish: write into a staging folder and swap it into place (``writer``), and pack the
offline mirror (``mirror``)."""
