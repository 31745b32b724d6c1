-- The TLB-shootdown protocol for a domain spanning :cores cores on :packages packages (paper §5.1, Figure 6):
-- unicast while the domain is small or stays in one package (each line is shared by two cores, and the sends are
-- few), NUMA-aware multicast once it spans packages with more cores than a package holds (one message per package,
-- farthest first, forwarded through the shared cache).
SELECT CASE
         WHEN :packages <= 1 OR :cores <= (SELECT MAX(cores) FROM packages) THEN 'unicast'
         ELSE 'numa_multicast'
       END AS protocol;
