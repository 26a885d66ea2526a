//! Kubernetes resource quantities (`1`, `500m`, `2Gi`, `1e3`), parsed exactly into
//! nano-units so that requests and limits compare like the API server compares them.

/// A parsed quantity, in billionths of the base unit (cores, bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Quantity {
    /// The value times 10^9.
    pub(crate) nanos: i128,
}

const SYNTAX: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

fn pow(base: i128, exp: u32) -> Option<i128> {
    base.checked_pow(exp)
}

impl Quantity {
    /// Parses a Kubernetes quantity string.
    pub(crate) fn parse(s: &str) -> Result<Quantity, String> {
        let (negative, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(num_len);
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        if int.is_empty() && frac.is_empty() || frac.contains('.') {
            return Err(SYNTAX.to_owned());
        }
        if int.len() + frac.len() > 30 {
            return Err("quantity has too many digits".to_owned());
        }
        // At most 30 decimal digits: the mantissa cannot overflow an i128.
        let mantissa = int
            .bytes()
            .chain(frac.bytes())
            .fold(0i128, |m, d| m * 10 + i128::from(d - b'0'));
        let (exp10, binary): (i64, u32) = match suffix {
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
            s if s.starts_with(['e', 'E']) => {
                let e: i64 = s[1..].parse().map_err(|_| SYNTAX.to_owned())?;
                (e, 0)
            }
            _ => return Err(SYNTAX.to_owned()),
        };
        let overflow = || "quantity is too large".to_owned();
        let scale = exp10 + 9 - frac.len() as i64;
        let mut nanos = if scale >= 0 {
            let factor = u32::try_from(scale)
                .ok()
                .and_then(|e| pow(10, e))
                .ok_or_else(overflow)?;
            mantissa.checked_mul(factor).ok_or_else(overflow)?
        } else {
            match u32::try_from(-scale).ok().and_then(|e| pow(10, e)) {
                Some(divisor) => mantissa.div_euclid(divisor),
                None => 0,
            }
        };
        nanos = nanos
            .checked_mul(pow(2, binary).ok_or_else(overflow)?)
            .ok_or_else(overflow)?;
        Ok(Quantity {
            nanos: if negative { -nanos } else { nanos },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> i128 {
        Quantity::parse(s).map(|q| q.nanos).unwrap_or(i128::MIN)
    }

    #[test]
    fn parses_the_forms_kubernetes_accepts() {
        assert_eq!(q("1"), 1_000_000_000);
        assert_eq!(q("500m"), 500_000_000);
        assert_eq!(q("1000m"), q("1"));
        assert_eq!(q("2Gi"), 2 * (1 << 30) * 1_000_000_000);
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q(".5"), q("500m"));
        assert_eq!(q("-1"), -1_000_000_000);
        assert_eq!(q("1E-3"), q("1m"));
        assert!(q("2Gi") > q("2G"));
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        for bad in [
            "", "abc", "1.2.3", "1 Gi", "1gi", "1KB", "Gi", ".", "1e", "--1",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }
}
