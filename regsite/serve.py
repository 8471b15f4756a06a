"""``python build.py serve``: build, serve on localhost, rebuild and reload on change.

Watches the data, content and templates folders. Each rebuild is a full build into a
staging folder and an atomic swap, so the browser never sees a half-written site;
parsed workbooks come from the cache, so only what changed is read again.
"""

from __future__ import annotations

from collections.abc import Callable

from regsite.build import Options


def serve(options: Options, port: int, rebuild: Callable[[], int]) -> int:
    from livereload import Server

    if rebuild() != 0 and not options.out.is_dir():
        return 1
    server = Server()
    for folder in (options.data, options.content, options.templates):
        server.watch(str(folder), rebuild, delay=0.5)
    print(f"\nServing {options.out} at http://localhost:{port}/ (Ctrl+C to stop); watching data, content, templates.")
    server.serve(root=str(options.out), host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    return 0
