"""Log Analytics / Sentinel OfficeActivity exports (CSV and JSON): flattened AuditData columns,
nested values as JSON text inside string cells."""
import json
from common import CONTOSO_TENANT, csv_text, encode, iso, la_time, register, write_bytes
from ual_csv import RT_NAME
from ual_records import catalogue

WORKSPACE_TENANT = "e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7"
# Column names of the OfficeActivity table export (schema names, order as the portal writes them).
LA_HEADER = (
    "TenantId,Application,UserDomain,UserAgent,RecordType,TimeGenerated [UTC],Operation,OrganizationId,"
    "OrganizationId_,UserType,UserKey,OfficeWorkload,ResultStatus,ResultReasonType,OfficeObjectId,UserId,UserId_,"
    "ClientIP,ClientIP_,Scope,Site_,ItemType,EventSource,Source_Name,MachineDomainInfo,MachineId,Site_Url,Site_Url_,"
    "SourceRelativeUrl,SourceRelativeUrl_,SourceFileName,SourceFileName_,SourceFileExtension,DestinationRelativeUrl,"
    "DestinationFileName,DestinationFileExtension,UserSharedWith,SharingType,CustomEvent,Event_Data,"
    "ModifiedObjectResolvedName,Parameters,ExternalAccess,OriginatingServer,OrganizationName,Logon_Type,"
    "InternalLogonType,MailboxGuid,MailboxOwnerUPN,MailboxOwnerSid,MailboxOwnerMasterAccountSid,LogonUserSid,"
    "LogonUserDisplayName,ClientInfoString,Client_IPAddress,ClientMachineName,ClientProcessName,ClientVersion,Folder,"
    "CrossMailboxOperations,DestMailboxId,DestMailboxOwnerUPN,DestMailboxOwnerSid,DestMailboxOwnerMasterAccountSid,"
    "DestFolder,Folders,AffectedItems,Item,ModifiedProperties,SendAsUserSmtp,SendAsUserMailboxGuid,"
    "SendOnBehalfOfUserSmtp,SendonBehalfOfUserMailboxGuid,ExtendedProperties,Client,LoginStatus,Actor,ActorContextId,"
    "ActorIpAddress,InterSystemsId,IntraSystemId,SupportTicketId,TargetContextId,DataCenterSecurityEventType,"
    "EffectiveOrganization,ElevationTime [UTC],ElevationApprover,ElevationApprovedTime [UTC],ElevationRequestId,"
    "ElevationRole,ElevationDuration,GenericInfo,SourceSystem,OfficeId,SourceRecordId,AzureActiveDirectory_EventType,"
    "AADTarget,Start_Time [UTC],OfficeTenantId,OfficeTenantId_,TargetUserOrGroupName,TargetUserOrGroupType,MessageId,"
    "Members,TeamName,TeamGuid,ChannelType,ChannelName,ChannelGuid,ExtraProperties,AddOnType,AddonName,TabType,Name,"
    "OldValue,NewValue,ItemName,ChatThreadId,ChatName,CommunicationType,AADGroupId,AddOnGuid,AppDistributionMode,"
    "TargetUserId,OperationScope,AzureADAppId,OperationProperties,AppId,ClientAppId,Type,_ResourceId").split(",")

UTYPE = {0: "Regular", 2: "Admin", 4: "System"}
LOGON = {0: "Owner", 1: "Delegated", 2: "Admin"}
# AuditData field -> LA column, for values copied as-is (scalars) or as JSON text (lists/dicts)
DIRECT = {"UserKey": "UserKey", "ResultStatus": "ResultStatus", "ObjectId": "OfficeObjectId", "UserId": "UserId",
          "ExternalAccess": "ExternalAccess", "OriginatingServer": "OriginatingServer",
          "OrganizationName": "OrganizationName", "InternalLogonType": "InternalLogonType",
          "MailboxGuid": "MailboxGuid", "MailboxOwnerUPN": "MailboxOwnerUPN", "MailboxOwnerSid": "MailboxOwnerSid",
          "LogonUserSid": "LogonUserSid", "ClientInfoString": "ClientInfoString", "ClientIPAddress": "Client_IPAddress",
          "SendAsUserSmtp": "SendAsUserSmtp", "SendOnBehalfOfUserSmtp": "SendOnBehalfOfUserSmtp",
          "ActorContextId": "ActorContextId", "ActorIpAddress": "ActorIpAddress", "InterSystemsId": "InterSystemsId",
          "IntraSystemId": "IntraSystemId", "SupportTicketId": "SupportTicketId", "TargetContextId": "TargetContextId",
          "UserAgent": "UserAgent", "ItemType": "ItemType", "EventSource": "EventSource", "SiteUrl": "Site_Url",
          "SourceRelativeUrl": "SourceRelativeUrl", "SourceFileName": "SourceFileName",
          "SourceFileExtension": "SourceFileExtension", "Site": "Site_", "AppId": "AppId", "ClientAppId": "ClientAppId",
          "Parameters": "Parameters", "Folders": "Folders", "AffectedItems": "AffectedItems", "Item": "Item",
          "Folder": "Folder", "DestFolder": "DestFolder", "ModifiedProperties": "ModifiedProperties",
          "ExtendedProperties": "ExtendedProperties", "Actor": "Actor", "OperationProperties": "OperationProperties",
          "AzureActiveDirectoryEventType": "AzureActiveDirectory_EventType", "Target": "AADTarget"}
PRETTY = {"Folders", "AffectedItems", "Item", "ExtendedProperties", "Actor", "AADTarget"}


def cell(v, col):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (list, dict)):
        return json.dumps(v, indent=2) if col in PRETTY else json.dumps(v, separators=(",", ":"))
    return str(v)


def flatten(w, r, idx):
    row = {c: "" for c in LA_HEADER}
    row.update({"TenantId": WORKSPACE_TENANT, "TimeGenerated [UTC]": la_time(w), "Operation": r["Operation"],
                "OrganizationId": CONTOSO_TENANT, "OrganizationId_": CONTOSO_TENANT,
                "UserType": UTYPE.get(r["UserType"], "Regular"), "OfficeWorkload": r["Workload"],
                "RecordType": str(r["RecordType"]) if idx % 3 == 0 else RT_NAME[r["RecordType"]],
                "SourceSystem": "OfficeActivityManager", "OfficeId": r["Id"], "SourceRecordId": r["Id"],
                "Start_Time [UTC]": la_time(w), "ElevationTime [UTC]": la_time(w),
                "OfficeTenantId": "$RestApiTenantId$", "OfficeTenantId_": "$RestApiTenantId$", "Type": "OfficeActivity"})
    for k, col in DIRECT.items():
        if k in r:
            row[col] = cell(r[k], col)
    if "ClientIP" in r:
        row["ClientIP"] = r["ClientIP"]
    if "LogonType" in r:
        row["Logon_Type"] = LOGON.get(r["LogonType"], str(r["LogonType"]))
    row["UserId_"] = row["UserId"]
    row["ClientIP_"] = row["ClientIP"]
    return row


def gen_csv():
    pairs = catalogue("la-csv", "2026-01-04 14:08:45.221")[1:19]
    rows = [flatten(w, r, i) for i, (w, r) in enumerate(pairs)]
    text = csv_text(LA_HEADER, [[row[c] for c in LA_HEADER] for row in rows], eol="\r\n")
    write_bytes("ual/officeactivity_la.csv", encode(text, "utf8bom"))
    register("ual/officeactivity_la.csv", "ual-loganalytics", len(rows), len(rows),
             notes="OfficeActivity export: UTF-8 BOM, 'TimeGenerated [UTC]' as '1/4/2026, 2:08:45.221 PM', "
                   "flattened columns, Parameters/Folders/Item JSON inside cells (multi-line), ClientIP vs Client_IPAddress")


def gen_json():
    pairs = catalogue("la-json", "2026-01-06 15:30:12.5")[:14]
    out = []
    for i, (w, r) in enumerate(pairs):
        row = flatten(w, r, i)
        obj = {"TenantId": WORKSPACE_TENANT, "TimeGenerated": iso(w, 3, z=True)}
        for c in LA_HEADER:
            name = c.replace(" [UTC]", "")
            if row[c] != "" and name not in obj and not c.endswith("_"):
                v = row[c]
                obj[name] = {"TRUE": True, "FALSE": False}.get(v, v)
        obj["Start_Time"] = iso(w, 3, z=True)
        obj.pop("ElevationTime", None)
        obj["Parameters"] = json.dumps(r.get("Parameters", []), separators=(",", ":")) if "Parameters" in r else ""
        out.append(obj)
    write_bytes("ual/officeactivity_la.json", encode(json.dumps(out, indent=2), "utf8"))
    register("ual/officeactivity_la.json", "ual-loganalytics", len(out), len(out),
             notes="JSON array, PascalCase keys (TimeGenerated ISO Z, OfficeWorkload, OfficeId, ClientIP, "
                   "Client_IPAddress); Parameters and other nested values are JSON strings")


def generate():
    gen_csv()
    gen_json()
