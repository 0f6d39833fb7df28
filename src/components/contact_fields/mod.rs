use leptos::html;
use leptos::prelude::*;

use crate::delivery::Problem;
use crate::feedback::{ContactDraft, Phase};
use crate::i18n::Catalog;

/// Optional contact details, given with explicit consent: name, email, and the box "You may
/// contact me about this". The contract refuses details without consent, and so does the form.
#[component]
pub fn ContactFields(
    /// What the visitor entered.
    contact: RwSignal<ContactDraft>,
    /// Prefix of the fields' ids, unique per form in the shadow root.
    prefix: &'static str,
    /// The id of the form's status region, which describes the fields.
    status_id: &'static str,
    /// The form's phase, to mark the field at fault.
    phase: RwSignal<Phase>,
    /// The email field, which the form focuses when the details are at fault.
    email_ref: NodeRef<html::Input>,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
) -> impl IntoView {
    let faulty = move |problem: Problem| move || (phase.get().problem() == Some(problem)).to_string();
    let name_id = format!("{prefix}-name");
    let email_id = format!("{prefix}-email");
    view! {
        <fieldset class="contact" part="contact">
            <legend>{catalog.contact_legend}</legend>
            <label class="field-label" for=name_id.clone()>{catalog.name_label}</label>
            <input id=name_id type="text" class="field" autocomplete="name" maxlength="100"
                prop:value=move || contact.with(|c| c.name.clone())
                on:input=move |ev| contact.update(|c| c.name = event_target_value(&ev)) />
            <label class="field-label" for=email_id.clone()>{catalog.email_label}</label>
            <input id=email_id type="email" class="field" autocomplete="email" maxlength="254"
                aria-describedby=status_id
                aria-invalid=faulty(Problem::InvalidEmail)
                node_ref=email_ref
                prop:value=move || contact.with(|c| c.email.clone())
                on:input=move |ev| contact.update(|c| c.email = event_target_value(&ev)) />
            <label class="consent">
                <input type="checkbox"
                    aria-invalid=faulty(Problem::ConsentRequired)
                    prop:checked=move || contact.with(|c| c.consent)
                    on:change=move |ev| contact.update(|c| c.consent = event_target_checked(&ev)) />
                <span>{catalog.consent_label}</span>
            </label>
        </fieldset>
    }
}
