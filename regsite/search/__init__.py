"""Index: the Pagefind index (``pagefind``, made byte-stable by ``stable``) and the offline
mirror's own index (``offline``), which works from ``file://``."""
