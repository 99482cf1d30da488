//! CSV for the console's exports, pure: UTF-8 with a byte-order mark (so that Excel in Japan reads
//! it as UTF-8, not Shift_JIS), CRLF line ends and RFC 4180 quoting. A text cell that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start, and not a number)
//! gets a leading apostrophe, as OWASP advises against CSV injection.

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// The whole file: BOM, the header row, then the rows.
pub fn write(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    push_row(&mut out, headers);
    for row in rows {
        push_row(&mut out, row);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, &defuse(cell));
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() { format!("'{cell}").into() } else { cell.into() }
}

/// Reads a file written by [`write`] back into rows (the BOM dropped). For tests and tools.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                if chars.next() != Some('\n') {
                    return Err("a CR not followed by LF outside quotes".to_owned());
                }
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => return Err("a bare LF line end".to_owned()),
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err("an unterminated quoted cell".to_owned());
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn writes_bom_crlf_and_quotes_only_what_needs_it() {
        let out = write(&s(&["名前", "件数"]), &[s(&["岐阜, \"本社\"", "3"]), s(&["二行\n目", "-4"])]);
        assert_eq!(out, "\u{feff}名前,件数\r\n\"岐阜, \"\"本社\"\"\",3\r\n\"二行\n目\",-4\r\n");
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_are_not() {
        let out = write(&s(&["a"]), &[s(&["=1+1"]), s(&["-12.5"]), s(&["@SUM(A1)"])]);
        assert_eq!(parse(&out).unwrap(), vec![s(&["a"]), s(&["'=1+1"]), s(&["-12.5"]), s(&["'@SUM(A1)"])]);
    }

    #[test]
    fn round_trips_japanese_text_with_quotes_commas_and_newlines() {
        let headers = s(&["製品", "説明"]);
        let rows =
            vec![s(&["yamory", "OSSの脆弱性を「見える化」, 自動で"]), s(&["WiSAS", "Wi-Fi\r\n\"安全\""]), s(&["", ""])];
        let parsed = parse(&write(&headers, &rows)).unwrap();
        assert_eq!(parsed[0], headers);
        assert_eq!(&parsed[1..], &rows[..]);
    }
}
