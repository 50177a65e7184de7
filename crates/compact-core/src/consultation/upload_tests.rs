use super::*;
use crate::register::{FieldProblem, Problem};

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of the archive";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

fn problems(
    title: &str,
    file_name: &str,
    bytes: &[u8],
    documents: usize,
) -> Vec<(&'static str, Problem)> {
    let input = UploadInput {
        title,
        file_name,
        bytes,
    };
    match input.check(documents) {
        Ok(_) => Vec::new(),
        Err(ps) => ps
            .iter()
            .map(|p: &FieldProblem| (p.field, p.problem))
            .collect(),
    }
}

#[test]
fn each_kind_taken_is_read_from_its_bytes_and_extension_together() {
    let cases: [(&str, &[u8], FileType); 9] = [
        ("plan.pdf", PDF, FileType::Pdf),
        ("PLAN.PDF", PDF, FileType::Pdf),
        ("plan.docx", ZIP, FileType::Docx),
        ("plan.odt", ZIP, FileType::Odt),
        ("figures.ods", ZIP, FileType::Ods),
        ("figures.xlsx", ZIP, FileType::Xlsx),
        ("figures.csv", b"name,amount\nA,1\n", FileType::Csv),
        (
            "notes.txt",
            b"\xEF\xBB\xBFHello\tthere\r\nA second line\n",
            FileType::Text,
        ),
        (
            "nodiadau.txt",
            "Ymgynghoriad ar oriau'r llyfrgell".as_bytes(),
            FileType::Text,
        ),
    ];
    for (name, bytes, kind) in cases {
        let upload = UploadInput {
            title: "Plan",
            file_name: name,
            bytes,
        }
        .check(0)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(upload.file_type, kind, "{name}");
        assert_eq!(upload.size, bytes.len() as u64);
        assert_eq!(upload.sha256, sha256_hex(bytes));
    }
}

#[test]
fn a_file_whose_bytes_do_not_match_its_extension_is_refused() {
    let wrong = vec![("file", Problem::WrongFormat)];
    let cases: [(&str, &[u8]); 9] = [
        // A program renamed to look like a document.
        ("setup.pdf", EXE),
        ("setup.docx", EXE),
        ("setup.txt", EXE),
        ("setup.exe", EXE),
        // Right bytes, a kind not taken or no extension at all.
        ("plan.zip", ZIP),
        ("plan", PDF),
        ("page.html", b"<html></html>"),
        // A PDF named as a spreadsheet, and text named as a PDF.
        ("plan.xlsx", PDF),
        ("notes.pdf", b"just words"),
    ];
    for (name, bytes) in cases {
        assert_eq!(problems("Plan", name, bytes, 0), wrong, "{name}");
    }
    // Text must be UTF-8 without control characters.
    assert_eq!(problems("Plan", "latin.csv", b"caf\xe9", 0), wrong);
    assert_eq!(problems("Plan", "nul.txt", b"a\x00b", 0), wrong);
}

/// Title, file name, bytes, documents already there, and the problems.
type Case<'a> = (&'a str, &'a str, &'a [u8], usize, Vec<(&'a str, Problem)>);

#[test]
fn size_count_and_presence_are_limited() {
    let at_limit = {
        let mut bytes = PDF.to_vec();
        bytes.resize(MAX_UPLOAD_BYTES, b' ');
        bytes
    };
    assert_eq!(problems("Plan", "plan.pdf", &at_limit, 0), vec![]);
    let over = {
        let mut bytes = at_limit.clone();
        bytes.push(b' ');
        bytes
    };
    let cases: Vec<Case> = vec![
        (
            "Plan",
            "plan.pdf",
            &over,
            0,
            vec![("file", Problem::TooLarge)],
        ),
        ("Plan", "plan.pdf", b"", 0, vec![("file", Problem::Empty)]),
        ("Plan", "", b"", 0, vec![("file", Problem::Missing)]),
        ("", "plan.pdf", PDF, 0, vec![("title", Problem::Missing)]),
        (
            "  ",
            "",
            b"",
            0,
            vec![("title", Problem::Missing), ("file", Problem::Missing)],
        ),
        ("Plan", "plan.pdf", PDF, MAX_DOCUMENTS - 1, vec![]),
        (
            "Plan",
            "plan.pdf",
            PDF,
            MAX_DOCUMENTS,
            vec![("file", Problem::TooMany)],
        ),
    ];
    for (title, name, bytes, documents, expected) in cases {
        assert_eq!(
            problems(title, name, bytes, documents),
            expected,
            "{name} {documents}"
        );
    }
    let long_title = "x".repeat(crate::register::MAX_TEXT + 1);
    assert_eq!(
        problems(&long_title, "plan.pdf", PDF, 0),
        vec![("title", Problem::TooLong)]
    );
}

#[test]
fn file_names_are_cleaned_to_a_safe_form() {
    let cases = [
        ("plan.pdf", FileType::Pdf, "plan.pdf"),
        ("Draft Plan (v2).PDF", FileType::Pdf, "Draft-Plan-v2.pdf"),
        ("../../etc/passwd.txt", FileType::Text, "passwd.txt"),
        (
            "C:\\Users\\ana\\Cynllun drafft.docx",
            FileType::Docx,
            "Cynllun-drafft.docx",
        ),
        (".hidden.csv", FileType::Csv, "hidden.csv"),
        ("a\"b;c\r\nd.odt", FileType::Odt, "a-b-c-d.odt"),
        ("ffigurau-â.ods", FileType::Ods, "ffigurau-â.ods"),
        ("%%%.xlsx", FileType::Xlsx, "document.xlsx"),
        ("", FileType::Pdf, "document.pdf"),
        ("report.final.v3.pdf", FileType::Pdf, "report.final.v3.pdf"),
    ];
    for (name, kind, cleaned) in cases {
        assert_eq!(clean_file_name(name, kind), cleaned, "{name}");
    }
    let long = format!("{}.pdf", "a".repeat(300));
    assert_eq!(clean_file_name(&long, FileType::Pdf).chars().count(), 104);
}

#[test]
fn each_kind_reads_back_from_its_media_type_and_extension() {
    for kind in FileType::ALL {
        assert_eq!(FileType::from_media_type(kind.media_type()), Some(kind));
        assert_eq!(FileType::from_extension(kind.extension()), Some(kind));
    }
}
