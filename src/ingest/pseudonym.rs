//! Keyed pseudonyms for personal identifiers (HMAC-SHA256).
//!
//! The same key gives the same pseudonym in every extract and region, so extracts join on
//! `person_id`; without the key a pseudonym cannot be reversed or recomputed. The key comes
//! from the environment or a key file (see `crate::config`), never from the repository.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Length of a pseudonym in hex characters (128 bits of the HMAC: collisions are negligible
/// at any NHS scale).
pub const PSEUDONYM_HEX_LEN: usize = 32;

/// A keyed pseudonymiser. Cloning the pre-keyed MAC avoids re-deriving the key pads per value.
#[derive(Clone)]
pub struct Pseudonymiser {
    mac: HmacSha256,
    key_id: String,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pseudonymiser")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl Pseudonymiser {
    /// A pseudonymiser for `key` (any length; HMAC accepts every key size).
    pub fn new(key: &[u8]) -> Self {
        let mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
        let mut id_mac = mac.clone();
        id_mac.update(b"talentpipe key id");
        let key_id = hex::encode(&id_mac.finalize().into_bytes()[..8]);
        Pseudonymiser { mac, key_id }
    }

    /// A non-secret fingerprint of the key: staged tables record it so a key change rebuilds them.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The pseudonym of `identifier` (trimmed) as lower-case hex.
    pub fn pseudonym_hex(&self, identifier: &str) -> [u8; PSEUDONYM_HEX_LEN] {
        let mut mac = self.mac.clone();
        mac.update(crate::extracts::codes::trim(identifier).as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut out = [0u8; PSEUDONYM_HEX_LEN];
        // Infallible: the output buffer is exactly twice the 16 input bytes.
        hex::encode_to_slice(&digest[..PSEUDONYM_HEX_LEN / 2], &mut out)
            .expect("buffer is twice the digest slice");
        out
    }

    /// Convenience for tests and tools: the pseudonym as a `String`.
    pub fn pseudonym(&self, identifier: &str) -> String {
        String::from_utf8_lossy(&self.pseudonym_hex(identifier)).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_per_key_and_different_across_keys() {
        let a = Pseudonymiser::new(b"key-one");
        let a2 = Pseudonymiser::new(b"key-one");
        let b = Pseudonymiser::new(b"key-two");
        assert_eq!(a.pseudonym("12345678"), a2.pseudonym("12345678"));
        assert_eq!(a.pseudonym(" 12345678 "), a.pseudonym("12345678"), "trimmed");
        assert_ne!(a.pseudonym("12345678"), b.pseudonym("12345678"));
        assert_ne!(a.pseudonym("12345678"), a.pseudonym("12345679"));
        assert_eq!(a.pseudonym("1").len(), PSEUDONYM_HEX_LEN);
        assert!(!a.pseudonym("12345678").contains("12345678"));
        assert_eq!(a.key_id(), a2.key_id());
        assert_ne!(a.key_id(), b.key_id());
    }

    #[test]
    fn matches_a_reference_hmac() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let p = Pseudonymiser::new(b"Jefe");
        assert_eq!(
            p.pseudonym("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c7"
        );
    }
}
