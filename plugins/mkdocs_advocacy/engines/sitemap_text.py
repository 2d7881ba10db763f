"""`sitemap.xml` written again after an incremental rebuild, from each page's kept entry.

MkDocs renders its sitemap from the whole list of pages (a third of a second at 10,000 advocates,
on every rebuild that adds or withdraws a page). Its own template prints one `<url>` entry per
page, made of that page's URL and date alone, between a fixed head and foot: so the sitemap is
the head, the pages' entries in file order and the foot, and an entry is rendered once, with a
list of that page alone. Only for MkDocs' own template (a theme's sitemap may read anything of a
page), and only once the parts were seen to add up to the sitemap the full build wrote; else
every rebuild renders it in full, as MkDocs does.
"""

from __future__ import annotations

import gzip
import os
from typing import Any

import mkdocs
from mkdocs.commands.build import get_context
from mkdocs.utils import get_build_timestamp, write_file

NAME = "sitemap.xml"
_TEMPLATE_EVENTS = ("pre_template", "template_context", "post_template")
MKDOCS_TEMPLATE = os.path.join(os.path.dirname(mkdocs.__file__), "templates", NAME)


class SitemapText:
    """The sitemap's head, foot and each page's entry, kept between rebuilds."""

    def __init__(self) -> None:
        self.usable = False  # whether the parts were seen to add up to the sitemap a full build wrote
        self._entries: dict[tuple, str] = {}  # by what the template reads of a page
        self._ends: tuple[str, str] = ("", "")

    def keep(self, env: Any, files: Any, config: Any, nav: Any) -> None:
        """After a full build: the parts, if they add up to the sitemap it wrote."""
        self.usable, self._entries = False, {}
        path = os.path.join(config.site_dir, NAME)
        if any(config.plugins.events[event] for event in _TEMPLATE_EVENTS) or not os.path.isfile(path):
            return
        filename = env.get_template(NAME).filename
        if not filename or not os.path.isfile(filename) or not os.path.samefile(filename, MKDOCS_TEMPLATE):
            return
        with open(path, encoding="utf-8") as f:
            written = f.read()
        self.usable = self._text(env, files, config, nav) == written

    def write(self, env: Any, files: Any, config: Any, nav: Any) -> bool:
        """Write the sitemap of `files` from the kept parts; False (nothing written) when it must
        be rendered in full."""
        if not self.usable:
            return False
        output = self._text(env, files, config, nav).encode("utf-8")
        if not self.usable:  # an entry did not come out between the head and the foot
            return False
        path = os.path.join(config.site_dir, NAME)
        write_file(output, path)
        # as MkDocs writes its copy: the date of the latest page, no file name but the path
        stamp = get_build_timestamp(pages=[f.page for f in files.documentation_pages() if f.page is not None])
        with open(f"{path}.gz", "wb") as out, gzip.GzipFile(fileobj=out, filename=f"{path}.gz", mode="wb",
                                                             mtime=stamp) as gz:
            gz.write(output)
        return True

    def _text(self, env: Any, files: Any, config: Any, nav: Any) -> str:
        template = env.get_template(NAME)
        context = get_context(nav, files, config, base_url=".")
        pages = context["pages"]
        if not self._entries:
            empty = template.render({**context, "pages": []})
            one = template.render({**context, "pages": pages[:1]}) if pages else empty
            head = os.path.commonprefix([empty, one])
            self._ends = (head, empty[len(head):])
        head, foot = self._ends
        kept, entries, parts = self._entries, {}, [head]
        for file in pages:
            page = file.page
            key = (file.src_uri, None) if page is None else \
                (file.src_uri, page.is_link, page.abs_url, page.canonical_url, page.update_date)
            text = kept.get(key)
            if text is None:
                whole = template.render({**context, "pages": [file]})
                text = whole[len(head):len(whole) - len(foot)] if whole.startswith(head) and \
                    whole.endswith(foot) else None
                if text is None:
                    self.usable = False
                    return ""
            entries[key] = text
            parts.append(text)
        self._entries = entries
        parts.append(foot)
        return "".join(parts)
