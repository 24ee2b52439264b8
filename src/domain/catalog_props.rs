//! Property tests of the catalog import (`parse`), CSV and TOML.
//!
//! - `parse` never panics on any text; every error names a line of the file;
//! - in a generated catalog where some rows are bad, the errors name exactly the lines
//!   where the bad rows start (in CSV, a quoted cell may span lines; in TOML, the line of
//!   the item's `[[item]]`), and a catalog with no bad row imports every row.

use std::collections::{BTreeSet, HashMap, HashSet};

use proptest::prelude::*;

use super::{parse, CatalogContext, CatalogFormat};

const CASES: u32 = 256;

fn context() -> (HashMap<String, String>, HashSet<String>) {
    let mut bureaus = HashMap::new();
    for (code, name) in [("mz", "民政局"), ("yb", "医保局"), ("sw", "税务局")] {
        bureaus.insert(code.to_string(), code.to_string());
        bureaus.insert(name.to_string(), code.to_string());
    }
    (bureaus, ["C01".to_string()].into_iter().collect())
}

fn check_lines(format: CatalogFormat, text: &str) -> Result<(), TestCaseError> {
    let (b, p) = context();
    let ctx = CatalogContext {
        bureaus: &b,
        protected_codes: &p,
    };
    let lines = text.split('\n').count();
    match parse(format, text, &ctx) {
        Ok(rows) => {
            prop_assert!(!rows.is_empty());
            let codes: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
            prop_assert_eq!(codes.len(), rows.len(), "codes are unique");
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for e in errors {
                prop_assert!(
                    (1..=lines).contains(&e.line),
                    "line {} of {}: {}",
                    e.line,
                    lines,
                    e.message
                );
            }
        }
    }
    Ok(())
}

/// One row: its cells, and whether the import must refuse it.
#[derive(Debug, Clone)]
struct Row {
    code: String,
    name: String,
    bureaus: String,
    common: String,
    seq: String,
    bad: bool,
}

/// A row numbered `n` (so good codes never repeat); `spoil` picks a cell to make bad.
fn row(n: usize, spoil: Option<u8>, name: &str, bureaus: &str) -> Row {
    let mut r = Row {
        code: format!("B{n:03}"),
        name: name.to_string(),
        bureaus: bureaus.to_string(),
        common: ["", "是", "否", "yes", "0"][n % 5].to_string(),
        seq: ["", "1", "100000", " 42 "][n % 4].to_string(),
        bad: spoil.is_some(),
    };
    match spoil {
        Some(0) => r.code = format!("B {n}"),
        Some(1) => r.code = "C01".into(),
        Some(2) => r.name = "多行\n名称".into(),
        Some(3) => r.name = "   ".into(),
        Some(4) => r.bureaus = "火星局".into(),
        Some(5) => r.bureaus = "".into(),
        Some(6) => r.common = "也许".into(),
        Some(7) => r.seq = "0".into(),
        Some(_) => r.seq = "1e9".into(),
        None => {}
    }
    r
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    let names = prop::sample::select(&["低保申请", "名称, 带逗号", "带\"引号\"", "x"][..]);
    let bureaus = prop::sample::select(&["民政局", "医保局、税务局", "mz; yb", "sw,mz"][..]);
    prop::collection::vec((prop::option::weighted(0.3, 0u8..9), names, bureaus), 1..12).prop_map(
        |spec| {
            spec.into_iter()
                .enumerate()
                .map(|(n, (spoil, name, bureaus))| row(n, spoil, name, bureaus))
                .collect()
        },
    )
}

/// The catalog as CSV (columns in the given order), and the line each row starts at.
fn csv_text(rows: &[Row], columns: &[usize]) -> (String, Vec<usize>) {
    let headers = ["编码", "name", "责任单位", "common", "序号"];
    let cell = |r: &Row, i: usize| match i {
        0 => r.code.clone(),
        1 => r.name.clone(),
        2 => r.bureaus.clone(),
        3 => r.common.clone(),
        _ => r.seq.clone(),
    };
    let record = |cells: Vec<String>| {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&cells).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    };
    let mut text = record(columns.iter().map(|&i| headers[i].to_string()).collect());
    let mut starts = Vec::new();
    for r in rows {
        starts.push(text.matches('\n').count() + 1);
        text.push_str(&record(columns.iter().map(|&i| cell(r, i)).collect()));
    }
    (text, starts)
}

/// The catalog as TOML, and the line of each `[[item]]`.
fn toml_text(rows: &[Row], spaced: bool) -> (String, Vec<usize>) {
    let mut text = String::from("# 事项目录\n\n");
    let mut starts = Vec::new();
    for r in rows {
        starts.push(text.matches('\n').count() + 1);
        text.push_str(if spaced {
            "[[ item ]] # 一项\n"
        } else {
            "[[item]]\n"
        });
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        text.push_str(&format!("code = {}\nname = {}\n", q(&r.code), q(&r.name)));
        let bureaus: Vec<String> = r.bureaus.split(',').map(q).collect();
        text.push_str(&format!("bureaus = [{}]\n", bureaus.join(", ")));
        if r.common == "是" {
            text.push_str("common = true\n");
        }
        if let Ok(n) = r.seq.trim().parse::<i64>() {
            text.push_str(&format!("seq = {n}\n"));
        }
        text.push('\n');
    }
    (text, starts)
}

fn expect_bad_lines(
    format: CatalogFormat,
    text: &str,
    rows: &[Row],
    starts: &[usize],
) -> Result<(), TestCaseError> {
    let (b, p) = context();
    let ctx = CatalogContext {
        bureaus: &b,
        protected_codes: &p,
    };
    let want: BTreeSet<usize> = rows
        .iter()
        .zip(starts)
        .filter(|(r, _)| r.bad)
        .map(|(_, &l)| l)
        .collect();
    match parse(format, text, &ctx) {
        Ok(got) => {
            prop_assert!(
                want.is_empty(),
                "bad rows at {:?} were imported\n{}",
                want,
                text
            );
            prop_assert_eq!(got.len(), rows.len());
        }
        Err(errors) => {
            let got: BTreeSet<usize> = errors.iter().map(|e| e.line).collect();
            prop_assert_eq!(&got, &want, "{:?}\n{}", errors, text);
        }
    }
    Ok(())
}

/// TOML-ish text: the catalog's keys and syntax in random order.
fn toml_like() -> impl Strategy<Value = String> {
    let words = &[
        "[[item]]\n",
        "[[ item ]]\n",
        "[item]\n",
        "code = \"B1\"\n",
        "code = 1\n",
        "name = \"甲\"\n",
        "name = 甲\n",
        "bureaus = [\"mz\"]\n",
        "bureaus = \"mz\"\n",
        "common = true\n",
        "seq = 99999999999\n",
        "item = [{ code = \"B2\", name = \"乙\", bureaus = [\"yb\"] }]\n",
        "other = 1\n",
        "\"",
        "[",
        "\n",
        "# 注释\n",
        "é",
    ][..];
    prop::collection::vec(prop::sample::select(words), 0..20).prop_map(|w| w.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_csv_imports_or_names_lines(text in any::<String>()) {
        check_lines(CatalogFormat::Csv, &text)?;
    }

    #[test]
    fn any_toml_imports_or_names_lines(text in prop_oneof![any::<String>(), toml_like()]) {
        check_lines(CatalogFormat::Toml, &text)?;
    }

    #[test]
    fn csv_errors_name_exactly_the_bad_rows(
        rows in rows(),
        columns in Just(vec![0usize, 1, 2, 3, 4]).prop_shuffle(),
        optional in 3usize..=5,
    ) {
        // code, name and bureaus are required; common and seq may be left out
        let columns: Vec<usize> = columns.into_iter().filter(|&c| c < optional).collect();
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|mut r| {
                // a spoilt cell in a column that is not there is no longer bad
                if (r.common == "也许" && optional <= 3) || (matches!(r.seq.as_str(), "0" | "1e9") && optional <= 4) {
                    r.bad = false;
                }
                r
            })
            .collect();
        let (text, starts) = csv_text(&rows, &columns);
        check_lines(CatalogFormat::Csv, &text)?;
        expect_bad_lines(CatalogFormat::Csv, &text, &rows, &starts)?;
    }

    #[test]
    fn toml_errors_name_exactly_the_bad_items(rows in rows(), spaced in any::<bool>()) {
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|mut r| {
                // TOML has no text for common, and seq 1e9 is written as no seq at all
                if r.common == "也许" || r.seq == "1e9" {
                    r.bad = false;
                }
                r
            })
            .collect();
        let (text, starts) = toml_text(&rows, spaced);
        check_lines(CatalogFormat::Toml, &text)?;
        expect_bad_lines(CatalogFormat::Toml, &text, &rows, &starts)?;
    }
}
