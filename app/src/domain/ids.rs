//! Typed identifiers and codes. Use these instead of bare integers and strings so
//! that a facility id can never be passed where a user id is expected, and a
//! malformed code is refused where it enters the system.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! int_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

int_id!(
    /// A user account (one per facility, centre or officer).
    UserId
);
int_id!(
    /// A hospital or clinic.
    FacilityId
);
int_id!(
    /// A consultation centre (受診・相談センター).
    CentreId
);
int_id!(
    /// A local medical association entering data for its members (代理入力).
    AggregatorId
);

/// Why a code was refused; the message is the catalogue's Japanese text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Not a prefecture code 01–47 (JIS X 0401).
    Prefecture,
    /// Not a six-digit municipality code (JIS X 0402 with check digit).
    Municipality,
    /// Not a ten-digit 医療機関コード, or its prefecture part disagrees.
    MedicalCode,
    /// Not a login ID.
    LoginId,
}

/// A prefecture code, "01" (北海道) to "47" (沖縄県).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PrefectureCode(String);

impl PrefectureCode {
    /// Accepts exactly two ASCII digits in 01..=47.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let ok = s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && matches!(s.parse::<u8>(), Ok(1..=47));
        if ok { Ok(Self(s.to_owned())) } else { Err(CodeError::Prefecture) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PrefectureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A municipality code: JIS X 0402's five digits plus its check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Accepts six digits whose first two are a prefecture code and whose last
    /// digit is the JIS X 0402 check digit (weights 6,5,4,3,2; 11 minus the
    /// remainder, modulo 10).
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        if s.len() != 6 || digits.len() != 6 || PrefectureCode::parse(&s[..2]).is_err() {
            return Err(CodeError::Municipality);
        }
        let sum: u32 = digits[..5].iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 10;
        if check == digits[5] { Ok(Self(s.to_owned())) } else { Err(CodeError::Municipality) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn prefecture(&self) -> PrefectureCode {
        PrefectureCode(self.0[..2].to_owned())
    }
}

/// A 10-digit 医療機関コード: prefecture (2) + fee table (1) + 7 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MedicalCode(String);

impl MedicalCode {
    /// Accepts ten digits whose prefecture part equals `prefecture`.
    pub fn parse(s: &str, prefecture: &PrefectureCode) -> Result<Self, CodeError> {
        if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) && &s[..2] == prefecture.as_str() {
            Ok(Self(s.to_owned()))
        } else {
            Err(CodeError::MedicalCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the last digit is the code's 検証番号: the Luhn check (weights
    /// 2 and 1 from the right, two-digit products summed by digit) over all
    /// ten digits, as the regional health bureaus number them (e.g.
    /// 0110113719). Registration does not demand it yet (typed codes were
    /// never checked); codes carried over from the previous system must pass.
    pub fn has_valid_check_digit(&self) -> bool {
        let sum: u32 = self
            .0
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    let twice = d * 2;
                    twice / 10 + twice % 10
                } else {
                    d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }
}

/// The alphabet of newly issued login IDs: digits and capital letters
/// without the look-alikes 0/O and 1/I, and no lower case (so l, and the
/// c/C, s/S pairs, never matter): an ID read from a printed letter is typed
/// right. 32 symbols, 8 characters: 40 bits.
pub const LOGIN_ID_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Length of a newly issued login ID.
pub const LOGIN_ID_LEN: usize = 8;

/// A login ID. New IDs are 8 characters of [`LOGIN_ID_ALPHABET`]; IDs carried
/// over from the previous system may be any 4–32 printable ASCII characters and
/// stay valid forever.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LoginId(String);

impl LoginId {
    /// Accepts any plausible ID (issued or migrated); surrounding spaces, which
    /// phones add easily, are trimmed.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        if (4..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(CodeError::LoginId)
        }
    }

    /// Whether this ID has the shape of a newly issued one.
    pub fn is_issued_format(&self) -> bool {
        self.0.len() == LOGIN_ID_LEN && self.0.bytes().all(|b| LOGIN_ID_ALPHABET.contains(&b))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LoginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefecture_codes() {
        for ok in ["01", "13", "47"] {
            assert!(PrefectureCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["00", "48", "1", "131", "ab", "１３"] {
            assert_eq!(PrefectureCode::parse(bad), Err(CodeError::Prefecture), "{bad}");
        }
    }

    #[test]
    fn municipality_check_digit() {
        // 千代田区 131016, 札幌市 011002, 那覇市 472018
        for ok in ["131016", "011002", "472018"] {
            let code = MunicipalityCode::parse(ok).expect(ok);
            assert_eq!(code.prefecture().as_str(), &ok[..2]);
        }
        for bad in ["131017", "13101", "481001", "13101a"] {
            assert_eq!(MunicipalityCode::parse(bad), Err(CodeError::Municipality), "{bad}");
        }
    }

    #[test]
    fn medical_code_prefecture_must_match() {
        let tokyo = PrefectureCode::parse("13").expect("13");
        assert!(MedicalCode::parse("1312345678", &tokyo).is_ok());
        assert_eq!(MedicalCode::parse("2712345678", &tokyo), Err(CodeError::MedicalCode));
        assert_eq!(MedicalCode::parse("131234567", &tokyo), Err(CodeError::MedicalCode));
    }

    #[test]
    fn medical_code_check_digit() {
        let hokkaido = PrefectureCode::parse("01").expect("01");
        assert!(MedicalCode::parse("0110113719", &hokkaido).expect("shape").has_valid_check_digit());
        for bad in ["0110113718", "0110113791", "0111013719"] {
            assert!(!MedicalCode::parse(bad, &hokkaido).expect("shape").has_valid_check_digit(), "{bad}");
        }
    }

    #[test]
    fn login_ids() {
        let issued = LoginId::parse(" HK3MPQ7X ").expect("trimmed");
        assert_eq!(issued.as_str(), "HK3MPQ7X");
        assert!(issued.is_issued_format());
        assert!(!LoginId::parse("Hk3mPq7X").expect("mixed case").is_issued_format());
        assert!(!LoginId::parse("OLD-00123").expect("migrated").is_issued_format());
        assert!(LoginId::parse("ab").is_err());
        assert!(LoginId::parse("あいうえおか").is_err());
        for b in LOGIN_ID_ALPHABET {
            assert!(!b"0Oo1lIi".contains(b), "ambiguous {}", *b as char);
        }
    }
}
