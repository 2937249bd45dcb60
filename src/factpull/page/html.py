"""HTML pages: markup -> the rendered page text, with per-block structural evidence. Pure.

An HTML input is rendered to plain text the way a text scraper shows a page (paragraphs and
headings set off by blank lines, list items with a bullet, table cells on one line), and
that rendered text is what the rest of factpull reads: the cleaner's lines, the metadata
lines and every ``start``/``end`` offset index it. ``render_html`` returns it as an
``HtmlText`` (a ``str``) that also carries, for every text block, the evidence the markup
gives (``Block``: tag, tag path, class/id words, zones such as nav/footer/aside/comments,
link density, list/table membership, heading level, the densest-prose container) and the
metadata the markup declares (``page.htmlmeta``). Slicing it gives plain strings, so
``render_html(page)[start:end] == fact.text`` for every fact.

Parser: lxml (libxml2's HTML parser, through lxml.etree). It is well kept, fast (C), already
installed as a dependency of inscriptis, and it repairs malformed markup the way browsers
mostly do (unclosed tags, stray end tags, bad nesting) without ever raising on bad HTML.
Scripts, styles, comments and processing instructions never reach the text. The rendering
rules (which tags are blocks, which are skipped, zone words) are data:
``patterns/html.toml``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped with lxml

from ..rules.load import Rules, per_rules

# The HTML5 encoding sniffing rule for <meta>, restricted to the first bytes of the page.
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_FEW_WORDS = 20  # a page rendering to fewer words is tried again with its <noscript> content


@dataclass(frozen=True, slots=True)
class Block:
    """One rendered line of text and what the markup says about it."""

    start: int  # span of the line in the rendered text (bullet included)
    end: int
    tag: str  # the innermost block element around the text
    path: str  # tag path from <body>, e.g. "div/main/article/p"
    words: frozenset[str]  # class/id words of the element and its ancestors
    zones: frozenset[str]  # zones (patterns/html.toml [zones]) the text is in
    near: frozenset[str]  # the zones opened by the block's element or its two nearest parents
    link_chars: int  # characters of the text inside <a href>
    chars: int
    heading: int  # 1..6 inside <hN>, else 0
    list_depth: int
    in_table: bool
    hidden: bool  # inside an element hidden by attribute or inline style
    ancestors: tuple[int, ...] = ()  # ids of the enclosing elements (for container scores)
    openers: tuple[int, ...] = ()  # ids of the enclosing elements that open a zone

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


class HtmlText(str):
    """The rendered text of an HTML page (a ``str``), with its blocks, the densest-prose
    container and the metadata found in the markup. Slices and other string operations give
    plain ``str``."""

    blocks: tuple[Block, ...]
    best: int  # id of the container with the most prose (-1: none)
    markup: Any  # htmlmeta.MarkupMetadata

    def __new__(cls, text: str, blocks: Sequence[Block] = (), best: int = -1, markup: Any = None) -> HtmlText:
        self = super().__new__(cls, text)
        self.blocks = tuple(blocks)
        self.best = best
        self.markup = markup
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (HtmlText, (str(self), self.blocks, self.best, self.markup))


# --------------------------------------------------------------------------------------
# Bytes -> markup string


def looks_like_html(text: str) -> bool:
    """HTML by content: after blanks (and a BOM or XML declaration) the input opens with a
    doctype, an <html>/<head>/<body> tag, or a tag followed soon by more tags of an HTML
    document (a fragment of markup, not prose that happens to start with '<')."""
    head = _XML_DECL.sub("", text[:2048].lstrip("\ufeff \t\r\n")).lstrip().lower()
    if not head.startswith("<"):
        return False
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")):
        return "<" in head[4:] and any(t in head for t in ("<html", "<head", "<body", "<meta", "<div", "<p", "<title"))
    tags = re.findall(r"<(/?)([a-z][a-z0-9]*)[\s/>]", head)
    known = {"div", "p", "span", "a", "table", "ul", "li", "meta", "title", "link", "section", "article", "h1", "h2"}
    return len(tags) >= 3 and sum(1 for _, t in tags if t in known) >= 2


def sniff_charset(data: bytes) -> str | None:
    """The charset a <meta> near the top of the page declares, when Python knows it."""
    m = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        import codecs

        codecs.lookup(name)
    except LookupError:
        return None
    return name


def decode_html(data: bytes, charset: str | None = None) -> str:
    """HTML bytes to a string: a BOM decides, else the transport charset (an archive's
    Content-Type), else the <meta> charset, else UTF-8, else Windows-1252. Never raises:
    undecodable bytes become U+FFFD."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _newlines(data[len(bom) :].decode(enc, errors="replace"))
    for declared in (charset, sniff_charset(data)):
        if declared:
            # Declared UTF-8 pages with a few bad bytes, and Latin-1 declared for cp1252, are common.
            enc = "cp1252" if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else declared
            try:
                return _newlines(data.decode(enc, errors="replace"))
            except LookupError:
                continue
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _newlines(data.decode("cp1252", errors="replace"))


def _stable(line: str) -> str:
    """A line as factpull's text view keeps it (NFC, one plain space between words), so
    that the rendered text is printed unchanged by ``factpull clean --no-clean``."""
    if not line.isascii():
        line = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", _ODD_SPACE.sub(" ", line)))
    while "  " in line:
        line = line.replace("  ", " ")
    return line.strip()


def _newlines(text: str) -> str:
    """Line ends as Python's text mode reads them (as ``io.readers.decode`` does)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# --------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True, slots=True)
class _Config:
    skip: frozenset[str]
    blank_line: frozenset[str]
    line: frozenset[str]
    cell: frozenset[str]
    cell_gap: str
    bullet: str
    sub_bullet: str
    max_chars: int
    content_tags: frozenset[str]
    hidden_styles: tuple[str, ...]
    zone_tags: Mapping[str, str]  # tag -> zone
    zone_roles: Mapping[str, str]
    zone_words: Mapping[str, frozenset[str]]  # zone -> words
    word_zone: Mapping[str, tuple[str, ...]]  # word -> zones
    not_article: frozenset[str]  # zones that cannot hold the article (its container never opens them)


@per_rules
def config(rules: Rules) -> _Config:
    r = rules.setting("html.render")
    z = rules.setting("html.zones")
    word_zone: dict[str, list[str]] = {}
    for zone, words in z["words"].items():
        for w in words:
            word_zone.setdefault(w, []).append(zone)
    return _Config(
        skip=frozenset(r["skip"]),
        blank_line=frozenset(r["blank_line"]),
        line=frozenset(r["line"]),
        cell=frozenset(r["cell"]),
        cell_gap=str(r["cell_gap"]),
        bullet=str(r["bullet"]),
        sub_bullet=str(r["sub_bullet"]),
        max_chars=int(r["max_chars"]),
        content_tags=frozenset(r["content_tags"]),
        hidden_styles=tuple(s.replace(" ", "") for s in r["hidden_styles"]),
        zone_tags={t: zone for zone, tags in z["tags"].items() for t in tags},
        zone_roles={t: zone for zone, roles in z["roles"].items() for t in roles},
        zone_words={zone: frozenset(ws) for zone, ws in z["words"].items()},
        word_zone={w: tuple(zs) for w, zs in word_zone.items()},
        not_article=frozenset(z.get("not_article", ())),
    )


def class_words(element: Any) -> frozenset[str]:
    """The lower-case alphanumeric pieces of an element's class and id attributes."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not raw.strip():
        return frozenset()
    return frozenset(w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", raw).lower()) if w)


# --------------------------------------------------------------------------------------
# Parsing


def parse(markup: str, rules: Rules) -> Any:
    """The lxml tree of ``markup`` (repaired; comments and processing instructions dropped)."""
    cfg = config(rules)
    markup = _XML_DECL.sub("", markup[: cfg.max_chars], count=1)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, recover=True)
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:  # nothing parseable: an empty document
        root = etree.fromstring("<html><body></body></html>", parser)
    return root


def render_html(source: str | bytes, rules: Rules | None = None, *, charset: str | None = None) -> HtmlText:
    """Render an HTML page (markup as ``str``, or bytes decoded by ``decode_html``) to its text,
    with per-block evidence and the markup's metadata."""
    from ..rules.load import load_rules
    from .htmlmeta import markup_metadata

    rules = rules if rules is not None else load_rules()
    markup = source if isinstance(source, str) else decode_html(source, charset)
    root = parse(markup, rules)
    cfg = config(rules)
    renderer = _Renderer(cfg)
    renderer.walk(root)
    text = renderer.text()
    if len(text.split()) < _FEW_WORDS and "noscript" in cfg.skip:
        # A page rendered by scripts keeps its server-side text for crawlers in <noscript>.
        renderer = _Renderer(dataclasses.replace(cfg, skip=cfg.skip - {"noscript"}))
        renderer.walk(root)
        text = renderer.text()
    best = renderer.best_container(text)
    return HtmlText(text, renderer.article_zones(best), best, markup_metadata(root, rules))


@dataclass(slots=True)
class _Frame:
    """An open element while walking: what the text inside it inherits."""

    tag: str
    ident: int
    path: str
    words: frozenset[str]
    zones: frozenset[str]
    recent: tuple[frozenset[str], ...]  # zones opened by this element and its two nearest block parents
    heading: int
    list_depth: int
    in_table: bool
    hidden: bool
    link: bool
    pre: bool
    ancestors: tuple[int, ...]  # ids of the open elements up to the nearest block element
    block: str  # the nearest block element's tag
    openers: tuple[int, ...]  # ids of the open elements that opened a zone


@dataclass(slots=True)
class _Renderer:
    cfg: _Config
    out: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)
    pending: str = ""  # separator owed before the next line: "", "\n" or "\n\n"
    buffer: list[str] = field(default_factory=list)
    link_chars: int = 0
    owner: _Frame | None = None  # the frame the buffered text belongs to
    bullet_for: int = -1  # ident of the <li> whose bullet the next line carries
    stack: list[_Frame] = field(default_factory=list)
    parents: dict[int, int] = field(default_factory=dict)
    own: dict[int, frozenset[str]] = field(default_factory=dict)  # zones each element opens
    next_id: int = 0

    def walk(self, root: Any) -> None:
        walker = etree.iterwalk(root, events=("start", "end"))
        skipped: set[int] = set()
        for event, el in walker:
            tag = el.tag if isinstance(el.tag, str) else ""
            tag = tag.lower()
            if event == "start":
                if tag in self.cfg.skip:
                    walker.skip_subtree()
                    skipped.add(id(el))
                    continue
                self._open(el, tag)
                if el.text:
                    self._text(el.text)
            else:
                if id(el) in skipped:
                    skipped.discard(id(el))
                else:
                    self._close(tag)
                if el.tail and self.stack:
                    self._text(el.tail)
        self._flush()

    def _open(self, el: Any, tag: str) -> None:
        cfg = self.cfg
        parent = self.stack[-1] if self.stack else None
        # <html> and <body> classes describe the whole page (a template's name), not a block.
        words = class_words(el) if tag not in ("html", "body") else frozenset()
        if tag in ("ul", "ol") and parent is not None and parent.list_depth:
            tag = "li-list"  # a nested list starts a line, not a paragraph
        own = set()
        zone = cfg.zone_tags.get(tag)
        if zone:
            own.add(zone)
        role = cfg.zone_roles.get((el.get("role") or "").lower())
        if role:
            own.add(role)
        for w in words:
            own.update(cfg.word_zone.get(w, ()))
        zones = (parent.zones | own) if parent else frozenset(own)
        style = (el.get("style") or "").replace(" ", "").lower()
        # Hidden elements are evidence, not skipped: pages rendered by scripts stream their
        # content into hidden containers that the scripts then show.
        hidden = (
            (parent.hidden if parent else False)
            or el.get("hidden") is not None
            or any(s in style for s in cfg.hidden_styles)
        )
        ident = self.next_id
        self.next_id += 1
        if parent is not None:
            self.parents[ident] = parent.ident
        heading = int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0
        is_block = tag in cfg.blank_line or tag in cfg.line or tag in cfg.cell or not parent
        if is_block:
            self._boundary(tag)
        frame = _Frame(
            tag=tag,
            ident=ident,
            path=(f"{parent.path}/{tag}" if parent and parent.path else tag) if tag not in ("html", "body") else "",
            words=(parent.words | words) if parent else words,
            zones=zones,
            recent=(*parent.recent[-2:], frozenset(own))
            if parent and is_block
            else (*parent.recent[:-1], parent.recent[-1] | own)
            if parent and parent.recent
            else (frozenset(own),),
            heading=heading or (parent.heading if parent else 0),
            list_depth=(parent.list_depth if parent else 0) + (tag == "li"),
            in_table=(parent.in_table if parent else False) or tag == "table",
            hidden=hidden,
            link=(parent.link if parent else False) or (tag == "a" and el.get("href") is not None),
            pre=(parent.pre if parent else False) or tag == "pre",
            ancestors=(*parent.ancestors, ident) if parent and is_block else parent.ancestors if parent else (ident,),
            block=tag if is_block or not parent else parent.block,
            openers=((*parent.openers, ident) if own else parent.openers) if parent else ((ident,) if own else ()),
        )
        if own:
            self.own[ident] = frozenset(own)
        self.stack.append(frame)
        if tag == "li":
            self.bullet_for = ident
        if tag == "br":
            self._flush()
            self.pending = self.pending or "\n"

    def _close(self, tag: str) -> None:
        if not self.stack:
            return
        tag = self.stack.pop().tag
        if tag in self.cfg.blank_line or tag in self.cfg.line:
            self._boundary(tag)

    def _boundary(self, tag: str) -> None:
        if tag in self.cfg.cell:
            if self.buffer and self.buffer[-1].strip():
                self.buffer.append(self.cfg.cell_gap)
            return
        self._flush()
        if self.out:
            self.pending = "\n\n" if tag in self.cfg.blank_line or self.pending == "\n\n" else "\n"

    def _text(self, raw: str) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            return
        piece = raw if frame.pre else _SPACE.sub(" ", raw)
        if not piece:
            return
        if self.owner is None:
            if not piece.strip():
                return
            self.owner = frame
        self.buffer.append(piece)
        if frame.link:
            self.link_chars += len(piece.strip())

    def _flush(self) -> None:
        owner = self.owner
        content = "".join(self.buffer)
        self.buffer, self.owner = [], None
        links, self.link_chars = self.link_chars, 0
        if owner is None:
            return
        lines = content.split("\n") if owner.pre else [content]
        for line in lines:
            line = line.rstrip() if owner.pre else line.strip()
            if not line:
                continue
            self._emit(line, owner, links if len(lines) == 1 else 0)

    def _emit(self, line: str, owner: _Frame, links: int) -> None:
        if self.out:
            sep = self.pending or "\n"
            self.out.append(sep)
            self.length += len(sep)
        self.pending = ""
        prefix = ""
        line = _stable(line)
        if owner.list_depth and self.bullet_for in owner.ancestors:
            prefix = (self.cfg.bullet if owner.list_depth == 1 else self.cfg.sub_bullet) + " "
            self.bullet_for = -1
        start = self.length
        self.out.append(prefix + line)
        self.length += len(prefix) + len(line)
        self.blocks.append(
            Block(
                start=start,
                end=self.length,
                tag=owner.block,
                path=owner.path,
                words=owner.words,
                zones=owner.zones,
                near=frozenset().union(*owner.recent),
                link_chars=min(links, len(line)),
                chars=len(line),
                heading=owner.heading,
                list_depth=owner.list_depth,
                in_table=owner.in_table,
                hidden=owner.hidden,
                ancestors=owner.ancestors,
                openers=owner.openers,
            )
        )

    def text(self) -> str:
        return "".join(self.out) + ("\n" if self.out else "")

    def article_zones(self, best: int) -> list[Block]:
        """The blocks with the zones that cannot hold the article (a sidebar, a page header)
        taken back where only the article's container or its ancestors open them: a page
        wrapper named "page-with-rail" around the article is no sidebar."""
        chain: set[int] = set()
        node: int | None = best if best >= 0 else None
        while node is not None:
            chain.add(node)
            node = self.parents.get(node)
        wrong = frozenset().union(*(self.own.get(i, frozenset()) for i in chain)) & self.cfg.not_article
        if not wrong:
            return self.blocks
        out = []
        for b in self.blocks:
            keep = frozenset().union(*(self.own[i] for i in b.openers if i not in chain))
            drop = wrong - keep
            if drop & (b.zones | b.near):
                b = dataclasses.replace(b, zones=b.zones - drop, near=b.near - drop)
            out.append(b)
        return out

    def best_container(self, text: str) -> int:
        """The element holding the most prose: each content block's words count fully for
        its parent element and half for the grandparent (readability's classic scoring)."""
        score: dict[int, float] = {}
        for b in self.blocks:
            if b.tag not in self.cfg.content_tags or b.link_density > 0.5:
                continue
            words = text.count(" ", b.start, b.end) + 1
            if words < 8:
                continue
            anc = b.ancestors
            for k, share in ((2, 1.0), (3, 0.5)):
                if len(anc) >= k:
                    score[anc[-k]] = score.get(anc[-k], 0.0) + words * share
        return max(score, key=lambda k: score[k]) if score else -1
