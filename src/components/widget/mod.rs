use crate::prelude::*;
use alloc::rc::Rc;

use crate::state::State;

use crate::components::feedback_form::feedback_form;
use crate::components::my_questions::my_questions;
use crate::components::panel::panel;
use crate::components::poll::poll;
use crate::components::public_questions::public_questions;
use crate::components::question_form::question_form;
use crate::components::tabs::{ids, tabs};
use crate::components::{Ctx, Visible};
use crate::config::{Mode, Placement, Position};
use crate::dom::{document, effect, el, flag, focus, listen, object, El};
use crate::events::Opener;

/// The widget where the embed put it: a launcher and its panel in a corner of the page, or
/// inline in a container element of the page. `open` says whether the floating panel is open
/// (the JS API's `open` and `close` set it too); `launcher` is the loader's launcher, for a
/// floating widget.
pub fn widget(ctx: &Ctx, open: Opener, launcher: Option<web_sys::Element>) -> El {
    let config = &ctx.config;
    let mut classes = vec!["root", config.theme.as_str()];
    if config.position == Position::BottomLeft {
        classes.push("left");
    }
    if config.placement == Placement::Inline {
        classes.push("inline");
    }
    let root = el("div").set("part=root").attr("class", &classes.join(" ")).attr("lang", ctx.c.lang.tag());
    match (config.placement, launcher) {
        (Placement::Floating, Some(launcher)) => root.child(floating(ctx, open, launcher)),
        _ => {
            let ctx = ctx.clone();
            root.child(el("section").set("class=inline-body part=panel").attr("aria-label", ctx.c.panel_title()).with(move |body| mode_panels(body, &ctx, Rc::new(|| true))))
        }
    }
}

/// The floating widget: the launcher the loader drew in a corner of the page opens a panel
/// with the embed's modes. Closing the panel keeps what the visitor typed.
fn floating(ctx: &Ctx, open: Opener, launcher: web_sys::Element) -> El {
    let is_open = open.open;
    let close: Rc<dyn Fn()> = Rc::new(move || {
        open.set(false);
        focus(&launcher);
    });
    let ctx = ctx.clone();
    let c = ctx.c;
    panel(c.panel_title(), c.close(), is_open, close, move |panel| mode_panels(panel, &ctx, Rc::new(move || is_open.get())))
}

/// The loader's launcher, answered by the widget from the moment it is mounted (before its
/// texts arrive, if they are late): a click opens or closes the panel, `aria-expanded` says
/// which, and opening and closing are told to the page as `chapeau:open` and `chapeau:close`.
pub fn wire_launcher(open: Opener, launcher: web_sys::Element) {
    let is_open = open.open;
    listen(&launcher, "click", Box::new(move |_| open.set(!open.open.try_get_untracked().unwrap_or(true))));
    let mut was_open = None;
    effect(move || {
        let now_open = is_open.get();
        let _ = launcher.set_attribute("aria-expanded", flag(now_open));
        // Closed by the page's script while the visitor was in the panel: focus was lost with
        // the panel, so it goes back to the launcher. Focus elsewhere on the page stays there.
        if was_open == Some(true) && !now_open {
            let (body, active): (Option<web_sys::Element>, Option<web_sys::Element>) = (object(&document(), "body"), object(&document(), "activeElement"));
            if active.is_none() || active == body {
                focus(&launcher);
            }
        }
        was_open = Some(now_open);
    });
}

/// The embed's modes, appended to `into`: as tabs when there are several, each in its own
/// panel. `shown` says whether the modes are on screen at all (the floating panel may be
/// closed).
fn mode_panels(into: El, ctx: &Ctx, shown: Visible) -> El {
    let modes = ctx.config.modes.clone();
    let tabbed = modes.len() > 1;
    let active = State::new(modes[0]);
    let into = if tabbed { into.child(tabs(&modes, active, ctx.c)) } else { into };
    let panels = modes.iter().map(|&mode| {
        let (tab, panel) = ids(mode);
        let shown = shown.clone();
        let visible: Visible = Rc::new(move || shown() && active.get() == mode);
        // "Your messages" lives with the questions, or with feedback (for complaints) when
        // the widget takes no questions.
        let messages_here = mode == Mode::Question || (mode == Mode::Feedback && !modes.contains(&Mode::Question));
        let body = el("div").set("class=mode").attr("id", panel).attr_opt("role", tabbed.then_some("tabpanel")).attr_opt("aria-labelledby", tabbed.then_some(tab)).hidden_with(move || active.get() != mode);
        let body = if messages_here { my_questions(body, ctx, visible.clone()) } else { body };
        match mode {
            Mode::Feedback => feedback_form(body, ctx, visible),
            // A returning visitor comes for the answers: they come first.
            Mode::Question => {
                let body = question_form(body, ctx, visible.clone());
                if ctx.config.public_questions {
                    public_questions(body, ctx, visible)
                } else {
                    body
                }
            }
            Mode::Poll => poll(body, ctx, visible),
        }
    });
    into.children(panels.collect())
}
