use crate::prelude::*;
use crate::state::State;

use crate::delivery::Problem;
use crate::dom::{el, target_checked, target_value, El, Slot};
use crate::feedback::{ContactDraft, Draft, Phase};
use crate::i18n::Catalog;
use crate::text::cat;

/// Optional contact details, given with explicit consent: name, email, and the box "You may
/// contact me about this". The contract refuses details without consent, and so does the form.
///
/// - `draft`: the form's draft, whose contact details these are.
/// - `prefix`: of the fields' ids, unique per form in the shadow root.
/// - `status_id`: the id of the form's status region, which describes the fields.
/// - `phase`: the form's phase, to mark the field at fault.
/// - `email`: receives the email field, which the form focuses when the details are at fault.
pub fn contact_fields(draft: State<Draft>, prefix: &str, status_id: &str, phase: State<Phase>, email: Slot, c: &Catalog) -> El {
    let faulty = move |problem: Problem| move || phase.get().problem() == Some(problem);
    let (name_id, email_id) = (cat(&[prefix, "-name"]), cat(&[prefix, "-email"]));
    let edit = move |change: fn(&mut ContactDraft, String)| move |ev: web_sys::Event| draft.update(|d| change(&mut d.contact, target_value(&ev)));
    el("fieldset")
        .set("class=contact part=contact")
        .child(el("legend").text(c.contact_legend()))
        .child(el("label").set("class=field-label").attr("for", &name_id).text(c.name_label()))
        .child(
            el("input")
                .set("type=text class=field autocomplete=name maxlength=100").attr("id", &name_id)
                .value_with(move || draft.with(|d| d.contact.name.clone()))
                .on("input", edit(|c, v| c.name = v)),
        )
        .child(el("label").set("class=field-label").attr("for", &email_id).text(c.email_label()))
        .child(
            el("input")
                .set("type=email class=field autocomplete=email maxlength=254").attr("id", &email_id).attr("aria-describedby", status_id)
                .flag_with("aria-invalid", faulty(Problem::InvalidEmail))
                .value_with(move || draft.with(|d| d.contact.email.clone()))
                .on("input", edit(|c, v| c.email = v))
                .keep_in(email),
        )
        .child(
            el("label").class("consent").child(
                el("input")
                    .attr("type", "checkbox")
                    .flag_with("aria-invalid", faulty(Problem::ConsentRequired))
                    .checked_with(move || draft.with(|d| d.contact.consent))
                    .on("change", move |ev| {
                        let ticked = target_checked(&ev);
                        draft.update(|d| d.contact.consent = ticked);
                    }),
            )
            .child(el("span").text(c.consent_label())),
        )
}

