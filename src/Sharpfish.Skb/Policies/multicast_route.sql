-- The NUMA-aware multicast route from core :source (the paper's §5.1). Cores are grouped by package (the cores
-- that share a last-level cache). The source sends to one aggregation core of every other package (its
-- lowest-numbered core) and to the other cores of its own package; each aggregation core forwards to the other
-- cores of its package. Every sender sends to the farthest first (decreasing round-trip latency, then core id), so
-- the slowest messages are under way earliest.
-- One row per edge: parent, child, the parent's send order (1 = first), and the round trip parent-child in ns.
WITH
  source AS (SELECT core, package FROM cores WHERE core = :source),
  aggregators AS (
    SELECT c.package, MIN(c.core) AS core
    FROM cores c, source s
    WHERE c.package <> s.package
    GROUP BY c.package),
  edges AS (
    SELECT s.core AS parent, a.core AS child FROM aggregators a, source s
    UNION ALL
    SELECT s.core, c.core FROM cores c, source s WHERE c.package = s.package AND c.core <> s.core
    UNION ALL
    SELECT a.core, c.core FROM aggregators a JOIN cores c ON c.package = a.package AND c.core <> a.core)
SELECT e.parent,
       e.child,
       ROW_NUMBER() OVER (PARTITION BY e.parent ORDER BY l.round_trip_ns DESC, e.child) AS send_order,
       l.round_trip_ns
FROM edges e JOIN latency l ON l.src = e.parent AND l.dst = e.child
ORDER BY e.parent <> :source, e.parent, send_order;
