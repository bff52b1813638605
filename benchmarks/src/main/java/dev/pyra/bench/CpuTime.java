package dev.pyra.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM (Pyra and the load generator) and by every PostgreSQL process
 * on the machine, so a run can say what one request costs, not only how long it waited. Linux only
 * for PostgreSQL ({@code /proc}); elsewhere its figure is zero.
 */
record CpuTime(long jvmNanos, long postgresNanos) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(CpuTime::ticks)
                .sum() * NANOS_PER_TICK;
        return new CpuTime(jvm, postgres);
    }

    /** utime + stime from /proc/PID/stat (fields 14 and 15, counted after the command's closing parenthesis). */
    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile, or not Linux
        }
    }
}
