package dev.pyra.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * An open-loop HTTP/1.1 load generator over kept-alive loopback connections. Each request is due
 * at its own time and its latency counts from then, so queueing in the generator is not hidden.
 *
 * <p>Why not the JDK's {@code HttpClient}: on two cores its asynchronous machinery alone used about
 * a core at 1,000 requests/s, which starved the server being measured. This one costs a blocking
 * write and read per request.
 */
final class LoadGenerator {
    private static final byte[] END = new byte[0];

    private final String host;
    private final int port;
    private final String path;
    private final int connections;

    LoadGenerator(String host, int port, String path, int connections) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.connections = connections;
    }

    record Result(long[] latencyNanos, int failures) {
        double percentileMillis(double p) {
            return latencyNanos[Math.min(latencyNanos.length - 1, (int) (latencyNanos.length * p))] / 1e6;
        }

        /** Every answer's latency, in microseconds (three significant digits, up to ten minutes). */
        org.HdrHistogram.Histogram histogram() {
            org.HdrHistogram.Histogram histogram = new org.HdrHistogram.Histogram(600_000_000L, 3);
            for (long nanos : latencyNanos) {
                histogram.recordValue(Math.max(1, nanos / 1_000));
            }
            return histogram;
        }
    }

    private record Job(int slot, long due, byte[] body) {}

    /** Sends {@code rate} requests per second for {@code seconds}; a response is good when {@code ok} accepts its body. */
    Result run(int rate, int seconds, IntFunction<String> body, Predicate<String> ok) throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().daemon().name("load-" + c).start(() -> {
                try {
                    work(jobs, latencies, failures, ok);
                } finally {
                    done.countDown();
                }
            }));
        }
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            jobs.add(new Job(i, due, body.apply(i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int c = 0; c < connections; c++) {
            jobs.add(new Job(-1, 0, END));
        }
        done.await();
        Arrays.sort(latencies);
        return new Result(latencies, failures.get());
    }

    private void work(BlockingQueue<Job> jobs, long[] latencies, AtomicInteger failures, Predicate<String> ok) {
        Connection connection = null;
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job.body() == END) {
                if (connection != null) {
                    connection.close();
                }
                return;
            }
            String answer = null;
            try {
                if (connection == null) {
                    connection = new Connection(host, port);
                }
                answer = connection.post(host, path, job.body());
            } catch (IOException e) {
                if (connection != null) {
                    connection.close();
                }
                connection = null;
            }
            latencies[job.slot()] = System.nanoTime() - job.due();
            if (answer == null || !ok.test(answer)) {
                failures.incrementAndGet();
            }
        }
    }

    /** One kept-alive connection; answers a 2xx body or null. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        String post(String host, String path, byte[] body) throws IOException {
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] content = chunked ? chunks() : in.readNBytes(Math.max(length, 0));
            return code / 100 == 2 ? new String(content, StandardCharsets.UTF_8) : null;
        }

        private byte[] chunks() throws IOException {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    line();
                    return all.toByteArray();
                }
                all.write(in.readNBytes(size));
                line();
            }
        }

        private String line() throws IOException {
            StringBuilder text = new StringBuilder(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a finished benchmark connection
            }
        }
    }
}
