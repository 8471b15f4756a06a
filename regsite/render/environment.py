"""Render pages with Jinja and the NHS.UK frontend macros, on every core.

Pages are rendered in worker processes forked from the one that built the site model,
so the model is shared without copying. Each page's links are relative to it
(``urls.Linker``); the header and footer depend only on the page's depth, so each worker
renders them once per depth and section and reuses them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
import nhsuk_frontend_jinja
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, pass_context
from jinja2 import meta as jinja_meta
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from regsite import text
from regsite.diagnostics import RegsiteError
from regsite.render import urls, views
from regsite.render.components import data_table, summary_list
from regsite.render.markup import free_text_html
from regsite.sources import cells


@dataclass
class PageSpec:
    path: str  # site path: "agreements/x/" (a folder) or "404.html" (a file)
    template: str
    title: str
    section: str = ""  # the header navigation item this page sits under
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (text, site path), root first
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    search: bool = True  # in the search index
    alternate_json: str = ""  # site path of the same record as JSON
    root_links: bool = False  # links from the site root: the 404 page is served at any address
    # Work that only this page needs (an agreement's version differences) is deferred to
    # the render workers, so it runs on every core instead of in the main process.
    context_fn: Callable[[], dict[str, Any]] | None = None

    @property
    def file(self) -> str:
        return urls.output_file(self.path)


def format_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return cells.display(value)


def format_number(value: int | float) -> str:
    return f"{value:,}"


def format_size(size: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def list_items(values: Sequence[str]) -> Markup:
    """A plain list of texts, each escaped."""
    return Markup('<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(v) for v in values)
    )


def link(text: str, href: str) -> Markup:
    """A link whose text and address are both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)


_JINJA = str(Path(jinja2.__file__).parent)
_NHSUK = str(Path(nhsuk_frontend_jinja.__file__).parent)


def _made_by_nhsuk_macro() -> bool:
    """Whether the template code asking for an undefined value is one of NHS.UK frontend's macros
    (the innermost frame that is neither Jinja's runtime nor this module)."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_NHSUK):
            return True
        macro = frame.f_locals.get("self") if name.startswith(_JINJA) else None
        if isinstance(macro, jinja2.runtime.Macro) and macro._func.__code__.co_filename.startswith(_NHSUK):
            return True  # a call of an NHS.UK macro filling in its parameters (``caller``)
        if not name.startswith(_JINJA) and name != __file__:
            return False
        frame = frame.f_back
    return False


def _strict(name: str) -> Callable[..., Any]:
    lenient = getattr(ChainableUndefined, name, None) or (lambda self, *args: False)  # `in`: never

    def method(self: LoudUndefined, *args: Any) -> Any:
        if self._lenient:
            return lenient(self, *args)
        return self._fail_with_undefined_error()

    method.__name__ = name
    return method


class LoudUndefined(ChainableUndefined):
    """``StrictUndefined`` for our templates: a misspelt or missing value stops the build. NHS.UK
    frontend's macros read their optional parameters (``params.classes``, ``caller``) as empty, as
    they are written to, so an undefined value made inside one of them stays chainable."""

    __slots__ = ("_lenient",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._lenient = _made_by_nhsuk_macro()
        super().__init__(*args, **kwargs)

    __str__ = _strict("__str__")
    __html__ = _strict("__html__")
    __iter__ = _strict("__iter__")
    __len__ = _strict("__len__")
    __bool__ = _strict("__bool__")
    __eq__ = _strict("__eq__")
    __ne__ = _strict("__ne__")
    __hash__ = _strict("__hash__")
    __contains__ = _strict("__contains__")
    __getitem__ = _strict("__getitem__")

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        if self._lenient:
            return self
        return self._fail_with_undefined_error()


class StripIndentation(Extension):
    """Templates without indentation: the text between their tags loses the whitespace after each
    line break, once, as each template is compiled, so no page pays for it (with ``indent``, the
    filter NHS.UK's macros indent what they are given with, made a no-op).

    The header, navigation, breadcrumbs and footer of every page come from NHS.UK's nested
    macros, and a seventh of their bytes was leading spaces (about 1 KB a page). In HTML a line
    break followed by spaces and further line breaks renders as the line break alone, so words
    either side stay apart ("Browse </span>More" keeps its space): only inside ``pre`` and
    ``textarea`` is whitespace content (the site's CSS sets no ``white-space: pre``), so a
    template with either is left as it is. Values are never changed, only a template's own text.
    """

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        tokens = list(stream)
        if any(t.type == "data" and _VERBATIM.search(t.value) for t in tokens):
            return tokens
        out = []
        for before, token in zip([None, *tokens], tokens, strict=False):
            if token.type == "data":
                text = _INDENT.sub("\n", token.value)
                if before is not None and before.type == "block_end" and before.lineno < token.lineno:
                    # The indentation of the line after a tag that ended its line, whose line
                    # break trim_blocks took: a line break still separates what is either side.
                    text = _LEADING.sub("\n", text)
                token = Token(token.lineno, "data", text)
            out.append(token)
        return out


# A line break and the whitespace after it: indentation, and blank lines.
_INDENT = re.compile(r"\n\s+")
_LEADING = re.compile(r"^[ \t]+")
# Elements whose whitespace is their content.
_VERBATIM = re.compile(r"<(?:pre|textarea)\b")


def _no_indent(text: str, *args: Any, **kwargs: Any) -> str:
    """Jinja's ``indent`` filter, without the indentation (see ``StripIndentation``)."""
    return text


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(templates)), PackageLoader("nhsuk_frontend_jinja")]),
        autoescape=True,
        undefined=LoudUndefined,  # strict in our templates, lenient in NHS.UK's macros
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[StripIndentation],
    )
    env.filters.update(
        indent=_no_indent,  # NHS.UK's macros indent what they are given: only whitespace in HTML
        freetext=free_text_html,
        date=format_date,
        month=cells.month_label,
        number=format_number,
        display=cells.display,
        slugify=text.slugify,
        list_items=list_items,
        filesize=format_size,
        partial=functools.partial,
    )
    env.globals.update(
        urls=urls,
        plural=plural,
        chrome=_chrome,
        trail=_trail,
        link=link,
        data_table=data_table,
        summary_list=summary_list,
    )
    env.globals.update(views.GLOBALS)
    from regsite.render import rows  # imported here: rows uses this module's filters

    env.globals.update(rows.GLOBALS)
    return env


@pass_context
def _chrome(context: Any, part: str) -> Markup:
    """The header or footer of a page, rendered once per depth and section in each process."""
    renderer: Renderer = context["renderer"]
    page: PageSpec = context["page"]
    url: urls.Linker = context["url"]
    key = (part, url.prefix, page.section)
    if key not in renderer.chrome_cache:
        template = renderer.env.get_template(_CHROME)
        module = template.make_module({**renderer.globals, "url": url, "section": page.section})
        renderer.chrome_cache[key] = Markup(getattr(module, part)())
    return renderer.chrome_cache[key]


_CHROME = "_chrome.html"  # the header and footer, rendered by _chrome
_TRAIL = '{% from "nhsuk/components/breadcrumb/macro.jinja" import breadcrumb %}{{ breadcrumb({"items": items}) }}'


@pass_context
def _trail(context: Any) -> Markup:
    """A page's breadcrumbs. The NHS.UK macro is slow and most trails are an agreement's own, so
    it renders each length of trail once per process, with placeholders that each page's texts and
    links then replace (escaped, as the macro escapes them); a trail the placeholders cannot stand
    for (a blank text or link, or space the macro would trim) is rendered as it is."""
    renderer: Renderer = context["renderer"]
    page: PageSpec = context["page"]
    url: urls.Linker = context["url"]
    items = [{"text": words, "href": url(path)} for words, path in page.breadcrumbs]
    if not all(type(i["text"]) is str and i["text"] and i["text"] == i["text"].strip() and i["href"] for i in items):
        return Markup(renderer.trail_template.render(items=items))
    shape = renderer.trail_shapes.get(len(items))
    if shape is None:
        shape = renderer.trail_template.render(
            items=[{"text": f"\0{i}t\0", "href": f"\0{i}h\0"} for i in range(len(items))]
        )
        renderer.trail_shapes[len(items)] = shape
    for i, item in enumerate(items):
        shape = shape.replace(f"\0{i}t\0", text.escape_html(item["text"])).replace(
            f"\0{i}h\0", text.escape_html(item["href"])
        )
    return Markup(shape)


class Renderer:
    def __init__(self, templates: Path, globals_: dict[str, Any], offline: bool = False, reload: bool = True) -> None:
        self.env = make_environment(templates)
        # Without ``reload`` (a build, where templates do not change), a template is never checked
        # for edits once compiled: the checks took two files' modification times a template a page.
        self.env.auto_reload = reload
        self.globals = globals_
        self.offline = offline
        self.chrome_cache: dict[tuple[str, str, str], Markup] = {}
        self.trail_shapes: dict[int, str] = {}  # breadcrumbs by length, with placeholders (_trail)
        self.trail_template = self.env.from_string(_TRAIL)  # compiled once, not per trail

    def preload(self, names: Iterable[str]) -> None:
        """Compile the templates named and every template they extend, include or import, so
        that forked workers inherit them compiled rather than each compiling its own; the
        chrome's and the breadcrumbs' too, which Python renders and no page names (the NHS.UK
        header and footer took each worker 0.2 CPU s to compile)."""
        todo, seen = list(names), set()
        used = [_CHROME, *(n for n in jinja_meta.find_referenced_templates(self.env.parse(_TRAIL)) if n)]
        for name in used:
            try:
                self.env.get_template(name)
                todo.append(name)
            except jinja2.TemplateNotFound:
                pass  # a folder of templates without the site's chrome (a test's)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            self.env.get_template(name)
            assert self.env.loader is not None
            source = self.env.loader.get_source(self.env, name)[0]
            todo += [n for n in jinja_meta.find_referenced_templates(self.env.parse(source)) if n]

    def render(self, page: PageSpec) -> bytes:
        url = (
            urls.Linker("/") if page.root_links and not self.offline else urls.Linker.for_page(page.file, self.offline)
        )
        extra = page.context_fn() if page.context_fn else {}
        context = {**self.globals, **page.context, **extra, "page": page, "url": url, "renderer": self}
        try:
            html = self.env.get_template(page.template).render(context)
        except Exception as error:
            if (where := _template_place(error)) is None:
                raise  # a fault in Python code the template called: its traceback is what helps
            raise TemplateFailed(f"{where}: {error} (rendering /{page.path}).") from None
        return html.encode("utf-8")


class TemplateFailed(RegsiteError):
    """A template could not render a page; the message names the template, its line and the page."""


def _template_place(error: Exception) -> str | None:
    """``templates/x.html, line N`` for an error raised by template code (Jinja rewrites the
    traceback to the templates' own lines), or ``None`` when Python code raised it."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{_template_name(error.filename or error.name or '')}, line {error.lineno}"
    frames: list[TracebackType] = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    innermost = frames[-1] if frames else None
    if innermost is None:
        return None
    if not _is_template(innermost.tb_frame.f_code.co_filename) and not isinstance(error, jinja2.TemplateError):
        return None
    ours = [f for f in frames if _is_template(f.tb_frame.f_code.co_filename)]
    if not ours:
        return None
    place = ours[-1]
    return f"{_template_name(place.tb_frame.f_code.co_filename)}, line {place.tb_lineno}"


def _is_template(filename: str) -> bool:
    return filename.endswith((".html", ".jinja"))


def _template_name(filename: str) -> str:
    path = Path(filename)
    if _NHSUK in filename:
        return path.relative_to(Path(_NHSUK) / "templates").as_posix()
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name
