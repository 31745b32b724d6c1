-- The transport between core :from and core :to: LMP on one core (the CPU driver delivers into the endpoint),
-- URPC across cores (a cache-line ring in shared memory), with the round trip the SKB knows for the pair.
SELECT CASE WHEN :from = :to THEN 'lmp' ELSE 'urpc' END AS transport,
       l.round_trip_ns
FROM latency l
WHERE l.src = :from AND l.dst = :to;
