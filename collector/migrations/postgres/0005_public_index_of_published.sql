-- The public Q&A's index holds published questions only, as on SQLite (its migration 0006):
-- every new submission is unpublished, and had one more index entry to write.
DROP INDEX submissions_public;
CREATE INDEX submissions_public ON submissions (site, upvotes) WHERE published = 1;
