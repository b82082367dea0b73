//! The program's own start-up memory: on Linux with glibc, `talkbot` is linked with packed
//! relative relocations (bot/build.rs). Unpacked, the dynamic relocation table held one 24-byte
//! record per pointer of the program (2.2 MB, all read at every start: about 2 MB of resident
//! memory before any notes are read); packed, the table keeps only the few relocations that name
//! a symbol. The test reads the built program's section headers, so it measures bytes, not time.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_program_starts_without_a_table_of_relative_relocations() {
    // Packed relocations need glibc 2.36 to load them; linked against an older one, the linker
    // leaves them unpacked (and the program still runs).
    let (major, minor) = glibc_version();
    if (major, minor) < (2, 36) || option_env!("TALKBOT_UNPACKED_RELOCATIONS").is_some() {
        eprintln!("glibc {major}.{minor}: relocations packed from 2.36, unless asked not to");
        return;
    }
    let program = std::fs::read(env!("CARGO_BIN_EXE_talkbot")).expect("the built talkbot");
    let sections = elf_sections(&program).expect("an ELF64 little-endian program");
    let size_of = |name: &str| {
        sections
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, size)| size)
            .sum::<u64>()
    };
    let (rela, relr) = (size_of(".rela.dyn"), size_of(".relr.dyn"));
    eprintln!(".rela.dyn {rela} bytes, .relr.dyn {relr} bytes");
    assert!(relr > 0, "no packed relocations: is the link option gone?");
    assert!(rela < 64 * 1024, ".rela.dyn holds {rela} bytes");
}

/// The version of the C library this test runs with.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn glibc_version() -> (u32, u32) {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a pointer to a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    let mut parts = version
        .to_str()
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The name and size of each section of a 64-bit little-endian ELF file, or `None` when the
/// bytes are not one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn elf_sections(elf: &[u8]) -> Option<Vec<(String, u64)>> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(elf.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(elf.get(at..at + 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(elf.get(at..at + 8)?.try_into().ok()?));
    // Magic, 64-bit class, little-endian.
    if elf.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let table = usize::try_from(u64_at(0x28)?).ok()?;
    let (entry, count, names) = (
        usize::from(u16_at(0x3A)?),
        usize::from(u16_at(0x3C)?),
        usize::from(u16_at(0x3E)?),
    );
    let header = |i: usize| table + i * entry;
    let names_at = usize::try_from(u64_at(header(names) + 0x18)?).ok()?;
    (0..count)
        .map(|i| {
            let name_at = names_at + usize::try_from(u32_at(header(i))?).ok()?;
            let name = elf.get(name_at..)?.split(|&b| b == 0).next()?;
            let size = u64_at(header(i) + 0x20)?;
            Some((String::from_utf8_lossy(name).into_owned(), size))
        })
        .collect()
}
