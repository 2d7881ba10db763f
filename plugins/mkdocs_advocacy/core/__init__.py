"""The MkDocs-free core: records, loading, consent rules and every figure of the program."""
