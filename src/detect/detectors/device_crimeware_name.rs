//! MT-P04: a device registered in Entra, or signing in, under the computer name of a known
//! crimeware virtual machine (`lists::devices`: the RedVDS image `WIN-BUNS25TD77J`,
//! published by Microsoft in January 2026).
//!
//! Why: RedVDS sold BEC crews Windows VMs cloned from one image, so every instance shares
//! one computer name. A device registration under that name gives the crew a primary
//! refresh token that outlives a password reset; a sign-in from it is the crew at the
//! keyboard. No legitimate machine of the tenant is called that.
//!
//! Read from the device facts of any event: Entra audit device registrations (device
//! target), sign-in device details, UAL `DeviceProperties`. High, always; one finding per
//! account and device name.

use std::collections::BTreeMap;

use crate::detect::lists::devices::crimeware_vm;
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P04",
    title: "Device named like a known crimeware virtual machine",
    severity: Severity::High,
    techniques: &["T1098.005", "T1583.003"],
    status: Status::Stable,
    description: "An Entra device registration, a sign-in or an audit record whose device \
        name is the computer name of a known crimeware VM image (RedVDS: WIN-BUNS25TD77J, \
        published by Microsoft in January 2026). Every instance of such an image carries the \
        same name; no tenant machine does.",
    fields: &["device.name", "operation", "actor", "ip"],
    params: &[],
    role: Role::attacker_made(Signal::Persistence),
};

/// The detector.
#[derive(Debug, Default)]
pub struct DeviceCrimewareName {
    open: BTreeMap<(String, String), Finding>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(DeviceCrimewareName::default())
}

impl Detector for DeviceCrimewareName {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {
        let Some(name) = ev.device.as_ref().and_then(|d| d.name.as_deref()) else {
            return;
        };
        let Some(source) = crimeware_vm(name) else {
            return;
        };
        let key = (ev.actor.key.clone(), name.trim().to_ascii_uppercase());
        match self.open.get_mut(&key) {
            Some(f) => f.add_event(ev),
            None => {
                let who = if ev.actor.key.is_empty() {
                    "an unknown account"
                } else {
                    &ev.actor.key
                };
                let summary = format!(
                    "{who}: device '{}' ({}) seen in {} — the computer name of a known \
                     crimeware VM image ({source})",
                    key.1,
                    ev.operation,
                    ev.ip.map_or_else(
                        || "a record without an address".into(),
                        |i| format!("a record from {i}")
                    ),
                );
                self.open
                    .insert(key, Finding::from_event(&META, ev, summary));
            }
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        out.extend(std::mem::take(&mut self.open).into_values());
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
    use crate::event::Device;

    fn named(name: &str) -> impl FnOnce(&mut Event) {
        let name = name.to_string();
        move |e: &mut Event| {
            e.device = Some(Device {
                name: Some(name),
                ..Device::default()
            });
        }
    }

    #[test]
    fn the_redvds_image_name_is_high_and_ordinary_names_are_quiet() {
        let evs = [
            signin("megan.bowen@contoso.com", 0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .with(named("win-buns25td77j"))
                .ev(),
            signin("megan.bowen@contoso.com", 60, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .with(named("MB-LT-0142"))
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.contains("WIN-BUNS25TD77J"), "{}", f[0].summary);
    }
}
