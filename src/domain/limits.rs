//! How much a request may carry. The body limit caps the whole form; the field limits keep
//! one oversized value (a name of 60,000 characters) out of tables and pages that were laid
//! out for a line of text.

/// The largest url-encoded form body, in bytes (a Markdown module or a question bank fits).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The largest uploaded file (the catalog import), in bytes.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// Fields that hold a document: Markdown module bodies and GIFT question banks. Only the
/// body limit bounds them.
const DOCUMENT_FIELDS: [&str; 2] = ["body", "gift"];

/// Fields that hold a few sentences: reasons, notes, comments, per-category thresholds.
const PARAGRAPH_FIELDS: [&str; 4] = ["reason", "note", "comment", "per_category"];

pub const PARAGRAPH_CHARS: usize = 2_000;
/// Every other field is one line: a name, a code, a date, a number, a token.
pub const LINE_CHARS: usize = 500;

/// The most characters a form field of this name may hold.
pub fn field_limit(name: &str) -> usize {
    if DOCUMENT_FIELDS.contains(&name) {
        MAX_FORM_BYTES
    } else if PARAGRAPH_FIELDS.contains(&name) {
        PARAGRAPH_CHARS
    } else {
        LINE_CHARS
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldTooLong {
    pub field: String,
    pub max: usize,
    pub actual: usize,
}

/// The first field longer than its limit, if any.
pub fn check_fields<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), FieldTooLong> {
    for (name, value) in pairs {
        let max = field_limit(name);
        // bytes bound chars from above: count chars only for values that might be over
        if value.len() > max {
            let actual = value.chars().count();
            if actual > max {
                return Err(FieldTooLong {
                    field: name.to_string(),
                    max,
                    actual,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_limit_table() {
        let line = "名".repeat(LINE_CHARS);
        let over_line = "a".repeat(LINE_CHARS + 1);
        let paragraph = "理".repeat(PARAGRAPH_CHARS);
        let over_paragraph = "x".repeat(PARAGRAPH_CHARS + 1);
        let document = "# 标题\n".repeat(5_000);
        // (field, value, Ok or Err((limit, length)))
        type Row<'a> = (&'a str, &'a str, Result<(), (usize, usize)>);
        let table: [Row; 6] = [
            ("display_name", &line, Ok(())),
            (
                "display_name",
                &over_line,
                Err((LINE_CHARS, LINE_CHARS + 1)),
            ),
            ("reason", &paragraph, Ok(())),
            (
                "reason",
                &over_paragraph,
                Err((PARAGRAPH_CHARS, PARAGRAPH_CHARS + 1)),
            ),
            ("body", &document, Ok(())),
            (
                "title",
                &over_paragraph,
                Err((LINE_CHARS, PARAGRAPH_CHARS + 1)),
            ),
        ];
        for (name, value, expected) in table {
            let got = check_fields([(name, value)]).map_err(|e| {
                assert_eq!(e.field, name);
                (e.max, e.actual)
            });
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn the_first_long_field_is_named() {
        let long = "y".repeat(600);
        let err =
            check_fields([("a", "ok"), ("b", long.as_str()), ("c", long.as_str())]).unwrap_err();
        assert_eq!(err.field, "b");
    }
}
