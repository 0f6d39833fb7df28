//! What every form shares: sending a submission once, with its states.

use std::time::Duration;

use chapeau_protocol::{Content, Submission, VERSION};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::outbox::{self, Pending};
use crate::{browser, courier};
use crate::config::{Placement, WidgetConfig};
use crate::delivery::{Attempts, Problem};
use crate::events::{self, detail, emit, Host};
use crate::feedback::Phase;

/// Sends what a form makes: a retry of unchanged content reuses its id, a second click while
/// sending sends nothing, and the dwell time counts from the form's first showing.
#[derive(Clone, Copy)]
pub struct Sender {
    pub phase: RwSignal<Phase>,
    /// The honeypot field's value: people leave it empty.
    pub trap: RwSignal<String>,
    attempts: StoredValue<Attempts>,
    shown_at: StoredValue<Option<f64>>,
    config: StoredValue<WidgetConfig>,
    host: StoredValue<Option<Host>>,
}

impl Sender {
    pub fn new(config: WidgetConfig) -> Sender {
        Sender {
            phase: RwSignal::new(Phase::Editing),
            trap: RwSignal::new(String::new()),
            attempts: StoredValue::new(Attempts::default()),
            shown_at: StoredValue::new(None),
            config: StoredValue::new(config),
            host: StoredValue::new(events::host()),
        }
    }

    /// The form is on screen: the dwell time starts now, unless it already had.
    fn shown(&self) {
        if self.shown_at.get_value().is_none() {
            self.shown_at.set_value(Some(browser::now_ms()));
        }
    }

    /// While the form is `visible`, its dwell time runs and `field` (if any) takes focus,
    /// unless the form was already sent or the widget is inline.
    pub fn start_when_shown(&self, visible: Signal<bool>, field: Option<NodeRef<leptos::html::Textarea>>) {
        let this = *self;
        // An inline widget is part of the page: it never takes the visitor's focus by itself.
        let takes_focus = self.config.with_value(|c| c.placement == Placement::Floating);
        Effect::new(move |_| {
            if visible.get() {
                this.shown();
                if let (true, Some(field)) = (takes_focus, field) {
                    if !this.phase.get_untracked().is_done() {
                        focus_on_show(move || field.get_untracked().map(Into::into));
                    }
                }
            }
        });
    }

    /// Back to editing after a delivery; the dwell time counts from that delivery, while the
    /// visitor read the confirmation or the results.
    pub fn restart(&self) {
        self.phase.set(Phase::Editing);
        self.shown();
    }

    /// Sends `content` (or shows its problem), then calls `delivered` with what was sent and
    /// whether its receipt was kept (questions and complaints, when the backend gives one).
    /// What cannot be delivered now for a passing reason (offline, 5xx, 429) goes to the
    /// outbox, which delivers it later: the form is then done too, in [`Phase::Queued`].
    /// Returns whether a request left.
    pub fn send(&self, content: Result<Content, Problem>, delivered: impl FnOnce(Submission, bool) + 'static) -> bool {
        if self.phase.get_untracked().is_sending() {
            return false;
        }
        let content = match content {
            Ok(content) => content,
            Err(problem) => {
                self.failed(None, problem);
                return false;
            }
        };
        let this = *self;
        let submission = self
            .attempts
            .try_update_value(|a| a.submission_for(content, |content| this.envelope(content)))
            .expect("the form's state lives as long as the form");
        let url = self.config.with_value(|c| c.backend.submissions_url());
        let Ok(body) = serde_json::to_string(&submission) else {
            self.failed(Some(&submission), Problem::Invalid);
            return false;
        };
        let pending = Pending::new(&submission, &url, body);
        self.phase.set(Phase::Sending);
        spawn_local(async move {
            let sent = crate::api::send(&pending.url, &pending.body).await;
            match sent.result {
                Ok(receipt) => {
                    let kept = courier::keep_receipt(&pending, receipt);
                    this.done(&submission, Phase::Sent, "chapeau:submit");
                    delivered(submission, kept);
                }
                // Passing trouble: the outbox delivers it later, from this page or another.
                Err(problem) if outbox::is_retriable(problem) && courier::keep(pending, sent.retry_after_ms) => {
                    this.done(&submission, Phase::Queued, "chapeau:queued");
                    delivered(submission, false);
                }
                Err(problem) => this.failed(Some(&submission), problem),
            }
        });
        true
    }

    /// The form's work is done (`phase` says how): the next content is a new submission, the
    /// dwell time counts from now, and the page hears of it.
    fn done(&self, submission: &Submission, phase: Phase, event: &str) {
        self.attempts.update_value(Attempts::delivered);
        self.shown_at.set_value(Some(browser::now_ms()));
        self.phase.set(phase);
        let fields = [("kind", submission.kind().as_str()), ("id", &submission.id)];
        self.host.with_value(|h| emit(h.as_ref(), event, Some(&detail(&fields))));
    }

    /// Shows `problem` and tells the page (`chapeau:error`, with the submission's id when one
    /// was sent).
    fn failed(&self, submission: Option<&Submission>, problem: Problem) {
        self.phase.set(Phase::Failed(problem));
        let mut fields = vec![("problem", problem.code())];
        if let Some(submission) = submission {
            fields.extend([("kind", submission.kind().as_str()), ("id", submission.id.as_str())]);
        }
        self.host.with_value(|h| emit(h.as_ref(), "chapeau:error", Some(&detail(&fields))));
    }

    fn envelope(&self, content: Content) -> Submission {
        let dwell = self.shown_at.get_value().map(|at| (browser::now_ms() - at).max(0.0) as u64);
        self.config.with_value(|config| Submission {
            v: VERSION,
            id: browser::new_id(),
            site: config.site.clone(),
            sent_at: browser::now_rfc3339(),
            page: browser::page(),
            visitor: browser::visitor_id(),
            content,
            meta: config.meta.clone(),
            trap: self.trap.get_untracked(),
            dwell_ms: dwell,
        })
    }
}

/// Runs `load` the first time `visible` holds, then stops watching: a part of the widget that
/// reads from the backend does so only once someone looks at it.
pub fn load_when_first_shown(visible: Signal<bool>, load: impl Fn() + 'static) {
    Effect::new(move |loaded: Option<bool>| {
        if loaded == Some(true) || !visible.get() {
            return loaded.unwrap_or(false);
        }
        load();
        true
    });
}

/// Focuses an element once the current update has reached the DOM (a panel may be becoming
/// visible in the same update).
pub fn focus_soon(element: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    set_timeout(
        move || {
            if let Some(element) = element() {
                let _ = element.focus();
            }
        },
        Duration::ZERO,
    );
}

/// Focuses a form's first field when it comes on screen, unless the visitor is moving between
/// tabs: then focus stays on the tab, as the tabs pattern wants.
pub fn focus_on_show(element: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    focus_soon(move || {
        let element = element()?;
        let root = element.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok();
        let on_tab = root.and_then(|r| r.active_element()).is_some_and(|e| e.get_attribute("role").as_deref() == Some("tab"));
        (!on_tab).then_some(element)
    });
}

/// The honeypot: a field people never see or reach, that form-filling bots fill in.
#[component]
pub fn Trap(
    /// Where its value goes.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="trap" aria-hidden="true">
            <label>"Leave this field empty"
                <input type="text" name="website" tabindex="-1" autocomplete="off"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        </div>
    }
}

/// The live region where a form's problems (and its confirmation, for screen readers) are
/// announced.
#[component]
pub fn Status(
    /// The form's phase.
    phase: RwSignal<Phase>,
    /// The element's id, which the form's fields point to with `aria-describedby`.
    id: &'static str,
    /// Read out when the form was sent.
    sent: &'static str,
    /// The strings of the visitor's language.
    catalog: &'static crate::i18n::Catalog,
    /// Whether a submission kept in the outbox is said here in plain sight: forms that show a
    /// [`Confirmation`] say it there instead.
    #[prop(optional)]
    shows_queued: bool,
) -> impl IntoView {
    let text = move || match phase.get() {
        Phase::Failed(problem) => Some(problem.text(catalog)),
        Phase::Sent => Some(sent.to_string()),
        Phase::Queued => Some(catalog.queued_body.to_string()),
        Phase::Editing | Phase::Sending => None,
    };
    let hidden = move || match phase.get() {
        Phase::Sent => true,
        Phase::Queued => !shows_queued,
        _ => false,
    };
    view! {
        <p id=id class="status" class:error=move || phase.get().problem().is_some()
            class:visually-hidden=hidden role="status" aria-live="polite" part="status">
            {text}
        </p>
    }
}

/// A form's submit button: it says it is sending, and stays focusable meanwhile (a second
/// press sends nothing: [`Sender::send`] refuses while a request is out).
#[component]
pub fn SendButton(
    /// The form's phase.
    phase: RwSignal<Phase>,
    /// What the button says before sending.
    label: &'static str,
    /// What it says while sending.
    busy: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class="primary" part="send" aria-disabled=move || phase.get().is_sending().to_string()>
            {move || if phase.get().is_sending() { busy } else { label }}
        </button>
    }
}

/// What a form becomes once sent: a heading that takes focus (so screen readers announce
/// it), what happens next, and a button to start again. A submission kept in the outbox says
/// so instead.
#[component]
pub fn Confirmation(
    /// The heading's words.
    title: &'static str,
    /// What happens next.
    body: &'static str,
    /// The form's phase: sent, or queued in the outbox.
    phase: RwSignal<Phase>,
    /// The strings of the visitor's language.
    catalog: &'static crate::i18n::Catalog,
    /// The label of the button that starts a new form.
    again: &'static str,
    /// Called by that button.
    on_again: Callback<()>,
    /// The heading, which the form focuses once sent.
    heading: NodeRef<leptos::html::H3>,
) -> impl IntoView {
    let (title, body) = match phase.get_untracked() {
        Phase::Queued => (catalog.queued_title, catalog.queued_body),
        _ => (title, body),
    };
    view! {
        <div class="sent" class:queued=phase.get_untracked() == Phase::Queued part="confirmation">
            <h3 class="sent-title" tabindex="-1" node_ref=heading>{title}</h3>
            <p>{body}</p>
            <button type="button" class="secondary" on:click=move |_| on_again.run(())>{again}</button>
        </div>
    }
}
