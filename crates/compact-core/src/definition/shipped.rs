//! The definitions shipped with Compact, compiled into the binary so that
//! `compact demo` and a fresh installation work without any files on disk.
//! The sources live in `compacts/` at the root of the repository.

/// `(slug, TOML source)` of every shipped definition.
pub const SHIPPED: &[(&str, &str)] = &[
    ("wigan", include_str!("../../../../compacts/wigan.toml")),
    ("wales", include_str!("../../../../compacts/wales.toml")),
    (
        "blackpool",
        include_str!("../../../../compacts/blackpool.toml"),
    ),
    (
        "warrington",
        include_str!("../../../../compacts/warrington.toml"),
    ),
    (
        "wiltshire",
        include_str!("../../../../compacts/wiltshire.toml"),
    ),
];

/// The TOML source of the shipped definition with this slug.
pub fn shipped(slug: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, source)| *source)
}
