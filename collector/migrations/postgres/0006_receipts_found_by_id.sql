-- Receipts no longer need an index of their own. A receipt now starts with its submission's
-- id, which the table's key already finds, and the rest of it is checked against the row;
-- the index of receipts was one b-tree more for every new submission to write into.
-- Receipts given before this version (44 characters, without the id) are still found,
-- through an index of those alone. Receipts stay unique: each starts with its own id.
ALTER TABLE submissions DROP CONSTRAINT submissions_receipt_key;
CREATE INDEX submissions_by_old_receipt ON submissions (receipt) WHERE length(receipt) = 44;
