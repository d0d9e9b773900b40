//! The checker's own tests; the date reader's are in `dates`' test module.
