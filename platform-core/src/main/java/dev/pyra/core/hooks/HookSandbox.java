package dev.pyra.core.hooks;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strongest sandbox GraalJS's community runtime offers: {@link SandboxPolicy#CONSTRAINED} on
 * one shared engine (parsed sources are cached across contexts), and every door a script could
 * use shut by name — no host classes or objects (the CONSTRAINED host access exports nothing
 * Pyra did not mark, and Pyra marks nothing), no I/O, threads, processes, native code,
 * environment or other languages; no {@code eval}/{@code Function}, {@code load}, {@code print},
 * {@code console}. What the engine prints goes to the {@code system} log. Isolated heaps and the
 * {@code sandbox.*} limits are the enterprise runtime's, not this one's: CPU and memory are
 * bounded by Pyra's own watchdog ({@link HookRunner}).
 */
final class HookSandbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final Engine engine;

    HookSandbox() {
        OutputStream out = new LogLines();
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(out)
                .err(out)
                .option("engine.WarnInterpreterOnly", "false") // the stock JDK has no Graal compiler: hooks are interpreted
                .build();
    }

    /** A fresh context for one hook on one thread; {@code statementLimit} 0 means none. */
    Context newContext(long statementLimit) {
        Context.Builder builder = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED) // HostAccess.NONE is refused by CONSTRAINED; this one exports nothing unmarked
                .allowHostClassLookup(name -> false) // CONSTRAINED leaves these three to the builder: shut by name
                .allowCreateThread(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowInnerContextOptions(false)
                .allowValueSharing(false)
                .useSystemExit(false)
                .option("js.allow-eval", "false") // eval, Function, new Function(...) and their async/generator kin
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.strict", "true");
        if (statementLimit > 0) {
            builder.resourceLimits(ResourceLimits.newBuilder().statementLimit(statementLimit, null).build());
        }
        return builder.build();
    }

    @Override
    public void close() {
        engine.close(true);
    }

    /** The engine's own output, a line at a time, into the system log (capped: a script cannot flood it). */
    private static final class LogLines extends OutputStream {
        private static final int MAX_LINE = 1000;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                log.info("JS engine: {}", line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
