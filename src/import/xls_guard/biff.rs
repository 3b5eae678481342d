//! The BIFF records, as calamine's xls.rs parses them.

use super::sheet::{scan_sheet, Names};
use super::{broken, u16_at, u32_at, Scan};
use crate::import::budget::{count, over, Budget, MAX_SHEETS, MAX_STRINGS};
use crate::import::workbook::{corrupt, Refusal, ENCRYPTED};

/// One record with the CONTINUE records that follow it (calamine's `RecordIter`).
pub(super) struct Record<'a> {
    pub(super) typ: u16,
    pub(super) data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
}

impl<'a> Record<'a> {
    fn next_cont(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> Result<(), ()> {
        while len > 0 {
            if self.data.is_empty() && !self.next_cont() {
                return Err(());
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        Ok(())
    }
}

pub(super) struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Refusal>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.len() < 4 {
            return (!self.stream.is_empty()).then(|| Err(corrupt("记录被截断")));
        }
        let typ = u16::from_le_bytes([self.stream[0], self.stream[1]]);
        let len = u16::from_le_bytes([self.stream[2], self.stream[3]]) as usize;
        if self.stream.len() < len + 4 {
            self.stream = &[];
            return Some(Err(corrupt("记录被截断")));
        }
        let (rec, next) = self.stream.split_at(len + 4);
        self.stream = next;
        let mut cont = std::collections::VecDeque::new();
        if next.len() > 4 && u16_at(next, 0) == Some(0x003C) {
            while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
                let len = u16_at(self.stream, 2).unwrap_or(0) as usize;
                if self.stream.len() < len + 4 {
                    self.stream = &[];
                    return Some(Err(corrupt("记录被截断")));
                }
                let (c, rest) = self.stream.split_at(len + 4);
                cont.push_back(&c[4..]);
                self.stream = rest;
            }
        }
        Some(Ok(Record {
            typ,
            data: &rec[4..],
            cont,
        }))
    }
}

pub(super) fn records(stream: &[u8]) -> Records<'_> {
    Records { stream }
}

/// Bytes a decoded string of `cch` characters may hold, `avail` of them present: its
/// reserved capacity, or what decoding may grow it to (a character is at most 6 bytes of
/// UTF-8 in any code page, a grown string at most twice its content).
fn string_alloc(cch: usize, avail: usize) -> u64 {
    (cch as u64).max(12 * cch.min(avail) as u64) + 24
}

/// An `XLUnicodeString` (or BIFF5 byte string) at the start of `r`: its allocation, or
/// `None` where calamine fails.
pub(super) fn xl_string(r: &[u8], biff8: bool) -> Option<u64> {
    let expected = if biff8 { 3 } else { 2 };
    if r.len() < expected {
        return (r.len() == 2 && u16_at(r, 0) == Some(0)).then_some(24);
    }
    let cch = u16_at(r, 0)? as usize;
    let avail = r.len() - expected;
    Some(string_alloc(cch, avail))
}

/// Decoded-length bound of each shared string (calamine's `parse_sst`), checking the count.
fn sst(r: &mut Record, budget: &mut Budget) -> Result<Vec<u32>, Refusal> {
    let mut out: Vec<u32> = Vec::new();
    if r.data.len() < 8 {
        return Ok(out);
    }
    r.data = &r.data[8..];
    while !r.data.is_empty() || r.next_cont() {
        if out.len() as u64 >= MAX_STRINGS {
            return Err(over(None, format!("共享字符串超过 {MAX_STRINGS} 个")));
        }
        if r.data.is_empty() {
            out.push(0);
            budget.text(None, 24)?;
            continue;
        }
        if r.data.len() < 3 {
            break; // calamine fails here
        }
        let cch = u16_at(r.data, 0).unwrap_or(0) as usize;
        let flags = r.data[2];
        r.data = &r.data[3..];
        let mut high = flags & 1 != 0;
        let mut c_run = 0usize;
        let mut cb_ext = 0usize;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(r.data, 0) else { break };
            c_run = n as usize;
            r.data = &r.data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(r.data, 0) else { break };
            cb_ext = n as i32 as usize;
            r.data = &r.data[4..];
        }
        // read_dbcs
        let mut left = cch;
        let mut chars = 0usize;
        let mut ok = true;
        while left > 0 {
            let l = if high {
                (r.data.len() / 2).min(left)
            } else {
                r.data.len().min(left)
            };
            let at = if high { 2 * l } else { l };
            r.data = &r.data[at..];
            left -= l;
            chars += l;
            if left > 0 {
                if r.next_cont() {
                    let Some(&f) = r.data.first() else {
                        ok = false;
                        break;
                    };
                    high = f & 1 != 0;
                    r.data = &r.data[1..];
                } else {
                    ok = false;
                    break;
                }
            }
        }
        let alloc = string_alloc(cch, chars);
        budget.text(None, alloc + 24)?;
        if !ok {
            break;
        }
        out.push((6 * chars) as u32);
        if r.skip(c_run.saturating_mul(4)).is_err() || r.skip(cb_ext).is_err() {
            break;
        }
    }
    Ok(out)
}

/// The globals' and each sheet's records, checked; refuses what calamine would choke on.
pub fn scan(stream: &[u8]) -> Result<Scan, Refusal> {
    let mut budget = Budget::default();
    let mut first_bof: Option<u16> = None;
    let mut biff8_calamine = true;
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut strings: Vec<u32> = Vec::new();
    // The longest sheet or defined name (formula text quotes them).
    let mut name_max = 8u64;
    for rec in records(stream) {
        let mut r = rec?;
        if first_bof.is_none() {
            if r.typ != 0x0809 {
                return Err(corrupt("缺少 BOF 记录"));
            }
            first_bof = Some(u16_at(r.data, 0).unwrap_or(0));
        }
        match r.typ {
            0x002F => return Err(Refusal::file(ENCRYPTED)),
            0x0809 => {
                let v = u16_at(r.data, 0).ok_or_else(broken)?;
                let dt = u16_at(r.data, 2).unwrap_or(0);
                biff8_calamine = match v {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => dt != 0x1000,
                    _ => true,
                };
            }
            0x0085 => {
                let pos = u32_at(r.data, 0).ok_or_else(broken)? as usize;
                if r.data.len() < 6 {
                    return Err(broken());
                }
                let cch = r.data.get(6).copied().unwrap_or(0) as u64;
                name_max = name_max.max(6 * cch + 2);
                sheets.push((pos, sheet_name(r.data, first_bof == Some(0x0600))));
                count(None, sheets.len() as u64, MAX_SHEETS, "工作表")?;
            }
            0x0018 => {
                let cch = r.data.get(3).copied().unwrap_or(0) as u64;
                name_max = name_max.max(6 * cch + 2);
                budget.text(None, 6 * cch + 64)?;
            }
            0x00FC => strings = sst(&mut r, &mut budget)?,
            0x000A => break,
            _ => {}
        }
    }
    let Some(bof) = first_bof else {
        return Err(corrupt("工作簿数据为空"));
    };
    let names = Names {
        strings: &strings,
        name_max,
    };
    let mut work = 0u64;
    for (pos, name) in sheets {
        let Some(sh) = stream.get(pos..) else {
            return Err(corrupt(format!("工作表“{name}”的位置超出文件")));
        };
        scan_sheet(sh, &name, biff8_calamine, &names, &mut budget, &mut work)?;
    }
    Ok(Scan {
        biff8: bof == 0x0600,
    })
}

fn sheet_name(data: &[u8], biff8: bool) -> String {
    let cch = data.get(6).copied().unwrap_or(0) as usize;
    if biff8 {
        let high = data.get(7).is_some_and(|f| f & 1 == 1);
        if high {
            let units: Vec<u16> = (0..cch).filter_map(|i| u16_at(data, 8 + 2 * i)).collect();
            String::from_utf16_lossy(&units)
        } else {
            data.get(8..8 + cch)
                .map(|b| b.iter().map(|&c| c as char).collect())
                .unwrap_or_default()
        }
    } else {
        data.get(7..7 + cch)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }
}
