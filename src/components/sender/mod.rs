//! What every form shares: sending a submission once, with its states, and the parts of a
//! form that say where it stands.

use std::rc::Rc;
use std::time::Duration;

use chapeau_protocol::Content;
use leptos::html;
use leptos::prelude::*;

use crate::components::{use_widget, Visible, WidgetContext};
use crate::config::Placement;
use crate::delivery::{Attempts, Outgoing, Problem};
use crate::events::ChapeauEvent;
use crate::forms::Phase;
use crate::http::Sent;
use crate::i18n::Catalog;
use crate::outbox::{self, Pending};
use crate::{browser, outbox_worker};

/// What a form does once its submission is delivered (or kept in the outbox): given what was
/// sent and whether its receipt was kept.
pub type OnDelivered = Rc<dyn Fn(&Outgoing, bool)>;

/// One submission on its way: what is sent, and where.
#[derive(Clone)]
struct Delivery {
    submission: Outgoing,
    pending: Pending,
}

#[derive(Default)]
struct Memory {
    attempts: Attempts,
    /// When the form was last shown, or last sent (ms since the epoch).
    shown_at: Option<f64>,
}

/// Sends what a form makes: a retry of unchanged content reuses its id, a second click while
/// sending sends nothing, and the dwell time counts from the form's first showing. Each send
/// is an `Action`, whose result settles the form's [`Phase`].
#[derive(Clone)]
pub struct Sender {
    pub phase: RwSignal<Phase>,
    /// The honeypot field's value: people leave it empty.
    pub trap: RwSignal<String>,
    ctx: WidgetContext,
    memory: StoredValue<Memory>,
    delivery: Action<Delivery, ()>,
}

impl Sender {
    /// A sender for the form of this widget; `on_delivered` runs after each delivery.
    pub fn new(on_delivered: OnDelivered) -> Sender {
        let ctx = use_widget();
        let phase = RwSignal::new(Phase::Editing);
        let memory = StoredValue::new(Memory::default());
        let events = ctx.events;
        let delivery = Action::new_local(move |delivery: &Delivery| {
            let (delivery, on_delivered) = (delivery.clone(), on_delivered.clone());
            async move {
                let sent = crate::http::send(&delivery.pending.url, &delivery.pending.body).await;
                let Delivery { submission, pending } = delivery;
                let done = |phase_now: Phase, event: ChapeauEvent| {
                    memory.update_value(|m| {
                        m.attempts.delivered();
                        m.shown_at = Some(browser::now_ms());
                    });
                    phase.set(phase_now);
                    events.emit(event);
                };
                let Sent { result, retry_after_ms } = sent;
                let (kind, id) = (submission.kind(), submission.id.clone());
                match result {
                    Ok(receipt) => {
                        let kept = outbox_worker::keep_receipt(&pending, receipt);
                        done(Phase::Sent, ChapeauEvent::Submit { kind, id });
                        on_delivered(&submission, kept);
                    }
                    // Passing trouble: the outbox delivers it later, from this page or another.
                    Err(problem) if outbox::is_retriable(problem) && outbox_worker::keep(pending, retry_after_ms) => {
                        done(Phase::Queued, ChapeauEvent::Queued { kind, id });
                        on_delivered(&submission, false);
                    }
                    Err(problem) => {
                        phase.set(Phase::Failed(problem));
                        events.emit(ChapeauEvent::Error { problem: problem.code(), submission: Some((kind, id)) });
                    }
                }
            }
        });
        Sender { phase, trap: RwSignal::new(String::new()), ctx, memory, delivery }
    }

    /// The form is on screen: the dwell time starts now, unless it already had.
    fn shown(&self) {
        self.memory.update_value(|m| {
            m.shown_at.get_or_insert_with(browser::now_ms);
        });
    }

    /// While the form is `visible`, its dwell time runs and `field` (if any) takes focus,
    /// unless the form was already sent or the widget is inline.
    pub fn start_when_shown<E>(&self, visible: Visible, field: Option<NodeRef<E>>)
    where
        E: html::ElementType + 'static,
        E::Output: wasm_bindgen::JsCast + Clone + AsRef<web_sys::HtmlElement> + 'static,
    {
        let this = self.clone();
        // An inline widget is part of the page: it never takes the visitor's focus by itself.
        let takes_focus = self.ctx.config.placement == Placement::Floating;
        Effect::new(move || {
            if visible.get() {
                this.shown();
                if let (true, Some(field)) = (takes_focus, field) {
                    if !this.phase.get_untracked().is_done() {
                        focus_on_show(field);
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

    /// Sends `content` (or shows its problem). What cannot be delivered now for a passing
    /// reason (offline, 5xx, 429) goes to the outbox, which delivers it later: the form is then
    /// done too, in [`Phase::Queued`]. Returns whether a request left.
    pub fn send(&self, content: Result<Content, Problem>) -> bool {
        if self.phase.get_untracked().is_sending() {
            return false;
        }
        let content = match content {
            Ok(content) => content,
            Err(problem) => {
                self.phase.set(Phase::Failed(problem));
                self.ctx.events.emit(ChapeauEvent::Error { problem: problem.code(), submission: None });
                return false;
            }
        };
        // A form sent without ever showing (no visitor saw it) counts as sent at once.
        let dwell = self.memory.with_value(|m| m.shown_at).map_or(0, |at| (browser::now_ms() - at).max(0.0) as u64);
        let submission = self.memory.try_update_value(|m| m.attempts.submission_for(content, |content| self.submission(content, dwell)));
        let Some(submission) = submission else { return false };
        let url = self.ctx.config.backend.submissions_url();
        let pending = Pending::new(&submission, &url, crate::http::submission_json(&submission));
        self.phase.set(Phase::Sending);
        self.delivery.dispatch_local(Delivery { submission, pending });
        true
    }

    fn submission(&self, content: Content, dwell_ms: u64) -> Outgoing {
        let config = &self.ctx.config;
        Outgoing {
            v: chapeau_protocol::VERSION,
            id: browser::new_id(),
            site: config.site.clone(),
            sent_at: browser::now_rfc3339(),
            page: browser::page(),
            visitor: browser::visitor_id(),
            content,
            meta: config.meta.clone(),
            trap: self.trap.get_untracked(),
            dwell_ms,
        }
    }
}

/// Runs `load` the first time `visible` holds, then stops watching: a part of the widget that
/// reads from the backend does so only once someone looks at it.
pub fn load_when_first_shown(visible: Visible, load: impl Fn() + 'static) {
    Effect::new(move |loaded: Option<bool>| {
        if loaded == Some(true) {
            return true;
        }
        let now = visible.get();
        if now {
            load();
        }
        now
    });
}

/// Focuses `field` on the next turn, when it is drawn.
pub fn focus_soon<E>(field: NodeRef<E>)
where
    E: html::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + AsRef<web_sys::HtmlElement> + 'static,
{
    set_timeout(
        move || {
            if let Some(element) = field.get_untracked() {
                let element: &web_sys::HtmlElement = element.as_ref();
                let _ = element.focus();
            }
        },
        Duration::ZERO,
    );
}

/// Focuses a form's first field when it comes on screen, unless the visitor is moving between
/// tabs: then focus stays on the tab, as the tabs pattern wants. As soon as the updates under
/// way are drawn into the page (a microtask), not after the browser's next frame: a click on
/// the launcher finds its form ready to type in sooner.
pub fn focus_on_show<E>(field: NodeRef<E>)
where
    E: html::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + AsRef<web_sys::HtmlElement> + 'static,
{
    queue_microtask(move || {
        let Some(element) = field.get_untracked() else { return };
        let element: &web_sys::HtmlElement = element.as_ref();
        let on_tab = focused_in_root(element).is_some_and(|e| e.get_attribute("role").as_deref() == Some("tab"));
        if !on_tab {
            let _ = element.focus();
        }
    });
}

/// The element that has focus in the shadow root `node` is in.
pub fn focused_in_root(node: &web_sys::Node) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    node.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok()?.active_element()
}

/// The honeypot: a field people never see or reach, that form-filling bots fill in.
#[component]
pub fn Trap(
    /// What was typed in it.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="trap" aria-hidden="true">
            <label>
                "Leave this field empty"
                <input type="text" name="website" tabindex="-1" autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        </div>
    }
}

/// The live region where a form's problems (and its confirmation, for screen readers) are
/// announced. A submission kept in the outbox is said here in plain sight only when
/// `shows_queued` (other forms show a [`Confirmation`] that says it).
#[component]
pub fn Status(
    /// The form's phase.
    phase: RwSignal<Phase>,
    /// The region's id, which the form's fields point to with `aria-describedby`.
    id: &'static str,
    /// Read out once the form was sent.
    sent: &'static str,
    /// Whether a queued submission is said here in plain sight.
    shows_queued: bool,
) -> impl IntoView {
    let ctx = use_widget();
    let (c, numbers) = (ctx.c, ctx.numbers);
    view! {
        <p id=id class="status" role="status" aria-live="polite" part="status"
            class:error=move || phase.get().problem().is_some()
            class:visually-hidden=move || match phase.get() {
                Phase::Sent => true,
                Phase::Queued => !shows_queued,
                _ => false,
            }>
            {move || match phase.get() {
                Phase::Failed(problem) => problem.text(c, &numbers),
                Phase::Sent => sent.to_string(),
                Phase::Queued => c.queued_body().to_string(),
                Phase::Editing | Phase::Sending => String::new(),
            }}
        </p>
    }
}

/// A form's submit button: it says it is sending, and stays focusable meanwhile (a second
/// press sends nothing: [`Sender::send`] refuses while a request is out).
#[component]
pub fn SendButton(
    /// The form's phase.
    phase: RwSignal<Phase>,
    /// What the button says.
    label: &'static str,
    /// What it says while sending.
    busy: &'static str,
) -> impl IntoView {
    let sending = move || phase.get().is_sending();
    view! {
        <button type="submit" class="primary" part="send" aria-disabled=move || flag(sending())>
            {move || if sending() { busy } else { label }}
        </button>
    }
}

/// What a form becomes once sent: a heading that takes focus (so screen readers announce it),
/// what happens next, and a button to start again. A submission kept in the outbox says so
/// instead.
#[component]
pub fn Confirmation(
    /// The heading.
    title: &'static str,
    /// What happens next.
    body: &'static str,
    /// Whether the submission waits in the outbox rather than arrived.
    queued: bool,
    /// The label of the button that starts again.
    again: &'static str,
    /// Starts again.
    on_again: Callback<()>,
    /// Receives the heading, which the form focuses.
    heading: NodeRef<html::H3>,
) -> impl IntoView {
    let c: &Catalog = use_widget().c;
    let (title, body) = if queued { (c.queued_title(), c.queued_body()) } else { (title, body) };
    view! {
        <div part="confirmation" class=if queued { "sent queued" } else { "sent" }>
            <h3 class="sent-title" tabindex="-1" node_ref=heading>{title}</h3>
            <p>{body}</p>
            <button type="button" class="secondary" on:click=move |_| on_again.run(())>{again}</button>
        </div>
    }
}

/// `"true"` or `"false"`, as ARIA states are written.
pub fn flag(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}
