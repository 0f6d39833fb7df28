//! A visitor's ballot in a poll, and the running tallies that poll results are read from.
//!
//! A visitor has one ballot per poll: voting again replaces it. With each ballot, in the same
//! transaction, the tallies move: its choices are kept apart (`ballot_choices`), so that a
//! replaced ballot's choices are counted down and the new ones up; a poll's number of ballots
//! grows only with a new visitor. Reading results is then two small lookups, however many
//! visitors voted.

use chapeau_protocol::PollResults;
use sqlx::Row;

use super::submissions::{Statement, Value};
use super::Db;

/// The previous ballot's choices, counted down. Values: site, poll, site, poll, visitor.
const UNCOUNT_PREVIOUS: &str = "UPDATE choice_tallies SET votes = votes - 1
     WHERE site = ? AND poll = ? AND choice IN
         (SELECT choice FROM ballot_choices WHERE site = ? AND poll = ? AND visitor = ?)";

const FORGET_PREVIOUS: &str = "DELETE FROM ballot_choices WHERE site = ? AND poll = ? AND visitor = ?";

/// One more ballot, unless the visitor had one. Values: site, poll, site, poll, visitor.
const COUNT_NEW_VOTER: &str = "INSERT INTO poll_tallies (site, poll, ballots) SELECT ?, ?, 1
     WHERE NOT EXISTS (SELECT 1 FROM votes WHERE site = ? AND poll = ? AND visitor = ?)
     ON CONFLICT (site, poll) DO UPDATE SET ballots = poll_tallies.ballots + 1";

const KEEP_BALLOT: &str = "INSERT INTO votes (site, poll, visitor, choices, submission_id, voted_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site, poll, visitor) DO UPDATE SET
         choices = excluded.choices, submission_id = excluded.submission_id,
         voted_at = excluded.voted_at";

const KEEP_CHOICE: &str = "INSERT INTO ballot_choices (site, poll, visitor, choice) VALUES (?, ?, ?, ?)";

const COUNT_CHOICE: &str = "INSERT INTO choice_tallies (site, poll, choice, votes) VALUES (?, ?, ?, 1)
     ON CONFLICT (site, poll, choice) DO UPDATE SET votes = choice_tallies.votes + 1";

/// A ballot as the submission of a vote brings it.
pub(super) struct Ballot<'a> {
    pub site: &'a str,
    pub poll: &'a str,
    pub visitor: &'a str,
    pub choices: &'a [String],
    pub submission_id: &'a str,
    pub voted_at: &'a str,
}

impl Ballot<'_> {
    /// The statements that make this the visitor's ballot and move the tallies, in order.
    pub(super) fn statements(&self) -> Vec<Statement> {
        let text = |s: &str| Value::Text(Some(s.to_string()));
        let (site, poll, visitor) = (text(self.site), text(self.poll), text(self.visitor));
        let previous = vec![site.clone(), poll.clone(), site.clone(), poll.clone(), visitor.clone()];
        let mut statements = vec![
            Statement { sql: UNCOUNT_PREVIOUS, values: previous.clone() },
            Statement { sql: FORGET_PREVIOUS, values: vec![site.clone(), poll.clone(), visitor.clone()] },
            Statement { sql: COUNT_NEW_VOTER, values: previous },
            Statement {
                sql: KEEP_BALLOT,
                values: vec![
                    site.clone(),
                    poll.clone(),
                    visitor.clone(),
                    text(&serde_json::to_string(self.choices).expect("a string list serializes")),
                    text(self.submission_id),
                    text(self.voted_at),
                ],
            },
        ];
        for choice in self.choices {
            let choice = text(choice);
            statements.push(Statement { sql: KEEP_CHOICE, values: vec![site.clone(), poll.clone(), visitor.clone(), choice.clone()] });
            statements.push(Statement { sql: COUNT_CHOICE, values: vec![site.clone(), poll.clone(), choice] });
        }
        statements
    }
}

impl Db {
    /// A poll's results, from its running tallies: every option of `options` with its count
    /// (0 when nobody chose it), and the number of visitors with a ballot.
    pub async fn poll_results<'a>(&self, site: &str, poll: &str, options: impl IntoIterator<Item = &'a str>) -> Result<PollResults, sqlx::Error> {
        let total = sqlx::query(&self.sql("SELECT ballots FROM poll_tallies WHERE site = ? AND poll = ?"))
            .bind(site)
            .bind(poll)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.try_get::<i64, _>("ballots"))
            .transpose()?
            .unwrap_or(0);
        let rows = sqlx::query(&self.sql("SELECT choice, votes FROM choice_tallies WHERE site = ? AND poll = ?"))
            .bind(site)
            .bind(poll)
            .fetch_all(&self.pool)
            .await?;
        let counted = rows
            .iter()
            .map(|row| Ok((row.try_get::<String, _>("choice")?, row.try_get::<i64, _>("votes")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(PollResults::from_counts(options, counted, total))
    }

    pub async fn has_voted(&self, site: &str, poll: &str, visitor: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT count(*) AS n FROM votes WHERE site = ? AND poll = ? AND visitor = ?"))
            .bind(site)
            .bind(poll)
            .bind(visitor)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }
}
