-- How to reach an organisation and what it works on, for the register.
-- Areas of work are a JSON array of short phrases.
ALTER TABLE organisations ADD COLUMN address TEXT;
ALTER TABLE organisations ADD COLUMN website TEXT;
ALTER TABLE organisations ADD COLUMN email TEXT;
ALTER TABLE organisations ADD COLUMN areas_of_work TEXT NOT NULL DEFAULT '[]';
