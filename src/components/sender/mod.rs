//! What every form shares: sending a submission once, with its states, and the parts of a
//! form that say where it stands.

use crate::prelude::*;
use core::cell::RefCell;
use alloc::rc::Rc;

use chapeau_protocol::Content;
use crate::state::State;

use crate::components::{Ctx, Visible};
use crate::config::Placement;
use crate::delivery::{Attempts, Problem};
use crate::dom::{effect, el, focused_in_root, target_value, El, Slot};
use crate::events::{detail, emit};
use crate::feedback::Phase;
use crate::i18n::Catalog;
use crate::outbox::{self, Pending};
use crate::wire::Envelope;
use crate::{browser, courier, wire};

/// What happens once a submission is delivered (or kept in the outbox): given what was sent
/// and whether its receipt was kept.
pub type Delivered = Box<dyn FnOnce(Envelope, bool)>;

/// Sends what a form makes: a retry of unchanged content reuses its id, a second click while
/// sending sends nothing, and the dwell time counts from the form's first showing.
#[derive(Clone)]
pub struct Sender {
    pub phase: State<Phase>,
    /// The honeypot field's value: people leave it empty.
    pub trap: State<String>,
    ctx: Ctx,
    memory: Rc<RefCell<Memory>>,
}

#[derive(Default)]
struct Memory {
    attempts: Attempts,
    /// When the form was last shown, or last sent (ms since the epoch).
    shown_at: Option<f64>,
}

impl Sender {
    pub fn new(ctx: &Ctx) -> Sender {
        Sender { phase: State::new(Phase::Editing), trap: State::new(String::new()), ctx: ctx.clone(), memory: Rc::default() }
    }

    /// The form is on screen: the dwell time starts now, unless it already had.
    fn shown(&self) {
        let mut memory = self.memory.borrow_mut();
        if memory.shown_at.is_none() {
            memory.shown_at = Some(browser::now_ms());
        }
    }

    /// While the form is `visible`, its dwell time runs and `field` (if any) takes focus,
    /// unless the form was already sent or the widget is inline.
    pub fn start_when_shown(&self, visible: Visible, field: Option<Slot>) {
        let this = self.clone();
        // An inline widget is part of the page: it never takes the visitor's focus by itself.
        let takes_focus = self.ctx.config.placement == Placement::Floating;
        effect(move || {
            if visible() {
                this.shown();
                if let (true, Some(field)) = (takes_focus, &field) {
                    if !this.phase.get_untracked().is_done() {
                        focus_on_show(*field);
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

    /// Sends `content` (or shows its problem), then calls `delivered`. What cannot be
    /// delivered now for a passing reason (offline, 5xx, 429) goes to the outbox, which
    /// delivers it later: the form is then done too, in [`Phase::Queued`]. Returns whether a
    /// request left.
    pub fn send(&self, content: Result<Content, Problem>, delivered: Delivered) -> bool {
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
        let dwell = self.memory.borrow().shown_at.map(|at| (browser::now_ms() - at).max(0.0) as u64);
        let submission = self.memory.borrow_mut().attempts.submission_for(content, |content| self.envelope(content, dwell));
        let url = self.ctx.config.backend.submissions_url();
        let pending = Pending::new(&submission, &url, wire::submission_json(&submission));
        self.phase.set(Phase::Sending);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
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
    fn done(&self, submission: &Envelope, phase: Phase, event: &str) {
        {
            let mut memory = self.memory.borrow_mut();
            memory.attempts.delivered();
            memory.shown_at = Some(browser::now_ms());
        }
        self.phase.set(phase);
        let fields = [("kind", submission.kind().as_str()), ("id", &submission.id)];
        emit(self.ctx.host.as_ref(), event, Some(&detail(&fields)));
    }

    /// Shows `problem` and tells the page (`chapeau:error`, with the submission's id when one
    /// was sent).
    fn failed(&self, submission: Option<&Envelope>, problem: Problem) {
        self.phase.set(Phase::Failed(problem));
        let mut fields = vec![("problem", problem.code())];
        if let Some(submission) = submission {
            fields.extend([("kind", submission.kind().as_str()), ("id", submission.id.as_str())]);
        }
        emit(self.ctx.host.as_ref(), "chapeau:error", Some(&detail(&fields)));
    }

    fn envelope(&self, content: Content, dwell_ms: Option<u64>) -> Envelope {
        let config = &self.ctx.config;
        Envelope {
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
pub fn load_when_first_shown(visible: Visible, load: Rc<dyn Fn()>) {
    let mut loaded = false;
    effect(move || {
        if !loaded && visible() {
            loaded = true;
            load();
        }
    });
}

/// Focuses a form's first field when it comes on screen, unless the visitor is moving between
/// tabs: then focus stays on the tab, as the tabs pattern wants.
pub fn focus_on_show(field: Slot) {
    crate::dom::later(
        0,
        Box::new(move || {
            let Some(element) = field.try_get_untracked().flatten() else { return };
            let on_tab = focused_in_root(&element).is_some_and(|e| e.get_attribute("role").as_deref() == Some("tab"));
            if !on_tab {
                crate::dom::focus(&element);
            }
        }),
    );
}

/// The honeypot: a field people never see or reach, that form-filling bots fill in.
pub fn trap(value: State<String>) -> El {
    let input = el("input")
        .set("type=text name=website tabindex=-1 autocomplete=off")
        .value_with(move || value.get())
        .on("input", move |ev| value.set(target_value(&ev)));
    el("div").set("class=trap aria-hidden=true").child(el("label").text("Leave this field empty").child(input))
}

/// The live region where a form's problems (and its confirmation, for screen readers) are
/// announced. `id` is what the form's fields point to with `aria-describedby`; `sent` is read
/// out when the form was sent. A submission kept in the outbox is said here in plain sight
/// only when `shows_queued` (other forms show a [`confirmation`] that says it).
pub fn status(phase: State<Phase>, id: &str, sent: &'static str, c: &'static Catalog, shows_queued: bool) -> El {
    el("p")
        .set("class=status role=status aria-live=polite part=status").attr("id", id)
        .class_with("error", move || phase.get().problem().is_some())
        .class_with("visually-hidden", move || match phase.get() {
            Phase::Sent => true,
            Phase::Queued => !shows_queued,
            _ => false,
        })
        .text_with(move || match phase.get() {
            Phase::Failed(problem) => problem.text(c),
            Phase::Sent => sent.to_string(),
            Phase::Queued => c.queued_body().to_string(),
            Phase::Editing | Phase::Sending => String::new(),
        })
}

/// A form's submit button: it says it is sending, and stays focusable meanwhile (a second
/// press sends nothing: [`Sender::send`] refuses while a request is out).
pub fn send_button(phase: State<Phase>, label: &'static str, busy: &'static str) -> El {
    el("button")
        .set("type=submit class=primary part=send")
        .flag_with("aria-disabled", move || phase.get().is_sending())
        .text_with(move || if phase.get().is_sending() { busy } else { label }.to_string())
}

/// What a form becomes once sent: a heading that takes focus (so screen readers announce
/// it), what happens next, and a button to start again. A submission kept in the outbox says
/// so instead. `heading` receives the heading, which the form focuses.
pub fn confirmation(title: &str, body: &str, queued: bool, c: &Catalog, again: &str, on_again: Rc<dyn Fn()>, heading: Slot) -> El {
    let (title, body) = if queued { (c.queued_title(), c.queued_body()) } else { (title, body) };
    el("div")
        .set("part=confirmation").attr("class", if queued { "sent queued" } else { "sent" })
        .child(el("h3").set("class=sent-title tabindex=-1").text(title).keep_in(heading))
        .child(el("p").text(body))
        .child(el("button").set("type=button class=secondary").text(again).on("click", move |_| on_again()))
}
