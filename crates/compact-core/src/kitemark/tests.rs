use super::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap()
}

fn key(id: &str, seed: u8) -> KitemarkKey {
    KitemarkKey::from_bytes(KeyId::parse(id).unwrap(), &[seed; 32])
}

fn published(keys: &[&KitemarkKey]) -> PublicKeyList {
    PublicKeyList::new(
        keys.iter()
            .map(|k| PublicKey {
                id: k.id().clone(),
                algorithm: "ed25519".into(),
                public_key: k.public_key_bytes(),
                created: date(2026, 1, 1),
                retired: None,
            })
            .collect(),
    )
}

fn sample() -> (KitemarkKey, SignedClaim) {
    let k = key("2026-01-01-aaaaaa", 7);
    let signed = k
        .issue(
            "wiltshire",
            OrganisationId(42),
            "Seaside Food Bank",
            date(2025, 4, 1),
        )
        .unwrap();
    (k, signed)
}

#[test]
fn the_message_is_versioned_and_names_every_field() {
    let (_, signed) = sample();
    let message = String::from_utf8(signed.claim().message()).unwrap();
    assert_eq!(
        message,
        "compact-kitemark/1\ncompact=wiltshire\norganisation=42\nname=17:Seaside Food Bank\n\
         signed_on=2025-04-01\nkey=2026-01-01-aaaaaa\n"
    );
}

#[test]
fn a_name_holding_a_newline_cannot_pose_as_another_field() {
    let k = key("k1", 1);
    let tricky = k
        .issue(
            "a",
            OrganisationId(1),
            "X\nsigned_on=2020-01-01",
            date(2025, 1, 1),
        )
        .unwrap();
    let plain = k
        .issue("a", OrganisationId(1), "X", date(2020, 1, 1))
        .unwrap();
    assert_ne!(tricky.claim().message(), plain.claim().message());
}

#[test]
fn a_signed_link_reads_back_and_verifies() {
    let (k, signed) = sample();
    let query = signed.query_string();
    assert!(
        query.starts_with("compact=wiltshire&org=42&name="),
        "{query}"
    );
    let url = format!("https://compact.example.org/kitemark/verify?{query}&lang=cy#top");
    for link in [query.clone(), format!("?{query}"), url] {
        let checked = check_link(&link, &published(&[&k]));
        assert_eq!(checked.verdict, Verdict::Valid, "{link}");
        assert_eq!(checked.claim.as_ref(), Some(signed.claim()));
    }
}

#[test]
fn links_that_cannot_be_read_say_why() {
    let (_, signed) = sample();
    let good = signed.query_string();
    let without = |name: &str| {
        good.split('&')
            .filter(|p| !p.starts_with(&format!("{name}=")))
            .collect::<Vec<_>>()
            .join("&")
    };
    let replace = |name: &str, value: &str| {
        good.split('&')
            .map(|p| {
                if p.starts_with(&format!("{name}=")) {
                    format!("{name}={value}")
                } else {
                    p.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let cases: Vec<(String, LinkError)> = vec![
        (String::new(), LinkError::Missing("compact")),
        (without("sig"), LinkError::Missing("sig")),
        (without("name"), LinkError::Missing("name")),
        (format!("{good}&org=43"), LinkError::Repeated("org")),
        (replace("org", "+42"), LinkError::Organisation("+42".into())),
        (replace("org", "042"), LinkError::Organisation("042".into())),
        (replace("org", "x"), LinkError::Organisation("x".into())),
        (
            replace("signed", "2025-4-1"),
            LinkError::Date("2025-4-1".into()),
        ),
        (
            replace("signed", "2025-02-30"),
            LinkError::Date("2025-02-30".into()),
        ),
        (replace("name", "***"), LinkError::NotBase64("name")),
        (replace("name", "_w"), LinkError::NameNotText),
        (replace("sig", "AAAA"), LinkError::SignatureLength(3)),
        (replace("sig", "%20"), LinkError::NotBase64("sig")),
        (
            replace("key", "Bad_Key"),
            LinkError::Claim(ClaimError::KeyId("Bad_Key".into())),
        ),
        (
            replace("compact", "Wilts"),
            LinkError::Claim(ClaimError::CompactSlug("Wilts".into())),
        ),
        (replace("name", ""), LinkError::Claim(ClaimError::EmptyName)),
        ("x".repeat(5000), LinkError::TooLong),
    ];
    for (link, expected) in cases {
        assert_eq!(
            SignedClaim::parse_link(&link),
            Err(expected.clone()),
            "{link}"
        );
        let checked = check_link(&link, &PublicKeyList::default());
        assert_eq!(
            checked.verdict,
            Verdict::Forged(Forgery::Malformed(expected))
        );
        assert_eq!(checked.claim, None);
    }
}

#[test]
fn a_key_nobody_published_is_forged_even_with_a_good_signature() {
    let (k, signed) = sample();
    let other = key("2026-01-01-bbbbbb", 8);
    assert_eq!(
        verify(&signed, &published(&[&other])),
        Verdict::Forged(Forgery::UnknownKey(k.id().clone()))
    );
}

#[test]
fn a_claim_signed_by_one_key_but_naming_another_is_forged() {
    let (_, signed) = sample();
    let impostor = key("2026-01-01-aaaaaa", 9);
    assert_eq!(
        verify(&signed, &published(&[&impostor])),
        Verdict::Forged(Forgery::BadSignature)
    );
}

#[test]
fn retired_keys_still_verify_what_they_signed() {
    let (k, signed) = sample();
    let mut keys = published(&[&k, &key("2026-06-01-cccccc", 3)]);
    keys.keys[0].retired = Some(date(2026, 6, 1));
    assert_eq!(verify(&signed, &keys), Verdict::Valid);
}

#[test]
fn names_longer_than_the_limit_are_not_signed() {
    let k = key("k", 1);
    let long = "x".repeat(MAX_NAME_BYTES + 1);
    assert_eq!(
        k.issue("a", OrganisationId(1), &long, date(2025, 1, 1)),
        Err(ClaimError::NameTooLong)
    );
    let limit = "é".repeat(MAX_NAME_BYTES / 2);
    assert!(k
        .issue("a", OrganisationId(1), &limit, date(2025, 1, 1))
        .is_ok());
}

#[test]
fn the_key_list_round_trips_and_refuses_what_it_cannot_trust() {
    let (k, _) = sample();
    let list = published(&[&k]);
    let json = list.to_json();
    assert!(
        json.contains("\"format\": \"compact-kitemark-keys/1\""),
        "{json}"
    );
    assert_eq!(PublicKeyList::from_json(&json).unwrap(), list);

    let twice = PublicKeyList::new(vec![list.keys[0].clone(), list.keys[0].clone()]);
    assert!(matches!(
        PublicKeyList::from_json(&twice.to_json()),
        Err(KeyListError::Duplicate(_))
    ));
    let other_format = json.replace("compact-kitemark-keys/1", "something-else/9");
    assert!(matches!(
        PublicKeyList::from_json(&other_format),
        Err(KeyListError::Format(_))
    ));
    let short_key = json.replace(&list.keys[0].id.to_string(), "Not An Id");
    assert!(PublicKeyList::from_json(&short_key).is_err());
    assert!(PublicKeyList::from_json("[1, 2]").is_err());
}

#[test]
fn the_debug_form_of_a_key_hides_the_secret() {
    let (k, _) = sample();
    let shown = format!("{k:?}");
    assert!(shown.contains("2026-01-01-aaaaaa"));
    assert!(!shown.contains("7, 7"), "{shown}");
}

fn claims() -> impl Strategy<Value = (String, i64, String, Date)> {
    (
        "[a-z0-9][a-z0-9_-]{0,20}",
        0i64..1_000_000_000,
        "\\PC{1,60}",
        (1900i32..2200, 1u32..=12, 1u32..=28),
    )
        .prop_map(|(slug, id, name, (y, m, d))| (slug, id, name, date(y, m, d)))
}

proptest! {
    #[test]
    fn any_signed_claim_verifies_after_a_round_trip_through_its_link(
        (slug, id, name, signed_on) in claims(),
        seed in any::<[u8; 32]>(),
    ) {
        let k = KitemarkKey::from_bytes(KeyId::parse("k-1").unwrap(), &seed);
        let signed = k.issue(&slug, OrganisationId(id), &name, signed_on).unwrap();
        let checked = check_link(&signed.query_string(), &published(&[&k]));
        prop_assert_eq!(checked.verdict, Verdict::Valid);
        prop_assert_eq!(checked.claim.as_ref(), Some(signed.claim()));
    }

    #[test]
    fn changing_any_one_field_makes_a_link_forged(
        (slug, id, name, signed_on) in claims(),
        field in 0usize..4,
    ) {
        let k = KitemarkKey::from_bytes(KeyId::parse("k-1").unwrap(), &[5; 32]);
        let signed = k.issue(&slug, OrganisationId(id), &name, signed_on).unwrap();
        let c = signed.claim();
        let mut altered = SignedClaim {
            claim: c.clone(),
            signature: *signed.signature(),
        };
        match field {
            0 => altered.claim.compact = format!("{}x", c.compact()),
            1 => altered.claim.organisation = OrganisationId(id + 1),
            2 => altered.claim.organisation_name = format!("{name}."),
            _ => altered.claim.signed_on = signed_on.succ_opt().unwrap(),
        }
        let checked = check_link(&altered.query_string(), &published(&[&k]));
        prop_assert_eq!(checked.verdict, Verdict::Forged(Forgery::BadSignature));
    }

    #[test]
    fn flipping_any_bit_of_the_signature_makes_a_link_forged(
        (slug, id, name, signed_on) in claims(),
        bit in 0usize..512,
    ) {
        let k = KitemarkKey::from_bytes(KeyId::parse("k-1").unwrap(), &[5; 32]);
        let mut signed = k.issue(&slug, OrganisationId(id), &name, signed_on).unwrap();
        signed.signature[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(
            verify(&signed, &published(&[&k])),
            Verdict::Forged(Forgery::BadSignature)
        );
    }

    #[test]
    fn arbitrary_text_as_a_link_never_panics(text in "\\PC{0,300}") {
        let _ = check_link(&text, &PublicKeyList::default());
    }
}
