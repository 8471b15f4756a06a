"""Driving Pagefind's search interface in the browser tests (a helper, not a test module)."""

from __future__ import annotations


def open_filter(page, name: str) -> None:
    """Open one of Pagefind's filter groups, once its values have loaded."""
    summary = page.locator("summary.pagefind-ui__filter-name", has_text=name)
    try:
        summary.wait_for(timeout=20_000)
    except Exception as error:
        shown = page.locator("summary.pagefind-ui__filter-name").all_inner_texts()
        raise AssertionError(f"no '{name}' filter on {page.url}; the filters shown: {shown}") from error
    group = page.locator("details.pagefind-ui__filter-block", has=summary)
    for _ in range(3):
        if group.get_attribute("open") is None:
            summary.click()
        try:
            group.locator(".pagefind-ui__filter-checkbox").first.wait_for(state="visible", timeout=5_000)
            return
        except Exception:  # values still loading, or the click landed while the list was redrawn
            continue
    raise AssertionError(f"the '{name}' filter did not open")
