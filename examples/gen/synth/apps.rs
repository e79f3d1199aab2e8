//! Application and resource ids as the logs carry them, client strings and fixed user
//! agents. Ids are Microsoft's real first-party ids (and, for the attack apps, ids on
//! mailtrail's abused-application list or made up for this generator).

/// An application or resource: (id, display name).
pub type App = (&'static str, &'static str);

/// office.com landing page: what AiTM kits proxy.
pub const OFFICEHOME: App = ("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome");
/// Outlook desktop and the Office apps.
pub const OFFICE: App = ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office");
/// Teams.
pub const TEAMS: App = ("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams");
/// Outlook on the web (as an application).
pub const OWA: App = (
    "00000002-0000-0ff1-ce00-000000000000",
    "Office 365 Exchange Online",
);
/// The Microsoft 365 admin portal.
pub const PORTAL: App = (
    "00000006-0000-0ff1-ce00-000000000000",
    "Microsoft Office 365 Portal",
);
/// Outlook for iOS and Android.
pub const OUTLOOK_MOBILE: App = ("27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile");
/// OneDrive sync client.
pub const ONEDRIVE: App = (
    "ab9b8c07-8f02-4f72-87fa-80105867a763",
    "OneDrive SyncEngine",
);
/// Security-info registration page.
pub const MYSIGNINS: App = ("19db86c3-b2b9-44cc-b339-36da233a3be2", "My Signins");
/// The Microsoft Authentication Broker: what device-code kits ask for.
pub const BROKER: App = (
    "29d9ed98-a469-4536-ade2-f981bc1d605e",
    "Microsoft Authentication Broker",
);
/// The Azure CLI (developers use its device-code login on headless VMs).
pub const AZURE_CLI: App = (
    "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    "Microsoft Azure CLI",
);
/// Exchange Online PowerShell (admins).
pub const EXO_POWERSHELL: App = (
    "fb78d390-0c51-40cd-8e17-fdbfab77341b",
    "Microsoft Exchange REST API Based Powershell",
);
/// Windows PowerShell 5.1, as the Exchange Online module signs in.
pub const UA_POWERSHELL: &str =
    "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506";

/// Exchange Online as a resource.
pub const RES_EXO: App = (
    "00000002-0000-0ff1-ce00-000000000000",
    "Office 365 Exchange Online",
);
/// Microsoft Graph as a resource.
pub const RES_GRAPH: App = ("00000003-0000-0000-c000-000000000000", "Microsoft Graph");
/// Teams back end.
pub const RES_SKYPE: App = (
    "00000004-0000-0ff1-ce00-000000000000",
    "Skype for Business Online",
);
/// The Office 365 portal as a resource.
pub const RES_PORTAL: App = (
    "00000006-0000-0ff1-ce00-000000000000",
    "Microsoft Office 365 Portal",
);
/// SharePoint Online.
pub const RES_SPO: App = (
    "00000003-0000-0ff1-ce00-000000000000",
    "Office 365 SharePoint Online",
);

/// Apps on mailtrail's abused-application list (src/detect/lists/apps.rs): mailbox
/// downloaders attackers sync a stolen mailbox with.
pub const ABUSED: &[App] = &[
    ("e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd", "eM Client"),
    (
        "ff8d92dc-3d82-41d6-bcbd-b9174d163620",
        "PERFECTDATA SOFTWARE",
    ),
];

/// Consent-phishing apps: multi-tenant apps the attacker registered (made-up ids).
pub const PHISH_APPS: &[App] = &[
    (
        "8a3d5f12-6c4e-4b1a-9f0d-2e7c1b9a4d63",
        "Secure Document Viewer",
    ),
    (
        "c7e2b9a4-1d3f-4e58-a6b0-93f1d2e8c517",
        "Invoice Portal Sync",
    ),
    (
        "5b9f0e3d-7a21-4c86-b4e9-0d6a8c2f1e94",
        "DocuSign Connect for Outlook",
    ),
    ("e1c4a7d9-3b5f-42e0-8d16-7f9b2a0c6e38", "Adobe PDF Online"),
    (
        "2f6d8b1e-9c0a-4d73-b5e2-4a1c7e9f3b06",
        "Mail Archive Assistant",
    ),
];

/// Sanctioned apps users consent to with mail scopes (made-up ids).
pub const SANCTIONED_APPS: &[App] = &[
    ("9d1e4b7a-2c5f-4a83-b0e6-1f3d8c5a7e29", "Salesforce Inbox"),
    ("4a7c0e2d-8b1f-4e96-a3d5-6c9e2b0f4a17", "HubSpot Sales"),
    ("b3f8d1c6-5e0a-4b27-9c4e-8d2a6f1b3e50", "Zoom for Outlook"),
];

/// Outlook desktop over MAPI.
pub const CIS_OUTLOOK: &str = "Client=MSExchangeRPC";
/// Outlook on the web: Exchange writes `Action=ViaProxy` for ordinary proxied OWA sessions
/// as well as for AiTM kits' (docs/detections.md, MT-S10).
pub const CIS_OWA: &str = "Client=OWA;Action=ViaProxy";
/// REST / Graph access.
pub const CIS_REST: &str = "Client=REST;Client=RESTSystem;;";
/// IMAP access.
pub const CIS_IMAP: &str = "Client=POP3/IMAP4;Protocol=IMAP4";
/// SMTP client submission.
pub const CIS_SMTP: &str = "Client=SMTP;Protocol=SMTP";

/// Axios: the relaying client of Tycoon 2FA-style AiTM kits.
pub const UA_AXIOS: &str = "axios/1.7.7";
/// Python requests: spray tools and device-code scripts.
pub const UA_PYTHON: &str = "python-requests/2.31.0";
/// The ROPC marker legacy-auth tooling sends.
pub const UA_ROPC: &str = "BAV2ROPC";
/// A plain modern Chrome on Windows (what a careful attacker presents).
pub const UA_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
/// Teams desktop.
pub const UA_TEAMS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0 Teams/24004.1403.2634.2418";
/// OneDrive sync client.
pub const UA_ONEDRIVE: &str =
    "Microsoft SkyDriveSync 24.010.0114.0003 ship; Windows NT 10.0 (22631)";
/// Azure CLI on Linux.
pub const UA_AZURE_CLI: &str =
    "python/3.11.8 (Linux-6.5.0-1016-azure-x86_64-with-glibc2.35) AZURECLI/2.58.0";
