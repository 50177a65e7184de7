//! docs/import-format.md and its example file agree with the code.

use compact_core::import::{read_organisations, ImportFormat};

const DOC: &str = include_str!("../../../docs/import-format.md");
const EXAMPLE: &str = include_str!("../../../docs/examples/organisations.csv");

#[test]
fn the_example_file_imports_without_a_problem() {
    let file = read_organisations(EXAMPLE.as_bytes(), None).expect("the example's header");
    assert_eq!(file.format, ImportFormat::Compact);
    assert_eq!(file.rows.len(), EXAMPLE.lines().count() - 1);
    for row in &file.rows {
        assert!(row.result.is_ok(), "row {}: {:?}", row.row, row.result);
    }
}

#[test]
fn every_column_of_the_example_is_described() {
    let header = EXAMPLE.lines().next().expect("a header row");
    for column in header.split(',') {
        assert!(
            DOC.contains(&format!("| `{column}` |")),
            "{column} is not in the table"
        );
    }
}

#[test]
fn the_problem_shown_in_the_documentation_is_the_one_given() {
    let file = read_organisations("name,kind,postcode\nA,charity,SW1A 1A\n".as_bytes(), None)
        .expect("a header");
    let problem = &file.problems().next().expect("a problem").problem;
    assert!(DOC.contains(&format!("`{problem}`")), "{problem}");
}
