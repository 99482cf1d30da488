//! Synthetic demo data at scale (`colapla demo --scale N`): `count` products and `count` needs,
//! plus the vendor, user-company and verifier organisations they refer to.
//!
//! The output is deterministic for a seed, and self-contained: every organisation key it uses is
//! one of its own. Keys start with `gen-` (`gen-v-` vendors, `gen-u-` user companies, `gen-x-`
//! verifiers), which no key of `data/demo.toml` does, so both can be loaded together.
//! Generated text is Japanese with English alternatives, built from phrase lists that carry the
//! words people search for (ランサムウェア, テレワーク, 標的型メール, 脆弱性, WAF, EDR, UTM, ログ).

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::index;
use rand::{Rng, SeedableRng};

use super::model::{DemoData, DemoNeed, DemoOrganisation, DemoProduct, DemoVerification};

// ---------------------------------------------------------------------------------------------
// Reference codes that exist in the database
// ---------------------------------------------------------------------------------------------

/// JIS X 0401 prefecture codes.
pub const PREFECTURES: std::ops::RangeInclusive<i16> = 1..=47;

#[rustfmt::skip]
pub const REGIONS: [&str; 8] = [
    "hokkaido", "tohoku", "kanto", "chubu",
    "kinki", "chugoku", "shikoku", "kyushu_okinawa",
];

#[rustfmt::skip]
pub const CATEGORIES: [&str; 25] = [
    "threat_visualisation", "vulnerability_visualisation", "it_asset_management", "threat_intelligence",
    "malware_severity", "education_training", "high_level_verification", "it_asset_authentication",
    "data_protection", "identity_access", "utm", "endpoint",
    "edr", "vpn", "log_management", "file_encryption",
    "waf", "network_security", "wifi_security", "iot_security",
    "otasuketai", "security_audit", "vulnerability_assessment", "digital_forensics",
    "security_monitoring",
];

#[rustfmt::skip]
pub const INDUSTRIES: [&str; 14] = [
    "manufacturing", "construction", "it", "retail", "finance",
    "medical", "logistics", "hospitality", "real_estate", "education",
    "professional", "public", "agriculture", "other",
];

/// Size bands, smallest first.
#[rustfmt::skip]
pub const SIZE_BANDS: [&str; 6] = [
    "micro", "small", "small_medium", "medium", "medium_large", "large",
];

/// Employee ranges of [`SIZE_BANDS`], index for index (the last is open-ended; 2,000 caps it here).
#[rustfmt::skip]
pub const SIZE_BAND_EMPLOYEES: [(i32, i32); 6] =
    [(1, 5), (6, 20), (21, 50), (51, 100), (101, 300), (301, 2000)];

#[rustfmt::skip]
pub const WORRIES: [&str; 12] = [
    "ransomware", "telework", "email_fraud", "website_defacement",
    "customer_audit", "info_leak", "lost_device", "unknown_devices",
    "vulnerability", "wifi", "iot", "account_takeover",
];

pub const ORGANISATION_KINDS: [&str; 4] = ["vendor", "user_company", "organiser", "verifier"];
pub const MEMBER_ROLES: [&str; 3] = ["owner", "admin", "member"];
pub const VERIFICATION_LEVELS: [&str; 4] = ["green", "blue", "red", "dev"];
pub const NEED_VISIBILITIES: [&str; 3] = ["private", "anonymous", "named"];
pub const WORKING_GROUP_KINDS: [&str; 5] = ["policy", "seeds", "needs", "matching", "regional"];
pub const DEPLOYMENTS: [&str; 4] = ["cloud", "on_premises", "appliance", "service"];
pub const LOCALES: [&str; 2] = ["ja", "en"];

/// Otasuketai price caps (tax excluded): network type per month, endpoint type per device a month.
pub const OTASUKETAI_MONTHLY_CAP_YEN: i64 = 10_000;
pub const OTASUKETAI_PER_DEVICE_CAP_YEN: i64 = 2_000;

/// How many generated verifier organisations every non-empty output has.
const VERIFIER_COUNT: usize = 3;
/// About one vendor organisation per this many products…
const PRODUCTS_PER_VENDOR: usize = 5;
/// …and one user company per this many needs.
const NEEDS_PER_USER_COMPANY: usize = 3;
/// Verifications recorded this many days ago or fewer are current (validity is two years).
const MAX_CURRENT_DAYS_AGO: u32 = 600;

// ---------------------------------------------------------------------------------------------
// Phrase lists
// ---------------------------------------------------------------------------------------------

/// One sentence in both languages.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    ja: &'static str,
    en: &'static str,
}

const fn p(ja: &'static str, en: &'static str) -> Phrase {
    Phrase { ja, en }
}

const fn profile(
    code: &'static str,
    name_suffix: &'static str,
    deployments: &'static [&'static str],
    related: &'static [&'static str],
    weight: u32,
    phrases: [Phrase; 2],
) -> CategoryProfile {
    CategoryProfile { code, name_suffix, deployments, related, phrases, weight }
}

/// What a product of a category looks like.
#[derive(Debug)]
struct CategoryProfile {
    code: &'static str,
    /// Appended to a brand word to make a product name.
    name_suffix: &'static str,
    deployments: &'static [&'static str],
    /// Categories a product of this kind often also belongs to.
    related: &'static [&'static str],
    phrases: [Phrase; 2],
    /// Relative frequency among generated products (small-firm categories are commoner).
    weight: u32,
}

#[rustfmt::skip]
static PROFILES: [CategoryProfile; 25] = [
    profile("threat_visualisation", "Radar", &["cloud", "appliance"], &["network_security", "log_management"], 2, [
        p("社内ネットワークの通信を分析し、普段と違う振る舞いや不審な通信を画面上で見える化します。",
          "Analyses network traffic and shows unusual behaviour and suspicious connections on screen."),
        p("検知した脅威を深刻度ごとに色分けして表示するので、どこから手を付けるべきかが分かります。",
          "Colour-codes detected threats by severity, so you know where to start."),
    ]),
    profile("vulnerability_visualisation", "Scope", &["cloud"], &["it_asset_management", "vulnerability_assessment"], 2, [
        p("サーバーやパソコンで動いているソフトウェアの脆弱性を自動で洗い出し、危険度の高い順に一覧にします。",
          "Finds vulnerabilities in the software on servers and PCs and lists them by risk."),
        p("新しい脆弱性が公表されると、影響を受ける機器をすぐに知らせます。",
          "Alerts you to affected devices as soon as a new vulnerability is published."),
    ]),
    profile("it_asset_management", "Asset", &["cloud", "on_premises"], &["endpoint", "vulnerability_visualisation"], 2, [
        p("社内のパソコン・サーバー・ソフトウェアのライセンスを自動で棚卸しし、台帳をいつも最新に保ちます。",
          "Inventories PCs, servers and software licences automatically and keeps the register current."),
        p("許可されていない機器やソフトウェアの利用を見つけて知らせます。",
          "Spots unauthorised devices and software and reports them."),
    ]),
    profile("threat_intelligence", "Intel", &["cloud"], &["threat_visualisation"], 1, [
        p("国内外の攻撃情報を集めて整理し、自社に関係する脅威だけを分かりやすく届けます。",
          "Collects and organises attack information from Japan and abroad and delivers only the threats relevant to you."),
        p("攻撃に使われるIPアドレスやドメインの情報を、UTMやファイアウォールの設定に生かせます。",
          "Feeds IP addresses and domains used in attacks into UTM and firewall settings."),
    ]),
    profile("malware_severity", "Triage", &["cloud", "service"], &["edr", "digital_forensics"], 1, [
        p("マルウェアに感染した端末を調べ、被害の広がりと深刻さを短時間で判定します。",
          "Examines infected devices and quickly judges how far and how badly malware has spread."),
        p("ランサムウェアなどの感染が疑われるときに、まず何をすべきかを示します。",
          "Tells you what to do first when ransomware or another infection is suspected."),
    ]),
    profile("education_training", "Academy", &["cloud", "service"], &["security_audit"], 3, [
        p("標的型メール訓練とeラーニングで、社員一人ひとりが怪しいメールを見分けられるようにします。",
          "Targeted-email drills and e-learning teach every employee to spot suspicious mail."),
        p("5分ほどの短い教材を毎月届けるので、忙しい現場でも続けられます。",
          "Short five-minute lessons every month that busy staff can keep up with."),
    ]),
    profile("high_level_verification", "Pentest", &["service"], &["vulnerability_assessment", "iot_security"], 1, [
        p("専門家が攻撃者の立場で機器やシステムを試し、ペネトレーションテストで弱点を明らかにします。",
          "Specialists test devices and systems as an attacker would, exposing weaknesses through penetration testing."),
        p("製品の出荷前に、設計書から実機まで段階を追って検証します。",
          "Verifies a product step by step, from design documents to the real device, before it ships."),
    ]),
    profile("it_asset_authentication", "Attest", &["cloud", "appliance"], &["it_asset_management", "identity_access"], 1, [
        p("ネットワークにつながる機器が正規のものかを証明書で確かめ、なりすまし機器の接続を防ぎます。",
          "Checks with certificates that connected devices are genuine and keeps impostors off the network."),
        p("機器のファームウェアが改ざんされていないかを定期的に確かめます。",
          "Regularly checks that device firmware has not been tampered with."),
    ]),
    profile("data_protection", "Vault", &["cloud", "on_premises"], &["file_encryption", "identity_access"], 2, [
        p("重要なデータを自動でバックアップし、ランサムウェアで暗号化されても元に戻せるようにします。",
          "Backs up important data automatically so it can be restored even after ransomware encrypts it."),
        p("個人情報や機密情報の持ち出しを検知し、情報漏えいを防ぎます。",
          "Detects personal and confidential data leaving the company and prevents leaks."),
    ]),
    profile("identity_access", "ID", &["cloud"], &["data_protection", "log_management"], 2, [
        p("クラウドサービスへのログインを多要素認証とシングルサインオンでまとめて守ります。",
          "Protects logins to cloud services with multi-factor authentication and single sign-on."),
        p("退職者のアカウントの消し忘れや、使い回しのパスワードによる乗っ取りを防ぎます。",
          "Prevents takeovers through leavers' forgotten accounts and reused passwords."),
    ]),
    profile("utm", "UTM", &["appliance", "service"], &["network_security", "vpn", "security_monitoring"], 6, [
        p("ファイアウォール・アンチウイルス・Webフィルタリング・不正侵入防止を1台にまとめたUTMで、会社のネットワークの出入口を守ります。",
          "A UTM combining firewall, anti-virus, web filtering and intrusion prevention guards the network edge."),
        p("UTMのログを専門スタッフが確認し、危険な通信があれば連絡します。",
          "Specialists review the UTM logs and call you about dangerous traffic."),
    ]),
    profile("endpoint", "Endpoint", &["cloud"], &["edr", "it_asset_management"], 6, [
        p("パソコンやスマートフォンにエージェントを入れ、ウイルスやランサムウェアの実行を止めます。",
          "An agent on PCs and smartphones stops viruses and ransomware from running."),
        p("なくしたノートパソコンを遠隔でロックし、データを消去できます。",
          "A lost laptop can be locked and wiped remotely."),
    ]),
    profile("edr", "EDR", &["cloud", "service"], &["endpoint", "security_monitoring"], 5, [
        p("EDRでパソコンやサーバーの動きを記録し、侵入後の怪しい振る舞いを検知して端末を隔離します。",
          "EDR records activity on PCs and servers, detects suspicious behaviour after an intrusion and isolates the device."),
        p("EDRのアラートは専門家が24時間体制で分析し、必要な対応を知らせます。",
          "EDR alerts are analysed round the clock by specialists who tell you what to do."),
    ]),
    profile("vpn", "VPN", &["cloud", "appliance"], &["identity_access", "endpoint"], 4, [
        p("テレワーク中の社員が自宅や外出先から安全に社内システムへつなげるVPNを提供します。",
          "A VPN lets staff on telework reach internal systems safely from home or on the road."),
        p("接続してくる端末の状態を確かめ、対策が足りないパソコンからの接続を止めます。",
          "Checks each connecting device and refuses PCs without adequate protection."),
    ]),
    profile("log_management", "Log", &["cloud", "on_premises"], &["security_monitoring", "threat_visualisation"], 4, [
        p("サーバーやネットワーク機器、クラウドサービスのログを一か所に集めて長期間保存し、検索できるようにします。",
          "Collects logs from servers, network devices and cloud services in one place, keeps them long and makes them searchable."),
        p("ログから不正ログインや大量のデータ持ち出しの兆候を見つけて知らせます。",
          "Finds signs of illicit logins and bulk data exfiltration in the logs and notifies you."),
    ]),
    profile("file_encryption", "Crypt", &["cloud", "on_premises"], &["data_protection"], 3, [
        p("ファイルを自動で暗号化し、メールの誤送信やUSBメモリの紛失があっても中身を読まれないようにします。",
          "Encrypts files automatically so a mis-sent email or a lost USB stick exposes nothing."),
        p("社外に送ったファイルも、後から閲覧を止められます。",
          "Access to files already sent outside can be revoked later."),
    ]),
    profile("waf", "WAF", &["cloud"], &["vulnerability_assessment", "network_security"], 4, [
        p("WebサイトへのSQLインジェクションなどの攻撃をクラウド型WAFで遮断し、改ざんや情報漏えいを防ぎます。",
          "A cloud WAF blocks SQL injection and other attacks on your web site, preventing defacement and leaks."),
        p("DNSの設定を変えるだけで、ネットショップや会社のホームページをすぐに守れます。",
          "Protects a web shop or company site as soon as a DNS record is changed."),
    ]),
    profile("network_security", "Net", &["appliance", "cloud"], &["utm", "threat_visualisation"], 3, [
        p("社内ネットワークにつながった機器を自動で見つけ、知らない端末の接続を遮断します。",
          "Finds devices on the internal network automatically and blocks unknown ones."),
        p("ネットワークを部門ごとに分け、感染が社内に広がるのを防ぎます。",
          "Segments the network by department so an infection cannot spread."),
    ]),
    profile("wifi_security", "Air", &["appliance"], &["network_security"], 2, [
        p("無線LANの電波を見張り、なりすましアクセスポイントや不正な接続を検知します。",
          "Watches the Wi-Fi airspace and detects rogue access points and unauthorised connections."),
        p("来客用のWi-Fiと業務用のネットワークを安全に分けて運用できます。",
          "Keeps guest Wi-Fi safely apart from the business network."),
    ]),
    profile("iot_security", "IoT", &["cloud", "appliance"], &["network_security", "vulnerability_visualisation"], 2, [
        p("監視カメラや工場の制御機器などのIoT機器を見つけ出し、脆弱性や外部への公開状態を確かめます。",
          "Finds IoT devices such as cameras and factory controllers and checks their vulnerabilities and exposure."),
        p("IoT機器の不審な通信を検知し、乗っ取りによる被害を防ぎます。",
          "Detects suspicious IoT traffic and prevents damage from hijacked devices."),
    ]),
    profile("otasuketai", "Otasuke", &["service"], &[], 2, [
        p("相談窓口、24時間の見守り、緊急時の駆け付け、簡易サイバー保険をワンパッケージで提供するお助け隊サービスです。",
          "An Otasuketai service: help desk, 24-hour monitoring, on-site emergency support and simple cyber insurance in one package."),
        p("ITやセキュリティに詳しい社員がいなくても、導入から運用まで任せられます。",
          "Hand over everything from set-up to operation, even with no IT or security staff."),
    ]),
    profile("security_audit", "Audit", &["service"], &["education_training"], 2, [
        p("情報セキュリティ監査で規程と運用の状況を確かめ、取引先への説明にも使える報告書にまとめます。",
          "An information-security audit reviews your rules and practice and yields a report you can show customers."),
        p("取引先から届くセキュリティのチェックシートへの回答を支援します。",
          "Helps you answer the security checklists customers send."),
    ]),
    profile("vulnerability_assessment", "Scan", &["service", "cloud"], &["waf", "vulnerability_visualisation"], 2, [
        p("Webアプリケーションやサーバーの脆弱性診断を行い、見つかった問題と直し方を分かりやすく報告します。",
          "Assesses web applications and servers for vulnerabilities and reports the problems and fixes plainly."),
        p("ツールによる自動診断と、専門家の手作業による診断を組み合わせます。",
          "Combines automated scanning with manual testing by experts."),
    ]),
    profile("digital_forensics", "Forensics", &["service"], &["malware_severity", "log_management"], 1, [
        p("サイバー攻撃や情報漏えいが起きたとき、パソコンやサーバーのログや記録を調べて原因と被害範囲を突き止めます。",
          "After an attack or a leak, examines logs and records on PCs and servers to find the cause and the scope."),
        p("調査結果は、警察や取引先への報告に使える形でまとめます。",
          "Findings are written up for reporting to the police and to customers."),
    ]),
    profile("security_monitoring", "SOC", &["service"], &["log_management", "edr", "utm"], 2, [
        p("SOCの専門アナリストが24時間365日ログとアラートを監視し、異常があればすぐに連絡します。",
          "SOC analysts watch logs and alerts around the clock and call you at once about anomalies."),
        p("UTMやEDRなど、すでに使っている製品の監視と運用をまとめて引き受けます。",
          "Takes over monitoring and operation of the UTM, EDR and other products you already use."),
    ]),
];

/// Sentences about what worries small firms; one or two are added to each description.
#[rustfmt::skip]
static WORRY_PHRASES: [Phrase; 8] = [
    p("ランサムウェア対策として、感染の予防から復旧までを支えます。",
      "Supports ransomware defence from prevention to recovery."),
    p("テレワークで社外から使うパソコンも、社内と同じように守れます。",
      "Protects PCs used for telework just as in the office."),
    p("標的型メールによる攻撃の入口対策にも役立ちます。",
      "Also helps against attacks that arrive by targeted email."),
    p("脆弱性を放置した機器を減らし、攻撃されにくい状態を保ちます。",
      "Reduces unpatched, vulnerable devices and keeps you a harder target."),
    p("ログを一定期間保存するので、万一のときの調査にも使えます。",
      "Keeps logs for a set period for investigation if something happens."),
    p("取引先から求められるセキュリティ対策の説明にも役立ちます。",
      "Helps explain your security measures when customers ask."),
    p("UTMやEDRなど、他の対策製品と組み合わせて使えます。",
      "Works alongside other measures such as UTM and EDR."),
    p("WAFと組み合わせれば、Webサイトの守りをさらに固められます。",
      "Combined with a WAF, it strengthens your web site's defences further."),
];

#[rustfmt::skip]
static STRONG_POINTS: [Phrase; 12] = [
    p("専任のIT担当者がいなくても、画面の案内に沿って導入できる",
      "Set up by following the on-screen guide, no IT staff needed"),
    p("月額料金が分かりやすく、小さく始めて必要に応じて広げられる",
      "Clear monthly pricing: start small and grow as needed"),
    p("日本語のサポート窓口に電話とメールで相談できる",
      "Japanese-language support by phone and email"),
    p("国産製品で、国内の攻撃の傾向に合わせて検知ルールを更新している",
      "Made in Japan, with detection rules that follow domestic attack trends"),
    p("検知結果を専門家がかみ砕いて説明してくれる",
      "Specialists explain detections in plain words"),
    p("今使っているパソコンやネットワーク機器をそのまま使える",
      "Works with the PCs and network equipment you already have"),
    p("毎月のレポートで、経営者にも対策の効果が伝わる",
      "Monthly reports show management what the measures achieve"),
    p("ランサムウェアの被害を最小限に抑える仕組みを備えている",
      "Built to keep ransomware damage to a minimum"),
    p("テレワーク環境も同じ管理画面でまとめて管理できる",
      "One console also covers telework"),
    p("他社のUTMやEDRのログとも連携できる",
      "Integrates with logs from other vendors' UTM and EDR"),
    p("導入前に無料で試せる期間がある",
      "A free trial period before you commit"),
    p("大企業での導入実績があり、中小企業向けに機能を絞ったプランもある",
      "Proven at large firms, with a trimmed plan for small ones"),
];

static GENERATED_NOTE: Phrase =
    p("（生成されたデモデータです。価格はデモ用の例示です。）", "(Generated demo data; prices are illustrative.)");

/// Brand words for product names.
#[rustfmt::skip]
static BRANDS: [&str; 20] = [
    "Mamori", "Hikari", "Kumo", "Sora", "Kaze", "Tsubasa", "Kagami", "Tate", "Yoroi", "Hoshi",
    "Nagi", "Akari", "Mirai", "Kizuna", "Takumi", "Sakura", "Aoba", "Minato", "Kaede", "Hayate",
];

/// Edition words for product names, by price tier (small firm, mid, enterprise).
static EDITIONS: [[&str; 4]; 3] =
    [["", " Lite", " for SMB", " Cloud"], ["", " Standard", " Cloud", " Plus"], ["", " Pro", " Enterprise", " Plus"]];

/// Words for company names: (Japanese, romanised).
#[rustfmt::skip]
static NAME_WORDS: [(&str, &str); 16] = [
    ("さくら", "Sakura"), ("あおば", "Aoba"), ("ひかり", "Hikari"), ("みなと", "Minato"),
    ("つばさ", "Tsubasa"), ("かえで", "Kaede"), ("こだま", "Kodama"), ("はやて", "Hayate"),
    ("やまびこ", "Yamabiko"), ("ほしぞら", "Hoshizora"), ("あさひ", "Asahi"), ("しらかば", "Shirakaba"),
    ("なぎさ", "Nagisa"), ("いぶき", "Ibuki"), ("わかば", "Wakaba"), ("たちばな", "Tachibana"),
];

#[rustfmt::skip]
static VENDOR_SUFFIXES: [(&str, &str); 8] = [
    ("セキュア", "Secure"), ("セキュリティ", "Security"), ("ネットワークス", "Networks"), ("システムズ", "Systems"),
    ("テクノロジーズ", "Technologies"), ("サイバーラボ", "Cyber Lab"), ("ソリューションズ", "Solutions"), ("ディフェンス", "Defense"),
];

#[rustfmt::skip]
static USER_WORDS: [(&str, &str); 16] = [
    ("あさひ", "Asahi"), ("みずほ", "Mizuho"), ("やまと", "Yamato"), ("ひまわり", "Himawari"),
    ("いずみ", "Izumi"), ("さかえ", "Sakae"), ("みのり", "Minori"), ("かがやき", "Kagayaki"),
    ("ときわ", "Tokiwa"), ("やよい", "Yayoi"), ("あけぼの", "Akebono"), ("こまち", "Komachi"),
    ("なごみ", "Nagomi"), ("ふたば", "Futaba"), ("まつば", "Matsuba"), ("ゆたか", "Yutaka"),
];

/// A kind of business per industry: (Japanese, English, whether it is a company (株式会社)).
fn business_kinds(industry: &str) -> &'static [(&'static str, &'static str, bool)] {
    match industry {
        "manufacturing" => &[("製作所", "Works", true), ("精工", "Precision", true), ("工業", "Industries", true)],
        "construction" => &[("建設", "Construction", true), ("工務店", "Builders", true)],
        "it" => &[("ソフト", "Soft", true), ("システム", "System", true)],
        "retail" => &[("商店", "Shoten", true), ("ストア", "Store", true)],
        "finance" => &[("保険事務所", "Insurance Office", false), ("ファイナンス", "Finance", true)],
        "medical" => &[("クリニック", "Clinic", false), ("歯科医院", "Dental Clinic", false)],
        "logistics" => &[("運輸", "Transport", true), ("物流", "Logistics", true)],
        "hospitality" => &[("旅館", "Ryokan", true), ("ホテル", "Hotel", true)],
        "real_estate" => &[("不動産", "Real Estate", true), ("住宅", "Homes", true)],
        "education" => &[("学習塾", "Juku", true), ("スクール", "School", true)],
        "professional" => &[
            ("会計事務所", "Accounting Office", false),
            ("法律事務所", "Law Office", false),
            ("社会保険労務士事務所", "Labour Consultants", false),
            ("設計事務所", "Design Office", false),
        ],
        "public" => &[("まちづくり協会", "Town Development Association", false)],
        "agriculture" => &[("農園", "Farm", true), ("ファーム", "Farm", true)],
        _ => &[("サービス", "Services", true)],
    }
}

/// How a user company tends to describe each worry: (title, body sentence, keywords, categories).
#[derive(Debug)]
struct WorryText {
    code: &'static str,
    titles: [&'static str; 2],
    body: &'static str,
    keywords: &'static str,
    categories: &'static [&'static str],
}

#[rustfmt::skip]
static WORRY_TEXTS: [WorryText; 12] = [
    WorryText { code: "ransomware", titles: ["ランサムウェアで仕事が止まらないか心配", "ランサムウェア対策を何から始めればいいか分からない"],
        body: "同業者がランサムウェアの被害にあったと聞き、うちのパソコンやサーバーの守りが足りているか不安です。",
        keywords: "ランサムウェア バックアップ", categories: &["endpoint", "edr", "data_protection", "utm", "otasuketai"] },
    WorryText { code: "telework", titles: ["テレワークを安全に続けたい", "自宅から会社のシステムに安全につなぎたい"],
        body: "社員がテレワークで自宅から社内のファイルやシステムを使っています。VPNやパソコンの管理をどうすればいいか分かりません。",
        keywords: "テレワーク VPN 在宅勤務", categories: &["vpn", "endpoint", "identity_access"] },
    WorryText { code: "email_fraud", titles: ["怪しいメールへの対策を知りたい", "取引先を装ったメールが届いた"],
        body: "取引先を装った標的型メールや、請求書の振込先を変えさせようとする詐欺メールが届くようになりました。",
        keywords: "標的型メール 詐欺メール", categories: &["education_training", "utm", "endpoint"] },
    WorryText { code: "website_defacement", titles: ["ホームページの改ざんが心配", "ネットショップを攻撃から守りたい"],
        body: "自社のホームページやネットショップが書き換えられたり、お客様の情報が盗まれたりしないか心配です。WAFというものがあると聞きました。",
        keywords: "ホームページ改ざん WAF ネットショップ", categories: &["waf", "vulnerability_assessment"] },
    WorryText { code: "customer_audit", titles: ["取引先からセキュリティ対策の状況を聞かれて困っている", "取引先のセキュリティ調査票に答えられない"],
        body: "取引先からセキュリティ対策のチェックシートが届きましたが、何を答えればよいか分かりません。",
        keywords: "取引先 チェックシート サプライチェーン", categories: &["security_audit", "otasuketai", "education_training"] },
    WorryText { code: "info_leak", titles: ["お客様の情報が漏れないようにしたい", "メールの誤送信や持ち出しが心配"],
        body: "お客様の個人情報や図面を扱っていて、メールの誤送信やUSBメモリでの持ち出しによる情報漏えいが心配です。",
        keywords: "情報漏えい 暗号化 個人情報", categories: &["data_protection", "file_encryption", "log_management"] },
    WorryText { code: "lost_device", titles: ["ノートパソコンやスマホをなくしたときが心配", "持ち歩くパソコンのデータを守りたい"],
        body: "外回りの社員がノートパソコンやスマートフォンを持ち歩いています。なくしたときにデータを守る方法を知りたいです。",
        keywords: "紛失 ノートパソコン スマートフォン", categories: &["endpoint", "file_encryption", "it_asset_management"] },
    WorryText { code: "unknown_devices", titles: ["社内のネットワークに何がつながっているか分からない", "知らない機器がつながっていないか不安"],
        body: "社員が私物のスマホや機器をつないでいるようで、社内のネットワークに何がつながっているか把握できていません。",
        keywords: "不明な端末 社内ネットワーク 資産管理", categories: &["network_security", "it_asset_management", "threat_visualisation"] },
    WorryText { code: "vulnerability", titles: ["古いパソコンやソフトの脆弱性が心配", "アップデートが追いついていない"],
        body: "サポートが終わった古いWindowsや、アップデートしていないソフトが残っていて、脆弱性を突かれないか心配です。",
        keywords: "脆弱性 アップデート 古いWindows", categories: &["vulnerability_visualisation", "vulnerability_assessment", "it_asset_management"] },
    WorryText { code: "wifi", titles: ["社内のWi-Fiが安全か分からない", "来客用のWi-Fiを安全に用意したい"],
        body: "事務所のWi-Fiのパスワードを何年も変えておらず、来客にも同じWi-Fiを使ってもらっています。",
        keywords: "Wi-Fi 無線LAN 来客用", categories: &["wifi_security", "network_security"] },
    WorryText { code: "iot", titles: ["ネットワークにつないだ機械やカメラが心配", "工場の機器が外から見えていないか知りたい"],
        body: "防犯カメラや機械などの機器をネットワークにつなぎましたが、インターネットから見えてしまっていないか分かりません。",
        keywords: "IoT 防犯カメラ 機器", categories: &["iot_security", "network_security"] },
    WorryText { code: "account_takeover", titles: ["クラウドサービスのアカウント乗っ取りが心配", "パスワードの使い回しをやめたい"],
        body: "メールや会計のクラウドサービスを使っていますが、パスワードを使い回していて、乗っ取られないか心配です。",
        keywords: "乗っ取り 多要素認証 パスワード", categories: &["identity_access", "log_management"] },
];

/// Prefectures where companies cluster (Tokyo, Osaka, Aichi, Kanagawa, Fukuoka, Saitama, Chiba,
/// Hyogo, Hokkaido, Kyoto): picked more often than the rest.
static BUSY_PREFECTURES: [i16; 10] = [13, 27, 23, 14, 40, 11, 12, 28, 1, 26];

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// `count` products and `count` needs, with their organisations; the same seed gives the same data.
/// `today` anchors the fixed dates of expired verifications and the fiscal years.
pub fn generate(count: usize, seed: u64, today: NaiveDate) -> DemoData {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut data = DemoData::default();
    if count == 0 {
        return data;
    }

    let verifiers: Vec<String> = (0..VERIFIER_COUNT)
        .map(|i| {
            let org = verifier_organisation(&mut rng, i);
            let key = org.key.clone();
            data.organisations.push(org);
            key
        })
        .collect();

    let vendor_count = count.div_ceil(PRODUCTS_PER_VENDOR);
    let vendors: Vec<String> = (0..vendor_count)
        .map(|i| {
            let org = vendor_organisation(&mut rng, i);
            let key = org.key.clone();
            data.organisations.push(org);
            key
        })
        .collect();

    let company_count = count.div_ceil(NEEDS_PER_USER_COMPANY);
    let companies: Vec<DemoOrganisation> = (0..company_count).map(|i| user_company(&mut rng, i)).collect();

    for i in 0..count {
        let vendor = &vendors[i / PRODUCTS_PER_VENDOR];
        data.products.push(product(&mut rng, vendor, &verifiers, today));
    }
    for i in 0..count {
        data.needs.push(need(&mut rng, &companies[i / NEEDS_PER_USER_COMPANY]));
    }
    data.organisations.extend(companies);
    data
}

fn verifier_organisation(rng: &mut StdRng, i: usize) -> DemoOrganisation {
    let (word, word_en) = *pick(rng, &NAME_WORDS);
    let band = rng.random_range(1..=3);
    DemoOrganisation {
        key: format!("gen-x-{i:06}"),
        kind: "verifier".to_owned(),
        name: format!("株式会社{word}検証ラボ"),
        name_en: Some(format!("{word_en} Verification Lab Inc.")),
        prefecture: Some(pick_prefecture(rng)),
        industry: Some("it".to_owned()),
        size_band: Some(SIZE_BANDS[band].to_owned()),
        employees: Some(employees_in(rng, band)),
        website: Some(format!("https://gen-x-{i:06}.example")),
        description: Some(
            "セキュリティ製品の有効性検証と実環境での試行検証を行う検証事業者です。（生成されたデモデータ）".to_owned(),
        ),
    }
}

fn vendor_organisation(rng: &mut StdRng, i: usize) -> DemoOrganisation {
    let (word, word_en) = *pick(rng, &NAME_WORDS);
    let (suffix, suffix_en) = *pick(rng, &VENDOR_SUFFIXES);
    let name = if rng.random_bool(0.5) {
        format!("株式会社{word}{suffix}")
    } else {
        format!("{word}{suffix}株式会社")
    };
    let band = rng.random_range(0..SIZE_BANDS.len());
    DemoOrganisation {
        key: format!("gen-v-{i:06}"),
        kind: "vendor".to_owned(),
        name,
        name_en: Some(format!("{word_en} {suffix_en} Inc.")),
        prefecture: Some(pick_prefecture(rng)),
        industry: Some("it".to_owned()),
        size_band: Some(SIZE_BANDS[band].to_owned()),
        employees: Some(employees_in(rng, band)),
        website: Some(format!("https://gen-v-{i:06}.example")),
        description: Some(
            "中小企業から大企業まで向けのセキュリティ製品・サービスを開発・提供する企業です。（生成されたデモデータ）"
                .to_owned(),
        ),
    }
}

fn user_company(rng: &mut StdRng, i: usize) -> DemoOrganisation {
    let industry = *pick(rng, &INDUSTRIES);
    let (kind, kind_en, is_company) = *pick(rng, business_kinds(industry));
    let (word, word_en) = *pick(rng, &USER_WORDS);
    let name = if is_company { format!("株式会社{word}{kind}") } else { format!("{word}{kind}") };
    // Mostly small firms: the people this platform is for.
    let band = *pick_weighted(rng, &[(0, 25), (1, 35), (2, 25), (3, 10), (4, 5)]);
    let employees = employees_in(rng, band);
    DemoOrganisation {
        key: format!("gen-u-{i:06}"),
        kind: "user_company".to_owned(),
        name,
        name_en: Some(format!("{word_en} {kind_en}")),
        prefecture: Some(pick_prefecture(rng)),
        industry: Some(industry.to_owned()),
        size_band: Some(SIZE_BANDS[band].to_owned()),
        employees: Some(employees),
        website: None,
        description: Some(format!(
            "従業員{employees}名の{kind}です。社内にセキュリティの専任者はいません。（生成されたデモデータ）"
        )),
    }
}

/// The price band a product sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    SmallFirm,
    Mid,
    Enterprise,
}

impl Tier {
    fn editions(self) -> &'static [&'static str] {
        match self {
            Tier::SmallFirm => &EDITIONS[0],
            Tier::Mid => &EDITIONS[1],
            Tier::Enterprise => &EDITIONS[2],
        }
    }
}

fn product(rng: &mut StdRng, vendor: &str, verifiers: &[String], today: NaiveDate) -> DemoProduct {
    let weighted: Vec<(&CategoryProfile, u32)> = PROFILES.iter().map(|c| (c, c.weight)).collect();
    let profile = *pick_weighted(rng, &weighted);

    let mut categories = vec![profile.code.to_owned()];
    let mut related: Option<&CategoryProfile> = None;
    if profile.code == "otasuketai" {
        // An Otasuketai service is either network-wide (UTM) or per endpoint (EDR).
        let kind = if rng.random_bool(0.5) { "utm" } else { "edr" };
        push_unique(&mut categories, kind);
        related = profile_of(kind);
    } else if !profile.related.is_empty() && rng.random_bool(0.5) {
        let code = *pick(rng, profile.related);
        push_unique(&mut categories, code);
        related = profile_of(code);
    }

    let mut sentences: Vec<Phrase> = profile.phrases.to_vec();
    if let Some(other) = related {
        sentences.push(other.phrases[0]);
    }
    let extra = rng.random_range(1..=2);
    sentences.extend(pick_distinct(rng, &WORRY_PHRASES, extra).into_iter().copied());
    sentences.push(GENERATED_NOTE);
    let description_ja: String = sentences.iter().map(|s| s.ja).collect();
    let description_en = sentences.iter().map(|s| s.en).collect::<Vec<_>>().join(" ");

    let points = pick_distinct(rng, &STRONG_POINTS, 3);
    let strong_points_ja = points.iter().map(|s| format!("・{}", s.ja)).collect::<Vec<_>>().join("\n");
    let strong_points_en = points.iter().map(|s| format!("- {}", s.en)).collect::<Vec<_>>().join("\n");

    let tier = if profile.code == "otasuketai" {
        Tier::SmallFirm
    } else {
        *pick_weighted(rng, &[(Tier::SmallFirm, 35), (Tier::Mid, 40), (Tier::Enterprise, 25)])
    };
    let (initial_yen, monthly_yen, per_device_monthly_yen) = if profile.code == "otasuketai" {
        otasuketai_prices(rng, categories.iter().any(|c| c == "utm"))
    } else {
        prices(rng, tier)
    };

    let (nationwide, regions, prefectures) = served_area(rng);
    let (first_band, last_band) = match tier {
        Tier::SmallFirm => (rng.random_range(0..=1), rng.random_range(2..=4)),
        Tier::Mid => (rng.random_range(1..=2), rng.random_range(3..=5)),
        Tier::Enterprise => (rng.random_range(3..=4), 5),
    };
    let size_bands = SIZE_BANDS[first_band..=last_band].iter().map(|b| (*b).to_owned()).collect();

    let mut support_languages = vec!["ja".to_owned()];
    if rng.random_bool(0.3) {
        support_languages.push("en".to_owned());
    }
    let (ease_low, ease_high) = match tier {
        Tier::SmallFirm => (3, 5),
        Tier::Mid => (2, 5),
        Tier::Enterprise => (1, 4),
    };

    DemoProduct {
        vendor: vendor.to_owned(),
        name: format!("{} {}{}", pick(rng, &BRANDS), profile.name_suffix, pick(rng, tier.editions())),
        categories,
        description_ja,
        description_en: Some(description_en),
        strong_points_ja,
        strong_points_en: Some(strong_points_en),
        initial_yen,
        monthly_yen,
        per_device_monthly_yen,
        deployment: (*pick(rng, profile.deployments)).to_owned(),
        nationwide,
        prefectures,
        regions,
        size_bands,
        support_languages,
        website: None,
        ease_of_introduction: Some(rng.random_range(ease_low..=ease_high)),
        ease_of_operation: Some(rng.random_range(ease_low..=ease_high)),
        verifications: verifications(rng, verifiers, today),
    }
}

/// (initial, monthly, per device a month), from cheap to enterprise.
fn prices(rng: &mut StdRng, tier: Tier) -> (i64, i64, i64) {
    match tier {
        Tier::SmallFirm => {
            let initial = if rng.random_bool(0.5) { 0 } else { yen(rng, 1_000, 50_000, 1_000) };
            match rng.random_range(0..3) {
                0 => (initial, yen(rng, 1_000, 10_000, 100), 0),
                1 => (initial, 0, yen(rng, 300, 2_000, 10)),
                _ => (initial, yen(rng, 1_000, 5_000, 100), yen(rng, 300, 1_000, 10)),
            }
        }
        Tier::Mid => {
            let initial = if rng.random_bool(0.3) { 0 } else { yen(rng, 10_000, 500_000, 1_000) };
            let per_device = if rng.random_bool(0.4) { yen(rng, 500, 5_000, 100) } else { 0 };
            (initial, yen(rng, 10_000, 150_000, 1_000), per_device)
        }
        Tier::Enterprise => {
            let per_device = if rng.random_bool(0.3) { yen(rng, 2_000, 10_000, 100) } else { 0 };
            (yen(rng, 500_000, 10_000_000, 10_000), yen(rng, 150_000, 3_000_000, 10_000), per_device)
        }
    }
}

/// Within the Otasuketai caps: network type a month, or endpoint type per device a month.
fn otasuketai_prices(rng: &mut StdRng, network: bool) -> (i64, i64, i64) {
    let initial = if rng.random_bool(0.6) { 0 } else { yen(rng, 5_000, 50_000, 1_000) };
    if network {
        (initial, yen(rng, 5_000, OTASUKETAI_MONTHLY_CAP_YEN, 100), 0)
    } else {
        (initial, 0, yen(rng, 500, OTASUKETAI_PER_DEVICE_CAP_YEN, 10))
    }
}

/// (nationwide, regions, extra prefectures).
fn served_area(rng: &mut StdRng) -> (bool, Vec<String>, Vec<i16>) {
    if rng.random_bool(0.55) {
        return (true, Vec::new(), Vec::new());
    }
    let n = rng.random_range(1..=3);
    let regions = pick_distinct(rng, &REGIONS, n).into_iter().map(|r| (*r).to_owned()).collect();
    let mut prefectures = Vec::new();
    if rng.random_bool(0.3) {
        for _ in 0..rng.random_range(1..=3) {
            let code = pick_prefecture(rng);
            if !prefectures.contains(&code) {
                prefectures.push(code);
            }
        }
    }
    (false, regions, prefectures)
}

/// About 60% current green or blue, 10% expired green or blue, 10% red or dev, 20% none.
fn verifications(rng: &mut StdRng, verifiers: &[String], today: NaiveDate) -> Vec<DemoVerification> {
    let roll = rng.random_range(0..100);
    if roll >= 80 {
        return Vec::new();
    }
    let verifier = pick(rng, verifiers).clone();
    if roll >= 70 {
        let level = if rng.random_bool(0.5) { "red" } else { "dev" };
        return vec![current_verification(rng, level, &verifier, today)];
    }
    let level = if rng.random_bool(0.55) { "green" } else { "blue" };
    if roll >= 60 {
        return vec![expired_verification(rng, level, &verifier, today)];
    }
    let mut records = Vec::new();
    if rng.random_bool(0.3) {
        records.push(expired_verification(rng, level, &verifier, today));
    }
    records.push(current_verification(rng, level, &verifier, today));
    records
}

fn current_verification(rng: &mut StdRng, level: &str, verifier: &str, today: NaiveDate) -> DemoVerification {
    let days_ago = rng.random_range(7..=MAX_CURRENT_DAYS_AGO);
    let on = today - Duration::days(i64::from(days_ago));
    let (summary_ja, summary_en) = verification_summary(level);
    DemoVerification {
        level: level.to_owned(),
        verifier: verifier.to_owned(),
        verified_on: None,
        verified_days_ago: Some(days_ago),
        valid_until: None,
        fiscal_year: Some(fiscal_year(on)),
        summary_ja: summary_ja.to_owned(),
        summary_en: Some(summary_en.to_owned()),
    }
}

/// A fixed date more than two years back, so the default two-year validity has run out.
fn expired_verification(rng: &mut StdRng, level: &str, verifier: &str, today: NaiveDate) -> DemoVerification {
    let on = today - Duration::days(rng.random_range(760..=2_000));
    let (summary_ja, summary_en) = verification_summary(level);
    DemoVerification {
        level: level.to_owned(),
        verifier: verifier.to_owned(),
        verified_on: Some(on),
        verified_days_ago: None,
        valid_until: None,
        fiscal_year: Some(fiscal_year(on)),
        summary_ja: format!("【期限切れ】{summary_ja}"),
        summary_en: Some(format!("Expired: {summary_en}")),
    }
}

fn verification_summary(level: &str) -> (&'static str, &'static str) {
    match level {
        "green" => (
            "検証環境で専門家がセキュリティ機能の有効性を確認し、ストロングポイントを整理した。（生成）",
            "Experts confirmed the security function in a test environment and listed its strong points. (generated)",
        ),
        "blue" => (
            "ユーザ企業の実際の環境で試行し、効果と運用のしやすさを評価した。（生成）",
            "Trialled in a user company's real environment; effectiveness and ease of operation evaluated. (generated)",
        ),
        "red" => (
            "攻撃者の視点によるハイレベル検証（ペネトレーションテスト）を実施した。（生成）",
            "High-level verification including penetration testing. (generated)",
        ),
        _ => (
            "開発段階で設計書と試作品を確認し、セキュリティ・バイ・デザインの観点で評価した。（生成）",
            "Design documents and prototypes checked during development, for security by design. (generated)",
        ),
    }
}

fn need(rng: &mut StdRng, company: &DemoOrganisation) -> DemoNeed {
    let band = company.size_band.as_deref().and_then(|b| SIZE_BANDS.iter().position(|s| *s == b)).unwrap_or(1);
    let employees = company.employees.unwrap_or(10);
    let devices = employees + rng.random_range(0..=employees / 2 + 2);

    let worry_count = *pick_weighted(rng, &[(1, 45), (2, 40), (3, 15)]);
    let worries = pick_distinct(rng, &WORRY_TEXTS, worry_count);
    let title = (*pick(rng, &worries[0].titles)).to_owned();

    let mut categories: Vec<String> = Vec::new();
    if rng.random_bool(0.6) {
        for w in &worries {
            let code = *pick(rng, w.categories);
            push_unique(&mut categories, code);
        }
    }

    // Budgets: most small firms look for initial ≤ ¥10,000 and running ≤ ¥100,000 a month.
    let initial_options = [0, 5_000, 10_000, 10_000, 30_000, 50_000, 100_000, 300_000, 1_000_000];
    let monthly_options = [5_000, 10_000, 20_000, 30_000, 50_000, 80_000, 100_000, 200_000, 500_000];
    let shift = band.min(3);
    let budget_initial_yen = initial_options[(rng.random_range(0..6) + shift).min(initial_options.len() - 1)];
    let budget_monthly_yen = monthly_options[(rng.random_range(0..6) + shift).min(monthly_options.len() - 1)];

    let deadline_days_ahead = rng.random_bool(0.6).then(|| rng.random_range(7..=120));

    let mut body: String = worries.iter().map(|w| w.body).collect();
    body.push_str(&format!(
        "社員は{employees}名、パソコンやサーバーは{devices}台ほどで、ITに詳しい人はいません。予算は初期費用{}円、月額{}円くらいまでで考えています。",
        with_commas(budget_initial_yen),
        with_commas(budget_monthly_yen),
    ));
    if let Some(days) = deadline_days_ahead {
        body.push_str(&format!("できれば{days}日以内に決めたいです。"));
    }
    body.push_str("（生成されたデモデータ）");

    let keywords = worries.iter().map(|w| w.keywords).collect::<Vec<_>>().join(" ");
    let visibility = *pick_weighted(rng, &[("anonymous", 70), ("named", 15), ("private", 15)]);

    DemoNeed {
        organisation: company.key.clone(),
        title,
        body,
        worries: worries.iter().map(|w| w.code.to_owned()).collect(),
        categories,
        budget_initial_yen,
        budget_monthly_yen,
        employees,
        devices,
        prefecture: company.prefecture.unwrap_or(13),
        industry: company.industry.clone(),
        keywords,
        visibility: visibility.to_owned(),
        deadline_days_ahead,
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn pick_weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

/// `n` distinct items, in list order.
fn pick_distinct<'a, T>(rng: &mut StdRng, items: &'a [T], n: usize) -> Vec<&'a T> {
    let mut chosen = index::sample(rng, items.len(), n.min(items.len())).into_vec();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| &items[i]).collect()
}

fn pick_prefecture(rng: &mut StdRng) -> i16 {
    if rng.random_bool(0.45) { *pick(rng, &BUSY_PREFECTURES) } else { rng.random_range(PREFECTURES) }
}

fn employees_in(rng: &mut StdRng, band: usize) -> i32 {
    let (low, high) = SIZE_BAND_EMPLOYEES[band];
    rng.random_range(low..=high)
}

/// A random amount between `low` and `high`, in whole `step`s.
fn yen(rng: &mut StdRng, low: i64, high: i64, step: i64) -> i64 {
    rng.random_range(low / step..=high / step) * step
}

fn push_unique(list: &mut Vec<String>, code: &str) {
    if !list.iter().any(|c| c == code) {
        list.push(code.to_owned());
    }
}

fn profile_of(code: &str) -> Option<&'static CategoryProfile> {
    PROFILES.iter().find(|c| c.code == code)
}

/// The Japanese fiscal year (April to March) a date falls in.
fn fiscal_year(date: NaiveDate) -> i16 {
    let year = if date.month() >= 4 { date.year() } else { date.year() - 1 };
    i16::try_from(year).unwrap_or(i16::MAX)
}

fn with_commas(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date")
    }

    fn is_current_green_or_blue(v: &DemoVerification) -> bool {
        matches!(v.level.as_str(), "green" | "blue") && v.verified_days_ago.is_some_and(|d| d <= MAX_CURRENT_DAYS_AGO)
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = generate(60, 42, today());
        let b = generate(60, 42, today());
        let c = generate(60, 43, today());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_ne!(format!("{a:?}"), format!("{c:?}"));
    }

    #[test]
    fn counts_follow_the_request() {
        for count in [0_usize, 1, 3, 5, 7, 16, 100] {
            let data = generate(count, 7, today());
            let of_kind = |kind: &str| data.organisations.iter().filter(|o| o.kind == kind).count();
            assert_eq!(data.products.len(), count);
            assert_eq!(data.needs.len(), count);
            assert_eq!(of_kind("vendor"), count.div_ceil(PRODUCTS_PER_VENDOR));
            assert_eq!(of_kind("user_company"), count.div_ceil(NEEDS_PER_USER_COMPANY));
            assert_eq!(of_kind("verifier"), if count == 0 { 0 } else { VERIFIER_COUNT });
            assert!(data.users.is_empty());
            assert!(data.working_groups.is_empty());
        }
    }

    #[test]
    fn every_code_and_key_is_known() {
        let data = generate(400, 11, today());
        let mut keys = HashSet::new();
        for o in &data.organisations {
            assert!(o.key.starts_with("gen-"), "{}", o.key);
            assert!(keys.insert(o.key.as_str()), "duplicate key {}", o.key);
            assert!(ORGANISATION_KINDS.contains(&o.kind.as_str()));
            assert!(o.prefecture.is_some_and(|p| PREFECTURES.contains(&p)));
            assert!(o.industry.as_deref().is_some_and(|i| INDUSTRIES.contains(&i)));
            let band = o.size_band.as_deref().expect("size band");
            let at = SIZE_BANDS.iter().position(|b| *b == band).expect("known band");
            let (low, high) = SIZE_BAND_EMPLOYEES[at];
            assert!(o.employees.is_some_and(|e| (low..=high).contains(&e)));
        }
        let kind_of = |key: &str| data.organisations.iter().find(|o| o.key == key).map(|o| o.kind.as_str());
        for p in &data.products {
            assert_eq!(kind_of(&p.vendor), Some("vendor"));
            assert!(!p.categories.is_empty());
            assert!(p.categories.iter().all(|c| CATEGORIES.contains(&c.as_str())), "{:?}", p.categories);
            assert!(p.regions.iter().all(|r| REGIONS.contains(&r.as_str())));
            assert!(p.prefectures.iter().all(|c| PREFECTURES.contains(c)));
            assert!(p.nationwide || !p.regions.is_empty(), "serves somewhere");
            assert!(!p.size_bands.is_empty());
            assert!(p.size_bands.iter().all(|b| SIZE_BANDS.contains(&b.as_str())));
            assert!(p.support_languages.iter().all(|l| LOCALES.contains(&l.as_str())));
            assert!(DEPLOYMENTS.contains(&p.deployment.as_str()));
            assert!(p.initial_yen >= 0 && p.monthly_yen >= 0 && p.per_device_monthly_yen >= 0);
            assert!(p.ease_of_introduction.is_some_and(|e| (1..=5).contains(&e)));
            assert!(p.ease_of_operation.is_some_and(|e| (1..=5).contains(&e)));
            if p.categories.iter().any(|c| c == "otasuketai") {
                assert!(p.monthly_yen <= OTASUKETAI_MONTHLY_CAP_YEN);
                assert!(p.per_device_monthly_yen <= OTASUKETAI_PER_DEVICE_CAP_YEN);
            }
            for v in &p.verifications {
                assert!(VERIFICATION_LEVELS.contains(&v.level.as_str()));
                assert_eq!(kind_of(&v.verifier), Some("verifier"));
                assert!(v.verified_on.is_some() != v.verified_days_ago.is_some(), "one kind of date");
            }
        }
        for n in &data.needs {
            assert_eq!(kind_of(&n.organisation), Some("user_company"));
            assert!(!n.worries.is_empty());
            assert!(n.worries.iter().all(|w| WORRIES.contains(&w.as_str())));
            assert!(n.categories.iter().all(|c| CATEGORIES.contains(&c.as_str())));
            assert!(PREFECTURES.contains(&n.prefecture));
            assert!(n.industry.as_deref().is_some_and(|i| INDUSTRIES.contains(&i)));
            assert!(NEED_VISIBILITIES.contains(&n.visibility.as_str()));
            assert!(n.devices >= n.employees && n.employees > 0);
            assert!(n.budget_initial_yen >= 0 && n.budget_monthly_yen > 0);
        }
    }

    #[test]
    fn verification_mix_is_roughly_as_intended() {
        let data = generate(2_000, 3, today());
        let total = data.products.len() as f64;
        let share = |f: &dyn Fn(&DemoProduct) -> bool| data.products.iter().filter(|p| f(p)).count() as f64 / total;
        let current = share(&|p| p.verifications.iter().any(is_current_green_or_blue));
        let expired_only =
            share(&|p| !p.verifications.is_empty() && p.verifications.iter().all(|v| v.verified_on.is_some()));
        let red_or_dev = share(&|p| p.verifications.iter().any(|v| matches!(v.level.as_str(), "red" | "dev")));
        let none = share(&|p| p.verifications.is_empty());
        assert!((0.55..0.65).contains(&current), "current {current}");
        assert!((0.07..0.13).contains(&expired_only), "expired {expired_only}");
        assert!((0.07..0.13).contains(&red_or_dev), "red/dev {red_or_dev}");
        assert!((0.16..0.24).contains(&none), "none {none}");
        for p in &data.products {
            for v in &p.verifications {
                if let Some(on) = v.verified_on {
                    assert!(on + Duration::days(730) < today(), "fixed dates are expired");
                }
            }
        }
    }

    #[test]
    fn text_carries_searchable_words_and_prices_spread() {
        let data = generate(300, 5, today());
        let text: String =
            data.products.iter().map(|p| format!("{} {}", p.description_ja, p.strong_points_ja)).collect();
        for word in ["ランサムウェア", "テレワーク", "標的型メール", "脆弱性", "WAF", "EDR", "UTM", "ログ"]
        {
            assert!(text.contains(word), "no product mentions {word}");
        }
        let cheap =
            data.products.iter().filter(|p| p.monthly_yen <= 10_000 && p.per_device_monthly_yen <= 2_000).count();
        let enterprise = data.products.iter().filter(|p| p.monthly_yen >= 150_000).count();
        assert!(cheap >= 50, "cheap {cheap}");
        assert!(enterprise >= 30, "enterprise {enterprise}");
        let small_budget =
            data.needs.iter().filter(|n| n.budget_initial_yen <= 10_000 && n.budget_monthly_yen <= 100_000).count();
        assert!(small_budget >= 50, "small budgets {small_budget}");
        let visibilities: HashSet<&str> = data.needs.iter().map(|n| n.visibility.as_str()).collect();
        assert_eq!(visibilities.len(), NEED_VISIBILITIES.len());
    }

    #[test]
    fn helpers() {
        assert_eq!(with_commas(0), "0");
        assert_eq!(with_commas(999), "999");
        assert_eq!(with_commas(10_000), "10,000");
        assert_eq!(with_commas(1_234_567), "1,234,567");
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid date");
        assert_eq!(fiscal_year(d(2022, 3, 31)), 2021);
        assert_eq!(fiscal_year(d(2022, 4, 1)), 2022);
        assert_eq!(PROFILES.len(), CATEGORIES.len());
        assert!(PROFILES.iter().zip(CATEGORIES).all(|(p, c)| p.code == c));
        assert!(WORRY_TEXTS.iter().zip(WORRIES).all(|(w, c)| w.code == c));
        for w in &WORRY_TEXTS {
            assert!(w.categories.iter().all(|c| CATEGORIES.contains(c)));
        }
        for p in &PROFILES {
            assert!(p.related.iter().all(|c| CATEGORIES.contains(c)));
            assert!(p.deployments.iter().all(|d| DEPLOYMENTS.contains(d)));
        }
        for industry in INDUSTRIES {
            assert!(!business_kinds(industry).is_empty());
        }
    }
}
