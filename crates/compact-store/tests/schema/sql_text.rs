//! The text of SQL as the two engines spell it, made comparable: casts,
//! spacing and redundant parentheses removed, comments and literals skipped
//! when looking for keywords and names.

/// An index column or predicate in one spelling for both engines: lower
/// case, no casts, single spaces between words and none beside brackets or
/// commas, no parentheses around a lone literal or the whole expression.
pub fn normalise_expression(text: &str) -> String {
    let mut s = text.to_lowercase();
    s = without_casts(&s);
    // One space between words, none beside punctuation.
    let spaced = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = spaced.chars().collect();
    s = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let punct = |j: Option<&char>| j.is_some_and(|c| "(),".contains(*c));
            c != ' ' || !(punct(chars.get(i.wrapping_sub(1))) || punct(chars.get(i + 1)))
        })
        .map(|(_, &c)| c)
        .collect();
    // "(0)" -> "0", "('x')" -> "'x'"; and a predicate wrapped whole.
    loop {
        let before = s.clone();
        s = strip_literal_parens(&s);
        if s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
            s = s[1..s.len() - 1].to_string();
        }
        if s == before {
            return s;
        }
    }
}

/// Remove PostgreSQL casts (`::text`, `::bigint`, `::character varying`).
pub fn without_casts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("::") {
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ' '))
            .unwrap_or(rest.len());
        // A multi-word type ("character varying") ends at punctuation;
        // trailing spaces belong to what follows.
        let ty = &rest[..end];
        let kept = ty.len() - ty.trim_end().len();
        rest = &rest[end - kept..];
    }
    out.push_str(rest);
    out
}

pub fn strip_literal_parens(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' {
            if let Some(close) = chars[i + 1..].iter().position(|&c| c == ')') {
                let inner: String = chars[i + 1..i + 1 + close].iter().collect();
                let literal = inner.parse::<f64>().is_ok()
                    || (inner.len() >= 2
                        && inner.starts_with('\'')
                        && inner.ends_with('\'')
                        && !inner[1..inner.len() - 1].contains('\''));
                let after_word =
                    i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '_');
                if literal && !after_word {
                    out.push_str(&inner);
                    i += close + 2;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

pub fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

pub fn normalise_default(text: &str) -> Option<String> {
    let s = without_casts(text.trim());
    if s.starts_with("nextval(") {
        return None;
    }
    Some(match s.to_lowercase().as_str() {
        "true" => "1".into(),
        "false" => "0".into(),
        _ => s,
    })
}

/// `--` comments and string literals removed, so keywords and identifiers
/// can be found in a statement's text.
pub fn code_only(sql: &str, keep_strings: bool) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '\'' => {
                let mut literal = String::from('\'');
                while let Some(c) = chars.next() {
                    literal.push(c);
                    if c == '\'' {
                        if chars.peek() == Some(&'\'') {
                            literal.push(chars.next().unwrap());
                        } else {
                            break;
                        }
                    }
                }
                out.push_str(if keep_strings { &literal } else { "''" });
            }
            _ => out.push(c),
        }
    }
    out
}

/// The text inside the parenthesis that opens at byte `open`.
pub fn parenthesised(s: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &s[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    &s[open + 1..]
}

pub fn split_top_level(s: &str) -> Vec<String> {
    let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}
