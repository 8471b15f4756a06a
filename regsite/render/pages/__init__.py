"""The site's pages, a module per section; ``site`` lists them all in order."""

from regsite.render.pages.site import all_pages, data_pages, template_globals

__all__ = ["all_pages", "data_pages", "template_globals"]
