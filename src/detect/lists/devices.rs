//! Computer names of crimeware virtual machines. Rented "virtual dedicated servers" sold to
//! BEC crews are clones of one image, so every instance carries the same Windows computer
//! name, and an Entra device registration or sign-in that names it is the crew's machine.

/// (computer name, where it was published). Matched case-insensitively, whole name.
pub const CRIMEWARE_VM_NAMES: &[(&str, &str)] = &[
    // RedVDS (operator Storm-2470): every VM cloned from one Windows Server 2022 image.
    // Microsoft Threat Intelligence / Digital Crimes Unit, "Inside RedVDS", 14 January 2026
    // (research/anchors.md §5).
    ("WIN-BUNS25TD77J", "RedVDS (Microsoft, January 2026)"),
];

/// The crimeware image a device name belongs to, if it is one.
pub fn crimeware_vm(name: &str) -> Option<&'static str> {
    let n = name.trim();
    CRIMEWARE_VM_NAMES
        .iter()
        .find(|(v, _)| v.eq_ignore_ascii_case(n))
        .map(|(_, source)| *source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_names_match_case_insensitively() {
        assert!(crimeware_vm(" win-buns25td77j ").is_some());
        assert!(crimeware_vm("WIN-BUNS25TD77J-2").is_none());
        assert!(crimeware_vm("MB-LT-0142").is_none());
    }
}
