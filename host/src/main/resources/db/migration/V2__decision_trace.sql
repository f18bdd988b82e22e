-- What each rule that covered a proposal did with it, for 'orion rules explain'.
ALTER TABLE decision ADD COLUMN trace TEXT;
