//! A Compact's agreements as 360Giving open data, on SQLite and on
//! PostgreSQL: the JSON package validates against the official schema, both
//! layouts read back, and the standard's quality checks find nothing.

use compact_app::grants::{GrantsFormat, BATCH};
use compact_app::{App, Clock};
use compact_core::definition::shipped;
use compact_core::giving360::{quality, read};
use compact_core::model::Records;
use compact_store::testing::{actor, TestDatabase};
use compact_store::{test_on_both_engines, Engine};
use serde_json::{json, Value};
use std::path::PathBuf;

fn schema(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/360giving")
        .join(name);
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // The files name the 2020-12 meta-schema by its http:// address, which
    // validators know by its https:// one.
    value["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    value
}

/// Hands the package schema the grant schema it refers to by address,
/// without the network.
struct Local(Value);

impl jsonschema::Retrieve for Local {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str().ends_with("/360-giving-schema.json") {
            Ok(self.0.clone())
        } else {
            Err(format!("no local copy of {uri}").into())
        }
    }
}

/// A council funding a charity, a company and a group with no number, with
/// more agreements than one batch holds.
fn records(agreements: usize) -> Records {
    let organisations = json!([
        {"id": 1, "name": "Blackpool Council", "kind": "local_authority"},
        {"id": 2, "name": "Meals Together", "kind": "charity", "charity_number": "1012345", "postcode": "FY1 1AA"},
        {"id": 3, "name": "Bispham Works CIC", "kind": "social_enterprise", "company_number": "01234567"},
        {"id": 4, "name": "Anchorsholme Residents", "kind": "residents_association"}
    ]);
    let agreements: Vec<Value> = (1..=agreements)
        .map(|n| {
            json!({
                "id": n,
                "title": format!("Community grant {n}"),
                "funder": 1,
                "recipient": 2 + n % 3,
                "kind": if n % 2 == 0 { "grant" } else { "contract" },
                "amount": 100_000 + n as i64 * 7 + 3,
                "starts_on": "2025-04-01",
                "ends_on": "2028-03-31"
            })
        })
        .collect();
    serde_json::from_value(json!({"organisations": organisations, "agreements": agreements}))
        .unwrap()
}

async fn export(app: &App, format: GrantsFormat) -> (Vec<u8>, u64, usize) {
    let mut out = Vec::new();
    let mut chunks = 0;
    let written = app
        .export_grants("blackpool", format, |chunk| {
            out.extend_from_slice(&chunk);
            chunks += 1;
            std::future::ready(true)
        })
        .await
        .unwrap();
    (out, written, chunks)
}

test_on_both_engines!(agreements_export_as_valid_360giving_data);
async fn agreements_export_as_valid_360giving_data(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let compact = db
        .store
        .create_compact(
            "blackpool",
            "Compact for Blackpool",
            shipped("blackpool").unwrap(),
            &actor(),
        )
        .await
        .unwrap();
    let count = BATCH as usize * 2 + 17;
    db.store
        .save_records(compact, &records(count), &actor())
        .await
        .unwrap();
    let app = App::new(db.store.clone(), Clock::System);

    let (json_bytes, written, chunks) = export(&app, GrantsFormat::Json).await;
    assert_eq!(written, count as u64);
    assert!(chunks >= 3, "written a batch at a time: {chunks} pieces");
    let package: Value = serde_json::from_slice(&json_bytes).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_retriever(Local(schema("360-giving-schema.json")))
        .build(&schema("360-giving-package-schema.json"))
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&package)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not lenient: the standard's broken sample fails it.
    let broken: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/360giving/fundingproviders-grants_broken_grants.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!validator.is_valid(&broken));

    let grants = read::read_json(&json_bytes).unwrap();
    assert_eq!(grants.len(), count);
    assert_eq!(grants[0].recipient.id, "GB-COH-01234567");
    assert_eq!(grants[1].recipient.id, "360G-compact-blackpool-org-4");
    assert_eq!(grants[2].recipient.id, "GB-CHC-1012345");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert_eq!(quality::check(&grants, today), vec![]);

    let (csv_bytes, written, _) = export(&app, GrantsFormat::Csv).await;
    assert_eq!(written, count as u64);
    assert_eq!(read::read_csv(&csv_bytes).unwrap(), grants);
    db.finish().await;
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/360giving")
            .join(name),
    )
    .unwrap()
}

async fn agreements_in(db: &TestDatabase) -> i64 {
    let known = Default::default();
    let all = db
        .store
        .agreements_for_export(
            compact_core::CompactId(1),
            compact_core::AgreementId(0),
            1_000_000,
            &known,
        )
        .await
        .unwrap();
    all.0.len() as i64
}

test_on_both_engines!(a_real_publishers_file_imports_whole_once_and_exports_valid);
async fn a_real_publishers_file_imports_whole_once_and_exports_valid(engine: Engine) {
    use compact_app::grants::GrantsFileRefusal;
    use compact_app::Acting;
    let db = TestDatabase::new(engine).await;
    db.store
        .create_compact(
            "blackpool",
            "Compact for Blackpool",
            shipped("blackpool").unwrap(),
            &actor(),
        )
        .await
        .unwrap();
    let app = App::new(db.store.clone(), Clock::System);
    let operator = Acting::operator("test");
    let real = sample("real-publisher-a003W000001B7PzQAK.json");

    // A dry run checks and counts, and saves nothing.
    let dry = app
        .import_grants(
            &operator,
            "blackpool",
            real.clone(),
            GrantsFormat::Json,
            true,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dry.agreements_created, 475);
    assert_eq!(agreements_in(&db).await, 0);

    let first = app
        .import_grants(
            &operator,
            "blackpool",
            real.clone(),
            GrantsFormat::Json,
            false,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.agreements_created, 475);
    let again = app
        .import_grants(&operator, "blackpool", real, GrantsFormat::Json, false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            again.agreements_created,
            again.agreements_updated,
            again.agreements_unchanged
        ),
        (0, 0, 475)
    );
    assert_eq!(again.organisations_created, 0);

    // Broken files import nothing and say where.
    for (name, format) in [
        (
            "fundingproviders-grants_broken_grants.json",
            GrantsFormat::Json,
        ),
        ("fundingproviders-grants_malformed.json", GrantsFormat::Json),
        ("nulls.json", GrantsFormat::Json),
        ("decimal_amounts.json", GrantsFormat::Json),
    ] {
        let refused = app
            .import_grants(&operator, "blackpool", sample(name), format, false)
            .await
            .unwrap()
            .unwrap_err();
        match refused {
            GrantsFileRefusal::Grants(problems) => assert!(
                problems.iter().all(|p| p.grant >= 1 && !p.field.is_empty()),
                "{name}"
            ),
            GrantsFileRefusal::Unreadable(why) => assert!(why.contains("line"), "{name}: {why}"),
        }
    }
    assert_eq!(agreements_in(&db).await, 475);

    // The standard's spreadsheets, in UTF-8 and Windows-1252.
    for name in [
        "fundingproviders_grants_2_grants.csv",
        "fundingproviders-grants_2_grants_cp1252.csv",
    ] {
        let s = app
            .import_grants(
                &operator,
                "blackpool",
                sample(name),
                GrantsFormat::Csv,
                false,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.agreements_created, 2, "{name}");
    }

    // What was imported exports again as valid data, keeping each grant's
    // identifier.
    let (bytes, written, _) = export(&app, GrantsFormat::Json).await;
    assert_eq!(written, 479);
    let package: Value = serde_json::from_slice(&bytes).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_retriever(Local(schema("360-giving-schema.json")))
        .build(&schema("360-giving-package-schema.json"))
        .unwrap();
    assert!(validator.is_valid(&package));
    assert!(read::read_json(&bytes)
        .unwrap()
        .iter()
        .any(|g| g.id == "360G-ALWF-1978"));

    // Only the secretariat imports.
    let member = Acting::account(
        compact_core::AccountId(9),
        compact_core::access::Viewer::account(vec![compact_core::access::Grant::new(
            compact_core::CompactId(1),
            compact_core::access::Role::Member,
            None,
        )
        .unwrap_or_else(|_| {
            compact_core::access::Grant::new(
                compact_core::CompactId(1),
                compact_core::access::Role::Group,
                None,
            )
            .unwrap()
        })]),
    );
    assert!(app
        .import_grants(
            &member,
            "blackpool",
            sample("fundingproviders_grants_2_grants.csv"),
            GrantsFormat::Csv,
            false
        )
        .await
        .is_err());
    db.finish().await;
}
