//! A small deterministic mutator for the stable smoke: flips, inserts, deletes and splices
//! bytes of corpus entries. Not coverage-guided (that is libFuzzer's job in `fuzz/`); it
//! makes sure each target survives inputs near its corpus on every CI run.

/// xorshift64*: the same seed gives the same inputs, so a failure reproduces.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n.max(1) as u64).unwrap_or(0)
    }
}

/// Bytes that matter to the formats the targets read.
const INTERESTING: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"&",
    b"=",
    b"\"",
    b"'",
    b"$",
    b"$$",
    b"%",
    b"%00",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"-1",
    b"9999999999999999999",
    b"\xff",
    b"\0",
    b"\r\n",
    b"*",
    b"$LINKTOREMOTE",
    b"$REMOTEINVITE",
    b"state=",
    b"code=",
    b"event=",
    b"lsid=",
];

/// One mutation of `input`, its other entries available for splicing.
pub fn mutate(input: &[u8], others: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, piece.iter().copied());
            }
            2 if at < out.len() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
            3 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
            4 if at < out.len() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            _ => out.truncate(at),
        }
    }
    out
}
