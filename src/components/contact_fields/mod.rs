use leptos::html;
use leptos::prelude::*;

use crate::components::sender::flag;
use crate::components::use_widget;
use crate::delivery::Problem;
use crate::forms::{ContactDraft, Draft, Phase};

/// Optional contact details, given with explicit consent: name, email, and the box "You may
/// contact me about this". The contract refuses details without consent, and so does the form.
#[component]
pub fn ContactFields(
    /// The form's draft, whose contact details these are.
    draft: RwSignal<Draft>,
    /// The prefix of the fields' ids, unique per form in the shadow root.
    prefix: &'static str,
    /// The id of the form's status region, which describes the fields.
    status_id: &'static str,
    /// The form's phase, to mark the field at fault.
    phase: RwSignal<Phase>,
    /// Receives the email field, which the form focuses when the details are at fault.
    email: NodeRef<html::Input>,
) -> impl IntoView {
    let c = use_widget().c;
    let faulty = move |problem: Problem| move || flag(phase.get().problem() == Some(problem));
    let (name_id, email_id) = (format!("{prefix}-name"), format!("{prefix}-email"));
    let edit = move |change: fn(&mut ContactDraft, String)| move |ev| draft.update(|d| change(&mut d.contact, event_target_value(&ev)));
    view! {
        <fieldset class="contact" part="contact">
            <legend>{c.contact_legend()}</legend>
            <label class="field-label" for=name_id.clone()>{c.name_label()}</label>
            <input type="text" class="field" autocomplete="name" maxlength="100" id=name_id
                prop:value=move || draft.with(|d| d.contact.name.clone())
                on:input=edit(|c, v| c.name = v) />
            <label class="field-label" for=email_id.clone()>{c.email_label()}</label>
            <input type="email" class="field" autocomplete="email" maxlength="254" id=email_id
                aria-describedby=status_id aria-invalid=faulty(Problem::InvalidEmail) node_ref=email
                prop:value=move || draft.with(|d| d.contact.email.clone())
                on:input=edit(|c, v| c.email = v) />
            <label class="consent">
                <input type="checkbox" aria-invalid=faulty(Problem::ConsentRequired)
                    prop:checked=move || draft.with(|d| d.contact.consent)
                    on:change=move |ev| {
                        let ticked = event_target_checked(&ev);
                        draft.update(|d| d.contact.consent = ticked);
                    } />
                <span>{c.consent_label()}</span>
            </label>
        </fieldset>
    }
}
