//! The catalogue's texts for registering accounts: the checks on a
//! registration row, reading the registration CSV, rows already registered
//! and municipality codes that cannot be used.

/// Texts of account registration (a part of [`super::Catalogue`]).
pub struct RegistrationTexts {
    /// The `kind` column is not one of the known kinds.
    pub kind_invalid: &'static str,
    pub name_invalid: &'static str,
    pub prefecture_format: &'static str,
    pub prefecture_required: &'static str,
    pub municipality_format: &'static str,
    pub municipality_mismatch: &'static str,
    pub municipality_required: &'static str,
    /// A login ID carried over from the previous system that is not valid.
    pub login_id_format: &'static str,
    pub beds_invalid: &'static str,
    pub designated_from_format: &'static str,
    pub medical_code_format: &'static str,
    pub medical_code_required: &'static str,
    pub address_required: &'static str,
    pub hospital_beds: &'static str,
    pub clinic_beds: &'static str,
    /// A designation date on a hospital row.
    pub designated_hospital: &'static str,
    /// A row a prefecture officer may not register.
    pub prefecture_may_not: &'static str,

    pub csv_encoding: &'static str,
    pub csv_no_header: &'static str,
    /// An unknown header, and the headers that can be used (joined).
    pub csv_unknown_column: fn(&str, &str) -> String,
    pub csv_missing_column: fn(&str) -> String,
    /// A data line (1-based line of the file) with the wrong number of columns.
    pub csv_column_count: fn(usize) -> String,

    /// Rows already registered: by login ID, medical institution code, name
    /// (centres, associations) and an officer's account by name.
    pub exists_login_id: fn(&str) -> String,
    pub exists_medical_code: fn(&str) -> String,
    pub exists_name: fn(&str) -> String,
    pub exists_account: fn(&str) -> String,

    /// A code that JIS X 0402 does not list.
    pub municipality_unknown: fn(&str) -> String,
    /// A retired code: its code, name, day of retirement and which code to use instead.
    pub municipality_retired: fn(&str, &str, &str, &str) -> String,
    /// The successor of a retired code: its code and name.
    pub municipality_successor: fn(&str, &str) -> String,
    /// The successor of a retired code that is not in the list itself.
    pub municipality_successor_code: fn(&str) -> String,
    /// A retired code whose successor is not known.
    pub municipality_use_current: &'static str,
}

pub const REGISTRATION_JA: RegistrationTexts = RegistrationTexts {
    kind_invalid: "種別は hospital / clinic / centre / aggregator / prefecture / municipality / helpdesk / ministry_admin のいずれかにしてください。",
    name_invalid: "名称を200文字以内で入力してください。",
    prefecture_format: "都道府県コードは01〜47の2桁で入力してください。",
    prefecture_required: "都道府県コードを入力してください。",
    municipality_format: "市区町村コードは検査数字を含む6桁で入力してください（例: 131016）。",
    municipality_mismatch: "市区町村コードが都道府県コードと一致しません。",
    municipality_required: "市区町村コードを入力してください。",
    login_id_format: "移行するログインIDは4〜32文字の半角英数字記号にしてください。",
    beds_invalid: "病床数は0以上の整数で入力してください。",
    designated_from_format: "指定日は 2026-04-01 の形式で入力してください。",
    medical_code_format: "医療機関コードは10桁で、先頭2桁を都道府県コードと同じにしてください。",
    medical_code_required: "医療機関コード（10桁）を入力してください。",
    address_required: "所在地を入力してください（郵送の宛先になります）。",
    hospital_beds: "病院は病床数20以上です。19床以下は clinic として登録してください。",
    clinic_beds: "診療所の病床数は19以下です。20床以上は hospital として登録してください。",
    designated_hospital: "診療・検査医療機関の指定日は診療所（clinic）にだけ入力できます。",
    prefecture_may_not: "この種別・地域の登録は、都道府県の担当者は行えません（自県の診療・検査医療機関のみ登録できます）。",

    csv_encoding: "文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。",
    csv_no_header: "1行目に見出しが必要です。",
    csv_unknown_column: |unknown, columns| format!("見出し「{unknown}」は使えません。使える見出し: {columns}"),
    csv_missing_column: |column| format!("見出し「{column}」がありません。"),
    csv_column_count: |line| format!("{line}行目: 列の数が見出しと合いません。"),

    exists_login_id: |id| format!("ログインID {id} は登録済みです。"),
    exists_medical_code: |code| format!("医療機関コード {code} は登録済みです。"),
    exists_name: |name| format!("{name} は登録済みです。"),
    exists_account: |name| format!("{name} のアカウントは登録済みです。"),

    municipality_unknown: |code| format!("市区町村コード {code} は全国地方公共団体コードにありません。"),
    municipality_retired: |code, name, day, successor| {
        format!("市区町村コード {code}（{name}）は {day} に合併・再編で廃止されました。{successor}")
    },
    municipality_successor: |code, name| format!("{code}（{name}）をお使いください。"),
    municipality_successor_code: |code| format!("{code} をお使いください。"),
    municipality_use_current: "現在の市区町村コードをお使いください。",
};

/// English texts of account registration.
pub const REGISTRATION_EN: RegistrationTexts = RegistrationTexts {
    kind_invalid: "The kind must be one of hospital / clinic / centre / aggregator / prefecture / municipality / helpdesk / ministry_admin.",
    name_invalid: "Enter a name of up to 200 characters.",
    prefecture_format: "Enter the prefecture code as 2 digits from 01 to 47.",
    prefecture_required: "Enter the prefecture code.",
    municipality_format: "Enter the municipality code as 6 digits including the check digit (e.g. 131016).",
    municipality_mismatch: "The municipality code does not match the prefecture code.",
    municipality_required: "Enter the municipality code.",
    login_id_format: "A login ID carried over from the previous system must be 4 to 32 ASCII letters, digits or symbols.",
    beds_invalid: "Enter the number of beds as a whole number of 0 or more.",
    designated_from_format: "Enter the designation date in the form 2026-04-01.",
    medical_code_format: "The medical institution code must be 10 digits, and its first 2 digits must be the prefecture code.",
    medical_code_required: "Enter the medical institution code (10 digits).",
    address_required: "Enter the address (letters are posted to it).",
    hospital_beds: "A hospital has 20 or more beds. Register a facility with 19 beds or fewer as clinic.",
    clinic_beds: "A clinic has 19 beds or fewer. Register a facility with 20 beds or more as hospital.",
    designated_hospital: "A designation date as a designated fever clinic can be entered for clinics (clinic) only.",
    prefecture_may_not: "Prefecture officers cannot register this kind or area (they can register only designated fever clinics in their own prefecture).",

    csv_encoding: "The character encoding could not be recognised. Save the file as UTF-8 or Shift_JIS.",
    csv_no_header: "Line 1 must be the header.",
    csv_unknown_column: |unknown, columns| {
        format!("The header \"{unknown}\" cannot be used. Headers that can be used: {columns}")
    },
    csv_missing_column: |column| format!("The header \"{column}\" is missing."),
    csv_column_count: |line| format!("Line {line}: the number of columns does not match the header."),

    exists_login_id: |id| format!("Login ID {id} is already registered."),
    exists_medical_code: |code| format!("Medical institution code {code} is already registered."),
    exists_name: |name| format!("{name} is already registered."),
    exists_account: |name| format!("An account for {name} is already registered."),

    municipality_unknown: |code| {
        format!("Municipality code {code} is not in the national local government codes (JIS X 0402).")
    },
    municipality_retired: |code, name, day, successor| {
        format!("Municipality code {code} ({name}) was retired on {day} in a merger or reorganisation. {successor}")
    },
    municipality_successor: |code, name| format!("Use {code} ({name}) instead."),
    municipality_successor_code: |code| format!("Use {code} instead."),
    municipality_use_current: "Use the current municipality code.",
};
