"""mkdocs-advocacy: a customer-advocacy site generator, as a MkDocs plugin.

The pure core (`mkdocs_advocacy.core`) loads and validates advocate records and case studies and
computes every figure; the MkDocs adapter (`plugin`, `pages`, `api`) publishes them.
"""

__version__ = "0.1.0"
