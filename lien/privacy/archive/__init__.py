"""The intermediate archive: the only way into an archived file, and the legal hold."""
