-- A core to place a service near NUMA node :node (the memory or device it serves): a core of the nearest node by
-- SLIT distance; among those, the one whose package has the fewest cores already used by facts of the form
-- (subject 'core N', predicate 'runs'), then the lowest-numbered. Rows are the candidates, best first.
SELECT c.core, c.node, d.distance,
       (SELECT COUNT(*) FROM facts f WHERE f.predicate = 'runs' AND f.subject = 'core ' || c.core) AS services
FROM cores c
JOIN node_distances d ON d.from_node = :node AND d.to_node = c.node
ORDER BY d.distance, services, c.core;
