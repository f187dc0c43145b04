-- Downloads per release, last 30 days
CREATE TABLE IF NOT EXISTS downloads (
    id SERIAL PRIMARY KEY,
    release VARCHAR(32) NOT NULL,
    fetched_at TIMESTAMP DEFAULT now(),
    bytes BIGINT
);

/* the report */
SELECT release,
       count(*) AS n,
       sum(bytes) / 1024.0 AS kib
FROM downloads
WHERE fetched_at > now() - INTERVAL '30 days'
  AND release LIKE '3.13%'
GROUP BY release
HAVING count(*) > 100
ORDER BY n DESC
LIMIT 10;

INSERT INTO downloads (release, bytes) VALUES ('3.13.1', 29871234), ('it''s', NULL);
UPDATE downloads SET bytes = 0 WHERE bytes IS NULL;
