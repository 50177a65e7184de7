//! Table and property tests of the identifiers.

use super::*;
use proptest::prelude::*;

/// The message for a value that must be refused.
fn refusal<T: fmt::Debug>(parsed: Result<T, IdentifierError>) -> String {
    parsed.expect_err("should be refused").to_string()
}

#[test]
fn charity_numbers_are_accepted_and_normalised() {
    use CharityRegister::*;
    let cases = [
        ("1012345", "1012345", EnglandAndWales, None),
        ("220949", "220949", EnglandAndWales, None),
        ("  1012345 ", "1012345", EnglandAndWales, None),
        ("\t1012345\n", "1012345", EnglandAndWales, None),
        ("1012345-1", "1012345-1", EnglandAndWales, Some(1)),
        ("1012345 - 12", "1012345-12", EnglandAndWales, Some(12)),
        ("1012345-9999", "1012345-9999", EnglandAndWales, Some(9999)),
        ("SC012345", "SC012345", Scotland, None),
        ("sc012345", "SC012345", Scotland, None),
        ("Sc 012 345", "SC012345", Scotland, None),
        ("NIC100000", "NIC100000", NorthernIreland, None),
        ("nic 100000", "NIC100000", NorthernIreland, None),
        ("N I C 1 0 0 0 0 0", "NIC100000", NorthernIreland, None),
    ];
    for (input, normalised, register, subsidiary) in cases {
        let number = CharityNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(number.as_str(), normalised, "{input:?}");
        assert_eq!(number.register(), register, "{input:?}");
        assert_eq!(number.subsidiary(), subsidiary, "{input:?}");
        assert_eq!(number.main_number(), normalised.split('-').next().unwrap());
    }
}

#[test]
fn charity_numbers_of_the_wrong_form_are_refused_saying_why() {
    let cases = [
        ("", "nothing was entered"),
        ("   ", "nothing was entered"),
        ("12345", "it has 5 digits, but a charity registered in England and Wales has 6 or 7"),
        ("12345678", "it has 8 digits"),
        ("0220949", "it starts with 0, but charity numbers in England and Wales do not; enter it as the register shows it, e.g. 220949"),
        ("0000000", "e.g. 220949"),
        ("1012345-", "the linked-charity part after the hyphen is \"\""),
        ("1012345-0", "from 1 to 9999 without leading zeros, e.g. 1012345-1"),
        ("1012345-12345", "the linked-charity part after the hyphen is \"12345\""),
        ("1012345-A", "the linked-charity part"),
        ("1012345/1", "it has '/' where only digits belong"),
        ("SC12345", "it has 5 digits after SC; SC is followed by exactly 6 digits, e.g. SC012345"),
        ("SC0123456", "it has 7 digits after SC"),
        ("SCO12345", "the letter O (the digit 0, zero, may have been meant)"),
        ("NIC10000", "it has 5 digits after NIC; NIC is followed by exactly 6 digits, e.g. NIC100000"),
        ("NI100000", "it starts with \"NI\", but only Scottish (SC) and Northern Ireland (NIC)"),
        ("SC012345-1", "Scottish charity numbers have no linked-charity part"),
        ("NIC100000-1", "Northern Ireland charity numbers have no linked-charity part"),
        ("GB-CHC-1012345", "it starts with \"GB\""),
        ("#1012345", "it starts with '#'"),
    ];
    for (input, expected) in cases {
        let message = refusal(CharityNumber::parse(input));
        assert!(message.contains(expected), "{input:?}: {message}");
        assert!(message.starts_with(&format!("{:?} is not a charity number: ", input.trim())));
    }
}

#[test]
fn company_numbers_are_accepted_padded_and_normalised() {
    let cases = [
        ("01234567", "01234567", None, "company, England and Wales"),
        ("123456", "00123456", None, "company, England and Wales"),
        ("1", "00000001", None, "company, England and Wales"),
        (
            " 0123 4567 ",
            "01234567",
            None,
            "company, England and Wales",
        ),
        ("SC012345", "SC012345", Some("SC"), "company, Scotland"),
        ("sc012345", "SC012345", Some("SC"), "company, Scotland"),
        ("SC 012345", "SC012345", Some("SC"), "company, Scotland"),
        (
            "OC301234",
            "OC301234",
            Some("OC"),
            "limited liability partnership, England and Wales",
        ),
        (
            "so301234",
            "SO301234",
            Some("SO"),
            "limited liability partnership, Scotland",
        ),
        (
            "NI012345",
            "NI012345",
            Some("NI"),
            "company, Northern Ireland",
        ),
        (
            "NC000123",
            "NC000123",
            Some("NC"),
            "limited liability partnership, Northern Ireland",
        ),
        (
            "R0000123",
            "R0000123",
            Some("R0"),
            "company, Northern Ireland, registered before partition",
        ),
        (
            "r0000123",
            "R0000123",
            Some("R0"),
            "company, Northern Ireland, registered before partition",
        ),
        (
            "CE010135",
            "CE010135",
            Some("CE"),
            "charitable incorporated organisation, England and Wales",
        ),
        ("FC012345", "FC012345", Some("FC"), "overseas company"),
        (
            "LP012345",
            "LP012345",
            Some("LP"),
            "limited partnership, England and Wales",
        ),
        (
            "ZC000123",
            "ZC000123",
            Some("ZC"),
            "unregistered company, England and Wales",
        ),
    ];
    for (input, normalised, prefix, kind) in cases {
        let number = CompanyNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(number.as_str(), normalised, "{input:?}");
        assert_eq!(number.prefix(), prefix, "{input:?}");
        assert_eq!(number.kind(), kind, "{input:?}");
    }
}

#[test]
fn company_numbers_of_the_wrong_form_are_refused_saying_why() {
    let cases = [
        ("", "nothing was entered"),
        ("123456789", "it has 9 digits, but a company number has at most 8, e.g. 01234567"),
        ("00000000", "it is all zeros"),
        ("0", "it is all zeros"),
        ("XY123456", "it starts with \"XY\", which is not a Companies House prefix; a company in England and Wales has 8 digits (e.g. 01234567); others have a two-character prefix and 6 digits, such as SC"),
        ("R1234567", "it starts with \"R1\", which is not a Companies House prefix"),
        ("S", "it starts with \"S\", which is not"),
        ("SC12345", "it has 5 digits after SC; SC is followed by exactly 6 digits, e.g. SC012345"),
        ("SC1234567", "it has 7 digits after SC"),
        ("OC", "it has 0 digits after OC"),
        ("SCO12345", "after SC it has the letter O (the digit 0, zero, may have been meant)"),
        ("SC01234A", "after SC it has the letter A where only digits belong"),
        ("12AB5678", "it mixes digits and letters, but letters may only come first"),
        ("0123-4567", "it has '-', but a company number has only letters and digits"),
        ("ÀB123456", "it has 'À'"),
    ];
    for (input, expected) in cases {
        let message = refusal(CompanyNumber::parse(input));
        assert!(message.contains(expected), "{input:?}: {message}");
        assert!(message.starts_with(&format!("{input:?} is not a company number: ")));
    }
}

#[test]
fn postcodes_are_accepted_and_normalised_with_one_space() {
    let cases = [
        ("SW1A 1AA", "SW1A 1AA", "SW1A", "1AA"),
        ("sw1a1aa", "SW1A 1AA", "SW1A", "1AA"),
        ("  sw1a   1aa ", "SW1A 1AA", "SW1A", "1AA"),
        ("S W 1 A 1 A A", "SW1A 1AA", "SW1A", "1AA"),
        ("M1 1AE", "M1 1AE", "M1", "1AE"),
        ("m11ae", "M1 1AE", "M1", "1AE"),
        ("B33 8TH", "B33 8TH", "B33", "8TH"),
        ("W1A 0AX", "W1A 0AX", "W1A", "0AX"),
        ("CR2 6XH", "CR2 6XH", "CR2", "6XH"),
        ("DN55 1PT", "DN55 1PT", "DN55", "1PT"),
        ("ec1a 1bb", "EC1A 1BB", "EC1A", "1BB"),
        ("BT1 5GS", "BT1 5GS", "BT1", "5GS"),
        ("N1P 1AA", "N1P 1AA", "N1P", "1AA"),
        ("gir0aa", "GIR 0AA", "GIR", "0AA"),
        ("GIR 0AA", "GIR 0AA", "GIR", "0AA"),
    ];
    for (input, normalised, outward, inward) in cases {
        let postcode = Postcode::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(postcode.as_str(), normalised, "{input:?}");
        assert_eq!(postcode.outward(), outward, "{input:?}");
        assert_eq!(postcode.inward(), inward, "{input:?}");
    }
}

#[test]
fn postcodes_of_the_wrong_form_are_refused_saying_why() {
    let cases = [
        ("", "nothing was entered"),
        ("SW1A", "it is only the first half of a postcode (the outward code); the second half is a digit and two letters, e.g. SW1A 1AA"),
        ("m1", "it is only the first half of a postcode"),
        ("ABC", "it is too short"),
        ("12345", "its first part \"12\" is not a postcode district"),
        ("AAA 1AA", "its first part \"AAA\" is not a postcode district"),
        ("1A 1AA", "its first part \"1A\""),
        ("SW1A 1AC", "its second part \"1AC\" has the letter C, which postcodes never use there (C, I, K, M, O and V are left out)"),
        ("SW1A 1IA", "has the letter I"),
        ("M1 1AK", "has the letter K"),
        ("M1 1MA", "has the letter M"),
        ("M1 1AO", "has the letter O"),
        ("M1 1VA", "has the letter V"),
        ("SW1A 1A", "its second part \"1A\" is not a digit and two letters"),
        ("SW1A1A", "its second part \"A1A\" is not a digit and two letters"),
        ("SW1A 11A", "its second part \"11A\" is not a digit and two letters"),
        ("SW1AA 1AA", "it has 8 letters and digits, but a postcode has 5 to 7"),
        ("EC1A-1BB", "it has '-', but a postcode has only letters and digits"),
        ("SW1A 1ÀA", "it has 'À'"),
    ];
    for (input, expected) in cases {
        let message = refusal(Postcode::parse(input));
        assert!(message.contains(expected), "{input:?}: {message}");
        assert!(message.starts_with(&format!("{input:?} is not a UK postcode: ")));
    }
}

#[test]
fn a_message_names_the_value_and_the_expected_form_in_full() {
    assert_eq!(
        refusal(CharityNumber::parse(" SCO12345 ")),
        "\"SCO12345\" is not a charity number: after SC it has the letter O (the digit 0, \
         zero, may have been meant) where only digits belong; SC is followed by exactly 6 \
         digits, e.g. SC012345"
    );
    assert_eq!(
        refusal(Postcode::parse("SW1A")),
        "\"SW1A\" is not a UK postcode: it is only the first half of a postcode (the outward \
         code); the second half is a digit and two letters, e.g. SW1A 1AA"
    );
}

#[test]
fn a_long_value_is_cut_short_in_the_message() {
    let message = refusal(Postcode::parse(&"A".repeat(500)));
    assert!(message.starts_with(&format!("\"{}…\" is not a UK postcode", "A".repeat(40))));
    assert!(message.len() < 400, "{message}");
}

#[test]
fn identifiers_serialise_as_their_normalised_strings_and_validate_when_read() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Organisation {
        charity: CharityNumber,
        company: Option<CompanyNumber>,
        postcode: Postcode,
    }
    let read: Organisation = serde_json::from_str(
        r#"{"charity": "sc 012345", "company": "123456", "postcode": "sw1a1aa"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        r#"{"charity":"SC012345","company":"00123456","postcode":"SW1A 1AA"}"#
    );

    let refused = serde_json::from_str::<Organisation>(
        r#"{"charity": "1012345", "company": null, "postcode": "SW1A"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        refused.contains("\"SW1A\" is not a UK postcode"),
        "{refused}"
    );
}

#[test]
fn from_str_is_parse() {
    assert_eq!(
        "sc012345".parse::<CharityNumber>(),
        CharityNumber::parse("SC012345")
    );
    assert_eq!(
        "oc301234".parse::<CompanyNumber>(),
        CompanyNumber::parse("OC301234")
    );
    assert_eq!("m11ae".parse::<Postcode>(), Postcode::parse("M1 1AE"));
    assert!("SW1A".parse::<Postcode>().is_err());
}

/// Valid identifiers as the registers print them.
fn canonical_charity_number() -> impl Strategy<Value = String> {
    prop_oneof![
        "[1-9][0-9]{5,6}(-[1-9][0-9]{0,3})?",
        "SC[0-9]{6}",
        "NIC[0-9]{6}",
    ]
}

fn canonical_company_number() -> impl Strategy<Value = String> {
    let prefixes: Vec<&str> = COMPANY_PREFIXES.iter().map(|(p, _)| *p).collect();
    prop_oneof![
        "[0-9]{7}[1-9]",
        "0[0-9]{7}",
        (proptest::sample::select(prefixes), "[0-9]{6}").prop_map(|(p, d)| format!("{p}{d}")),
    ]
    .prop_filter("not all zeros", |s| s != "00000000")
}

/// (outward, inward) with every outward shape and only the letters Royal
/// Mail uses in the inward code.
fn postcode_parts() -> impl Strategy<Value = (String, String)> {
    let outward = prop_oneof![
        "[A-Z][0-9]",
        "[A-Z][0-9]{2}",
        "[A-Z][0-9][A-Z]",
        "[A-Z]{2}[0-9]",
        "[A-Z]{2}[0-9]{2}",
        "[A-Z]{2}[0-9][A-Z]",
    ];
    (outward, "[0-9][ABD-HJLNP-UW-Z]{2}")
}

/// `s` as a person might type it: some letters in lower case, spaces
/// scattered through it and around it.
fn as_typed(s: &str, lower: &[bool], space: &[bool]) -> String {
    let mut typed = String::from(" ");
    for (i, c) in s.chars().enumerate() {
        if space[i % space.len()] {
            typed.push(' ');
        }
        typed.push(if lower[i % lower.len()] {
            c.to_ascii_lowercase()
        } else {
            c
        });
    }
    typed.push('\t');
    typed
}

fn typing() -> impl Strategy<Value = (Vec<bool>, Vec<bool>)> {
    let flags = proptest::collection::vec(any::<bool>(), 1..10);
    (flags.clone(), flags)
}

/// Whatever the input, parsing returns (never panics); what it accepts
/// re-parses to itself from its display form; what it refuses it explains
/// with an example.
fn check_total<T>(
    input: &str,
    parse: fn(&str) -> Result<T, IdentifierError>,
) -> Result<(), TestCaseError>
where
    T: fmt::Display + fmt::Debug + PartialEq,
{
    match parse(input) {
        Ok(parsed) => prop_assert_eq!(parse(&parsed.to_string()), Ok(parsed)),
        Err(e) => prop_assert!(e.to_string().contains("e.g."), "no example in: {}", e),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn charity_numbers_round_trip(s in canonical_charity_number(), (lower, space) in typing()) {
        let parsed = CharityNumber::parse(&s).unwrap();
        prop_assert_eq!(parsed.to_string(), s.clone());
        prop_assert_eq!(CharityNumber::parse(parsed.as_str()), Ok(parsed.clone()));
        prop_assert_eq!(CharityNumber::parse(&as_typed(&s, &lower, &space)), Ok(parsed));
    }

    #[test]
    fn company_numbers_round_trip(s in canonical_company_number(), (lower, space) in typing()) {
        let parsed = CompanyNumber::parse(&s).unwrap();
        prop_assert_eq!(parsed.to_string(), s.clone());
        prop_assert_eq!(CompanyNumber::parse(parsed.as_str()), Ok(parsed.clone()));
        prop_assert_eq!(CompanyNumber::parse(&as_typed(&s, &lower, &space)), Ok(parsed.clone()));
        // The leading zeros people drop are put back.
        if parsed.prefix().is_none() {
            prop_assert_eq!(CompanyNumber::parse(s.trim_start_matches('0')), Ok(parsed));
        }
    }

    #[test]
    fn postcodes_round_trip((outward, inward) in postcode_parts(), (lower, space) in typing()) {
        let parsed = Postcode::parse(&format!("{outward}{inward}")).unwrap();
        prop_assert_eq!(parsed.to_string(), format!("{outward} {inward}"));
        prop_assert_eq!(parsed.outward(), outward.as_str());
        prop_assert_eq!(parsed.inward(), inward.as_str());
        prop_assert_eq!(Postcode::parse(parsed.as_str()), Ok(parsed.clone()));
        let typed = as_typed(parsed.as_str(), &lower, &space);
        prop_assert_eq!(Postcode::parse(&typed), Ok(parsed));
    }

    #[test]
    fn any_text_is_parsed_or_refused_with_an_example(s in any::<String>()) {
        check_total(&s, CharityNumber::parse)?;
        check_total(&s, CompanyNumber::parse)?;
        check_total(&s, Postcode::parse)?;
    }

    // Random text almost never comes near a valid identifier; these do,
    // so every branch of the parsers is reached.
    #[test]
    fn near_misses_are_parsed_or_refused_with_an_example(
        s in "[A-Za-z0-9 \\-]{0,12}|(SC|NIC|sc|OC|R0|GIR)[0-9OI \\-]{0,8}|\\PC{0,10}",
    ) {
        check_total(&s, CharityNumber::parse)?;
        check_total(&s, CompanyNumber::parse)?;
        check_total(&s, Postcode::parse)?;
    }
}
