"""AdvocacyPlugin: MkDocs (and ProperDocs) hooks that guard and delegate.

The work is in `engines/mkdocs_site.py` over the engine-neutral page model of `publish/`; here
are the hooks, their order, and the one PluginError boundary.
"""

from __future__ import annotations

import gc
from difflib import get_close_matches
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .config import AdvocacyConfig, given_options
from .core.problems import Problem, sort_key
from .engines.mkdocs_site import MkDocsSite
from .publish.fingerprint import Tracer

log = get_plugin_logger("advocacy")


class AdvocacyPlugin(BasePlugin[AdvocacyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.one_shot = False  # `mkdocs build` or `gh-deploy`: the process ends after this build
        self.build: MkDocsSite | None = None
        self.tracer: Tracer | None = None  # set by `advocacy serve` (engines/live.py)

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):
        # MkDocs only warns on an unknown option; a misspelled one must fail the build.
        errors, warnings = super().load_config(options, config_file_path)
        known = [name for name, _ in self.config_scheme]
        for i, (key, message) in enumerate(warnings):
            close = get_close_matches(str(key), known, n=1)
            if close:
                warnings[i] = (key, f"{message} (did you mean {close[0]!r}?)")
        return errors + warnings, []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.one_shot = command in ("build", "gh-deploy")

    def on_shutdown(self) -> None:
        # What a one-shot command built lives until the process exits, where the interpreter's
        # last collections would walk all of it for nothing: 3.6 s after a 10,000-advocate build
        # (the `advocacy` command leaves with os._exit instead). Frozen, they skip it.
        if self.one_shot:
            gc.freeze()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything that can fail is checked here, before MkDocs cleans site/.
        self.build = MkDocsSite(given_options(self.config), self.serving)
        self.build.tracer = self.tracer
        self._report(self.build.check(config), config)
        self.build.configure(config)
        if self.build.site is not None and self.build.site.lang.fell_back:
            log.info(f"no catalog for theme.language {self.build.site.lang.requested!r}: the generated pages "
                     "are in English (README: \"Languages\" says how to add one)")
        return config

    def _report(self, problems: list[Problem], config: MkDocsConfig) -> None:
        problems.sort(key=sort_key)
        notices = [p for p in problems if p.level == "info"]
        if notices:  # one line, not a screenful of nudges that look like errors (SPEC section 8)
            log.info(f"{len(notices)} program notice{'s' if len(notices) != 1 else ''} "
                     "(see `advocacy validate` or `advocacy report`)")
            for p in notices:
                log.debug(str(p))
        errors = [p for p in problems if p.level == "error"]
        warnings = [p for p in problems if p.level == "warning"]
        if config.strict:
            errors += warnings  # fail here, before site/ is cleaned, not after writing as MkDocs would
        else:
            for p in warnings:
                log.warning(str(p))
        if errors:
            count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the advocacy records and settings"
            raise PluginError(f"{count}:\n" + "\n".join(str(p) for p in sorted(errors, key=sort_key)))

    def _site(self) -> MkDocsSite:
        assert self.build is not None, "on_config has run"
        return self.build

    # After plugins that rework the file list (mkdocs-static-i18n runs at -100 and expects every file
    # to have a source path, which generated files have not): they never see ours.
    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self._site().files(files, config)

    def on_nav(self, nav, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        self._site().nav = nav
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._site().page_markdown(markdown, page, config)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._site().page_content(html, page, config)

    def on_env(self, env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        self._site().environment(env, config)
        return env

    # Before any search plugin reads the page (it gets our text only), and after all of them (the
    # page gets its HTML back).
    @event_priority(100)
    def _before_search(self, context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        if page.file.src_uri in self._site().pages:
            self._site().shortcuts.before_search(page, config)
        return context

    @event_priority(-100)
    def _after_search(self, context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        self._site().shortcuts.after_search(page, context)
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    # Before other plugins' post_page hooks: they then see the page as MkDocs would have rendered it.
    @event_priority(100)
    def _post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return self._site().shortcuts.post_page(output, page, self._site().env)

    # After all of them: the page is written next, and nothing reads its body again. Held to the
    # end of the build (and by `advocacy serve` between rebuilds), the bodies of 10,000 generated
    # pages are 150 MB.
    @event_priority(-110)
    def _release(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._site().pages:
            page.content = ""
        return output

    on_post_page = CombinedEvent(_post_page, _release)

    def on_post_build(self, config: MkDocsConfig) -> None:
        shortcuts = self._site().shortcuts
        stats = shortcuts.chrome.stats
        log.debug(f"shared chrome: {stats['shared']} pages filled in, {stats['full']} full renders; "
                  f"{self._site().finish()} rendered by a second process, "
                  f"{shortcuts.taken_ahead} pages' search entries made with their bodies")

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.finish()

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        checked = self._site().checked
        if checked is not None and checked.program is not None:
            program = checked.program
            server.watch(str(program.advocates_dir))
            server.watch(str(program.case_studies_dir))
        return server
