//! The item catalog an admin imports (the plan's 295 basic items and more), as CSV or TOML.
//!
//! Parsing is all-or-nothing: every bad row is reported with its line, and a file with
//! any bad row imports nothing, so a catalog is never half-loaded.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::names::{check_code, check_title};
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRow {
    pub code: String,
    pub name: String,
    pub bureau_codes: Vec<String>,
    pub common: bool,
    pub seq: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    /// 1-based line in a CSV file; for TOML, the 1-based position of the `[[item]]`.
    pub line: usize,
    pub message: Msg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    Csv,
    Toml,
}

impl CatalogFormat {
    /// Picks the format from a file name; CSV unless it ends in `.toml`.
    pub fn from_file_name(name: &str) -> Self {
        if name.to_lowercase().ends_with(".toml") {
            Self::Toml
        } else {
            Self::Csv
        }
    }
}

/// What the rest of the system already knows, so the rows can be checked without I/O.
pub struct CatalogContext<'a> {
    /// Bureau name or code → bureau code.
    pub bureaus: &'a HashMap<String, String>,
    /// Codes of items that come from the plan itself and may not be overwritten.
    pub protected_codes: &'a HashSet<String>,
}

pub const MAX_ROWS: usize = 5_000;

pub fn parse(
    format: CatalogFormat,
    text: &str,
    ctx: &CatalogContext,
) -> Result<Vec<CatalogRow>, Vec<LineError>> {
    let raw = match format {
        CatalogFormat::Csv => read_csv(text)?,
        CatalogFormat::Toml => read_toml(text)?,
    };
    if raw.is_empty() {
        return Err(vec![LineError {
            line: 1,
            message: Msg::key("catalog-no-rows"),
        }]);
    }
    if raw.len() > MAX_ROWS {
        return Err(vec![LineError {
            line: 1,
            message: Msg::key("catalog-too-many-rows").arg("max", MAX_ROWS),
        }]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for r in raw {
        match check_row(&r, ctx) {
            Ok(row) => {
                if let Some(first) = seen.insert(row.code.clone(), r.line) {
                    errors.push(LineError {
                        line: r.line,
                        message: Msg::key("catalog-duplicate-code")
                            .arg("code", &row.code)
                            .arg("first", first),
                    });
                } else {
                    rows.push(row);
                }
            }
            Err(message) => errors.push(LineError {
                line: r.line,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// A row as read, before any check.
struct RawRow {
    line: usize,
    code: String,
    name: String,
    bureaus: Vec<String>,
    common: String,
    seq: String,
}

fn check_row(r: &RawRow, ctx: &CatalogContext) -> Result<CatalogRow, Msg> {
    let code = check_code(&r.code)?;
    if ctx.protected_codes.contains(&code) {
        return Err(Msg::key("catalog-protected-code").arg("code", code));
    }
    let name = check_title(Msg::key("items-name"), &r.name, 200)?;
    if r.bureaus.is_empty() {
        return Err(Msg::key("catalog-no-bureaus"));
    }
    let mut bureau_codes = Vec::new();
    for b in &r.bureaus {
        match ctx.bureaus.get(b.as_str()) {
            Some(code) if !bureau_codes.contains(code) => bureau_codes.push(code.clone()),
            Some(_) => {}
            None => return Err(Msg::key("catalog-unknown-bureau").arg("bureau", b)),
        }
    }
    let common = match r.common.trim() {
        "" | "否" | "0" | "false" | "no" | "N" | "n" => false,
        "是" | "1" | "true" | "yes" | "Y" | "y" => true,
        other => return Err(Msg::key("catalog-bad-common").arg("value", other)),
    };
    let seq = match r.seq.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => return Err(Msg::key("catalog-bad-seq").arg("value", s)),
        },
    };
    Ok(CatalogRow {
        code,
        name,
        bureau_codes,
        common,
        seq,
    })
}

fn split_bureaus(cell: &str) -> Vec<String> {
    cell.split(['、', ';', '；', ',', '，', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Header names accepted for each column, Chinese or English.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("code", &["code", "编码", "事项编码"]),
    ("name", &["name", "事项名称", "名称"]),
    ("bureaus", &["bureaus", "责任单位", "部门"]),
    ("common", &["common", "是否常办", "常办"]),
    ("seq", &["seq", "序号"]),
];

fn read_csv(text: &str) -> Result<Vec<RawRow>, Vec<LineError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_err = |message: Msg| vec![LineError { line: 1, message }];
    let headers = reader
        .headers()
        .map_err(|e| header_err(Msg::key("catalog-unreadable-header").arg("error", e.to_string())))?
        .clone();
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some((key, _)) = COLUMNS.iter().find(|(_, names)| names.contains(&h)) {
            index.insert(*key, i);
        }
    }
    for required in ["code", "name", "bureaus"] {
        if !index.contains_key(required) {
            return Err(header_err(Msg::key("catalog-missing-columns")));
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(rec) => {
                let line = rec.position().map_or(1, |p| p.line() as usize).max(1);
                if rec.iter().all(str::is_empty) {
                    continue;
                }
                let cell = |key: &str| {
                    index
                        .get(key)
                        .and_then(|&i| rec.get(i))
                        .unwrap_or("")
                        .to_string()
                };
                rows.push(RawRow {
                    line,
                    code: cell("code"),
                    name: cell("name"),
                    bureaus: split_bureaus(&cell("bureaus")),
                    common: cell("common"),
                    seq: cell("seq"),
                });
            }
            Err(e) => errors.push(LineError {
                line: e.position().map_or(1, |p| p.line() as usize).max(1),
                message: Msg::key("catalog-unreadable-row").arg("error", e.to_string()),
            }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlCatalog {
    #[serde(default)]
    item: Vec<toml::Spanned<TomlItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlItem {
    code: String,
    name: String,
    bureaus: Vec<String>,
    #[serde(default)]
    common: bool,
    seq: Option<i64>,
}

/// The 1-based line of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn read_toml(text: &str) -> Result<Vec<RawRow>, Vec<LineError>> {
    let parsed: TomlCatalog = toml::from_str(text).map_err(|e| {
        vec![LineError {
            line: e.span().map_or(1, |s| line_at(text, s.start)),
            message: Msg::key("catalog-bad-toml").arg("error", e.message()),
        }]
    })?;
    Ok(parsed
        .item
        .into_iter()
        .map(|spanned| {
            // the span starts at the item's `[[item]]` header (or its `{` in an inline array)
            let line = line_at(text, spanned.span().start);
            (line, spanned.into_inner())
        })
        .map(|(line, it)| RawRow {
            line,
            code: it.code,
            name: it.name,
            bureaus: it.bureaus.iter().flat_map(|b| split_bureaus(b)).collect(),
            common: if it.common { "是" } else { "否" }.into(),
            seq: it.seq.map(|n| n.to_string()).unwrap_or_default(),
        })
        .collect())
}

#[cfg(test)]
#[path = "catalog_props.rs"]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx_data() -> (HashMap<String, String>, HashSet<String>) {
        let mut bureaus = HashMap::new();
        for (code, name) in [("mz", "民政局"), ("yb", "医保局"), ("sw", "税务局")] {
            bureaus.insert(code.to_string(), code.to_string());
            bureaus.insert(name.to_string(), code.to_string());
        }
        let protected = ["C01".to_string()].into_iter().collect();
        (bureaus, protected)
    }

    #[test]
    fn csv_rows_table() {
        let (b, p) = ctx_data();
        let ctx = CatalogContext {
            bureaus: &b,
            protected_codes: &p,
        };
        // (body line after the header, Ok(bureau count) or the error's key words)
        let table: [(&str, Result<usize, &str>); 9] = [
            ("B001,低保申请,民政局,否,1", Ok(1)),
            ("B002,城乡居民医保,医保局、税务局,是,", Ok(2)),
            ("B003,x,mz", Ok(1)),
            ("C01,印章管理,民政局", Err("常办事项")),
            ("B004,,民政局", Err("事项名称不能为空")),
            ("B005,某事项,", Err("责任单位为空")),
            ("B006,某事项,财政局", Err("未知的责任单位")),
            ("B007,某事项,民政局,也许", Err("是否常办")),
            ("B 8,某事项,民政局", Err("编码")),
        ];
        for (line, expected) in table {
            let text = format!("编码,事项名称,责任单位,是否常办,序号\n{line}\n");
            let got = parse(CatalogFormat::Csv, &text, &ctx);
            match (got, expected) {
                (Ok(rows), Ok(n)) => assert_eq!(rows[0].bureau_codes.len(), n, "{line}"),
                (Err(errs), Err(words)) => {
                    assert_eq!(errs[0].line, 2, "{line}");
                    assert!(
                        errs[0].message.contains(words),
                        "{line}: {}",
                        errs[0].message
                    );
                }
                (got, _) => panic!("{line}: unexpected {got:?}"),
            }
        }
    }

    #[test]
    fn one_bad_row_rejects_the_file_and_names_every_bad_line() {
        let (b, p) = ctx_data();
        let ctx = CatalogContext {
            bureaus: &b,
            protected_codes: &p,
        };
        let text = "code,name,bureaus\nB1,甲,mz\nB2,乙,nobody\nB1,丙,mz\nB4,丁,\n";
        let errs = parse(CatalogFormat::Csv, text, &ctx).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(errs[1].message.contains("第 2 行重复"));
    }

    #[test]
    fn missing_header_and_empty_file_are_explained() {
        let (b, p) = ctx_data();
        let ctx = CatalogContext {
            bureaus: &b,
            protected_codes: &p,
        };
        let errs = parse(CatalogFormat::Csv, "a,b\n1,2\n", &ctx).unwrap_err();
        assert!(errs[0].message.contains("表头缺少"));
        let errs = parse(CatalogFormat::Csv, "code,name,bureaus\n", &ctx).unwrap_err();
        assert!(errs[0].message.contains("没有任何事项"));
    }

    #[test]
    fn toml_rows_and_errors_point_at_their_block() {
        let (b, p) = ctx_data();
        let ctx = CatalogContext {
            bureaus: &b,
            protected_codes: &p,
        };
        let ok = "[[item]]\ncode = \"B1\"\nname = \"甲\"\nbureaus = [\"医保局\", \"税务局\"]\ncommon = true\nseq = 3\n";
        let rows = parse(CatalogFormat::Toml, ok, &ctx).unwrap();
        assert_eq!(rows[0].bureau_codes, vec!["yb", "sw"]);
        assert!(rows[0].common);
        assert_eq!(rows[0].seq, Some(3));

        let bad = format!("{ok}\n[[item]]\ncode = \"B2\"\nname = \"乙\"\nbureaus = [\"火星局\"]\n");
        let errs = parse(CatalogFormat::Toml, &bad, &ctx).unwrap_err();
        assert_eq!(errs[0].line, 8);

        let broken = "[[item]]\ncode = \"B1\"\nname = 甲\n";
        let errs = parse(CatalogFormat::Toml, broken, &ctx).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("TOML"));
    }
}
