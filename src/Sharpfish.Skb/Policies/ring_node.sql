-- The NUMA node whose memory holds the ring of a channel from :sender to :receiver: the receiver's, because the
-- receiver polls its next slot (a local miss) and the sender's writes travel once, as the paper's URPC does.
SELECT r.node AS node, s.node AS sender_node, d.distance AS distance_from_sender
FROM cores r
JOIN cores s ON s.core = :sender
JOIN node_distances d ON d.from_node = s.node AND d.to_node = r.node
WHERE r.core = :receiver;
