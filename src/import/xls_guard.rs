//! An `.xls` walked the way calamine's reader (0.38: `cfb.rs`, `xls.rs`) will walk it, before
//! it does: calamine reads the whole workbook when it opens it — every sheet, hidden ones
//! too — and sizes several allocations from numbers in the file (a DIMENSIONS record, string
//! lengths, sector chains, formula tokens). Here the same container and records are followed
//! with every such number checked against the file's budget ([`super::budget`]), so that
//! calamine only ever opens a file whose allocations are known to be small.
//!
//! The container is read exactly as calamine reads it (same header fields, same chains, same
//! choice of stream), so the records checked are the records it will parse.

use super::budget::{
    count, over, Budget, MAX_FILE_BYTES, MAX_FORMULA_WORK, MAX_SHEETS, MAX_STRINGS,
};
use super::workbook::{corrupt, too_large, Refusal, ENCRYPTED, MAX_CELLS, MAX_ROWS, SAVE_AS};

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// What the walk found that the caller needs.
pub struct Scan {
    /// The globals' first BOF says BIFF8 (Excel 97 and later).
    pub biff8: bool,
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Where calamine's reader would panic (an index past the end): it would be caught and the
/// file refused as damaged; here it is refused before.
fn broken() -> Refusal {
    corrupt("OLE 结构损坏")
}

// ---- the OLE container, as calamine's cfb.rs reads it ------------------------------------

/// A `Cursor` over the file, as calamine reads it.
struct Reader<'a> {
    file: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.file.len().saturating_sub(self.pos));
        buf[..n].copy_from_slice(&self.file[self.pos..self.pos + n]);
        self.pos += n;
        n
    }
}

struct Sectors {
    data: Vec<u8>,
    size: usize,
    maxid: u32,
}

impl Sectors {
    fn get(&mut self, id: u32, r: &mut Reader) -> Result<&[u8], Refusal> {
        if self.maxid < id {
            return Err(broken());
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            // `end` is at most (maxid + 1) sectors: about the file's length.
            let mut len = self.data.len();
            self.data.resize(end, 0);
            while len < end {
                let read = r.read(&mut self.data[len..end]);
                if read == 0 {
                    return self.data.get(start..len).ok_or_else(broken);
                }
                len += read;
            }
        }
        Ok(&self.data[start..end])
    }

    /// A chain of sectors up to `len` bytes. calamine follows it without end when it loops;
    /// a chain longer than there are sectors loops.
    fn chain(
        &mut self,
        mut id: u32,
        fats: &[u32],
        r: &mut Reader,
        len: usize,
    ) -> Result<Vec<u8>, Refusal> {
        let mut chain = Vec::new();
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            let sector = self.get(id, r)?;
            let to_copy = sector.len().min(len - chain.len());
            if (chain.len() + to_copy) as u64 > MAX_FILE_BYTES + 4096 {
                return Err(over(None, "OLE 数据流超过文件本身的大小"));
            }
            chain.extend_from_slice(&sector[..to_copy]);
            if chain.len() >= len {
                break;
            }
            steps += 1;
            if steps > self.maxid as u64 + 1 {
                return Err(corrupt("OLE 扇区链循环"));
            }
            id = *fats.get(id as usize).ok_or_else(broken)?;
        }
        Ok(chain)
    }
}

fn to_u32(s: &[u8]) -> Result<impl Iterator<Item = u32> + '_, Refusal> {
    if !s.len().is_multiple_of(4) {
        return Err(broken());
    }
    Ok(s.chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

struct Directory {
    name: String,
    start: u32,
    len: usize,
}

/// The container as calamine sees it.
struct Cfb<'a> {
    r: Reader<'a>,
    dirs: Vec<Directory>,
    sectors: Sectors,
    fats: Vec<u32>,
    mini_sectors: Sectors,
    mini_fats: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn open(file: &'a [u8]) -> Result<Self, Refusal> {
        let len = file.len();
        let mut r = Reader { file, pos: 0 };
        let mut h = [0u8; 512];
        if r.read(&mut h) < 512 {
            return Err(corrupt("OLE 文件头不完整"));
        }
        let version = u16::from_le_bytes([h[26], h[27]]);
        let sector_size = match u16::from_le_bytes([h[30], h[31]]) {
            0x0009 => 512,
            0x000C => {
                let mut rest = [0u8; 4096 - 512];
                if r.read(&mut rest) < rest.len() {
                    return Err(corrupt("OLE 文件头不完整"));
                }
                4096
            }
            _ => return Err(corrupt("OLE 扇区大小无效")),
        };
        if u16::from_le_bytes([h[32], h[33]]) != 0x0006 {
            return Err(corrupt("OLE 小扇区大小无效"));
        }
        let word = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        let dir_start = word(48);
        let mini_fat_start = word(60);
        let mini_fat_len = word(64) as usize;
        let difat_start = word(68);
        let mut difat: Vec<u32> = to_u32(&h[76..512])?.collect();

        let maxid = len / sector_size;
        let mut sectors = Sectors {
            data: Vec::new(),
            size: sector_size,
            maxid: maxid as u32,
        };
        let mut id = difat_start;
        let mut difat_sectors = 0usize;
        // The FAT is the sectors the DIFAT lists: there cannot be more of them than sectors
        // in the file (calamine would copy a sector listed a million times a million times).
        // Unused entries are FREESECT; the count is kept as the DIFAT is read.
        let too_many = |n: usize| {
            over(
                None,
                format!(
                    "OLE 分配表列出 {n} 个以上的扇区，而文件只有 {} 个",
                    maxid + 1
                ),
            )
        };
        let mut listed = difat.iter().filter(|id| **id < DIFSECT).count();
        while id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > maxid.saturating_add(1) {
                return Err(corrupt("OLE 扇区链循环"));
            }
            let before = difat.len();
            difat.extend(to_u32(sectors.get(id, &mut r)?)?);
            listed += difat[before..].iter().filter(|id| **id < DIFSECT).count();
            id = difat.pop().ok_or_else(broken)?;
            if id < DIFSECT {
                listed -= 1;
            }
            if listed > maxid + 1 {
                return Err(too_many(listed));
            }
        }
        let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_ids.len() > maxid + 1 {
            return Err(too_many(fat_ids.len()));
        }
        let mut fats = Vec::new();
        for id in fat_ids {
            fats.extend(to_u32(sectors.get(id, &mut r)?)?);
        }
        let dirs: Vec<Directory> = sectors
            .chain(dir_start, &fats, &mut r, usize::MAX)?
            .chunks(128)
            .filter(|c| c.len() == 128)
            .map(|c| directory(c, sector_size))
            .collect();
        if dirs.is_empty() || (version != 3 && dirs[0].start == ENDOFCHAIN) {
            return Err(corrupt("OLE 目录为空"));
        }
        let (mini_fats, ministream) = if mini_fat_len > 0 {
            let ministream = sectors.chain(dirs[0].start, &fats, &mut r, dirs[0].len)?;
            let minifat =
                sectors.chain(mini_fat_start, &fats, &mut r, mini_fat_len * sector_size)?;
            let minifat: Vec<u32> = to_u32(&minifat)?.collect();
            (minifat, ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Cfb {
            r,
            dirs,
            sectors,
            fats,
            mini_sectors: Sectors {
                data: ministream,
                size: 64,
                maxid: (maxid * 8) as u32,
            },
            mini_fats,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.dirs
            .iter()
            .any(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    }

    /// A stream by name, as calamine's `get_stream`; `None` when there is none.
    fn stream(&mut self, name: &str) -> Result<Option<Vec<u8>>, Refusal> {
        let Some(d) = self
            .dirs
            .iter()
            .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Ok(None);
        };
        let (start, len) = (d.start, d.len);
        let s = if len < 4096 {
            self.mini_sectors
                .chain(start, &self.mini_fats, &mut self.r, len)?
        } else {
            self.sectors.chain(start, &self.fats, &mut self.r, len)?
        };
        Ok(Some(s))
    }
}

fn directory(buf: &[u8], sector_size: usize) -> Directory {
    let units: Vec<u16> = buf[..64]
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
        name.truncate(l);
    }
    let start = u32::from_le_bytes([buf[116], buf[117], buf[118], buf[119]]);
    let len = if sector_size == 512 {
        u32::from_le_bytes([buf[120], buf[121], buf[122], buf[123]]) as usize
    } else {
        u64::from_le_bytes(buf[120..128].try_into().unwrap_or([0; 8])) as usize
    };
    Directory { name, start, len }
}

/// The workbook stream, exactly as calamine will read it; the encrypted and the
/// not-a-workbook cases told apart.
pub fn workbook_stream(file: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut cfb = Cfb::open(file)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(Refusal::file(ENCRYPTED));
    }
    // calamine: "Workbook", and on any failure "Book".
    let first = cfb.stream("Workbook");
    match first {
        Ok(Some(s)) => return Ok(s),
        Err(e) if !cfb.has("Book") => return Err(e),
        _ => {}
    }
    match cfb.stream("Book")? {
        Some(s) => Ok(s),
        None if cfb.has("WordDocument") => Err(Refusal::file(
            "这是 Word 文档，不是 Excel 工作簿；请报送自评表工作簿",
        )),
        None => Err(Refusal::file(format!(
            "不是 Excel 工作簿（文件中没有工作簿数据）；{SAVE_AS}"
        ))),
    }
}

// ---- the BIFF records, as calamine's xls.rs parses them ----------------------------------

/// One record with the CONTINUE records that follow it (calamine's `RecordIter`).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
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

struct Records<'a> {
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

fn records(stream: &[u8]) -> Records<'_> {
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
fn xl_string(r: &[u8], biff8: bool) -> Option<u64> {
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

/// The bounding box of a set of cells.
#[derive(Default)]
struct BBox {
    min: Option<(u32, u32)>,
    max: (u32, u32),
    n: u64,
}

impl BBox {
    fn add(&mut self, r: u32, c: u32) {
        let (r0, c0) = self.min.unwrap_or((r, c));
        self.min = Some((r0.min(r), c0.min(c)));
        self.max = (self.max.0.max(r), self.max.1.max(c));
        self.n += 1;
    }

    fn extent(&self) -> (u64, u64) {
        match self.min {
            Some((r0, c0)) => ((self.max.0 - r0) as u64 + 1, (self.max.1 - c0) as u64 + 1),
            None => (0, 0),
        }
    }
}

/// What the globals say that sheets refer to: the decoded size of each shared string, and
/// the longest sheet or defined name.
struct Names<'a> {
    strings: &'a [u32],
    name_max: u64,
}

/// One sheet's records; `work` counts the formula work of the whole file.
fn scan_sheet(
    stream: &[u8],
    name: &str,
    biff8: bool,
    names: &Names,
    budget: &mut Budget,
    work: &mut u64,
) -> Result<(), Refusal> {
    let (strings, name_max) = (names.strings, names.name_max);
    let mut cells = BBox::default();
    let mut formulas = BBox::default();
    let mut fmla_pos = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let rc = |d: &[u8]| -> Result<(u32, u32), Refusal> {
        match (u16_at(d, 0), u16_at(d, 2)) {
            (Some(r), Some(c)) => Ok((r as u32, c as u32)),
            _ => Err(corrupt("单元格记录不完整")),
        }
    };
    let need = |d: &[u8], n: usize| {
        if d.len() < n {
            Err(corrupt("单元格记录不完整"))
        } else {
            Ok(())
        }
    };
    for rec in records(stream) {
        let r = rec?;
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        match r.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x0200 => dimensions(d, name)?,
            0x0203 => {
                need(d, 14)?;
                let (r, c) = rc(d)?;
                cells.add(r, c);
            }
            0x0204 | 0x00D6 => {
                need(d, 6)?;
                let (r, c) = rc(d)?;
                let Some(t) = xl_string(&d[6..], biff8) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                budget.text(Some(name), t)?;
                cells.add(r, c);
            }
            0x0205 | 0x027E => {
                need(d, if r.typ == 0x0205 { 8 } else { 10 })?;
                let (r, c) = rc(d)?;
                cells.add(r, c);
            }
            0x0207 => {
                let Some(t) = xl_string(d, biff8) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                budget.text(Some(name), t)?;
                cells.add(fmla_pos.0, fmla_pos.1);
            }
            0x00FD => {
                need(d, 10)?;
                let (r, c) = rc(d)?;
                let i = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                if let Some(&len) = strings.get(i) {
                    budget.text(Some(name), len as u64 + 24)?;
                    cells.add(r, c);
                }
            }
            0x00BD => {
                need(d, 6)?;
                let (r, c0) = rc(d)?;
                let c1 = u16_at(d, d.len() - 2).unwrap_or(0) as u32;
                // calamine computes `c1 - c0 + 1` in 16 bits: it overflows there.
                let Some(n) = c1.checked_sub(c0).map(|n| n + 1).filter(|&n| n <= 0xFFFF) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                if d.len() != 6 + 6 * n as usize {
                    return Err(corrupt("单元格记录不完整"));
                }
                for c in c0..=c1 {
                    cells.add(r, c);
                }
            }
            0x00E5 => {
                let n = u16_at(d, 0).unwrap_or(0) as usize;
                // calamine computes each offset in 16 bits and indexes without a check.
                if n >= 8192 || 2 + n * 8 > d.len() {
                    return Err(corrupt("合并单元格记录不完整"));
                }
                budget.merges(name, n as u64)?;
            }
            0x000A => break,
            0x0006 => {
                need(d, 20)?;
                let (r, c) = rc(d)?;
                fmla_pos = (r, c);
                if !(d[6] == 0x00 && d[12] == 0xFF && d[13] == 0xFF) {
                    cells.add(r, c);
                }
                let Some(cce) = u16_at(d, 20).map(|n| n as usize) else {
                    return Err(corrupt("公式记录不完整"));
                };
                let Some(rgce) = d.get(22..22 + cce) else {
                    return Err(corrupt("公式记录不完整"));
                };
                let (len, w) = formula_cost(rgce, biff8, name_max);
                *work += w;
                if *work > MAX_FORMULA_WORK {
                    return Err(over(Some(name), "公式过长、过于复杂"));
                }
                budget.text(Some(name), (d.len() - 20) as u64 + 2 * len + 24)?;
                formulas.add(r, c);
            }
            _ => {}
        }
    }
    // Each grid (values, 32 bytes a cell; formulas, 24), calamine's and the copy read from it,
    // and the list of cells it is made from.
    for (bbox, size) in [(&cells, 32), (&formulas, 24)] {
        let (rows, cols) = bbox.extent();
        if rows > MAX_ROWS as u64 {
            return Err(too_large(name, format!("超过 {MAX_ROWS} 行")));
        }
        if rows * cols > MAX_CELLS {
            return Err(too_large(name, format!("数据区域 {rows} 行 × {cols} 列")));
        }
        budget.grid(name, (rows, cols), size, 2)?;
        budget.records(name, bbox.n)?;
    }
    Ok(())
}

/// DIMENSIONS: calamine reserves (last row − first row + 1) × (last col − first col + 1) cells
/// from it, in 32-bit arithmetic. A sheet declaring more than a return is refused; a record
/// whose first row or column lies past its last one would make that a huge number.
fn dimensions(d: &[u8], name: &str) -> Result<(), Refusal> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u16_at(d, 0).unwrap_or(0) as u32,
            u16_at(d, 2).unwrap_or(0) as u32,
            u16_at(d, 4).unwrap_or(0) as u32,
            u16_at(d, 6).unwrap_or(0) as u32,
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u16_at(d, 8).unwrap_or(0) as u32,
            u16_at(d, 10).unwrap_or(0) as u32,
        ),
        _ => return Err(corrupt("DIMENSIONS 记录长度无效")),
    };
    // The declared size, as before (first row, last row + 1, first col, last col + 1).
    let rows = rl.saturating_sub(rf) as u64;
    let cols = cl.saturating_sub(cf) as u64;
    if rows > MAX_ROWS as u64 + 20 || rows * cols > MAX_CELLS {
        return Err(too_large(name, format!("声明 {rows} 行 × {cols} 列")));
    }
    // What calamine computes from it.
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let span = |a: u32, b: u32| b.checked_sub(a).and_then(|n| n.checked_add(1));
    let (Some(rows), Some(cols)) = (span(start.0, end.0), span(start.1, end.1)) else {
        return Err(over(
            Some(name),
            format!(
                "DIMENSIONS 记录声明的区域无效：第 {} 行至第 {} 行，第 {} 列至第 {} 列",
                rf + 1,
                rl,
                cf + 1,
                cl
            ),
        ));
    };
    let n = rows as u64 * cols as u64;
    if n > super::budget::MAX_CELL_RECORDS {
        return Err(over(Some(name), format!("声明 {rows} 行 × {cols} 列")));
    }
    Ok(())
}

/// An upper bound of the length of the text calamine makes of a formula's tokens, and of
/// the bytes it moves doing so (it inserts parentheses, signs and spaces in front of what it
/// has written). Token sizes as in calamine's `parse_formula`; where it would stop or
/// panic, the bound stops too.
fn formula_cost(mut rgce: &[u8], biff8: bool, name_max: u64) -> (u64, u64) {
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
