//! Applications: ones abused for mailbox theft (by app id, from the
//! Microsoft-Analyzer-Suite application blacklist, anchors.md §2.1.1, plus ClientInfoString
//! names) and well-known Microsoft first-party ids that are normal mail clients.

/// (app id, name) of applications abused to read or exfiltrate mailboxes.
pub const ABUSED_APPS: &[(&str, &str)] = &[
    ("a43e5392-f48b-46a4-a0f1-098b5eeb4757", "CloudSponge"),
    ("e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd", "eM Client"),
    ("77468577-4f6e-40e7-b745-11d3d0c28095", "Fastmail"),
    ("2ef68ccc-8a4d-42ff-ae88-2d7bb89ad139", "Mail_Backup"),
    (
        "a245e8c0-b53c-4b67-9b45-751d1dff8e6b",
        "Newsletter Software Supermailer",
    ),
    (
        "ff8d92dc-3d82-41d6-bcbd-b9174d163620",
        "PERFECTDATA SOFTWARE",
    ),
    ("179d5108-412b-4c95-8e34-06786784ab39", "PostBox"),
    ("4761b959-9780-4c2d-87a3-512b4638f767", "rclone"),
    ("caffae8c-0882-4c81-9a27-d1803af53a40", "SigParser"),
    ("946c777c-bc85-489e-b034-392389ae23d6", "Spike"),
    (
        "497ac034-5120-4c1a-929a-0351f5c09918",
        "ZoomInfo Communitiez Login",
    ),
    ("858d7e42-35f0-44b7-9033-df309239a47f", "Zoominfo Login"),
];

/// Client names that appear in Exchange `ClientInfoString` for abused clients.
pub const ABUSED_CLIENT_NAMES: &[&str] = &[
    "em client",
    "perfectdata",
    "supermailer",
    "rclone",
    "sigparser",
    "cloudsponge",
    "postbox",
    "spike",
];

/// (app id, name) of Microsoft first-party applications that are ordinary mail clients.
pub const FIRST_PARTY_MAIL_APPS: &[(&str, &str)] = &[
    (
        "00000002-0000-0ff1-ce00-000000000000",
        "Office 365 Exchange Online",
    ),
    ("00000003-0000-0000-c000-000000000000", "Microsoft Graph"),
    ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"),
    ("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile"),
    ("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome"),
    ("72782ba9-4490-4f03-8d82-562370ea3566", "Office 365"),
    ("9199bf20-a13f-4107-85dc-02114787ef48", "One Outlook Web"),
    ("5d661950-3475-41cd-a2c3-d671a3162bc1", "Microsoft Outlook"),
    ("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"),
    ("0ec893e0-5785-4de6-99da-4ed124e5296c", "Office UWP PWA"),
    (
        "13937bba-652e-4c46-b222-3003f4d1ff97",
        "Substrate Context Service",
    ),
];

/// (app id, name) of Microsoft first-party *public* clients that OAuth-code and device-code
/// phishing kits ask victims to sign in to, because they are pre-consented for Microsoft
/// Graph and Exchange Online in every tenant (ROADtools, TokenTactics, Storm-2372 and others).
/// Developers and admins use some of them legitimately — the detector judges use against the
/// user's own history.
pub const DEVELOPER_CLIENTS: &[(&str, &str)] = &[
    ("aebc6443-996d-45c2-90f0-388ff96faa56", "Visual Studio Code"),
    (
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "Microsoft Azure CLI",
    ),
    (
        "1950a258-227b-4e31-a9cf-717495945fc2",
        "Microsoft Azure PowerShell",
    ),
    (
        "29d9ed98-a469-4536-ade2-f981bc1d605e",
        "Microsoft Authentication Broker",
    ),
    ("de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer"),
    (
        "14d82eec-204b-4c2f-b7e8-296a70dab67e",
        "Microsoft Graph Command Line Tools",
    ),
    (
        "9ba1a5c7-f17a-4de9-a1f1-6178c8d51223",
        "Microsoft Intune Company Portal",
    ),
];

/// The developer client an application id is, if it is one (case-insensitive).
pub fn developer_client(app_id: &str) -> Option<&'static str> {
    let id = app_id.trim();
    DEVELOPER_CLIENTS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(id))
        .map(|(_, n)| *n)
}

/// Name of an abused application by id (case-insensitive), if it is one.
pub fn abused_app(app_id: &str) -> Option<&'static str> {
    let id = app_id.trim();
    ABUSED_APPS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(id))
        .map(|(_, n)| *n)
}

/// Abused client named in a `ClientInfoString` (`Client=WebServices;eM Client`).
pub fn abused_client_info(client_info: &str) -> Option<&'static str> {
    let lower = client_info.to_ascii_lowercase();
    lower
        .split([';', '=', '/', '(', ')', ','])
        .map(str::trim)
        .find_map(|part| {
            ABUSED_CLIENT_NAMES
                .iter()
                .find(|n| part.starts_with(*n))
                .copied()
        })
}

/// True for a well-known Microsoft first-party mail client id.
pub fn is_first_party_mail_app(app_id: &str) -> bool {
    let id = app_id.trim();
    FIRST_PARTY_MAIL_APPS
        .iter()
        .any(|(a, _)| a.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abused_apps_by_id_and_client_string() {
        assert_eq!(
            abused_app("E9A7FEA1-1CC0-4CD9-A31B-9137CA5DEEDD"),
            Some("eM Client")
        );
        assert_eq!(abused_app("00000002-0000-0ff1-ce00-000000000000"), None);
        assert_eq!(
            abused_client_info("Client=WebServices;eM Client/9.2"),
            Some("em client")
        );
        assert_eq!(abused_client_info("Client=OWA;Action=ViaProxy"), None);
        assert!(is_first_party_mail_app(
            "d3590ed6-52b3-4102-aeff-aad2292ab01c"
        ));
    }
}
