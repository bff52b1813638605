package dev.pyra.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Bytes allocated so far by this JVM's platform threads, by thread name with its number cut off
 * ({@code pyra-engine}, {@code JettyServerThreadPool-}, ...): where a request's garbage comes from,
 * exactly rather than sampled. Virtual threads' allocations count for their carrier threads.
 */
record Allocation(Map<String, Long> bytesByThread) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Allocation now() {
        Map<String, Long> bytes = new TreeMap<>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long allocated = THREADS.getThreadAllocatedBytes(info.getThreadId());
            if (allocated > 0) {
                bytes.merge(info.getThreadName().replaceAll("[-0-9]*$", ""), allocated, Long::sum);
            }
        }
        bytes.put("total", THREADS.getTotalThreadAllocatedBytes());
        return new Allocation(bytes);
    }

    /** Kilobytes per request since {@code before}, the largest first; threads under 1 KB left out. */
    String perRequestSince(Allocation before, int requests) {
        return bytesByThread.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.bytesByThread.getOrDefault(e.getKey(), 0L)) / 1024.0 / requests))
                .filter(e -> e.getValue() >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "allocated per request (KB): ", ""));
    }
}
