-- Poll results come from running tallies, kept with every ballot in the same transaction,
-- so that reading a poll never goes through its ballots.
CREATE TABLE ballot_choices (
    site    TEXT NOT NULL,
    poll    TEXT NOT NULL,
    visitor TEXT NOT NULL,
    choice  TEXT NOT NULL,
    PRIMARY KEY (site, poll, visitor, choice)
);

-- How many visitors have a ballot in a poll.
CREATE TABLE poll_tallies (
    site    TEXT NOT NULL,
    poll    TEXT NOT NULL,
    ballots INTEGER NOT NULL,
    PRIMARY KEY (site, poll)
);

-- How many ballots of a poll hold each choice.
CREATE TABLE choice_tallies (
    site   TEXT NOT NULL,
    poll   TEXT NOT NULL,
    choice TEXT NOT NULL,
    votes  INTEGER NOT NULL,
    PRIMARY KEY (site, poll, choice)
);

INSERT INTO ballot_choices (site, poll, visitor, choice)
    SELECT DISTINCT votes.site, votes.poll, votes.visitor, each.value
    FROM votes, json_each(votes.choices) AS each;
INSERT INTO poll_tallies (site, poll, ballots)
    SELECT site, poll, count(*) FROM votes GROUP BY site, poll;
INSERT INTO choice_tallies (site, poll, choice, votes)
    SELECT site, poll, choice, count(*) FROM ballot_choices GROUP BY site, poll, choice;

-- What each client network (an IPv4 address, an IPv6 /64) may still do in a scope (a poll's
-- votes, a site's upvotes): a token bucket, as the time in milliseconds since 1970 at which
-- the network's uses would all be paid back. Rows whose time has passed are deleted.
CREATE TABLE network_allowances (
    site    TEXT NOT NULL,
    scope   TEXT NOT NULL,
    network TEXT NOT NULL,
    next_at INTEGER NOT NULL,
    PRIMARY KEY (site, scope, network)
);
