//! The OLE container, as calamine's cfb.rs reads it.

use super::broken;
use crate::import::budget::{over, MAX_FILE_BYTES};
use crate::import::workbook::{corrupt, Refusal, ENCRYPTED, SAVE_AS};

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

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
