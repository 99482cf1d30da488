//! From worries to categories. A small firm often cannot name a category ("EDR"?) but can say what
//! worries it ("ransomware"); this table turns each worry into the categories that address it, so
//! a need without categories still has candidates.

use super::facts::{Category, Worry};

use Category::*;

/// Worry → the categories of products that address it. Kept as data so it can be read and
/// reviewed at a glance; a test checks that every worry has a row.
pub const WORRY_CATEGORIES: &[(Worry, &[Category])] = &[
    (Worry::Ransomware, &[Edr, Endpoint, Utm, DataProtection]),
    (Worry::Telework, &[Vpn, Endpoint, IdentityAccess]),
    (Worry::EmailFraud, &[EducationTraining, Utm, Endpoint]),
    (Worry::WebsiteDefacement, &[Waf, VulnerabilityAssessment, VulnerabilityVisualisation]),
    (Worry::CustomerAudit, &[SecurityAudit, ItAssetManagement, VulnerabilityVisualisation]),
    (Worry::InfoLeak, &[DataProtection, FileEncryption, LogManagement]),
    (Worry::LostDevice, &[Endpoint, FileEncryption, ItAssetManagement]),
    (Worry::UnknownDevices, &[ItAssetManagement, NetworkSecurity, ThreatVisualisation, ItAssetAuthentication]),
    (Worry::Vulnerability, &[VulnerabilityVisualisation, VulnerabilityAssessment, ItAssetManagement]),
    (Worry::Wifi, &[WifiSecurity, NetworkSecurity]),
    (Worry::Iot, &[IotSecurity, NetworkSecurity]),
    (Worry::AccountTakeover, &[IdentityAccess, LogManagement]),
];

/// Worry → the [`super::text::SYNONYMS`] concept it is about. A need's worries join its words,
/// so a firm that ticked "ransomware" meets products that talk about ransomware even when its
/// own text does not say the word.
pub const WORRY_CONCEPTS: &[(Worry, &str)] = &[
    (Worry::Ransomware, "ransomware"),
    (Worry::Telework, "telework"),
    (Worry::EmailFraud, "phishing"),
    (Worry::WebsiteDefacement, "defacement"),
    (Worry::CustomerAudit, "audit"),
    (Worry::InfoLeak, "leak"),
    (Worry::LostDevice, "lost_device"),
    (Worry::UnknownDevices, "asset_inventory"),
    (Worry::Vulnerability, "vulnerability"),
    (Worry::Wifi, "wifi"),
    (Worry::Iot, "iot"),
    (Worry::AccountTakeover, "account_takeover"),
];

/// The concept code of one worry.
pub fn concept_of(worry: Worry) -> Option<&'static str> {
    WORRY_CONCEPTS.iter().find(|(w, _)| *w == worry).map(|(_, code)| *code)
}

/// Concepts that name a kind of product outright (WAF, EDR, バックアップ, …); with the worries'
/// concepts they tell the categories of a need that gave neither categories nor worries, only
/// words ("ランサムウェア対策をしたい").
pub const CONCEPT_CATEGORIES: &[(&str, &[Category])] = &[
    ("waf", &[Waf]),
    ("edr", &[Edr]),
    ("utm", &[Utm]),
    ("vpn", &[Vpn]),
    ("firewall", &[Utm, NetworkSecurity]),
    ("malware", &[Endpoint, Edr, MalwareSeverity]),
    ("backup", &[DataProtection]),
    ("encryption", &[FileEncryption]),
    ("mfa", &[IdentityAccess]),
    ("log", &[LogManagement]),
    ("monitoring", &[SecurityMonitoring]),
    ("training", &[EducationTraining]),
    ("penetration_test", &[HighLevelVerification, VulnerabilityAssessment]),
    ("forensics", &[DigitalForensics]),
];

/// The categories a concept points at, as a bit mask: those of the worry it names, or its own.
pub fn categories_of_concept(code: &str) -> u32 {
    let of_worry = WORRY_CONCEPTS.iter().filter(|(_, c)| *c == code).fold(0, |mask, (w, _)| mask | categories_of(*w));
    let own = CONCEPT_CATEGORIES.iter().filter(|(c, _)| *c == code).flat_map(|(_, categories)| categories.iter());
    own.fold(of_worry, |mask, c| mask | c.bit())
}

/// The categories addressing one worry, as a bit mask.
pub fn categories_of(worry: Worry) -> u32 {
    WORRY_CATEGORIES
        .iter()
        .find(|(w, _)| *w == worry)
        .map_or(0, |(_, categories)| categories.iter().fold(0, |mask, c| mask | c.bit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_worry_has_categories() {
        for worry in Worry::ALL {
            assert_ne!(categories_of(*worry), 0, "{worry:?} has no row");
        }
        assert_eq!(WORRY_CATEGORIES.len(), Worry::ALL.len(), "one row a worry");
        for worry in Worry::ALL {
            let concept = concept_of(*worry).unwrap_or_else(|| panic!("{worry:?} has no concept"));
            assert!(super::super::text::SYNONYMS.iter().any(|(code, _)| *code == concept), "{concept} is a concept");
        }
    }

    #[test]
    fn concepts_point_at_categories() {
        assert_eq!(categories_of_concept("ransomware"), categories_of(Worry::Ransomware));
        assert_eq!(categories_of_concept("waf"), Waf.bit());
        assert_eq!(categories_of_concept("no_such_concept"), 0);
        for (code, _) in CONCEPT_CATEGORIES {
            assert!(super::super::text::SYNONYMS.iter().any(|(c, _)| c == code), "{code} is a concept");
        }
    }

    #[test]
    fn ransomware_points_at_endpoint_protection() {
        let mask = categories_of(Worry::Ransomware);
        assert_eq!(mask, Edr.bit() | Endpoint.bit() | Utm.bit() | DataProtection.bit());
    }
}
