from mkdocs_advocacy.cli import run

run()
