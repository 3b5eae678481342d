//! What calamine's formula parser will make of a formula's tokens.

use super::u16_at;

/// An upper bound of the length of the text calamine makes of a formula's tokens, and of
/// the bytes it moves doing so (it inserts parentheses, signs and spaces in front of what it
/// has written). Token sizes as in calamine's `parse_formula`; where it would stop or
/// panic, the bound stops too.
pub(super) fn formula_cost(mut rgce: &[u8], biff8: bool, name_max: u64) -> (u64, u64) {
    let mut len: u64 = 128; // an "Unrecognised formula" message at most
    let mut work: u64 = 0;
    let mut tokens: u64 = 0;
    let pre8 = !biff8;
    macro_rules! adv {
        ($n:expr) => {{
            let n: usize = $n;
            if rgce.len() < n {
                break;
            }
            rgce = &rgce[n..];
        }};
    }
    while let Some(&ptg) = rgce.first() {
        rgce = &rgce[1..];
        tokens += 1;
        match ptg {
            0x3a | 0x5a | 0x7a | 0x3c | 0x5c | 0x7c => {
                len += name_max + 32;
                adv!(6);
            }
            0x3b | 0x5b | 0x7b | 0x3d | 0x5d | 0x7d => {
                len += name_max + 32;
                adv!(10);
            }
            0x01 => adv!(4),
            0x03..=0x11 => {
                work += 2 * len;
                len += 2;
            }
            0x12 | 0x13 | 0x15 => {
                work += len;
                len += 2;
            }
            0x14 => len += 1,
            0x16 => {}
            0x17 => {
                let Some(&cch) = rgce.first() else { break };
                let cch = cch as usize;
                len += 6 * cch as u64 + 2;
                if pre8 {
                    adv!(1 + cch);
                } else {
                    let Some(&flags) = rgce.get(1) else { break };
                    adv!(2 + if flags & 1 != 0 { 2 * cch } else { cch });
                }
            }
            0x18 => adv!(5),
            0x19 => {
                let Some(&etpg) = rgce.first() else { break };
                adv!(1);
                match etpg {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 => adv!(2),
                    0x04 => {
                        let Some(n) = u16_at(rgce, 0) else { break };
                        adv!(2 + 2 * (n as usize + 1));
                    }
                    0x10 => {
                        work += 2 * len;
                        len += 5;
                        adv!(2);
                    }
                    0x40 | 0x41 => {
                        let Some(&cch) = rgce.get(1) else { break };
                        let cch = cch as u64;
                        work += cch * (len + cch);
                        len += cch;
                        adv!(2);
                    }
                    _ => break,
                }
            }
            0x1C => {
                len += 16;
                adv!(1);
            }
            0x1D => {
                len += 5;
                adv!(1);
            }
            0x1E => {
                len += 5;
                adv!(2);
            }
            0x1F => {
                // f64's Display of 1e308 or of a tiny number: a few hundred digits.
                len += 340;
                adv!(8);
            }
            0x20 | 0x40 | 0x60 => {
                len += 10;
                adv!(7);
            }
            0x21 | 0x22 | 0x41 | 0x42 | 0x61 | 0x62 => {
                // The function's name, its parentheses and a comma between arguments.
                work += 2 * len;
                len += 40 + tokens.min(255);
                adv!(if matches!(ptg, 0x22 | 0x42 | 0x62) {
                    3
                } else {
                    2
                });
            }
            0x23 | 0x43 | 0x63 => {
                len += name_max;
                adv!(4);
            }
            0x24 | 0x44 | 0x64 => {
                len += 16;
                adv!(if pre8 { 3 } else { 4 });
            }
            0x25 | 0x45 | 0x65 => {
                len += 32;
                adv!(if pre8 { 6 } else { 8 });
            }
            0x2A | 0x4A | 0x6A => {
                len += 5;
                adv!(if pre8 { 3 } else { 4 });
            }
            0x2B | 0x4B | 0x6B => {
                len += 5;
                adv!(if pre8 { 6 } else { 8 });
            }
            0x39 | 0x59 => {
                len += 10;
                adv!(6);
            }
            _ => break,
        }
    }
    (len, work)
}
