//! TOML configuration (SPEC §8): written next.
