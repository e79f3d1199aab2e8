//! `rules-inventory-csv`: the mailbox-rule inventory that collection tools write
//! (Extractor `Get-MailboxRules`: `UserName,RuleName,Enabled,…,MoveToFolder,RedirectTo,
//! ForwardTo,…,DeleteMessage,…`; and the Graph variant with `UserPrincipalName`,
//! `Delete`, `PermanentDelete`). Rows are current-state rules with no time of creation:
//! their events carry `time_known = false`.

use super::super::csv_header::CsvHeader;
use super::Cell;
use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::detail::{Detail, InboxRuleDetail, RuleChange};
use crate::event::fields::{parse_bool, split_multi, split_recipients};
use crate::event::{Category, MapError, SourcePos, UserRef};
use crate::ingest::sniff::Head;

/// Mailbox rule inventory CSV.
pub struct RulesInventoryCsv;

fn cell<'r>(h: &CsvHeader, row: &'r [Cell<'_>], names: &[&str]) -> Option<&'r str> {
    names.iter().find_map(|n| h.get(row, n))
}

/// True when any of the columns says true (`DeleteMessage=False` with
/// `SoftDeleteMessage=True` still deletes).
fn flag(h: &CsvHeader, row: &[Cell<'_>], names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| h.get(row, n).and_then(parse_bool) == Some(true))
}

fn list(h: &CsvHeader, row: &[Cell<'_>], name: &str) -> Vec<String> {
    cell(h, row, &[name])
        .map(split_recipients)
        .unwrap_or_default()
}

const CONDITIONS: &[&str] = &[
    "from",
    "subjectcontainswords",
    "subjectorbodycontainswords",
    "bodycontainswords",
    "subjectcontains",
    "bodycontains",
    "hasattachment",
    "hasattachments",
];

impl InputFormat for RulesInventoryCsv {
    fn id(&self) -> &'static str {
        "rules-inventory-csv"
    }
    fn title(&self) -> &'static str {
        "mailbox rule inventory (CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        let user = head.has_columns(&["username"]) || head.has_columns(&["userprincipalname"]);
        let action = ["movetofolder", "forwardto", "redirectto"]
            .iter()
            .any(|c| head.has_columns(&[c]));
        (user && head.has_columns(&["rulename"]) && action)
            .then(|| "CSV header has UserName/UserPrincipalName, RuleName and rule actions (mailbox rule inventory)".into())
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, _ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Csv {
            header: h,
            cells: row,
        } = rec
        else {
            return Err(MapError::NotAnObject);
        };
        let mut ev = new_event(pos, self.id());
        ev.operation = "InboxRule".into();
        ev.category = Category::InboxRule;
        ev.workload = Some("Exchange".into());
        let user = cell(h, row, &["username", "userprincipalname"]).unwrap_or_default();
        ev.actor = UserRef::from_raw(user);
        ev.mailbox_owner = Some(ev.actor.key.clone()).filter(|k| !k.is_empty());
        ev.record_id = cell(h, row, &["ruleidentity", "ruleid"]).map(|id| format!("{user}|{id}"));
        let mut rule = InboxRuleDetail {
            name: cell(h, row, &["rulename"]).map(String::from),
            change: RuleChange::Inventory,
            mailbox: ev.mailbox_owner.clone(),
            enabled: cell(h, row, &["enabled"]).and_then(parse_bool),
            move_to_folder: cell(h, row, &["movetofolder"]).map(String::from),
            copy_to_folder: cell(h, row, &["copytofolder"]).map(String::from),
            delete: flag(
                h,
                row,
                &[
                    "deletemessage",
                    "softdeletemessage",
                    "delete",
                    "permanentdelete",
                ],
            ),
            mark_as_read: flag(h, row, &["markasread"]),
            stop_processing: flag(h, row, &["stopprocessingrules"]),
            forward_to: list(h, row, "forwardto"),
            forward_as_attachment_to: list(h, row, "forwardasattachmentto"),
            redirect_to: list(h, row, "redirectto"),
            ..InboxRuleDetail::default()
        };
        if rule.forward_as_attachment_to.is_empty() {
            rule.forward_as_attachment_to = list(h, row, "forwardasattachment");
        }
        for name in CONDITIONS {
            if let Some(v) = cell(h, row, &[name]) {
                rule.conditions.push(format!("{name}={v}"));
                if name.contains("contains") {
                    rule.keywords.extend(split_multi(v));
                }
            }
        }
        ev.detail = Detail::InboxRule(Box::new(rule));
        Ok(Mapped::Event(Box::new(ev)))
    }
}
