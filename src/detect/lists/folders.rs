//! Folders an inbox rule can use to hide mail from the mailbox owner: RSS Feeds, RSS
//! Subscriptions, Conversation History, Archive, Junk Email, Deleted Items and Notes, in
//! their common localisations (the 36 names of the Microsoft-Analyzer-Suite
//! `MoveToFolder-Blacklist`, anchors.md §2.1.1, plus Deleted Items, Notes, Junk and RSS in
//! French, German, Spanish, Italian, Dutch, Portuguese and the Nordic languages).
//!
//! Matching is on the last path segment only, case-insensitively, after stripping a
//! `mailbox:\` prefix and leading backslashes, with `-`/`_` treated as spaces: `\Inbox\RSS
//! Feeds` and `alice@contoso.com:\RSS-Feeds` match, `Archive 2023` and `Newsletters` do not.

/// (localised name, canonical English name).
pub const HIDING_FOLDERS: &[(&str, &str)] = &[
    // RSS Feeds
    ("RSS Feeds", "RSS Feeds"),
    ("RSS-Feeds", "RSS Feeds"),
    ("RSS-feeder", "RSS Feeds"),
    ("RSS-syötteet", "RSS Feeds"),
    ("Flux RSS", "RSS Feeds"),
    ("Fuentes RSS", "RSS Feeds"),
    ("Feed RSS", "RSS Feeds"),
    ("Feeds RSS", "RSS Feeds"),
    ("RSS-flöden", "RSS Feeds"),
    ("RSS-kanaler", "RSS Feeds"),
    // RSS Subscriptions
    ("RSS Subscriptions", "RSS Subscriptions"),
    ("RSS-Abonnements", "RSS Subscriptions"),
    ("RSS-подписки", "RSS Subscriptions"),
    ("Sottoscrizioni RSS", "RSS Subscriptions"),
    ("Abonnements RSS", "RSS Subscriptions"),
    ("Suscripciones RSS", "RSS Subscriptions"),
    ("Assinaturas RSS", "RSS Subscriptions"),
    ("RSS-abonnementen", "RSS Subscriptions"),
    ("RSS-prenumerationer", "RSS Subscriptions"),
    ("RSS-abonnementer", "RSS Subscriptions"),
    ("RSS-tilaukset", "RSS Subscriptions"),
    // Conversation History
    ("Conversation History", "Conversation History"),
    ("Cronologia delle conversazioni", "Conversation History"),
    ("Gesprekgeschiedenis", "Conversation History"),
    ("Historial de conversaciones", "Conversation History"),
    ("Histórico de Conversações", "Conversation History"),
    ("Historique des conversations", "Conversation History"),
    ("Konversationshistorik", "Conversation History"),
    ("Samtalehistorik", "Conversation History"),
    ("Samtalelogg", "Conversation History"),
    ("Verlauf der Unterhaltung", "Conversation History"),
    ("Keskusteluhistoria", "Conversation History"),
    // Archive
    ("Archive", "Archive"),
    ("Archives", "Archive"),
    ("Archiv", "Archive"),
    ("Archiveren", "Archive"),
    ("Archief", "Archive"),
    ("Archivio", "Archive"),
    ("Archivo", "Archive"),
    ("Arkiv", "Archive"),
    ("Arkiver", "Archive"),
    ("Arkisto", "Archive"),
    ("Arquivo", "Archive"),
    // Junk Email
    ("Junk Email", "Junk Email"),
    ("Junk E-mail", "Junk Email"),
    ("Junk", "Junk Email"),
    ("Junk-E-Mail", "Junk Email"),
    ("Correo no deseado", "Junk Email"),
    ("Courrier indésirable", "Junk Email"),
    ("Courriers indésirables", "Junk Email"),
    ("E-mail de Lixo", "Junk Email"),
    ("Lixo Eletrônico", "Junk Email"),
    ("Ongewenste e-mail", "Junk Email"),
    ("Posta indesiderata", "Junk Email"),
    ("Skräppost", "Junk Email"),
    ("Søppelpost", "Junk Email"),
    ("Uønsket mail", "Junk Email"),
    ("Uønsket e-mail", "Junk Email"),
    ("Roskaposti", "Junk Email"),
    // Deleted Items
    ("Deleted Items", "Deleted Items"),
    ("Éléments supprimés", "Deleted Items"),
    ("Gelöschte Elemente", "Deleted Items"),
    ("Gelöschte Objekte", "Deleted Items"),
    ("Elementos eliminados", "Deleted Items"),
    ("Elementos borrados", "Deleted Items"),
    ("Posta eliminata", "Deleted Items"),
    ("Elementi eliminati", "Deleted Items"),
    ("Verwijderde items", "Deleted Items"),
    ("Itens Excluídos", "Deleted Items"),
    ("Itens Eliminados", "Deleted Items"),
    ("Borttagna objekt", "Deleted Items"),
    ("Slettet post", "Deleted Items"),
    ("Slettede elementer", "Deleted Items"),
    ("Slettede poster", "Deleted Items"),
    ("Poistetut", "Deleted Items"),
    // Notes
    ("Notes", "Notes"),
    ("Notizen", "Notes"),
    ("Notas", "Notes"),
    ("Note", "Notes"),
    ("Notities", "Notes"),
    ("Anteckningar", "Notes"),
    ("Noter", "Notes"),
    ("Notater", "Notes"),
    ("Muistiinpanot", "Notes"),
];

/// The canonical English name of a hiding folder, when `path`'s last segment is one
/// (`alice@contoso.com:\RSS-Feeds` → `RSS Feeds`).
pub fn hiding_folder(path: &str) -> Option<&'static str> {
    let wanted = normalize(last_segment(path));
    if wanted.is_empty() {
        return None;
    }
    HIDING_FOLDERS
        .iter()
        .find(|(name, _)| normalize(name) == wanted)
        .map(|(_, canonical)| *canonical)
}

/// The last folder of a `mailbox:\Parent\Folder` path.
pub fn last_segment(path: &str) -> &str {
    let p = path.trim();
    let p = p.rsplit_once(":\\").map_or(p, |(_, rest)| rest);
    let p = p.trim_start_matches('\\').trim_end_matches('\\');
    p.rsplit('\\').next().unwrap_or(p).trim()
}

/// Lower case, `-`/`_` as spaces, runs of whitespace collapsed.
fn normalize(s: &str) -> String {
    s.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_localised_names_match() {
        assert_eq!(hiding_folder("RSS Feeds"), Some("RSS Feeds"));
        assert_eq!(
            hiding_folder("rss subscriptions"),
            Some("RSS Subscriptions")
        );
        assert_eq!(
            hiding_folder("Historique des conversations"),
            Some("Conversation History")
        );
        assert_eq!(hiding_folder("Gelöschte Elemente"), Some("Deleted Items"));
        assert_eq!(hiding_folder("ÉLÉMENTS SUPPRIMÉS"), Some("Deleted Items"));
        assert_eq!(hiding_folder("Skräppost"), Some("Junk Email"));
        assert_eq!(hiding_folder("RSS-подписки"), Some("RSS Subscriptions"));
        assert_eq!(hiding_folder("Notizen"), Some("Notes"));
        assert_eq!(hiding_folder("Arkiv"), Some("Archive"));
    }

    #[test]
    fn prefixes_and_paths_are_stripped() {
        assert_eq!(
            hiding_folder("alice@contoso.com:\\RSS Feeds"),
            Some("RSS Feeds")
        );
        assert_eq!(hiding_folder(":\\Archive"), Some("Archive"));
        assert_eq!(
            hiding_folder("\\Inbox\\Conversation History"),
            Some("Conversation History")
        );
        assert_eq!(hiding_folder("\\\\Deleted Items\\"), Some("Deleted Items"));
        assert_eq!(hiding_folder("  Junk-E-Mail  "), Some("Junk Email"));
        assert_eq!(hiding_folder("Junk E-Mail"), Some("Junk Email"));
        assert_eq!(hiding_folder("RSS_Feeds"), Some("RSS Feeds"));
    }

    #[test]
    fn ordinary_folders_do_not_match() {
        for f in [
            "Newsletters",
            "Invoices",
            "Archive 2023",
            "My Archive",
            "\\RSS Feeds\\Tech",
            "Notes from meetings",
            "",
            ":\\",
            "\\\\",
        ] {
            assert_eq!(hiding_folder(f), None, "{f}");
        }
    }

    #[test]
    fn last_segment_of_paths() {
        assert_eq!(last_segment("bob@contoso.com:\\Inbox\\Sub"), "Sub");
        assert_eq!(last_segment("Plain"), "Plain");
        assert_eq!(last_segment(""), "");
    }
}
