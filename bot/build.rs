//! Links `talkbot` with packed relative relocations on Linux with glibc: a position-independent
//! program carries one 24-byte record per pointer it holds (2.2 MB here), read in full at every
//! start; packed, they take 33 KB, so the program starts about 2 MB smaller, with the same
//! address randomisation. Loading packed relocations needs glibc 2.36 or later: the program
//! names that need (`GLIBC_ABI_DT_RELR`), so an older C library refuses to start it with a
//! message. To build a program for an older glibc than the one it is built with, set
//! `TALKBOT_UNPACKED_RELOCATIONS=1`. Linkers that do not know the option ignore it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TALKBOT_UNPACKED_RELOCATIONS");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let unpacked = std::env::var_os("TALKBOT_UNPACKED_RELOCATIONS").is_some();
    if os == "linux" && env == "gnu" && !unpacked {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
