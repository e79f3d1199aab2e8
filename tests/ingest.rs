//! Ingestion end to end over fixtures/: sniffed format, record counts, rejects.
