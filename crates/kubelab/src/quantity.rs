//! Kubernetes resource quantities (`1`, `500m`, `2Gi`, `1e3`), parsed the way the API
//! server parses them, into nano-units, so that requests and limits compare the way it
//! compares them.
//!
//! Source: k8s.io/apimachinery pkg/api/resource/quantity.go, `parseQuantityString` (the
//! grammar: sign, digits, `.`, digits, a suffix from `eEinumkKMGTP` with an optional
//! signed exponent) and `ParseQuantity` (a value is rounded *up* to a whole nano-unit;
//! binary-suffixed values are capped at 2^63-1); suffixes from suffix.go.

/// A parsed quantity, in billionths of the base unit (cores, bytes).
/// Compare values by `nanos`: the flags say how it was written, not what it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quantity {
    /// The value times 10^9, rounded up (away from zero) like Kubernetes rounds.
    pub(crate) nanos: i128,
    /// The suffix was binary (`Ki` ... `Ei`).
    pub(crate) binary: bool,
}

/// One unit in nano-units.
pub(crate) const NANOS: i128 = 1_000_000_000;

const SYNTAX: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// What kubelab can compare: values up to about 10^20 units (far beyond any node).
const TOO_LARGE: &str = "is too large for kubelab to compare (it handles up to 10^20 units)";

/// The parts `parseQuantityString` splits a quantity into.
struct Parts<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    suffix: &'a str,
}

fn split(s: &str) -> Result<Parts<'_>, String> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let int_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (int, rest) = rest.split_at(int_end);
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(after) => {
            let end = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            after.split_at(end)
        }
        None => ("", rest),
    };
    // The suffix: letters of `eEinumkKMGTP`, then an optional sign and digits.
    let letters_end = rest
        .find(|c: char| !"eEinumkKMGTP".contains(c))
        .unwrap_or(rest.len());
    let after_letters = &rest[letters_end..];
    let signed = after_letters
        .strip_prefix(['+', '-'])
        .unwrap_or(after_letters);
    if !signed.chars().all(|c| c.is_ascii_digit()) {
        return Err(SYNTAX.to_owned());
    }
    Ok(Parts {
        negative,
        int,
        frac,
        suffix: rest,
    })
}

/// (decimal exponent, binary exponent) of a suffix, as suffix.go interprets it.
fn suffix(s: &str) -> Result<(i64, u32), String> {
    let unknown = || format!("unable to parse quantity's suffix `{s}`");
    Ok(match s {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ if s.len() > 1 && s.starts_with(['e', 'E']) => {
            let e: i64 = s[1..].parse().map_err(|_| unknown())?;
            (e, 0)
        }
        _ => return Err(unknown()),
    })
}

/// The decimal number the ASCII digits spell, if it fits.
fn number(mut digits: impl Iterator<Item = u8>) -> Option<i128> {
    digits.try_fold(0i128, |n, d| {
        n.checked_mul(10)?.checked_add(i128::from(d - b'0'))
    })
}

impl Quantity {
    /// Parses a Kubernetes quantity string.
    pub(crate) fn parse(s: &str) -> Result<Quantity, String> {
        if s.is_empty() {
            return Err(SYNTAX.to_owned());
        }
        let parts = split(s)?;
        let (exp10, exp2) = suffix(parts.suffix)?;
        // The digits, leading zeros dropped, as one integer scaled by 10^scale.
        let all = || parts.int.bytes().chain(parts.frac.bytes());
        let lead = all().take_while(|b| *b == b'0').count();
        let len = parts.int.len() + parts.frac.len() - lead;
        let significant = || all().skip(lead);
        let scale = exp10 + 9 - i64::try_from(parts.frac.len()).map_err(|_| TOO_LARGE)?;
        let binary = 1i128.checked_shl(exp2).ok_or(TOO_LARGE)?;
        let mut nanos = if len == 0 {
            0
        } else if scale >= 0 {
            // An integer number of nanos: exact, or too large.
            let factor = u32::try_from(scale)
                .ok()
                .and_then(|e| 10i128.checked_pow(e))
                .ok_or(TOO_LARGE)?;
            number(significant())
                .and_then(|m| m.checked_mul(factor))
                .and_then(|n| n.checked_mul(binary))
                .ok_or(TOO_LARGE)?
        } else {
            // Whole nanos, then the fraction of a nano times 2^exp2, rounded up. Fraction
            // digits past the 20th only decide whether to round up.
            let places = scale.unsigned_abs();
            let whole_len = usize::try_from((len as i64).saturating_add(scale).max(0))
                .map_err(|_| TOO_LARGE)?;
            let whole = number(significant().take(whole_len)).ok_or(TOO_LARGE)?;
            let fraction = || significant().skip(whole_len);
            let fraction_len = (len - whole_len) as u64;
            let head_len = fraction_len.min(20);
            let head = number(fraction().take(20)).ok_or(TOO_LARGE)?;
            let sticky = fraction().skip(20).any(|b| b != b'0');
            // fraction_len <= places, so the cut is never negative.
            let cut = places - (fraction_len - head_len);
            let scaled = head.checked_mul(binary).ok_or(TOO_LARGE)?;
            let part = match u32::try_from(cut).ok().and_then(|c| 10i128.checked_pow(c)) {
                Some(divisor) => {
                    let rest = scaled % divisor != 0 || sticky;
                    scaled / divisor + i128::from(rest)
                }
                // Smaller than a nano: rounds up to one, unless it is zero.
                None => i128::from(scaled != 0 || sticky),
            };
            whole
                .checked_mul(binary)
                .and_then(|w| w.checked_add(part))
                .ok_or(TOO_LARGE)?
        };
        if exp2 > 0 {
            // ParseQuantity caps binary-suffixed values at 2^63-1 units.
            nanos = nanos.min(i128::from(i64::MAX) * NANOS);
        }
        if nanos > 100_000_000_000_000_000_000 * NANOS {
            return Err(TOO_LARGE.to_owned());
        }
        Ok(Quantity {
            nanos: if parts.negative { -nanos } else { nanos },
            binary: exp2 > 0,
        })
    }

    /// The value rounded up to whole units, like `Quantity.Value()`.
    pub(crate) fn ceil_units(self) -> i128 {
        self.nanos.div_euclid(NANOS) + i128::from(self.nanos.rem_euclid(NANOS) != 0)
    }

    /// True when the value is a whole number of units.
    pub(crate) fn is_integer(self) -> bool {
        // ValidateResourceQuantityValue: `value.MilliValue()%1000 != 0` (MilliValue rounds
        // up), so any fraction of a unit fails.
        self.nanos.rem_euclid(NANOS) == 0
    }
}

/// `nanos` written as a quantity for a message: bytes with the largest binary suffix that
/// divides them (`3Gi`), other whole units plain (`3`), fractions in milli-units rounded up
/// (`3750m`).
pub(crate) fn show(nanos: i128, binary: bool) -> String {
    if nanos % NANOS == 0 {
        let units = nanos / NANOS;
        if binary && units != 0 {
            for (suffix, shift) in [
                ("Ei", 60),
                ("Pi", 50),
                ("Ti", 40),
                ("Gi", 30),
                ("Mi", 20),
                ("Ki", 10),
            ] {
                if units % (1i128 << shift) == 0 {
                    return format!("{}{suffix}", units >> shift);
                }
            }
        }
        return units.to_string();
    }
    let millis = nanos.div_euclid(1_000_000) + i128::from(nanos.rem_euclid(1_000_000) != 0);
    format!("{millis}m")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> i128 {
        Quantity::parse(s).map(|q| q.nanos).unwrap_or(i128::MIN)
    }

    #[test]
    fn many_digits_before_a_negative_exponent_neither_overflow_nor_lose_the_fraction() {
        // 50 digits times 10^-12: 10^37 units, more than kubelab compares.
        let digits = "1".repeat(50);
        assert!(Quantity::parse(&format!("{digits}e-12")).is_err());
        // 30 digits times 10^-25: 11111.111... units, rounded up to the nano.
        let thirty = "1".repeat(30);
        assert_eq!(q(&format!("{thirty}e-25")), 11_111_111_111_112);
        assert_eq!(q("1.000000000000000000000000001"), NANOS + 1);
        assert_eq!(q("12.50000000000000000000000000"), 12_500_000_000);
    }

    #[test]
    fn shows_quantities_the_way_an_author_writes_them() {
        assert_eq!(show(q("3750m"), false), "3750m");
        assert_eq!(show(q("4"), false), "4");
        assert_eq!(show(q("7680Mi"), true), "7680Mi");
        assert_eq!(show(q("8Gi") - q("512Mi"), true), "7680Mi");
        assert_eq!(show(q("8Gi"), true), "8Gi");
        assert_eq!(show(q("1000"), true), "1000");
        assert_eq!(show(q("1n"), false), "1m");
    }

    #[test]
    fn parses_the_forms_kubernetes_accepts() {
        assert_eq!(q("1"), 1_000_000_000);
        assert_eq!(q("500m"), 500_000_000);
        assert_eq!(q("1000m"), q("1"));
        assert_eq!(q("2Gi"), 2 * (1 << 30) * 1_000_000_000);
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("1E+3"), q("1k"));
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q(".5"), q("500m"));
        assert_eq!(q("5."), q("5"));
        assert_eq!(q("1.G"), q("1G"));
        assert_eq!(q("-1"), -1_000_000_000);
        assert_eq!(q("1E-3"), q("1m"));
        assert_eq!(q("0.5Ki"), 512 * NANOS);
        // The binary factor comes before rounding: 1e-10 * 1024 = 102.4 nanos.
        assert_eq!(q("0.0000000001Ki"), 103);
        assert!(q("2Gi") > q("2G"));
        // parseQuantityString reads these as zero.
        assert_eq!(q("."), 0);
        assert_eq!(q("+"), 0);
        assert_eq!(q("000"), 0);
        assert_eq!(q("Gi"), 0);
        // Any number of digits.
        assert_eq!(q("0000000000000000000000000000000000001"), NANOS);
    }

    #[test]
    fn rounds_up_to_a_whole_nano_like_kubernetes() {
        assert_eq!(q("1.0000000001"), NANOS + 1);
        assert_eq!(q("0.0000000000000000000000000001"), 1);
        assert_eq!(q("-1.0000000001"), -(NANOS + 1));
        assert_eq!(q("1n"), 1);
        assert!(
            q("1.0000000001") > q("1"),
            "a request a hair over the limit is over it"
        );
    }

    #[test]
    fn caps_binary_values_and_refuses_what_it_cannot_compare() {
        assert_eq!(q("8Ei"), i128::from(i64::MAX) * NANOS);
        assert!(Quantity::parse("1e30").is_err());
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        for bad in [
            "", "abc", "1.2.3", "1 Gi", "1gi", "1KB", "1e", "--1", "1ki", "1mm", "1e3.5",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn knows_the_kind_of_suffix() {
        assert!(Quantity::parse("1Gi").is_ok_and(|q| q.binary));
        assert!(Quantity::parse("1.5").is_ok_and(|q| !q.is_integer()));
        assert_eq!(Quantity::parse("1.5").map(Quantity::ceil_units), Ok(2));
    }
}
