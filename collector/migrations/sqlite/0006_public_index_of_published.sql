-- The public Q&A's index holds published questions only. Every new submission is
-- unpublished, and the whole index was one more b-tree for each of them to write into,
-- a fifth of the writer's inserts (BENCHMARKS.md, stop 16). The public list and its upvotes
-- ask for `published = 1`, which is what lets SQLite use a partial index.
DROP INDEX submissions_public;
CREATE INDEX submissions_public ON submissions (site, upvotes) WHERE published = 1;
