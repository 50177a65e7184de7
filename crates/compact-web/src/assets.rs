//! Static assets, compiled into the binary so a copied binary needs no
//! files beside it. Each is served under a name that carries a hash of its
//! contents, so browsers may keep it for a year: a new build changes the
//! name, never the bytes behind an old name.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

struct Asset {
    /// The name templates use, e.g. `compact.css`.
    name: &'static str,
    /// The name it is served under, e.g. `compact-3f2a9c1d.css`.
    hashed: String,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! asset {
    ($name:literal, $type:literal) => {
        (
            $name,
            $type,
            include_bytes!(concat!("../assets/", $name)).as_slice(),
        )
    };
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        asset!("compact.css", "text/css; charset=utf-8"),
        asset!("govuk-frontend.min.js", "text/javascript; charset=utf-8"),
        asset!("favicon.ico", "image/x-icon"),
    ]
    .into_iter()
    .map(|(name, content_type, bytes)| {
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let hashed = format!("{stem}-{:08x}.{ext}", hasher.finish() as u32);
        Asset {
            name,
            hashed,
            content_type,
            bytes,
        }
    })
    .collect()
});

/// The URL of an asset by its plain name, for templates.
pub fn url(name: &str) -> String {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => format!("/assets/{}", asset.hashed),
        None => format!("/assets/{name}"),
    }
}

/// `GET /assets/{file}`: the asset with long-lived cache headers.
pub async fn serve(Path(file): Path<String>) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.hashed == file) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_urls_carry_a_content_hash() {
        let css = url("compact.css");
        assert!(
            css.starts_with("/assets/compact-") && css.ends_with(".css"),
            "{css}"
        );
        assert_ne!(css, "/assets/compact.css");
    }

    #[test]
    fn the_stylesheet_uses_no_gov_uk_font() {
        let css = ASSETS
            .iter()
            .find(|a| a.name == "compact.css")
            .map(|a| a.bytes)
            .unwrap_or_default();
        assert!(!css.is_empty());
        assert!(!String::from_utf8_lossy(css).contains("GDS Transport"));
    }
}
