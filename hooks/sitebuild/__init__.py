"""Plain modules behind the MkDocs hooks (no MkDocs import; tests use them directly).
``project`` states the facts every other module asks for, and the order of the hooks."""
