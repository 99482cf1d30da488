//! Words out of text, for Japanese with no spaces and for English.
//!
//! Japanese is not segmented by a dictionary: text is split into runs of one script, and runs of
//! kanji or katakana give their character bigrams (a single character gives itself). Hiragana runs
//! are dropped: they are mostly particles and endings (を, して, ます), which would make every text
//! look alike. ASCII gives whole words, lower-cased, without stop words and with a light plural
//! stemmer. Full-width letters and digits (ＷＡＦ) are folded to ASCII first.
//!
//! A small synonym table adds *concept* terms, so that ランサムウェア in a need meets "ransomware"
//! in a product, and 標的型 meets "phishing".

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Domain concepts and the surfaces that mean them. Surfaces that are pure ASCII are compared
/// with whole stemmed words; the others are searched in the normalised text, so they may span
/// scripts (改ざん, 無線lan).
pub const SYNONYMS: &[(&str, &[&str])] = &[
    ("ransomware", &["ランサムウェア", "ランサム", "ransomware"]),
    ("telework", &["テレワーク", "リモートワーク", "在宅勤務", "telework", "teleworking", "remote"]),
    ("phishing", &["標的型", "フィッシング", "詐欺メール", "phishing", "spear-phishing"]),
    ("malware", &["マルウェア", "ウイルス", "ウィルス", "malware", "virus", "anti-virus"]),
    ("vulnerability", &["脆弱性", "vulnerability", "vulnerable"]),
    ("waf", &["waf", "ウェブアプリケーションファイアウォール"]),
    ("edr", &["edr"]),
    ("utm", &["utm", "統合脅威管理"]),
    ("vpn", &["vpn"]),
    ("firewall", &["ファイアウォール", "firewall"]),
    ("backup", &["バックアップ", "backup"]),
    ("leak", &["漏えい", "漏洩", "情報流出", "leak", "exfiltration"]),
    ("encryption", &["暗号化", "encryption", "encrypt"]),
    ("mfa", &["多要素認証", "二要素認証", "二段階認証", "mfa", "2fa", "multi-factor", "two-factor"]),
    ("account_takeover", &["乗っ取", "なりすまし", "takeover", "hijack", "impostor"]),
    ("wifi", &["wi-fi", "wifi", "無線lan", "無線"]),
    ("iot", &["iot", "防犯カメラ", "監視カメラ"]),
    ("defacement", &["改ざん", "改竄", "書き換え", "defacement", "tampered"]),
    ("audit", &["監査", "チェックシート", "audit", "checklist"]),
    ("training", &["訓練", "eラーニング", "training", "drill", "e-learning"]),
    ("monitoring", &["監視", "monitoring", "soc"]),
    ("log", &["ログ", "log"]),
    ("lost_device", &["紛失", "なくした", "lost"]),
    ("asset_inventory", &["資産管理", "棚卸", "inventory"]),
    ("penetration_test", &["ペネトレーション", "penetration", "pentest"]),
    ("forensics", &["フォレンジック", "forensic"]),
];

// A text's concepts are collected in a `u64` bit set.
const _: () = assert!(SYNONYMS.len() <= 64);

/// English words that carry no meaning for matching.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "by",
    "can", "could", "do", "doe", "each", "even", "for", "from", "ha", "has", "have", "how", "if", "in", "into",
    "is", "it", "its", "just", "more", "most", "must", "no", "not", "of", "on", "one", "only", "or", "other",
    "our", "out", "over", "per", "so", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "up", "us", "very", "via", "wa", "was", "we", "well", "were", "what",
    "when", "which", "will", "with", "would", "you", "your",
];

/// What a term is; the scorer weighs the kinds differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A domain concept from [`SYNONYMS`], whatever language it was written in.
    Concept,
    /// A whole ASCII word.
    Word,
    /// A kanji or katakana bigram (or a lone character).
    Gram,
}

/// One term found in a text. `surface` is the word or script run it came from (for a concept,
/// its code), so that explanations can show the reader's own words rather than bigrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'a> {
    pub kind: TermKind,
    pub text: &'a str,
    pub surface: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Ascii,
    Kanji,
    Katakana,
    Hiragana,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'a'..='z' | '0'..='9' | '-' => Script::Ascii,
        '\u{3005}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => Script::Kanji,
        '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{31F0}'..='\u{31FF}' => Script::Katakana,
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        _ => Script::Other,
    }
}

/// Full-width ASCII folded to ASCII, then lower-cased.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Plural and third-person endings off, so "devices" meets "device".
fn stem(word: &str) -> Cow<'_, str> {
    if word.len() > 4 && word.ends_with("ies") {
        Cow::Owned(format!("{}y", &word[..word.len() - 3]))
    } else if word.len() >= 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        Cow::Borrowed(&word[..word.len() - 1])
    } else {
        Cow::Borrowed(word)
    }
}

fn is_ascii_surface(surface: &str) -> bool {
    surface.bytes().all(|b| b.is_ascii())
}

/// The non-ASCII synonym surfaces by first character, for a scan that tries only the surfaces
/// that can start at each character (instead of searching the text once per surface).
static SURFACES_BY_FIRST_CHAR: LazyLock<Vec<(char, &'static str, usize)>> = LazyLock::new(|| {
    let mut table: Vec<(char, &'static str, usize)> = SYNONYMS
        .iter()
        .enumerate()
        .flat_map(|(n, (_, surfaces))| surfaces.iter().map(move |s| (n, *s)))
        .filter(|(_, s)| !is_ascii_surface(s))
        .filter_map(|(n, s)| s.chars().next().map(|first| (first, s, n)))
        .collect();
    table.sort_unstable();
    table
});

/// Calls `emit` for every term of `text`: words and grams in text order, then concepts in
/// [`SYNONYMS`] order, each concept once.
pub fn scan(text: &str, mut emit: impl FnMut(Term<'_>)) {
    let text = normalise(text);
    let surfaces = &*SURFACES_BY_FIRST_CHAR;
    let mut concepts: u64 = 0;
    let mut run_start = 0;
    let mut run_script = None;
    for (i, c) in text.char_indices() {
        let s = script(c);
        if run_script != Some(s) {
            if let Some(previous) = run_script {
                scan_run(previous, &text[run_start..i], &mut concepts, &mut emit);
            }
            run_start = i;
            run_script = Some(s);
        }
        if !c.is_ascii() {
            let from = surfaces.partition_point(|(first, _, _)| *first < c);
            for (_, surface, n) in surfaces[from..].iter().take_while(|(first, _, _)| *first == c) {
                if text[i..].starts_with(surface) {
                    concepts |= 1 << n;
                }
            }
        }
    }
    if let Some(last) = run_script {
        scan_run(last, &text[run_start..], &mut concepts, &mut emit);
    }
    for (n, (code, _)) in SYNONYMS.iter().enumerate() {
        if concepts & (1 << n) != 0 {
            emit(Term { kind: TermKind::Concept, text: code, surface: code });
        }
    }
}

/// The terms of one run of a single script; ASCII words also mark the concepts they spell.
fn scan_run(script: Script, run: &str, concepts: &mut u64, emit: &mut impl FnMut(Term<'_>)) {
    match script {
        Script::Ascii => {
            let word = run.trim_matches('-');
            if word.len() < 2 || word.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                return;
            }
            let stemmed = stem(word);
            if STOP_WORDS.contains(&stemmed.as_ref()) {
                return;
            }
            for (n, (_, surfaces)) in SYNONYMS.iter().enumerate() {
                if surfaces.iter().any(|s| is_ascii_surface(s) && *s == stemmed.as_ref()) {
                    *concepts |= 1 << n;
                }
            }
            emit(Term { kind: TermKind::Word, text: &stemmed, surface: word });
        }
        Script::Kanji | Script::Katakana => {
            let mut chars = run.char_indices().peekable();
            if run.chars().nth(1).is_none() {
                emit(Term { kind: TermKind::Gram, text: run, surface: run });
            }
            while let (Some((at, c)), Some(&(_, next))) = (chars.next(), chars.peek()) {
                let end = at + c.len_utf8() + next.len_utf8();
                emit(Term { kind: TermKind::Gram, text: &run[at..end], surface: run });
            }
        }
        Script::Hiragana | Script::Other => {}
    }
}

/// Terms interned as dense `u32` ids, shared by products and needs so their ids compare. It only
/// grows: a term that no text uses any more costs a few bytes and changes no score.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    /// Concepts live in their own map: a concept code may be spelt like an ordinary word.
    concepts: HashMap<&'static str, u32>,
    terms: HashMap<Box<str>, u32>,
    kinds: Vec<TermKind>,
}

impl Vocabulary {
    pub fn intern(&mut self, term: Term<'_>) -> u32 {
        if let Some(id) = self.lookup(term) {
            return id;
        }
        let id = u32::try_from(self.kinds.len()).expect("fewer than 4 billion distinct terms");
        self.kinds.push(term.kind);
        match term.kind {
            TermKind::Concept => {
                let code = SYNONYMS.iter().map(|(code, _)| *code).find(|c| *c == term.text).unwrap_or("");
                self.concepts.insert(code, id);
            }
            TermKind::Word | TermKind::Gram => {
                self.terms.insert(term.text.into(), id);
            }
        }
        id
    }

    pub fn lookup(&self, term: Term<'_>) -> Option<u32> {
        match term.kind {
            TermKind::Concept => self.concepts.get(term.text).copied(),
            TermKind::Word | TermKind::Gram => self.terms.get(term.text).copied(),
        }
    }

    /// How many distinct terms there are: the size of a dense per-term array.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    pub fn kind(&self, id: u32) -> TermKind {
        self.kinds[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(TermKind, String)> {
        let mut out = Vec::new();
        scan(text, |t| out.push((t.kind, t.text.to_owned())));
        out
    }

    fn texts(text: &str, kind: TermKind) -> Vec<String> {
        terms(text).into_iter().filter(|(k, _)| *k == kind).map(|(_, t)| t).collect()
    }

    #[test]
    fn japanese_gives_bigrams_of_kanji_and_katakana_runs_without_hiragana() {
        assert_eq!(
            texts("ランサムウェア対策をしたい", TermKind::Gram),
            ["ラン", "ンサ", "サム", "ムウ", "ウェ", "ェア", "対策"]
        );
        assert_eq!(texts("古いパソコン", TermKind::Gram), ["古", "パソ", "ソコ", "コン"], "a lone kanji is a term");
    }

    #[test]
    fn english_gives_stemmed_words_without_stop_words() {
        assert_eq!(
            texts("Protects the PCs of your Devices and Policies", TermKind::Word),
            ["protect", "pc", "device", "policy"]
        );
        assert_eq!(texts("Wi-Fi 24 hours", TermKind::Word), ["wi-fi", "hour"], "numbers alone are not words");
    }

    #[test]
    fn full_width_letters_fold_to_ascii() {
        assert_eq!(texts("ＷＡＦを入れたい", TermKind::Word), ["waf"]);
        assert_eq!(texts("ＷＡＦを入れたい", TermKind::Concept), ["waf"]);
    }

    #[test]
    fn synonyms_join_languages() {
        for (ja, en, concept) in [
            ("ランサムウェア対策", "ransomware protection", "ransomware"),
            ("テレワーク環境", "remote access for staff", "telework"),
            ("標的型メール訓練", "phishing drills", "phishing"),
            ("脆弱性診断", "vulnerability scanning", "vulnerability"),
            ("ホームページの改ざん", "defacement", "defacement"),
        ] {
            assert!(texts(ja, TermKind::Concept).contains(&concept.to_owned()), "{ja} → {concept}");
            assert!(texts(en, TermKind::Concept).contains(&concept.to_owned()), "{en} → {concept}");
        }
        assert_eq!(texts("EDRとUTMとVPN", TermKind::Concept), ["edr", "utm", "vpn"]);
        assert!(texts("Vulnerabilities", TermKind::Concept).contains(&"vulnerability".to_owned()), "plural");
    }

    #[test]
    fn the_surface_of_a_gram_is_its_run() {
        let mut surfaces = Vec::new();
        scan("脆弱性を放置", |t| surfaces.push(t.surface.to_owned()));
        assert_eq!(surfaces, ["脆弱性", "脆弱性", "放置", "vulnerability"]);
    }

    #[test]
    fn interning_keeps_concepts_apart_from_words() {
        let mut vocabulary = Vocabulary::default();
        let word = vocabulary.intern(Term { kind: TermKind::Word, text: "edr", surface: "edr" });
        let concept = vocabulary.intern(Term { kind: TermKind::Concept, text: "edr", surface: "edr" });
        assert_ne!(word, concept);
        assert_eq!(vocabulary.intern(Term { kind: TermKind::Word, text: "edr", surface: "EDR" }), word);
        assert_eq!(vocabulary.len(), 2);
        assert_eq!(vocabulary.kind(concept), TermKind::Concept);
    }
}
